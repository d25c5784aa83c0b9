package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        ModelManifest m = new ModelManifest(ModelFiles.FORMAT_VERSION, "resnet20", in, Datasets.FASHION_MNIST_CLASSES,
                Datasets.FASHION_MNIST_NORMALIZATION.mean(), Datasets.FASHION_MNIST_NORMALIZATION.std(), spec, null,
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
        Run r = run("select", "--rule", "lc", "--reduction", "2", "--model", modelFile.toString(), "--json",
                "--save-plan", plan.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode n = Json.MAPPER.readTree(r.out());
        assertTrue(n.get("macs").asLong() * 2 <= n.get("baseMacs").asLong());
        assertEquals(18, n.get("plan").get("layers").size());
        assertEquals(RankPlan.read(plan).layers().size(), n.get("plan").get("layers").size());
    }

    @Test
    void selectEvbmfTucker2GivesTwoRanksPerLayer() throws Exception {
        Run r = run("select", "--rule", "evbmf", "--scheme", "tucker2", "--model", modelFile.toString(), "--json",
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
        Run b = run("learn", "--method", "trp", "-P", "bogus=1", "--out", dir.resolve("x.rbm").toString(),
                "--model", modelFile.toString());
        assertEquals(1, b.code());
        assertTrue(b.err().contains("unknown hyperparameter 'bogus'"), b.err());
    }

    @Test
    void learnStreamsOneJsonObjectPerLineEndingWithTheResult() throws Exception {
        Path out = dir.resolve("trp.rbm");
        Run r = run("learn", "--method", "trp", "-P", "period=2", "-P", "reduction=2", "--epochs", "1",
                "--max-batches", "3", "--batch", "16", "--finetune-epochs", "1", "--data", "fashion-mnist-subset",
                "--limit", "64", "--no-latency", "--model", modelFile.toString(), "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String l : r.out().strip().split("\n")) {
            lines.add(Json.MAPPER.readTree(l));
        }
        assertTrue(lines.stream().anyMatch(n -> "ranks".equals(n.path("kind").asText())
                && n.get("payload").get("layers").size() == 18));
        JsonNode last = lines.get(lines.size() - 1);
        assertEquals("result", last.get("event").asText());
        assertTrue(last.get("macs").asLong() * 2 <= last.get("baseMacs").asLong());
        assertTrue(Files.exists(out));
        assertEquals(last.get("params").asLong(),
                rankbench.experiment.model.NetworkSpec.parameterCount(ModelFiles.read(out).manifest().network()));
    }

    @Test
    void listParamsShowsTheDocumentedDefaults() throws Exception {
        Run r = run("learn", "--method", "lc", "--list-params", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode n = Json.MAPPER.readTree(r.out());
        assertEquals(50, n.get("steps").asInt());
        assertEquals(1.25, n.get("muGrowth").asDouble());
    }
}
