package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.LatencyTable;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;

/** {@code rankbench latency}: measured forward time, dense versus factorized, per layer and for the model. */
@Command(
        name = "latency",
        mixinStandardHelpOptions = true,
        description = "Measure inference latency on this CPU, dense vs. factorized, per layer and for the whole "
                + "model (median of repeated runs after warm-up). Without a rule the plan is --ratio 0.5. "
                + "--staircase instead measures each target layer dense and at every candidate scheme and rank "
                + "(the table select --rule latency chooses from) and caches it.")
final class LatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Mixin
    CommonOptions.Model model;

    @Mixin
    PlanOptions planOptions;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "128",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "3",
            description = "Untimed warm-up runs (default: ${DEFAULT-VALUE}). Before the first whole-model "
                    + "measurement the models also run 300 single-image passes, so that the JVM has compiled "
                    + "the code of a pass before the clock starts.")
    int warmup;

    @Option(
            names = "--repeats",
            paramLabel = "N",
            defaultValue = "10",
            description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--no-layers", description = "Measure only the whole model.")
    boolean noLayers;

    @Option(
            names = "--keep-faster",
            description = "Keep dense the layers whose factorized form is measured slower, then measure the model.")
    boolean keepFaster;

    @Option(
            names = "--staircase",
            description = "Measure (or read from the cache) the latency staircase of the target layers and print it.")
    boolean showStaircase;

    @Option(
            names = "--layers",
            paramLabel = "default|NAME,NAME",
            defaultValue = "default",
            description = "--staircase: the target layers (default: k x k convs except the first).")
    String layers;

    @Mixin
    StaircaseOptions staircase;

    @Override
    public Integer call() {
        output.applyEngine();
        if (showStaircase) {
            return staircase();
        }
        if (keepFaster && noLayers) {
            throw new IllegalArgumentException("--keep-faster needs the per-layer measurement (drop --no-layers)");
        }
        SavedModel saved = model.load();
        List<LayerInfo> layers =
                NetworkSpec.layers(saved.manifest().network(), saved.manifest().input());
        RankPlan plan = planOptions.plan(saved, new SpectrumCache(), 0.5);
        LatencyMeter meter = new LatencyMeter(batch, warmup, repeats);
        Map<String, LatencyMeter.LayerLatency> perLayer = noLayers ? Map.of() : meter.layers(layers, plan);
        if (keepFaster) {
            plan = RankRules.keepFaster(plan, perLayer);
        }
        CostModel.Summary cost =
                CostModel.of(saved.manifest().network(), saved.manifest().input(), plan);
        LatencyMeter.Pair whole;
        try (Network dense = saved.toNetwork();
                Network f = Factorizer.factorize(saved, plan).toNetwork()) {
            whole = meter.measurePair(dense, f);
        }
        double denseMs = whole.denseMs();
        double factoredMs = whole.factoredMs();
        PrintWriter o = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode n = Json.object();
            n.put("model", model.describe());
            n.put("device", Engines.describe(Engines.device()));
            n.put("batch", batch);
            n.put("repeats", repeats);
            n.put("warmup", warmup);
            ArrayNode arr = n.putArray("layers");
            for (CostModel.LayerCost c : cost.layers()) {
                LatencyMeter.LayerLatency t = perLayer.get(c.name());
                ObjectNode e = arr.addObject();
                e.put("name", c.name());
                e.put("scheme", c.scheme() == null ? null : c.scheme().id());
                e.put("factorized", c.factorized());
                e.set(
                        "rank",
                        c.ranks() == null
                                ? null
                                : Json.MAPPER.valueToTree(
                                        c.ranks().size() == 1 ? c.ranks().get(0) : c.ranks()));
                e.put("denseMacs", c.denseMacs());
                e.put("macs", c.macs());
                Json.put(e, "denseMs", t == null ? Double.NaN : t.denseMs());
                Json.put(e, "factoredMs", t == null ? Double.NaN : t.factoredMs());
                Json.put(e, "speedup", t == null ? Double.NaN : t.speedup());
                Json.put(e, "macRatio", (double) c.denseMacs() / c.macs());
            }
            ObjectNode total = n.putObject("total");
            total.put("denseMs", denseMs);
            total.put("factoredMs", factoredMs);
            total.put("speedup", denseMs / factoredMs);
            ArrayNode spread = total.putArray("speedupQuartiles");
            spread.add(whole.speedupLow());
            spread.add(whole.speedupHigh());
            total.put("baseMacs", cost.baseMacs());
            total.put("macs", cost.macs());
            total.put("macRatio", (double) cost.baseMacs() / cost.macs());
            total.put("speedupOverMacRatio", (denseMs / factoredMs) / ((double) cost.baseMacs() / cost.macs()));
            o.println(Json.pretty(n));
        } else {
            o.printf(
                    Locale.ROOT,
                    "%s on %s, batch %d, median of %d runs after %d warm-up%n",
                    model.describe(),
                    Engines.describe(Engines.device()),
                    batch,
                    repeats,
                    warmup);
            if (!noLayers) {
                o.printf(
                        Locale.ROOT,
                        "%-24s %-10s %8s %9s %9s %8s %8s%n",
                        "layer",
                        "scheme",
                        "rank",
                        "dense ms",
                        "fact. ms",
                        "speedup",
                        "MAC x");
                for (CostModel.LayerCost c : cost.layers()) {
                    LatencyMeter.LayerLatency t = perLayer.get(c.name());
                    o.printf(
                            Locale.ROOT,
                            "%-24s %-10s %8s %9.2f %9.2f %8.2f %8.2f%n",
                            c.name(),
                            c.scheme() == null ? "-" : c.scheme().id(),
                            c.factorized() ? String.valueOf(c.ranks()) : "dense",
                            t.denseMs(),
                            t.factoredMs(),
                            t.speedup(),
                            (double) c.denseMacs() / c.macs());
                }
            }
            o.printf(
                    Locale.ROOT,
                    "model: dense %.2f ms, factorized %.2f ms: speed-up %.2fx (half the runs %.2f-%.2fx) for %.2fx"
                            + " fewer MACs%n",
                    denseMs,
                    factoredMs,
                    denseMs / factoredMs,
                    whole.speedupLow(),
                    whole.speedupHigh(),
                    (double) cost.baseMacs() / cost.macs());
        }
        o.flush();
        return 0;
    }

    private int staircase() {
        SavedModel saved = model.load();
        List<LayerInfo> all =
                NetworkSpec.layers(saved.manifest().network(), saved.manifest().input());
        List<String> names =
                Targets.parse(layers).select(all).stream().map(LayerInfo::name).toList();
        LatencyTable table =
                staircase.meter(new LatencyMeter(batch, warmup, repeats)).measure(all, names);
        PrintWriter o = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode n = StaircaseReport.json(table, null, null);
            n.put("model", model.describe());
            n.put("batch", batch);
            n.put("warmup", warmup);
            n.put("repeats", repeats);
            n.put("multiple", staircase.multiple);
            o.println(Json.pretty(n));
        } else {
            o.printf(
                    Locale.ROOT,
                    "%s, batch %d, median of %d runs after %d warm-up, ranks multiples of %d%n",
                    model.describe(),
                    batch,
                    repeats,
                    warmup,
                    staircase.multiple);
            StaircaseReport.staircases(o, table);
        }
        o.flush();
        return 0;
    }
}
