package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import rankbench.experiment.data.DataSource;
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
import rankbench.experiment.training.Evaluator;

/**
 * {@code rankbench compress}: plan ranks with a rule, show what each layer keeps and costs, the
 * accuracy of the projected model, and optionally export the truly factorised model (whose accuracy
 * is the one printed).
 */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = "Low-rank compression: choose ranks with a rule, report parameters, MACs and measured "
                + "latency per layer, the accuracy after projecting the weights, and export the factorised model.")
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

    @Option(names = "--export", paramLabel = "OUT.rbm", description = "Write the factorised model to this file.")
    Path export;

    @Option(names = "--save-plan", paramLabel = "PLAN.json", description = "Write the final rank plan as JSON.")
    Path savePlan;

    @Option(names = "--no-eval", description = "Skip the accuracy evaluation (no data needed).")
    boolean noEval;

    @Option(names = "--no-latency", description = "Skip the per-layer latency measurement.")
    boolean noLatency;

    @Option(names = "--keep-faster",
            description = "Measure each layer and keep dense those whose factorised form is not faster.")
    boolean keepFaster;

    @Option(names = "--latency-batch", paramLabel = "N", defaultValue = "128",
            description = "Batch size of latency measurements (default: ${DEFAULT-VALUE}).")
    int latencyBatch;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "10",
            description = "Timed runs per latency measurement, after 3 warm-up runs; the median is reported "
                    + "(default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--batch", defaultValue = "256", description = "Evaluation batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws IOException {
        output.applyThreads();
        if (!planOptions.hasRule()) {
            throw new IllegalArgumentException("give one of --energy, --threshold, --ratio or --ranks");
        }
        if (keepFaster && noLatency) {
            throw new IllegalArgumentException("--keep-faster needs the latency measurement (drop --no-latency)");
        }
        SavedModel saved = model.load();
        List<LayerInfo> layers = NetworkSpec.layers(saved.manifest().network(), saved.manifest().input());
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
        CostModel.Summary cost = CostModel.of(saved.manifest().network(), saved.manifest().input(), plan);
        Double baseAccuracy = null;
        Double accuracy = null;
        int evaluated = 0;
        String dataset = null;
        if (!noEval) {
            DataSource src = Datasets.load(data.data);
            ImageDataset test = CommonOptions.Data.limit(src.test(), data.limit);
            dataset = src.name();
            Normalization norm = new Normalization(saved.manifest().mean(), saved.manifest().std());
            try (Network net = saved.toNetwork()) {
                baseAccuracy = Evaluator.evaluate(net, test, norm, batch).accuracy();
                Projection.apply(net, plan, cache);
                var r = Evaluator.evaluate(net, test, norm, batch);
                accuracy = r.accuracy();
                evaluated = (int) r.count();
            }
        }
        if (export != null) {
            ModelFiles.write(Factorizer.factorize(saved, plan, cache), export);
        }
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
                e.put("factorised", c.factorised());
                e.put("params", c.params());
                e.put("macs", c.macs());
                e.put("denseParams", c.denseParams());
                e.put("denseMacs", c.denseMacs());
                LatencyMeter.LayerLatency t = latency == null ? null : latency.get(c.name());
                Json.put(e, "denseMs", t == null ? Double.NaN : t.denseMs());
                Json.put(e, "factoredMs", t == null ? Double.NaN : t.factoredMs());
                e.put("aboveBreakEven", c.aboveBreakEven());
                e.put("slowerFactorised", t != null && t.factoredMs() >= t.denseMs());
                if (p != null && p.reason() != null) {
                    e.put("keepDenseReason", p.reason());
                }
            }
            n.put("params", cost.params());
            n.put("macs", cost.macs());
            n.put("baseParams", cost.baseParams());
            n.put("baseMacs", cost.baseMacs());
            putNullable(n, "accuracy", accuracy);
            putNullable(n, "baseAccuracy", baseAccuracy);
            if (!noEval) {
                n.put("evaluated", evaluated);
                n.put("dataset", dataset);
            }
            n.put("latencyBatch", latencyBatch);
            if (export != null) {
                n.put("export", export.toString());
            }
            o.println(Json.pretty(n));
        } else {
            o.printf(Locale.ROOT, "%-24s %-10s %8s %6s %7s %10s %10s %12s %12s %9s %9s%n", "layer", "scheme", "rank",
                    "full", "b-even", "params", "dense", "MACs", "dense MACs", "ms", "dense ms");
            for (CostModel.LayerCost c : cost.layers()) {
                LatencyMeter.LayerLatency t = latency == null ? null : latency.get(c.name());
                LayerPlan p = plan.get(c.name());
                o.printf(Locale.ROOT, "%-24s %-10s %8s %6s %7.1f %,10d %,10d %,12d %,12d %9.2f %9.2f%s%n", c.name(),
                        c.scheme() == null ? "-" : c.scheme().id(), c.factorised() ? ranks(c.ranks()) : "dense",
                        ranks(c.fullRanks()), c.breakEven(), c.params(), c.denseParams(), c.macs(), c.denseMacs(),
                        t == null ? Double.NaN : t.factoredMs(), t == null ? Double.NaN : t.denseMs(),
                        p != null && p.reason() != null ? "  (kept dense: " + p.reason() + ")"
                                : (t != null && t.factoredMs() >= t.denseMs() ? "  (slower factorised)" : ""));
            }
            o.printf(Locale.ROOT, "parameters %,d -> %,d (%.2fx fewer), MACs %,d -> %,d (%.2fx fewer)%n",
                    cost.baseParams(), cost.params(), (double) cost.baseParams() / cost.params(), cost.baseMacs(),
                    cost.macs(), (double) cost.baseMacs() / cost.macs());
            if (accuracy != null) {
                o.printf(Locale.ROOT, "accuracy on %s (%d test images): %.2f %% -> %.2f %% (projected weights)%n",
                        dataset, evaluated, 100 * baseAccuracy, 100 * accuracy);
            }
            if (export != null) {
                o.println("factorised model written to " + export);
            }
        }
        o.flush();
        return 0;
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
