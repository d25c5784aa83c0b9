package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;

/** {@code select --rule latency} and {@code latency --staircase} on a tiny model with a tiny measurement. */
@Tag("engine")
class SelectLatencyCommandTest {

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
        LayerSpec.Sequence spec = new LayerSpec.Sequence(
                "",
                List.of(
                        LayerSpec.Conv.square("conv1", 1, 8, 3, 2, 1, false),
                        new LayerSpec.Relu("relu1"),
                        LayerSpec.Conv.square("conv2", 8, 16, 3, 1, 1, false),
                        new LayerSpec.Relu("relu2"),
                        LayerSpec.Conv.square("conv3", 16, 16, 3, 2, 1, false),
                        new LayerSpec.Relu("relu3"),
                        new LayerSpec.GlobalAvgPool("pool"),
                        new LayerSpec.Flatten("flatten"),
                        new LayerSpec.Dense("fc", 16, 10, true)));
        ModelManifest m = new ModelManifest(
                ModelFiles.FORMAT_VERSION,
                "tiny",
                in,
                Datasets.FASHION_MNIST_CLASSES,
                Datasets.FASHION_MNIST_NORMALIZATION.mean(),
                Datasets.FASHION_MNIST_NORMALIZATION.std(),
                spec,
                null,
                null);
        modelFile = dir.resolve("tiny.rbm");
        try (Network net = Network.create(spec, in, 3)) {
            ModelFiles.write(SavedModel.of(net, m), modelFile);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** The select arguments of a tiny latency run, plus {@code extra}. */
    static String[] select(String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "select",
                "--rule",
                "latency",
                "--model",
                modelFile.toString(),
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "64",
                "--holdout",
                "32",
                "--latency-batch",
                "2",
                "--warmup",
                "0",
                "--repeats",
                "1",
                "--multiple",
                "4",
                "--latency-cache",
                dir.resolve("cache").toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void helpDocumentsTheLatencyOptions() {
        Run r = run("select", "--rule", "latency", "--help");
        assertEquals(0, r.code(), r.err());
        for (String option : List.of(
                "--target-speedup",
                "--target-ms",
                "--max-drop",
                "--schemes",
                "--multiple",
                "--latency-batch",
                "--repeats",
                "--latency-cache",
                "--remeasure",
                "latency (per-layer times")) {
            assertTrue(r.out().contains(option), option);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "--target-speedup 0.5; Error: --target-speedup must be >= 1",
                "--target-speedup NaN; Error: --target-speedup must be >= 1",
                "--target-ms 0; Error: --target-ms must be > 0",
                "--max-drop 2; Error: --max-drop must be a fraction in [0, 1]",
                "--target-speedup 2 --max-drop 0.01; Error: the latency rule needs exactly one of",
                "--schemes linear --max-drop 0.01; Error: --schemes: linear is implied for linear layers",
                "--schemes channel,diagonal --max-drop 0.01; Error: Unknown scheme 'diagonal'",
                "--reduction 2 --max-drop 0.01; Error: latency takes --target-speedup, --target-ms or --max-drop, not --reduction"
            })
    void badValuesAreOneLineErrors(String options, String message) {
        Run r = run(select(options.split(" ")));
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().startsWith(message), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aZeroMultipleIsAnError() {
        Run r = run(
                "select",
                "--rule",
                "latency",
                "--model",
                modelFile.toString(),
                "--max-drop",
                "0.01",
                "--multiple",
                "0",
                "--latency-cache",
                dir.resolve("cache").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("Error: --multiple must be >= 1, got 0"), r.err());
    }

    @Test
    void noBudgetIsAnError() {
        Run r = run(select());
        assertEquals(1, r.code());
        assertTrue(
                r.err()
                        .startsWith("Error: the latency rule needs exactly one of --target-speedup, --target-ms or "
                                + "--max-drop"),
                r.err());
    }

    @Test
    void aPlanWithinTheAccuracyBudgetIsWrittenAndLatencyMeasuresIt() throws Exception {
        Path plan = dir.resolve("latency-plan.json");
        Run r = run(select("--max-drop", "1", "--save-plan", plan.toString(), "--json"));
        assertEquals(0, r.code(), r.err());
        JsonNode l = r.json().get("latency");
        assertTrue(l.get("budgetMet").asBoolean());
        assertEquals("max_drop", l.get("budget").asText());
        assertEquals(List.of("conv1", "conv2", "conv3", "fc"), names(l.get("layers")));
        double sum = 0;
        for (JsonNode layer : l.get("layers")) {
            sum += layer.get("ms").asDouble();
            if (layer.get("factorized").asBoolean()) {
                assertTrue(layer.get("ms").asDouble() < layer.get("denseMs").asDouble(), layer.toString());
                assertTrue(layer.get("steps").size() > 0);
            }
            for (JsonNode step : layer.get("steps")) {
                assertEquals(
                        0,
                        step.get("rank").isArray()
                                ? step.get("rank").get(0).asInt() % 4
                                : step.get("rank").asInt() % 4,
                        step.toString());
                assertEquals(step.get("faster").asBoolean(), step.has("drop"), "drops are measured for faster forms");
            }
        }
        assertEquals(sum, l.get("plannedMs").asDouble(), 1e-9);
        assertTrue(l.get("steps") == null);
        RankPlan saved = RankPlan.read(plan);
        assertEquals(RankPlan.fromJson(r.json().get("plan").toString()), saved);

        Run m = run(
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
        assertEquals(0, m.code(), m.err());
        JsonNode total = m.json().get("total");
        for (String key : List.of("denseMs", "factoredMs", "speedup")) {
            assertTrue(total.get(key).asDouble() > 0, key);
        }
        assertEquals(
                total.get("denseMs").asDouble() / total.get("factoredMs").asDouble(),
                total.get("speedup").asDouble(),
                1e-12);

        Run text = run(select("--max-drop", "1"));
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("latency plan: "), text.out());
    }

    @Test
    void aBudgetThatCannotBeMetIsAnErrorAndWritesNoPlan() {
        Path plan = dir.resolve("never.json");
        Run r = run(select("--target-speedup", "1000", "--save-plan", plan.toString()));
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().startsWith("Error: the target of "), r.err());
        assertTrue(r.err().contains("cannot be met: the fastest plan from the measured forms takes"), r.err());
        assertFalse(Files.exists(plan));
    }

    @Test
    void latencyStaircasePrintsEveryCandidateOfTheTargets() throws Exception {
        Run r = run(
                "latency",
                "--staircase",
                "--model",
                modelFile.toString(),
                "--batch",
                "2",
                "--warmup",
                "0",
                "--repeats",
                "1",
                "--multiple",
                "4",
                "--schemes",
                "channel",
                "--latency-cache",
                dir.resolve("cache").toString(),
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode layers = r.json().get("layers");
        assertEquals(List.of("conv1", "conv2", "conv3", "fc"), names(layers));
        assertEquals(0, layers.get(0).get("steps").size());
        // conv2 is 16 x 72: break-even 13.1, so channel ranks 4, 8, 12
        List<Integer> ranks = new ArrayList<>();
        layers.get(1).get("steps").forEach(s -> ranks.add(s.get("rank").asInt()));
        assertEquals(List.of(4, 8, 12), ranks);
    }

    private static List<String> names(JsonNode layers) {
        List<String> out = new ArrayList<>();
        layers.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }
}
