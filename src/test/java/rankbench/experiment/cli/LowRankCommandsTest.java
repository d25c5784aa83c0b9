package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;

@Tag("engine")
class LowRankCommandsTest {

    @TempDir
    static Path dir;

    static Path modelFile;

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    @BeforeAll
    static void writeModel() throws Exception {
        FeatureShape in = new FeatureShape(1, 28, 28);
        LayerSpec.Sequence spec = Architecture.RESNET20.build(in, 10);
        ModelManifest m = new ModelManifest(
                ModelFiles.FORMAT_VERSION,
                "resnet20",
                in,
                Datasets.FASHION_MNIST_CLASSES,
                Datasets.FASHION_MNIST_NORMALIZATION.mean(),
                Datasets.FASHION_MNIST_NORMALIZATION.std(),
                spec,
                null,
                null);
        modelFile = dir.resolve("random-resnet20.rbm");
        try (Network net = Network.create(spec, in, 42)) {
            ModelFiles.write(SavedModel.of(net, m), modelFile);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void spectrumListsAllSingularValuesDescending() throws Exception {
        Run r = run(
                "spectrum",
                "--model",
                modelFile.toString(),
                "--scheme",
                "spatial-vh",
                "--layer",
                "layer2.0.conv1",
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode layer = r.json().get("layers").get(0);
        assertEquals("layer2.0.conv1", layer.get("name").asText());
        assertEquals("spatial-vh", layer.get("scheme").asText());
        assertEquals(48, layer.get("rows").asInt()); // Cin*kh = 16*3
        assertEquals(96, layer.get("cols").asInt()); // Cout*kw = 32*3
        JsonNode s = layer.get("singularValues");
        assertEquals(48, s.size());
        for (int i = 1; i < s.size(); i++) {
            assertTrue(s.get(i - 1).asDouble() >= s.get(i).asDouble());
        }
    }

    @Test
    void spectrumOfEveryLayerIncludesTheLinearLayerAsOutByIn() throws Exception {
        Run r = run("spectrum", "--model", modelFile.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode layers = r.json().get("layers");
        assertEquals(20, layers.size()); // 19 convs + linear
        JsonNode last = layers.get(19);
        assertEquals("linear", last.get("scheme").asText());
        assertEquals(10, last.get("rows").asInt());
    }

    @Test
    void compressedAccuracyIsTheAccuracyOfTheExportedModel() throws Exception {
        Path out = dir.resolve("compressed.rbm");
        Path plan = dir.resolve("plan.json");
        Run r = run(
                "compress",
                "--model",
                modelFile.toString(),
                "--energy",
                "0.7",
                "--scheme",
                "spatial",
                "--round-to",
                "4",
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "96",
                "--no-latency",
                "--export",
                out.toString(),
                "--save-plan",
                plan.toString(),
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertTrue(j.get("params").asLong() < j.get("baseParams").asLong());
        assertTrue(j.get("macs").asLong() < j.get("baseMacs").asLong());
        JsonNode l = j.get("layers").get(1);
        for (String key :
                List.of("name", "scheme", "rank", "fullRank", "breakEven", "params", "macs", "denseMs", "factoredMs")) {
            assertTrue(l.has(key), key);
        }
        assertEquals(0, l.get("rank").asInt() % 4);
        Run e = run("evaluate", "--model", out.toString(), "--data", "fashion-mnist-subset", "--limit", "96", "--json");
        assertEquals(0, e.code(), e.err());
        assertEquals(j.get("accuracy").asDouble(), e.json().get("accuracy").asDouble());
        Run info = run("info", "--model", out.toString(), "--json");
        assertEquals(j.get("params").asLong(), info.json().get("params").asLong());
        assertEquals(j.get("macs").asLong(), info.json().get("macs").asLong());
        assertTrue(Files.readString(plan).contains("\"spatial\""));
    }

    @Test
    void compressReportsLatencyAndLatencyComparesTheWholeModel() throws Exception {
        Path plan = dir.resolve("latency-plan.json");
        Files.writeString(
                plan,
                "{\"layers\":{\"layer3.0.conv2\":{\"scheme\":\"channel\",\"rank\":16},"
                        + "\"layer3.1.conv1\":{\"scheme\":\"tucker2\",\"ranks\":[16,16]}}}");
        Run c = run(
                "compress",
                "--model",
                modelFile.toString(),
                "--ranks",
                plan.toString(),
                "--no-eval",
                "--latency-batch",
                "2",
                "--repeats",
                "1",
                "--json");
        assertEquals(0, c.code(), c.err());
        JsonNode layer = c.json().get("layers").get(14); // conv1, 6 convs per stage: layer3.0.conv2 is 15th
        assertEquals("layer3.0.conv2", layer.get("name").asText());
        assertTrue(layer.get("denseMs").asDouble() > 0);
        assertTrue(layer.get("factoredMs").asDouble() > 0);
        Run r = run(
                "latency",
                "--model",
                modelFile.toString(),
                "--plan",
                plan.toString(),
                "--batch",
                "2",
                "--warmup",
                "0",
                "--repeats",
                "1",
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode t = r.json().get("total");
        assertTrue(t.get("denseMs").asDouble() > 0 && t.get("factoredMs").asDouble() > 0);
        assertTrue(t.get("macRatio").asDouble() > 1);
    }

    @Test
    void errorsAreOneLine() {
        Run none = run("compress", "--model", modelFile.toString(), "--no-eval");
        assertEquals(1, none.code());
        assertTrue(none.err().startsWith("Error: give one of --energy"), none.err());
        Run bad = run("spectrum", "--model", modelFile.toString(), "--scheme", "diagonal");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("Unknown scheme 'diagonal'"), bad.err());
        Run both = run("compress", "--model", modelFile.toString(), "--energy", "0.9", "--ratio", "0.5");
        assertTrue(both.code() != 0);
        Run rank = run("spectrum", "--model", modelFile.toString(), "--layer", "nope");
        assertTrue(rank.err().contains("no compressible layer named 'nope'"), rank.err());
    }
}
