package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;

@Tag("engine")
class SelectLearnCommandsTest {

    @TempDir
    static Path dir;

    static Path modelFile;

    record Run(int code, String out, String err) {}

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
    void selectLcAtABudgetPrintsAPlanThatHalvesTheMacsAndLoadsAsARankPlan() throws Exception {
        Path plan = dir.resolve("lc.json");
        Run r = run(
                "select",
                "--rule",
                "lc",
                "--reduction",
                "2",
                "--model",
                modelFile.toString(),
                "--json",
                "--save-plan",
                plan.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode n = Json.MAPPER.readTree(r.out());
        assertTrue(n.get("macs").asLong() * 2 <= n.get("baseMacs").asLong());
        assertEquals(18, n.get("plan").get("layers").size());
        assertEquals(
                RankPlan.read(plan).layers().size(), n.get("plan").get("layers").size());
    }

    @Test
    void selectEvbmfTucker2GivesTwoRanksPerLayer() throws Exception {
        Run r = run(
                "select",
                "--rule",
                "evbmf",
                "--scheme",
                "tucker2",
                "--model",
                modelFile.toString(),
                "--json",
                "--allow-larger");
        assertEquals(0, r.code(), r.err());
        JsonNode layer = Json.MAPPER.readTree(r.out()).get("plan").get("layers").get("layer1.0.conv1");
        assertEquals(2, layer.get("ranks").size());
    }

    @Test
    void unknownRuleAndUnknownHyperparameterAreOneLineErrors() {
        Run a = run("select", "--rule", "magic", "--model", modelFile.toString());
        assertEquals(1, a.code());
        assertTrue(a.err().startsWith("Error: Unknown rule 'magic'"), a.err());
        assertEquals(1, a.err().strip().lines().count());
        Run b = run(
                "learn",
                "--method",
                "trp",
                "-P",
                "bogus=1",
                "--out",
                dir.resolve("x.rbm").toString(),
                "--model",
                modelFile.toString());
        assertEquals(1, b.code());
        assertTrue(b.err().contains("unknown hyperparameter 'bogus'"), b.err());
    }

    @Test
    void learnStreamsOneJsonObjectPerLineEndingWithTheResult() throws Exception {
        Path out = dir.resolve("trp.rbm");
        Run r = run(
                "learn",
                "--method",
                "trp",
                "-P",
                "period=2",
                "-P",
                "reduction=2",
                "--epochs",
                "1",
                "--max-batches",
                "3",
                "--batch",
                "16",
                "--finetune-epochs",
                "1",
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "64",
                "--no-latency",
                "--model",
                modelFile.toString(),
                "--out",
                out.toString(),
                "--json");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String l : r.out().strip().split("\n")) {
            lines.add(Json.MAPPER.readTree(l));
        }
        assertTrue(lines.stream()
                .anyMatch(n -> "ranks".equals(n.path("kind").asText())
                        && n.get("payload").get("layers").size() == 18));
        JsonNode last = lines.get(lines.size() - 1);
        assertEquals("result", last.get("event").asText());
        assertTrue(last.get("macs").asLong() * 2 <= last.get("baseMacs").asLong());
        assertTrue(Files.exists(out));
        assertEquals(
                last.get("params").asLong(),
                NetworkSpec.parameterCount(ModelFiles.read(out).manifest().network()));
    }

    @Test
    void listParamsShowsEveryKnobWithItsDefaultUnitAndDescription() throws Exception {
        Run r = run("learn", "--method", "lc", "--list-params", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode n = Json.MAPPER.readTree(r.out());
        assertEquals("lc", n.get("method").asText());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        n.get("parameters").forEach(p -> byName.put(p.get("name").asText(), p));
        assertEquals(50, byName.get("steps").get("value").asInt());
        assertEquals(1.25, byName.get("muGrowth").get("value").asDouble());
        assertEquals("steps", byName.get("steps").get("unit").asText());
        assertEquals("choice", byName.get("cost").get("type").asText());
        assertEquals(
                List.of("params", "macs"),
                Json.MAPPER.convertValue(byName.get("cost").get("choices"), List.class));
        for (JsonNode p : byName.values()) {
            assertTrue(p.get("description").asText().length() > 20, "undescribed: " + p);
        }
        Run text = run("learn", "--method", "svd-train", "--list-params");
        assertTrue(text.out().contains("warmup = 0.2 [fraction of the run, [0, 1)]"), text.out());
    }

    @Test
    void enumeratedHyperparametersParseCaseInsensitivelyAndWrongValuesListTheChoices() throws Exception {
        Run ok = run(
                "learn",
                "--method",
                "trp",
                "-P",
                "scheme=SPATIAL-VH",
                "-P",
                "nuclearMode=Full",
                "--list-params",
                "--json",
                "--wd",
                "1e-3");
        assertEquals(0, ok.code(), ok.err());
        JsonNode n = Json.MAPPER.readTree(ok.out());
        Map<String, String> values = new LinkedHashMap<>();
        n.get("parameters")
                .forEach(p -> values.put(p.get("name").asText(), p.get("value").asText()));
        assertEquals("spatial-vh", values.get("scheme"));
        assertEquals("full", values.get("nuclearMode"));
        Run bad = run("learn", "--method", "trp", "-P", "scheme=spatial", "--list-params");
        assertEquals(1, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(
                bad.err()
                        .contains("invalid value 'spatial' for hyperparameter scheme of method trp: expected one of "
                                + "channel, spatial-vh"),
                bad.err());
    }

    @Test
    void runSettingsAreCheckedBeforeTheRunWithMessagesNamingTheOption() {
        String m = modelFile.toString();
        String o = dir.resolve("never.rbm").toString();
        assertTrue(run("learn", "--method", "trp", "--lr", "0", "--model", m, "--out", o)
                .err()
                .contains("--lr must be > 0"));
        assertTrue(run("learn", "--method", "trp", "--weight-decay", "-1", "--model", m, "--out", o)
                .err()
                .contains("--weight-decay must be >= 0"));
        assertTrue(run("learn", "--method", "trp", "--schedule", "warmup", "--model", m, "--out", o)
                .err()
                .contains("Unknown schedule 'warmup'"));
        assertTrue(run("learn", "--method", "svd-train", "-P", "warmup=1", "--model", m, "--out", o)
                .err()
                .contains("warmup must be"));
        assertTrue(run("learn", "--method", "lc", "-P", "epochsPerStep=15", "--epochs", "2", "--model", m, "--out", o)
                .err()
                .contains("49 L steps x 15 epochs"));
        Run t = run(
                "learn",
                "--method",
                "trp",
                "--targets",
                "layer1.0.conv1,nope",
                "--model",
                m,
                "--out",
                o,
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "64");
        assertEquals(1, t.code());
        assertTrue(t.err().contains("unknown target layer 'nope'"), t.err());
        assertFalse(Files.exists(Path.of(o)));
    }

    private static Run learnTiny(String out, String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "learn",
                "--method",
                "trp",
                "-P",
                "period=2",
                "--epochs",
                "1",
                "--max-batches",
                "3",
                "--batch",
                "16",
                "--finetune-epochs",
                "0",
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "64",
                "--no-latency",
                "--threads",
                "1",
                "--model",
                modelFile.toString(),
                "--out",
                out,
                "--json"));
        a.addAll(List.of(extra));
        return run(a.toArray(new String[0]));
    }

    private static JsonNode last(Run r) throws Exception {
        String[] lines = r.out().strip().split("\n");
        return Json.MAPPER.readTree(lines[lines.length - 1]);
    }

    @Test
    void aFixedSeedGivesBitIdenticalWeightsTwiceAndTargetsSelectTheLayers() throws Exception {
        Path a = dir.resolve("seed-a.rbm");
        Path b = dir.resolve("seed-b.rbm");
        String targets = "layer1.0.conv1,layer2.1.conv2";
        Run ra = learnTiny(a.toString(), "--seed", "7", "--targets", targets);
        Run rb = learnTiny(b.toString(), "--seed", "7", "--targets", targets);
        assertEquals(0, ra.code(), ra.err());
        assertEquals(0, rb.code(), rb.err());
        JsonNode res = last(ra);
        assertEquals("completed", res.get("status").asText());
        assertEquals(targets, res.get("targets").asText());
        assertEquals(
                Set.of("layer1.0.conv1", "layer2.1.conv2"),
                Set.copyOf(Json.MAPPER.convertValue(res.get("plan"), Map.class).keySet()));
        var wa = ModelFiles.read(a).weights();
        var wb = ModelFiles.read(b).weights();
        assertEquals(wa.keySet(), wb.keySet());
        wa.forEach((n, t) -> assertArrayEquals(t.data(), wb.get(n).data(), n));
        Path c = dir.resolve("seed-c.rbm");
        learnTiny(c.toString(), "--seed", "8", "--targets", targets);
        var wc = ModelFiles.read(c).weights();
        assertFalse(
                Arrays.equals(
                        wa.get("layer1.0.conv1.0.weight").data(),
                        wc.get("layer1.0.conv1.0.weight").data()),
                "another seed should train differently");
    }

    @Test
    void aDivergedRunExitsWithThreeSaysDivergedAndWritesNoModel() throws Exception {
        Path out = dir.resolve("diverged.rbm");
        Run r = learnTiny(out.toString(), "--lr", "1e6", "--momentum", "0");
        assertEquals(3, r.code(), r.err());
        JsonNode res = last(r);
        assertEquals("result", res.get("event").asText());
        assertEquals("diverged", res.get("status").asText());
        assertTrue(res.get("statusMessage").asText().startsWith("training diverged: loss"), res.toString());
        assertTrue(res.get("out").isNull());
        assertTrue(r.out().contains("\"status\":\"diverged\""));
        assertFalse(Files.exists(out));
    }
}
