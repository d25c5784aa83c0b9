package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SafeTensors;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.model.TestModels;

/** {@code export}, {@code import} with name maps, and one-line usage errors (PyTorch itself: PyTorchParityTest). */
@Tag("engine")
class ExportImportCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"frobnicate", "--frobnicate", "info --frobnicate", "export --format tflite --out x"})
    void usageErrorsAreOneLineWithAHintAndExitCode2(String args) {
        Run r = cli(args.split(" "));
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("Error: "), r.err());
        assertTrue(r.err().strip().endsWith("--help"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anUnknownCommandIsNamed() {
        Run r = cli("expot");
        assertEquals(
                "Error: unknown command 'expot' (did you mean export?); see rankbench --help",
                r.err().strip());
    }

    @Test
    void exportHasHelpNamingThePythonModule() {
        Run r = cli("export", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Usage: rankbench export"), r.out());
        assertTrue(r.out().contains("rankbench_torch.load(DIR)"), r.out());
    }

    @Test
    void farFetchedSuggestionsAreLeftOut() {
        assertEquals(
                "Error: unknown command 'nope'; see rankbench --help",
                cli("nope").err().strip());
        assertEquals(
                "Error: Unknown option: '--jsn' (did you mean --json?); see rankbench info --help",
                cli("info", "--jsn").err().strip());
    }

    @Test
    void exportWritesWeightsAndADescription() throws IOException {
        Path export = dir.resolve("e");
        Run r = cli("export", "--json", "--out", export.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("pytorch", JSON.readTree(r.out()).get("format").asText());
        JsonNode meta = JSON.readTree(export.resolve("model.json").toFile());
        assertEquals("rankbench-pytorch", meta.get("format").asText());
        assertEquals(1, meta.get("formatVersion").asInt());
        assertEquals("[1,28,28]", meta.get("inputShape").toString());
        assertEquals("T-shirt/top", meta.get("classes").get(0).asText());
        assertEquals(0.286, meta.get("mean").get(0).asDouble(), 1e-6);
        assertEquals("sequence", meta.get("network").get("type").asText());
        SavedModel def = ModelFiles.readDefault();
        Map<String, Tensor> written = SafeTensors.parse(Files.readAllBytes(export.resolve("model.safetensors")), "e");
        assertEquals(def.weights(), written);
    }

    @Test
    void importInfersTheArchitectureAndAppliesANameMap() throws IOException {
        SavedModel src = TestModels.random(Architecture.LENET5, 4);
        LinkedHashMap<String, Tensor> theirs = new LinkedHashMap<>();
        src.weights().forEach((k, v) -> theirs.put("module.net." + k, v));
        Path f = dir.resolve("lenet.safetensors");
        Files.write(f, SafeTensors.toBytes(theirs, null));
        Path map = dir.resolve("map.json");
        Files.writeString(map, "{\"net.\": \"\"}");
        Path out = dir.resolve("l.rbm");
        Run r = cli(
                "import",
                f.toString(),
                "--name-map",
                map.toString(),
                "--classes",
                "fashion-mnist",
                "--json",
                "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("lenet5", JSON.readTree(r.out()).get("architecture").asText());
        SavedModel m = ModelFiles.read(out);
        assertEquals(src.weights(), m.weights());
        assertEquals("Ankle boot", m.manifest().classes().get(9));
    }

    @Test
    void aMisShapedTensorIsOneLineWithBothShapes() throws IOException {
        LinkedHashMap<String, Tensor> w =
                new LinkedHashMap<>(TestModels.random(Architecture.LENET5, 4).weights());
        w.put("fc2.weight", new Tensor(new int[] {84, 100}, new float[8400]));
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, SafeTensors.toBytes(w, null));
        Run r = cli(
                "import",
                f.toString(),
                "--arch",
                "lenet5",
                "--out",
                dir.resolve("x.rbm").toString());
        assertEquals(1, r.exit());
        assertEquals(
                "Error: " + f + ": does not fit lenet5, 1 problem: 'fc2.weight' has shape [84, 100], expected "
                        + "[84, 120]",
                r.err().strip());
        assertTrue(Files.notExists(dir.resolve("x.rbm")));
    }
}
