package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.TestModels;

class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path lenetFile;

    record Run(int exit, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void writeModel() throws IOException {
        lenetFile = dir.resolve("lenet.rbm");
        ModelFiles.write(TestModels.random(Architecture.LENET5, 5), lenetFile);
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "info", "bench", "import"})
    void everyCommandHasHelp(String command) {
        Run r = cli(command, "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Usage: rankbench " + command), r.out());
    }

    @Test
    void missingCommandIsAUsageError() {
        Run r = cli();
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Missing command"), r.err());
    }

    @Test
    void missingModelFileIsOneClearLineWithoutStackTrace() {
        Run r = cli("info", "--model", dir.resolve("nope.rbm").toString());
        assertEquals(1, r.exit());
        assertEquals(
                "Error: Model file not found: " + dir.resolve("nope.rbm"),
                r.err().strip());
        assertEquals(1, r.err().strip().lines().count());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run r = cli("info", "--verbose", "--model", dir.resolve("nope.rbm").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("\tat rankbench."), r.err());
    }

    @Test
    void corruptModelFileIsReported() throws IOException {
        Path bad = dir.resolve("bad.rbm");
        Files.write(bad, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        Run r = cli("info", "--model", bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("Error: " + bad + ": corrupt"), r.err());
    }

    @Test
    void missingDatasetIsReported() {
        Run r = cli(
                "evaluate",
                "--model",
                lenetFile.toString(),
                "--data",
                dir.resolve("nodata").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("Error: Dataset not found"), r.err());
    }

    @Test
    void infoJsonListsLayersWithGeometryAndCosts() throws IOException {
        Run r = cli("info", "--json", "--model", lenetFile.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode n = JSON.readTree(r.out());
        assertEquals(61_706, n.get("params").asLong());
        JsonNode layers = n.get("layers");
        assertEquals(5, layers.size());
        JsonNode conv2 = layers.get(1);
        assertEquals("conv2", conv2.get("name").asText());
        assertEquals("conv", conv2.get("kind").asText());
        assertEquals("[16,6,5,5]", conv2.get("weightShape").toString());
        assertEquals("[14,14]", conv2.get("inputSize").toString());
        assertEquals("[10,10]", conv2.get("outputSize").toString());
        assertEquals(16 * 6 * 25 * 100, conv2.get("macs").asLong());
        long sum = 0;
        for (JsonNode l : layers) {
            sum += l.get("macs").asLong();
        }
        assertEquals(sum, n.get("macs").asLong());
    }

    @Tag("engine")
    @Test
    void evaluateJsonHasAccuracyLossAndCount() throws IOException {
        Run r = cli(
                "evaluate",
                "--json",
                "--model",
                lenetFile.toString(),
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "64");
        assertEquals(0, r.exit(), r.err());
        JsonNode n = JSON.readTree(r.out());
        assertEquals(64, n.get("count").asLong());
        double acc = n.get("accuracy").asDouble();
        assertTrue(acc >= 0 && acc <= 1);
        assertTrue(n.get("loss").asDouble() > 0);
        assertEquals(10, n.get("perClass").size());
    }

    @Tag("engine")
    @Test
    void trainWritesALoadableModelAndStreamsJsonLines() throws IOException {
        Path out = dir.resolve("trained.rbm");
        Run r = cli(
                "train",
                "--json",
                "--arch",
                "lenet5",
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "300",
                "--epochs",
                "1",
                "--batch",
                "32",
                "--lr",
                "0.05",
                "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines.length >= 3);
        for (String l : lines) {
            JSON.readTree(l); // each line is one JSON document
        }
        assertEquals("runStarted", JSON.readTree(lines[0]).get("event").asText());
        JsonNode result = JSON.readTree(lines[lines.length - 1]);
        assertEquals("result", result.get("event").asText());
        assertEquals("completed", result.get("status").asText());
        assertEquals(300, result.get("testCount").asLong());
        var saved = ModelFiles.read(out);
        assertEquals("lenet5", saved.manifest().architecture());
        assertEquals(1, saved.manifest().training().epochs());
        assertFalse(saved.manifest().training().command().isBlank());
    }

    @Test
    void badOptionValuesAreRejectedClearly() {
        Run r = cli("train", "--arch", "alexnet", "--out", dir.resolve("x.rbm").toString());
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("Unknown architecture 'alexnet'"), r.err());
        r = cli("train", "--epochs", "0", "--out", dir.resolve("x.rbm").toString());
        assertTrue(r.err().contains("epochs must be >= 1"), r.err());
    }

    @Tag("engine")
    @Test
    void evaluateWithoutModelUsesTheTrainedDefaultModel() throws IOException {
        Run r = cli("evaluate", "--json", "--data", "fashion-mnist-subset", "--limit", "500");
        assertEquals(0, r.exit(), r.err());
        JsonNode n = JSON.readTree(r.out());
        assertEquals(500, n.get("count").asLong());
        assertEquals("embedded default model", n.get("model").asText());
        assertTrue(n.get("accuracy").asDouble() > 0.85, r.out()); // a trained model, not random weights
    }
}
