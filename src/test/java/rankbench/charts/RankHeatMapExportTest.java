package rankbench.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import rankbench.viewmodel.RankLearningViewModel.RankStep;

/** The rank heat map's exports: a PNG snapshot of what is on screen and a vector SVG, headless. */
@ExtendWith(ApplicationExtension.class)
class RankHeatMapExportTest {

    @TempDir
    Path dir;

    private final ObservableList<RankStep> history = FXCollections.observableArrayList();
    private final ObservableList<String> layers = FXCollections.observableArrayList("layer1.0.conv1", "layer1.0.conv2");
    private RankHeatMap map;

    @Start
    void start(Stage stage) {
        map = new RankHeatMap(history, layers);
        stage.setScene(new Scene(map.node(), 400, 200));
        stage.show();
    }

    @Test
    void thePngIsTheCanvasAtItsSizeWithTheCellColours(FxRobot robot) throws Exception {
        robot.interact(() -> {
            history.add(new RankStep(0, 1, "projection", new int[] {16, 4}, new int[] {16, 16}));
            history.add(new RankStep(1, 2, "projection", new int[] {16, -1}, new int[] {16, 16}));
        });
        Path png = dir.resolve("heat.png");
        robot.interact(() -> {
            try {
                map.writePng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(400, img.getWidth());
        assertEquals(200, img.getHeight());
        // top row is full rank in both columns (darkest); bottom right is unknown (grey)
        assertClose(RankHeatMap.colour(1), img.getRGB(90 + 40, 50));
        assertClose(RankHeatMap.colour(1), img.getRGB(90 + 155 + 40, 50));
        assertClose(RankHeatMap.colour(0.25), img.getRGB(90 + 40, 150));
        assertClose(RankHeatMap.colour(Double.NaN), img.getRGB(90 + 155 + 40, 150));
    }

    @Test
    void theSvgHasOneRectanglePerCellAndTheLayerNames(FxRobot robot) throws Exception {
        robot.interact(() -> {
            for (int i = 0; i < 3; i++) {
                history.add(new RankStep(i, i, "c-step", new int[] {8 - i, 4}, new int[] {16, 16}));
            }
        });
        String svg = map.svg(400, 200);
        assertTrue(svg.startsWith("<svg"));
        assertEquals(1 + 3 * 2, svg.split("<rect", -1).length - 1, "background plus 3 x 2 cells");
        assertTrue(svg.contains(">layer1.0.conv1</text>") && svg.contains(">layer1.0.conv2</text>"));
        Path f = dir.resolve("heat.svg");
        robot.interact(() -> {
            try {
                map.writeSvg(f);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(Files.readString(f).contains("<svg"));
    }

    private static void assertClose(Color expected, int argb) {
        int r = (argb >> 16) & 0xff;
        int g = (argb >> 8) & 0xff;
        int b = argb & 0xff;
        String msg = String.format("expected %s, got #%02x%02x%02x", expected, r, g, b);
        assertEquals(expected.getRed() * 255, r, 3, msg);
        assertEquals(expected.getGreen() * 255, g, 3, msg);
        assertEquals(expected.getBlue() * 255, b, 3, msg);
    }
}
