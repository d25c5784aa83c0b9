package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.SessionFiles;
import rankbench.experiment.training.Evaluator;

/** {@code select --rule evbmf --reduction} and {@code finetune}: the one-shot baseline of the comparison. */
@Tag("engine")
class FineTuneCommandTest {

    @TempDir
    static Path dir;

    static Path modelFile;

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void writeModel() throws Exception {
        modelFile = dir.resolve("base.rbm");
        ModelFiles.write(TestModels.random(Architecture.RESNET20, 42), modelFile);
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void evbmfAtABudgetMeetsItWithTheLargestMultiplierThatDoes() throws Exception {
        // the embedded trained model: EVBMF finds rank 0 in random weights, which no multiplier scales
        for (String reduction : List.of("2", "3")) {
            Result r = run("select", "--rule", "evbmf", "--reduction", reduction, "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode n = Json.MAPPER.readTree(r.out());
            long macs = n.get("macs").asLong();
            assertTrue(macs * Double.parseDouble(reduction) <= n.get("baseMacs").asLong(), r.out());
            // not far below the budget either: the multiplier is the largest that meets it
            assertTrue(
                    macs * Double.parseDouble(reduction)
                            > 0.8 * n.get("baseMacs").asLong(),
                    r.out());
        }
        Result both = run(
                "select", "--rule", "evbmf", "--reduction", "2", "--multiplier", "2", "--model", modelFile.toString());
        assertEquals(1, both.code());
        assertTrue(both.err().contains("--multiplier or --reduction"), both.err());
        Result small = run("select", "--rule", "evbmf", "--reduction", "0.5", "--model", modelFile.toString());
        assertEquals(1, small.code());
        assertTrue(small.err().contains("--reduction must be >= 1"), small.err());
    }

    @Test
    void finetuneOfASelectedPlanReportsTheAccuracyItsExportedModelHasAndJoinsTheSessionAsAFineTune() throws Exception {
        Path plan = dir.resolve("lc.json");
        assertEquals(
                0,
                run(
                                "select",
                                "--rule",
                                "lc",
                                "--reduction",
                                "2",
                                "--model",
                                modelFile.toString(),
                                "--save-plan",
                                plan.toString())
                        .code());
        Path out = dir.resolve("tuned.rbm");
        Path session = dir.resolve("s.rbsession");
        Result r = run(
                "finetune",
                "--plan",
                plan.toString(),
                "--rule",
                "lc-rule",
                "--epochs",
                "1",
                "--max-batches",
                "3",
                "--batch",
                "16",
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
                out.toString(),
                "--session",
                session.toString(),
                "--json");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        JsonNode res = Json.MAPPER.readTree(lines[lines.length - 1]);
        assertEquals("result", res.get("event").asText());
        assertEquals("completed", res.get("status").asText());
        assertEquals("lc-rule", res.get("method").asText());
        assertEquals(RankPlan.read(plan).layers().size(), res.get("plan").size());
        assertTrue(res.get("macs").asLong() * 2 <= res.get("baseMacs").asLong());
        assertTrue(Files.exists(out));
        // the figure printed is the exported model's own, on the same test images
        SavedModel tuned = ModelFiles.read(out);
        ImageDataset test = Datasets.load("fashion-mnist-subset").test().limit(64);
        try (Network net = tuned.toNetwork()) {
            double acc = Evaluator.evaluate(
                            net,
                            test,
                            new Normalization(
                                    tuned.manifest().mean(), tuned.manifest().std()),
                            256)
                    .accuracy();
            assertEquals(acc, res.get("fineTunedAccuracy").asDouble(), 1e-12);
        }
        ExperimentSession s = SessionFiles.read(session);
        Run stored = s.runs().get(s.runs().size() - 1);
        assertEquals(RunKind.FINE_TUNE, stored.kind());
        assertEquals("lc-rule", stored.method());
        assertEquals(
                res.get("fineTunedValidationAccuracy").asDouble(),
                stored.metrics().fineTunedValidationAccuracy(),
                1e-12);
        assertFalse(
                stored.hyperparameters().containsKey("fineTune.epochs"),
                stored.hyperparameters().toString());
    }

    @Test
    void finetuneWithoutAPlanIsOneClearLine() {
        Result r = run(
                "finetune",
                "--epochs",
                "1",
                "--model",
                modelFile.toString(),
                "--out",
                dir.resolve("x.rbm").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("Error: give a plan"), r.err());
        assertEquals(1, r.err().strip().lines().count());
    }
}
