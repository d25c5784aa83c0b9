package rankbench.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import rankbench.viewmodel.RankLearningViewModel.RankStep;

/** The rank heat map on screen and its exports (PNG at the size on screen, vector SVG), headless. */
@ExtendWith(ApplicationExtension.class)
class RankHeatMapExportTest {

    @TempDir
    Path dir;

    private final ObservableList<RankStep> history = FXCollections.observableArrayList();
    private final ObservableList<String> layers = FXCollections.observableArrayList(SyntheticRanks.resnet20Layers());
    private RankHeatMap map;

    @Start
    void start(Stage stage) {
        map = new RankHeatMap(history, layers);
        stage.setScene(new Scene(map.node(), 500, 300));
        stage.show();
    }

    @Test
    void thePngIsTheChartAtItsSizeOnScreen(FxRobot robot) throws Exception {
        robot.interact(() -> history.setAll(SyntheticRanks.history(2000, 50)));
        Path png = dir.resolve("heat.png");
        robot.interact(() -> write(() -> map.writePng(png)));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(500, img.getWidth());
        assertEquals(300, img.getHeight());
    }

    @Test
    void theSvgKeepsTheLayerNamesAndTheColorBarAsText(FxRobot robot) throws Exception {
        robot.interact(() -> history.setAll(SyntheticRanks.history(2000, 50)));
        Path f = dir.resolve("heat.svg");
        robot.interact(() -> write(() -> map.writeSvg(f)));
        String svg = Files.readString(f);
        assertTrue(svg.startsWith("<svg"));
        assertTrue(svg.contains(">layer1.0.conv1</text>") && svg.contains(">layer3.2.conv2</text>"), "layer names");
        assertTrue(svg.contains(">rank / full rank</text>"), "color bar");
        assertTrue(svg.contains(">training step</text>"), "x axis");
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void write(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
