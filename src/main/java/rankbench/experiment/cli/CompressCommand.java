package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.DatasetSplits;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Projection;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.session.SoftwareVersions;
import rankbench.experiment.training.Evaluator;
import rankbench.experiment.training.RunStatus;

/**
 * {@code rankbench compress}: plan ranks with a rule, show what each layer keeps and costs, the
 * accuracy of the projected model on validation images (held out of the training split) and, reported
 * separately, on test images, and optionally export the truly factorized model (whose accuracy is the
 * one printed) and append the result to a session as a compress-only run.
 */
@Command(
        name = "compress",
        mixinStandardHelpOptions = true,
        description = "Low-rank compression: choose ranks with a rule, report parameters, MACs and measured "
                + "latency per layer, the accuracy after projecting the weights, and export the factorized model.")
final class CompressCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Mixin
    CommonOptions.Data data;

    @Mixin
    CommonOptions.Model model;

    @Mixin
    PlanOptions planOptions;

    @Option(names = "--export", paramLabel = "OUT.rbm", description = "Write the factorized model to this file.")
    Path export;

    @Option(names = "--save-plan", paramLabel = "PLAN.json", description = "Write the final rank plan as JSON.")
    Path savePlan;

    @Option(names = "--no-eval", description = "Skip the accuracy evaluation (no data needed).")
    boolean noEval;

    @Option(names = "--no-latency", description = "Skip the per-layer latency measurement.")
    boolean noLatency;

    @Option(
            names = "--keep-faster",
            description = "Measure each layer and keep dense those whose factorized form is not faster.")
    boolean keepFaster;

    @Option(
            names = "--latency-batch",
            paramLabel = "N",
            defaultValue = "128",
            description = "Batch size of latency measurements (default: ${DEFAULT-VALUE}).")
    int latencyBatch;

    @Option(
            names = "--repeats",
            paramLabel = "N",
            defaultValue = "10",
            description = "Timed runs per latency measurement, after 3 warm-up runs; the median is reported "
                    + "(default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--batch", defaultValue = "256", description = "Evaluation batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--validation",
            defaultValue = "0.05",
            description =
                    "Fraction of the training split held out as validation images, on which the compress-only "
                            + "accuracy is measured; --limit applies to them and to the test images (default: ${DEFAULT-VALUE}).")
    double validation;

    @Mixin
    SessionOptions session;

    @Override
    public Integer call() throws IOException {
        long t0 = System.nanoTime();
        String startedAt = Instant.now().toString();
        output.applyEngine();
        if (!planOptions.hasRule()) {
            throw new IllegalArgumentException("give one of --energy, --threshold, --ratio or --ranks");
        }
        if (keepFaster && noLatency) {
            throw new IllegalArgumentException("--keep-faster needs the latency measurement (drop --no-latency)");
        }
        if (validation <= 0 || validation >= 1) {
            throw new IllegalArgumentException("--validation must be in (0, 1), got " + validation);
        }
        SavedModel saved = model.load();
        session.precheck(saved, model.describe());
        List<LayerInfo> layers =
                NetworkSpec.layers(saved.manifest().network(), saved.manifest().input());
        SpectrumCache cache = new SpectrumCache();
        RankPlan plan = planOptions.plan(saved, cache, null);
        Map<String, LatencyMeter.LayerLatency> latency = null;
        if (!noLatency) {
            LatencyMeter meter = new LatencyMeter(latencyBatch, 3, repeats);
            latency = meter.layers(layers, plan);
            if (keepFaster) {
                plan = RankRules.keepFaster(plan, latency);
            }
        }
        CostModel.Summary cost =
                CostModel.of(saved.manifest().network(), saved.manifest().input(), plan);
        Accuracies acc = noEval ? null : measure(saved, plan, cache);
        SavedModel factorized = export != null || session.enabled() ? Factorizer.factorize(saved, plan, cache) : null;
        if (export != null) {
            ModelFiles.write(factorized, export);
        }
        Run stored = null;
        if (session.enabled()) {
            LatencyMeter.Pair wholeMs = noLatency ? null : wholeModelLatency(saved, factorized);
            Run run = new Run(
                    "run-1",
                    RunKind.COMPRESS,
                    planOptions.ruleId(),
                    planOptions.describe()
                            + String.format(Locale.ROOT, ", %.2fx fewer MACs", (double) cost.baseMacs() / cost.macs()),
                    settings(),
                    data.seed,
                    acc == null ? null : acc.dataset(),
                    SoftwareVersions.current(),
                    RunStatus.COMPLETED,
                    "compress-only: projected weights, no training",
                    startedAt,
                    (System.nanoTime() - t0) / 1e9,
                    null,
                    plan,
                    new RunMetrics(
                            cost.baseParams(),
                            cost.params(),
                            cost.baseMacs(),
                            cost.macs(),
                            acc == null ? null : acc.validation(),
                            null,
                            acc == null ? null : acc.test(),
                            null,
                            acc == null ? null : acc.validationImages(),
                            acc == null ? null : acc.testImages(),
                            wholeMs == null ? null : wholeMs.denseMs(),
                            wholeMs == null ? null : wholeMs.factoredMs(),
                            wholeMs == null ? null : latencyBatch),
                    List.of(),
                    factorized);
            stored = session.append(run, saved, model.describe(), acc == null ? null : acc.dataset());
        }
        Double baseAccuracy = acc == null ? null : acc.baseTest();
        Double accuracy = acc == null ? null : acc.test();
        int evaluated = acc == null ? 0 : acc.testImages();
        String dataset = acc == null ? null : acc.dataset().name();
        if (savePlan != null) {
            plan.write(savePlan);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode n = Json.object();
            n.put("model", model.describe());
            n.put("scheme", planOptions.scheme().id());
            ArrayNode arr = n.putArray("layers");
            for (CostModel.LayerCost c : cost.layers()) {
                ObjectNode e = arr.addObject();
                LayerPlan p = plan.get(c.name());
                e.put("name", c.name());
                e.put("scheme", c.scheme() == null ? null : c.scheme().id());
                putRanks(e, "rank", c.ranks());
                putRanks(e, "fullRank", c.fullRanks());
                Json.put(e, "breakEven", c.breakEven());
                e.put("factorized", c.factorized());
                e.put("params", c.params());
                e.put("macs", c.macs());
                e.put("denseParams", c.denseParams());
                e.put("denseMacs", c.denseMacs());
                LatencyMeter.LayerLatency t = latency == null ? null : latency.get(c.name());
                Json.put(e, "denseMs", t == null ? Double.NaN : t.denseMs());
                Json.put(e, "factoredMs", t == null ? Double.NaN : t.factoredMs());
                e.put("aboveBreakEven", c.aboveBreakEven());
                e.put("slowerFactorized", t != null && t.factoredMs() >= t.denseMs());
                if (p != null && p.reason() != null) {
                    e.put("keepDenseReason", p.reason());
                }
            }
            n.put("params", cost.params());
            n.put("macs", cost.macs());
            n.put("baseParams", cost.baseParams());
            n.put("baseMacs", cost.baseMacs());
            putNullable(n, "validationAccuracy", acc == null ? null : acc.validation());
            putNullable(n, "baseValidationAccuracy", acc == null ? null : acc.baseValidation());
            putNullable(n, "testAccuracy", accuracy);
            putNullable(n, "baseTestAccuracy", baseAccuracy);
            putNullable(n, "accuracy", accuracy); // = testAccuracy, kept for scripts written before the split
            putNullable(n, "baseAccuracy", baseAccuracy);
            if (acc != null) {
                n.put("validationImages", acc.validationImages());
                n.put("testImages", acc.testImages());
                n.put("evaluated", evaluated);
                n.put("dataset", dataset);
            }
            n.put("latencyBatch", latencyBatch);
            if (export != null) {
                n.put("export", export.toString());
            }
            if (stored != null) {
                n.put("session", session.file.toString());
                n.put("sessionRun", stored.id());
            }
            o.println(Json.pretty(n));
        } else {
            o.printf(
                    Locale.ROOT,
                    "%-24s %-10s %8s %6s %7s %10s %10s %12s %12s %9s %9s%n",
                    "layer",
                    "scheme",
                    "rank",
                    "full",
                    "b-even",
                    "params",
                    "dense",
                    "MACs",
                    "dense MACs",
                    "ms",
                    "dense ms");
            for (CostModel.LayerCost c : cost.layers()) {
                LatencyMeter.LayerLatency t = latency == null ? null : latency.get(c.name());
                LayerPlan p = plan.get(c.name());
                o.printf(
                        Locale.ROOT,
                        "%-24s %-10s %8s %6s %7.1f %,10d %,10d %,12d %,12d %9.2f %9.2f%s%n",
                        c.name(),
                        c.scheme() == null ? "-" : c.scheme().id(),
                        c.factorized() ? ranks(c.ranks()) : "dense",
                        ranks(c.fullRanks()),
                        c.breakEven(),
                        c.params(),
                        c.denseParams(),
                        c.macs(),
                        c.denseMacs(),
                        t == null ? Double.NaN : t.factoredMs(),
                        t == null ? Double.NaN : t.denseMs(),
                        p != null && p.reason() != null
                                ? "  (kept dense: " + p.reason() + ")"
                                : (t != null && t.factoredMs() >= t.denseMs() ? "  (slower factorized)" : ""));
            }
            o.printf(
                    Locale.ROOT,
                    "parameters %,d -> %,d (%.2fx fewer), MACs %,d -> %,d (%.2fx fewer)%n",
                    cost.baseParams(),
                    cost.params(),
                    (double) cost.baseParams() / cost.params(),
                    cost.baseMacs(),
                    cost.macs(),
                    (double) cost.baseMacs() / cost.macs());
            if (acc != null) {
                o.printf(
                        Locale.ROOT,
                        "validation accuracy on %s (%d images held out of the training split): "
                                + "%.2f %% -> %.2f %% (projected weights)%n",
                        dataset,
                        acc.validationImages(),
                        100 * acc.baseValidation(),
                        100 * acc.validation());
                o.printf(
                        Locale.ROOT,
                        "test accuracy (%d test images, reported only): %.2f %% -> %.2f %%%n",
                        evaluated,
                        100 * baseAccuracy,
                        100 * accuracy);
            }
            if (export != null) {
                o.println("factorized model written to " + export);
            }
            if (stored != null) {
                o.println("run " + stored.id() + " appended to session " + session.file);
            }
        }
        o.flush();
        return 0;
    }

    /**
     * Compress-only accuracies of the dense and projected model, on validation images (held out of the
     * training split, what rank choices are judged on) and on test images (reported only).
     */
    private record Accuracies(
            double baseValidation,
            double validation,
            int validationImages,
            double baseTest,
            double test,
            int testImages,
            DatasetRef dataset) {}

    private Accuracies measure(SavedModel saved, RankPlan plan, SpectrumCache cache) {
        DataSource src = Datasets.load(data.data);
        DatasetSplits full = DatasetSplits.split(src.train(), src.test(), validation, data.seed);
        ImageDataset val = CommonOptions.Data.limit(full.validation(), data.limit);
        ImageDataset test = CommonOptions.Data.limit(src.test(), data.limit);
        Normalization norm =
                new Normalization(saved.manifest().mean(), saved.manifest().std());
        try (Network net = saved.toNetwork()) {
            double baseVal = Evaluator.evaluate(net, val, norm, batch).accuracy();
            double baseTest = Evaluator.evaluate(net, test, norm, batch).accuracy();
            Projection.apply(net, plan, cache);
            var v = Evaluator.evaluate(net, val, norm, batch);
            var t = Evaluator.evaluate(net, test, norm, batch);
            DatasetRef ref = SessionOptions.dataset(
                    data.data, src, new DatasetSplits(full.train(), val, test), validation, data.seed);
            return new Accuracies(baseVal, v.accuracy(), (int) v.count(), baseTest, t.accuracy(), (int) t.count(), ref);
        }
    }

    /** Median forward ms per batch of the dense and the factorized model, for the session run. */
    private LatencyMeter.Pair wholeModelLatency(SavedModel dense, SavedModel factorized) {
        LatencyMeter meter = new LatencyMeter(latencyBatch, 3, repeats);
        try (Network d = dense.toNetwork();
                Network f = factorized.toNetwork()) {
            return meter.measurePair(d, f);
        }
    }

    /** The rule and its settings, as the session run's hyperparameters. */
    private Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>(planOptions.settings());
        m.put("keepFaster", String.valueOf(keepFaster));
        m.put("validationFraction", String.valueOf(validation));
        m.put("limit", data.limit == null ? "all" : String.valueOf(data.limit));
        m.put("model", model.describe());
        return m;
    }

    private static void putRanks(ObjectNode e, String key, List<Integer> r) {
        if (r == null) {
            e.putNull(key);
        } else if (r.size() == 1) {
            e.put(key, r.get(0));
        } else {
            e.set(key, Json.MAPPER.valueToTree(r));
        }
    }

    private static void putNullable(ObjectNode n, String key, Double v) {
        if (v == null) {
            n.putNull(key);
        } else {
            Json.put(n, key, v);
        }
    }

    private static String ranks(List<Integer> r) {
        if (r == null) {
            return "-";
        }
        return r.size() == 1 ? String.valueOf(r.get(0)) : r.get(0) + "," + r.get(1);
    }
}
