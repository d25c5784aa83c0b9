package rankbench.viewmodel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunEvent;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.session.SoftwareVersions;
import rankbench.experiment.training.Evaluator;
import rankbench.experiment.training.RunStatus;

/**
 * The session runs the window makes besides rank learning: a pinned compress-only evaluation, a run that
 * failed before it made anything, and a test accuracy measured later. Plain computations for a
 * background thread (no observables); each network built here is closed here.
 */
final class WindowRuns {

    /** Placeholder id; {@link SessionViewModel#addRun} gives the run its id in the session. */
    static final String NEW_ID = "run-new";

    private WindowRuns() {}

    /**
     * Pins the base model at {@code plan}: factorizes the base weights ({@link Factorizer#factorize}),
     * measures the factorized model's exact compress-only accuracy on {@code validation}, and, with a
     * meter, the whole-model latency of the base and the factorized model.
     *
     * @param rule the rule that made the plan ("" for hand-picked ranks)
     */
    static Run pin(
            SavedModel base,
            RankPlan plan,
            String rule,
            ImageDataset validation,
            DatasetRef data,
            SpectrumCache cache,
            int batch,
            LatencyMeter meter) {
        Engines.noGradOnThisThread();
        long t0 = System.nanoTime();
        String started = Instant.now().toString();
        SavedModel f = Factorizer.factorize(base, plan, cache);
        double acc;
        Double baseMs = null;
        Double ms = null;
        try (Network net = f.toNetwork()) {
            acc = Evaluator.evaluate(net, validation, normalization(base), batch)
                    .accuracy();
            if (meter != null) {
                try (Network b = base.toNetwork()) {
                    LatencyMeter.Pair pair = meter.measurePair(b, net);
                    baseMs = RunMetrics.measured(pair.denseMs());
                    ms = RunMetrics.measured(pair.factoredMs());
                }
            }
        }
        CostModel.Summary c =
                CostModel.of(base.manifest().network(), base.manifest().input(), plan);
        RunMetrics m = new RunMetrics(
                c.baseParams(),
                c.params(),
                c.baseMacs(),
                c.macs(),
                RunMetrics.measured(acc),
                null,
                null,
                null,
                validation.size(),
                null,
                baseMs,
                ms,
                ms == null ? null : meter.batchSize());
        Map<String, String> hp = new LinkedHashMap<>();
        hp.put("rule", rule.isEmpty() ? "hand-picked ranks" : rule);
        String label = String.format(
                Locale.ROOT,
                "%s, %.2fx fewer MACs",
                rule.isEmpty() ? "hand-picked ranks" : rule,
                (double) c.baseMacs() / Math.max(1, c.macs()));
        return new Run(
                NEW_ID,
                RunKind.COMPRESS,
                "compress",
                label,
                hp,
                0,
                data,
                SoftwareVersions.current(),
                RunStatus.COMPLETED,
                "",
                started,
                (System.nanoTime() - t0) / 1e9,
                null,
                plan,
                m,
                List.of(),
                f);
    }

    /** A run that ended with an error before it made a model: its status, why, and the starting costs. */
    static Run failed(
            RunKind kind,
            String method,
            String label,
            Map<String, String> hyperparameters,
            long seed,
            DatasetRef data,
            String startedAt,
            double wallSeconds,
            SavedModel base,
            RankPlan plan,
            String why,
            List<RunEvent> events) {
        CostModel.Summary c = CostModel.of(
                base.manifest().network(), base.manifest().input(), plan == null ? RankPlan.empty() : plan);
        RunMetrics m = new RunMetrics(
                c.baseParams(),
                c.params(),
                c.baseMacs(),
                c.macs(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        return new Run(
                NEW_ID,
                kind,
                method,
                label,
                hyperparameters,
                seed,
                data,
                SoftwareVersions.current(),
                RunStatus.FAILED,
                why,
                startedAt,
                wallSeconds,
                null,
                plan,
                m,
                events,
                null);
    }

    /**
     * Measures the test accuracy of {@code run}'s own model on {@code test} and returns the run with it:
     * the fine-tuned test accuracy for a run that was fine-tuned, else the compress-only one.
     */
    static Run withTestAccuracy(Run run, ImageDataset test, int batch) {
        Engines.noGradOnThisThread();
        SavedModel m = run.model();
        if (m == null) {
            throw new IllegalArgumentException(
                    run.id() + " has no model to measure (it " + run.status().id() + ")");
        }
        double acc;
        try (Network net = m.toNetwork()) {
            acc = Evaluator.evaluate(net, test, normalization(m), batch).accuracy();
        }
        RunMetrics x = run.metrics();
        boolean tuned = x.fineTunedValidationAccuracy() != null || run.kind() == RunKind.FINE_TUNE;
        RunMetrics withTest = tuned
                ? x.withTestAccuracies(x.compressOnlyTestAccuracy(), RunMetrics.measured(acc), test.size())
                : x.withTestAccuracies(RunMetrics.measured(acc), x.fineTunedTestAccuracy(), test.size());
        return run.withMetrics(withTest);
    }

    /** Returns {@code r} with another status and status message. */
    static Run withStatus(Run r, RunStatus status, String message) {
        return new Run(
                r.id(),
                r.kind(),
                r.method(),
                r.label(),
                r.hyperparameters(),
                r.seed(),
                r.data(),
                r.software(),
                status,
                message,
                r.startedAt(),
                r.wallSeconds(),
                r.parentId(),
                r.plan(),
                r.metrics(),
                r.events(),
                r.model());
    }

    static Normalization normalization(SavedModel m) {
        return new Normalization(m.manifest().mean(), m.manifest().std());
    }
}
