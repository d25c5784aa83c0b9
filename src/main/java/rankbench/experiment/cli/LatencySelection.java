package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.LatencyBudget;
import rankbench.experiment.lowrank.LatencyKey;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.methods.LatencyRule;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.methods.SensitivityRule;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/** The options and the run of {@code select --rule latency}: ranks chosen by measured latency. */
final class LatencySelection {

    @Option(
            names = "--target-speedup",
            paramLabel = "X",
            description = "latency: the measured per-layer sum at most dense / X (X >= 1).")
    Double targetSpeedup;

    @Option(names = "--target-ms", paramLabel = "T", description = "latency: the measured per-layer sum at most T ms.")
    Double targetMs;

    @Option(
            names = "--max-drop",
            paramLabel = "D",
            description = "latency: the fastest plan whose predicted held-out accuracy drop is at most D "
                    + "(a fraction: 0.01 = 1 point).")
    Double maxDrop;

    @Option(
            names = "--latency-batch",
            paramLabel = "N",
            defaultValue = "" + LatencyMeter.DEFAULT_BATCH,
            description = "latency: batch size of the measurement (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "" + LatencyRule.DEFAULT_WARMUP,
            description = "latency: untimed runs before each measurement (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--repeats",
            paramLabel = "N",
            defaultValue = "" + LatencyRule.DEFAULT_REPEATS,
            description = "latency: timed runs per measurement, the median is kept (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Mixin
    StaircaseOptions staircase;

    /** What the run chose (the plan with layers at or above break-even dense unless allowed), to print. */
    record Outcome(RankPlan plan, LatencyRule.Result result, int heldOut, LatencyKey.Machine machine) {

        /** Prints the per-layer choice and the sums. */
        void print(PrintWriter o) {
            o.printf(
                    Locale.ROOT,
                    "latency on %s, %d threads; accuracy drops on %d held-out images (dense %.2f %%):%n",
                    machine.cpu(),
                    machine.threads(),
                    heldOut,
                    100 * result.baseAccuracy());
            StaircaseReport.choices(o, result.planned(), result.table());
        }
    }

    /** Returns the budget from the options (exactly one), checked with the option's name. */
    LatencyBudget budget() {
        int given = (targetSpeedup != null ? 1 : 0) + (targetMs != null ? 1 : 0) + (maxDrop != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException(
                    "the latency rule needs exactly one of --target-speedup, --target-ms or " + "--max-drop");
        }
        if (targetSpeedup != null && !(targetSpeedup >= 1 && targetSpeedup < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    "--target-speedup must be >= 1 (1.5 = 1.5x faster), got " + targetSpeedup);
        }
        if (targetMs != null && !(targetMs > 0 && targetMs < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--target-ms must be > 0, got " + targetMs);
        }
        if (maxDrop != null && !(maxDrop >= 0 && maxDrop <= 1)) {
            throw new IllegalArgumentException(
                    "--max-drop must be a fraction in [0, 1] (0.01 = 1 point), got " + maxDrop);
        }
        return targetSpeedup != null
                ? LatencyBudget.speedup(targetSpeedup)
                : targetMs != null ? LatencyBudget.millis(targetMs) : LatencyBudget.maxDrop(maxDrop);
    }

    /**
     * Measures (or reads) the staircases and the drops and chooses the plan with {@link OneShotRules#select}
     * (the window's code); adds the details to {@code extra}. A budget that cannot be met is an error saying
     * what the fastest plan reaches.
     */
    Outcome select(
            SavedModel saved,
            CommonOptions.Data data,
            double validation,
            int holdout,
            Targets targets,
            boolean allowLarger,
            ObjectNode extra) {
        LatencyBudget budget = budget();
        if (batch < 1 || warmup < 0 || repeats < 1) {
            throw new IllegalArgumentException("need --latency-batch >= 1, --warmup >= 0, --repeats >= 1");
        }
        OneShotRules.Settings settings =
                OneShotRules.Settings.latency(targets, budget, staircase.setup(batch, warmup, repeats), allowLarger);
        DataSource src = data.load();
        ImageDataset held = SensitivityRule.heldOut(src.train(), src.test(), validation, data.seed, holdout);
        OneShotRules.Outcome outcome =
                OneShotRules.select(saved, settings, held, null, OneShotRules.Progress.NONE, CancellationToken.none());
        LatencyRule.Result r = outcome.latency();
        if (!r.planned().met()) {
            throw new IllegalArgumentException(r.planned().message() + "; no plan written");
        }
        LatencyKey.Machine machine = LatencyKey.Machine.current();
        ObjectNode l = StaircaseReport.json(r.table(), r.drops(), r.planned());
        l.put("cpu", machine.cpu());
        l.put("threads", machine.threads());
        l.put("engine", machine.engine());
        l.put("batch", batch);
        l.put("warmup", warmup);
        l.put("repeats", repeats);
        l.put("multiple", staircase.multiple);
        l.put("budget", budget.kind().name().toLowerCase(Locale.ROOT));
        l.put("budgetValue", budget.value());
        Json.put(l, "targetMs", r.planned().targetMs());
        l.put("plannedMs", r.planned().plannedMs());
        l.put("predictedSpeedup", r.planned().speedup());
        l.put("predictedDrop", r.planned().predictedDrop());
        l.put("budgetMet", r.planned().met());
        extra.set("latency", l);
        extra.put("heldOut", held.size());
        extra.put("baseAccuracy", r.baseAccuracy());
        return new Outcome(outcome.plan(), r, held.size(), machine);
    }
}
