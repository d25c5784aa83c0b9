package rankbench.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import rankbench.experiment.session.Run;
import rankbench.viewmodel.RunArchiveViewModel;
import rankbench.viewmodel.TestRuns;

/** PNG and SVG export of a chart. */
class ChartExportTest {

    @TempDir
    Path dir;

    private RunParetoChart chart() {
        ObservableList<Run> runs = FXCollections.observableArrayList(TestRuns.archive(TestRuns.lenet(1)));
        RunArchiveViewModel vm = new RunArchiveViewModel(runs, r -> {});
        return new RunParetoChart(vm.points(), vm.xAxisLabelProperty(), vm.paretoAxisProperty());
    }

    @Test
    void pngIsADecodableImageOfTheRequestedSize() throws Exception {
        Path f = dir.resolve("pareto.png");
        ChartExport.save(chart().chart(), f, ChartExport.Format.PNG, 640, 400);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(640, img.getWidth());
        assertEquals(400, img.getHeight());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void svgIsParseableXmlWithTheTitleAsText() throws Exception {
        Path f = dir.resolve("pareto.svg");
        ChartExport.save(chart().chart(), f, ChartExport.Format.SVG, 640, 400);
        String svg = Files.readString(f);
        assertTrue(svg.startsWith("<svg"), svg.substring(0, 40));
        assertTrue(svg.contains("Validation accuracy vs MACs"));
        assertTrue(svg.contains("validation accuracy (%)"), "the rotated y-axis title is text");
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes("UTF-8")));
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
    }

    @Test
    void anExportOverwritesTheOldFileWhole() throws Exception {
        Path f = dir.resolve("c.svg");
        Files.writeString(f, "old content that is longer than nothing");
        ChartExport.save(chart().chart(), f, ChartExport.Format.SVG, 300, 200);
        assertTrue(Files.readString(f).startsWith("<svg"));
    }

    @Test
    void anExportIsAsReadableAsAnyNewFileAndLeavesNoTemporaryBehind() throws Exception {
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path f = dir.resolve("c.png");
        ChartExport.save(chart().chart(), f, ChartExport.Format.PNG, 300, 200);
        if (Files.getFileStore(f).supportsFileAttributeView("posix")) {
            assertEquals(
                    Files.getPosixFilePermissions(plain),
                    Files.getPosixFilePermissions(f),
                    "not owner-only like a temporary file");
        }
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of("c.png", "plain.txt"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
