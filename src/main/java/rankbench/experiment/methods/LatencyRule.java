package rankbench.experiment.methods;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.LatencyBudget;
import rankbench.experiment.lowrank.LatencyCache;
import rankbench.experiment.lowrank.LatencyKey;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.LatencyPlanner;
import rankbench.experiment.lowrank.LatencyStaircase;
import rankbench.experiment.lowrank.LatencyTable;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.lowrank.StaircaseMeter;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/**
 * Ranks chosen by measured latency: each target layer's staircase is measured on this CPU (or read
 * from the cache), the single-layer accuracy drop of every form faster than dense is measured on
 * held-out images ({@link SensitivityRule#measure}), and {@link LatencyPlanner} picks per layer a form
 * or dense to meet the budget at the smallest predicted drop.
 *
 * <p>To re-plan under other budgets without measuring again, keep {@link Result#table()} and
 * {@link Result#drops()} and call {@link #plan(LatencyTable, Map, LatencyBudget, List)}.
 */
public final class LatencyRule implements RankRule {

    private final ImageDataset heldOut;
    private final Normalization norm;
    private final Targets targets;
    private final StaircaseMeter meter;
    private final LatencyBudget budget;

    /** Schemes measured for each conv unless told otherwise (linear layers use {@link Scheme#LINEAR}). */
    public static final List<Scheme> DEFAULT_SCHEMES =
            List.of(Scheme.CHANNEL, Scheme.SPATIAL, Scheme.INPUT, Scheme.TUCKER2);
    /** Candidate ranks are multiples of this unless told otherwise (see docs/PERFORMANCE.md). */
    public static final int DEFAULT_MULTIPLE = 16;
    /** Untimed runs before each measurement unless told otherwise. */
    public static final int DEFAULT_WARMUP = 3;
    /** Timed runs per measurement (the median is kept) unless told otherwise. */
    public static final int DEFAULT_REPEATS = 10;

    /**
     * How the staircases are measured and where they are kept: what {@code select --rule latency} takes
     * as {@code --latency-batch}, {@code --warmup}, {@code --repeats}, {@code --multiple}, {@code --schemes},
     * {@code --latency-cache} and {@code --remeasure}. Two equal setups read the same cache files.
     *
     * @param batch images per timed forward pass
     * @param warmup untimed runs before each measurement
     * @param repeats timed runs per measurement (median kept)
     * @param multiple candidate ranks are multiples of this
     * @param schemes conv schemes measured
     * @param cacheDir directory of measured staircases
     * @param remeasure measure even if the cache holds the staircase
     */
    public record Setup(
            int batch, int warmup, int repeats, int multiple, List<Scheme> schemes, Path cacheDir, boolean remeasure) {

        /** Checks the values (one message naming the value). */
        public Setup {
            if (batch < 1 || warmup < 0 || repeats < 1) {
                throw new IllegalArgumentException("the latency measurement needs batch >= 1, warm-up >= 0 and "
                        + "repeats >= 1; got batch " + batch + ", warm-up " + warmup + ", repeats " + repeats);
            }
            if (multiple < 1) {
                throw new IllegalArgumentException("the rank multiple must be >= 1, got " + multiple);
            }
            if (schemes == null || schemes.isEmpty() || schemes.contains(Scheme.LINEAR)) {
                throw new IllegalArgumentException("give at least one conv scheme to measure (linear is implied)");
            }
            if (cacheDir == null) {
                throw new IllegalArgumentException("the latency cache needs a directory");
            }
            schemes = List.copyOf(schemes);
        }

        /** The default measurement at {@code batch} images, cached in {@code cacheDir}. */
        public static Setup of(int batch, Path cacheDir) {
            return new Setup(
                    batch, DEFAULT_WARMUP, DEFAULT_REPEATS, DEFAULT_MULTIPLE, DEFAULT_SCHEMES, cacheDir, false);
        }

        /** The same setup at another batch size. */
        public Setup withBatch(int b) {
            return new Setup(b, warmup, repeats, multiple, schemes, cacheDir, remeasure);
        }

        /** Returns a staircase meter for this machine. */
        public StaircaseMeter meter() {
            return new StaircaseMeter(
                    new LatencyMeter(batch, warmup, repeats),
                    LatencyKey.Machine.current(),
                    schemes,
                    multiple,
                    new LatencyCache(cacheDir),
                    remeasure);
        }
    }

    /**
     * The measurements and the choice.
     *
     * @param table the latency table of every compressible layer (targets with staircases)
     * @param baseAccuracy held-out accuracy of the dense model
     * @param drops per target layer, the single-layer drop of each form faster than dense
     * @param planned the plan under the budget and its sums
     */
    public record Result(
            LatencyTable table,
            double baseAccuracy,
            Map<String, Map<LayerPlan, Double>> drops,
            LatencyPlanner.Result planned) {}

    /**
     * Creates the rule.
     *
     * @param heldOut images to measure accuracy on (not the test set)
     * @param norm input normalization of the model
     * @param targets layers that may be factorized
     * @param meter measures (or reads) the staircases
     * @param budget what the plan must meet
     */
    public LatencyRule(
            ImageDataset heldOut, Normalization norm, Targets targets, StaircaseMeter meter, LatencyBudget budget) {
        this.heldOut = heldOut;
        this.norm = norm;
        this.targets = targets;
        this.meter = meter;
        this.budget = budget;
    }

    @Override
    public String id() {
        return "latency";
    }

    @Override
    public RankPlan select(SavedModel model) {
        return analyze(model).planned().plan();
    }

    /** Measures the table and the drops, and plans. */
    public Result analyze(SavedModel model) {
        return analyze(model, OneShotRules.Progress.NONE, CancellationToken.none());
    }

    /**
     * Measures the table and the drops, and plans, reporting the two phases ({@link OneShotRules.Phase#LATENCY}:
     * layers timed or read; {@link OneShotRules.Phase#ACCURACY}: held-out evaluations) to {@code progress}.
     *
     * @throws java.util.concurrent.CancellationException if {@code cancel} is set (checked between timed forms
     *     and between evaluations)
     */
    public Result analyze(SavedModel model, OneShotRules.Progress progress, CancellationToken cancel) {
        List<LayerInfo> all =
                NetworkSpec.layers(model.manifest().network(), model.manifest().input());
        List<String> names = targets.select(all).stream().map(LayerInfo::name).toList();
        progress.phase(OneShotRules.Phase.LATENCY);
        LatencyTable table = meter.measure(all, names, progress::step, cancel::isCancelled);
        Map<String, List<LayerPlan>> candidates = new LinkedHashMap<>();
        for (String name : names) {
            List<LayerPlan> faster = table.layers().get(name).faster().stream()
                    .map(LatencyStaircase.Step::plan)
                    .toList();
            if (!faster.isEmpty()) {
                candidates.put(name, faster);
            }
        }
        progress.phase(OneShotRules.Phase.ACCURACY);
        SensitivityRule.Measurement m = SensitivityRule.measure(
                model, heldOut, norm, candidates, CostKind.MACS, new SpectrumCache(), progress, cancel);
        Map<String, Map<LayerPlan, Double>> drops = new LinkedHashMap<>();
        m.byLayer().forEach((layer, rows) -> {
            Map<LayerPlan, Double> d = new LinkedHashMap<>();
            rows.forEach((plan, row) -> d.put(plan, row.drop()));
            drops.put(layer, d);
        });
        return new Result(table, m.baseAccuracy(), drops, plan(table, drops, budget, all));
    }

    /**
     * Plans a measured table under a budget, without measuring: the plan resolved against the model's
     * layers. A caller that changes the budget interactively keeps {@link Result#table()} and
     * {@link Result#drops()} from one {@link #analyze} and calls this for every new budget.
     *
     * @param table the latency table
     * @param drops per layer, the single-layer drop of each form faster than dense
     * @param budget what the plan must meet
     * @param layers the model's compressible layers
     */
    public static LatencyPlanner.Result plan(
            LatencyTable table,
            Map<String, Map<LayerPlan, Double>> drops,
            LatencyBudget budget,
            List<LayerInfo> layers) {
        LatencyPlanner.Result p = LatencyPlanner.plan(table, drops, budget);
        return new LatencyPlanner.Result(
                p.plan().resolve(layers, Scheme.CHANNEL),
                p.layers(),
                p.denseMs(),
                p.plannedMs(),
                p.targetMs(),
                p.predictedDrop(),
                p.budget(),
                p.met(),
                p.message());
    }
}
