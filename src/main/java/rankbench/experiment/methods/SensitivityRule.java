package rankbench.experiment.methods;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import rankbench.experiment.data.DatasetSplits;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Projection;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.BatchNormFolding;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.StagedEvaluator;

/**
 * Greedy per-layer sensitivity: each target layer alone is projected to each candidate rank (a
 * fraction of its break-even rank) and the accuracy on a held-out subset is measured; then, starting
 * from the dense model, the cheapest step in predicted loss per unit of cost saved (the sum of the
 * single-layer accuracy drops) is taken until the total cost meets the budget.
 *
 * <p>Held-out images ({@link #heldOut}): the first {@code N} images (default {@value #DEFAULT_HELD_OUT}) of the
 * validation split held out of the training split by {@code DatasetSplits.split} with the validation fraction
 * (default {@value #DEFAULT_VALIDATION_FRACTION}) and seed of the run; the same images the window's
 * interactive accuracy is measured on. Never test images.
 */
public final class SensitivityRule implements RankRule {

    /** Default candidate ranks as fractions of each layer's largest saving rank. */
    public static final double[] DEFAULT_FRACTIONS = {0.125, 0.25, 0.5, 0.75};

    /** Default number of held-out images the accuracies are measured on (the window's interactive images). */
    public static final int DEFAULT_HELD_OUT = 1000;

    /** Default fraction of the training split held out for validation (as {@code learn} and the window). */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.05;

    private final ImageDataset heldOut;
    private final Normalization norm;
    private final Scheme scheme;
    private final Targets targets;
    private final CostKind cost;
    private final double reduction;
    private final double[] fractions;
    private final SpectrumCache cache;
    private Result last;

    /**
     * One measurement of the table.
     *
     * @param layer layer name
     * @param rank candidate rank ({@code [r]} or {@code [Ro, Ri]})
     * @param accuracy held-out accuracy with only this layer projected
     * @param drop base accuracy minus {@code accuracy}
     * @param saved cost saved by factorizing this layer at this rank
     */
    public record Row(String layer, List<Integer> rank, double accuracy, double drop, long saved) {}

    /**
     * Single-layer sensitivities.
     *
     * @param baseAccuracy held-out accuracy of the dense model
     * @param rows every measurement, in order
     * @param byLayer the rows by layer name and plan
     */
    public record Measurement(double baseAccuracy, List<Row> rows, Map<String, Map<LayerPlan, Row>> byLayer) {}

    /**
     * The outcome of a selection.
     *
     * @param plan the chosen plan
     * @param baseAccuracy held-out accuracy of the dense model
     * @param rows every measurement
     * @param predictedDrop sum of the chosen layers' single-layer drops
     * @param cost the plan's total cost
     * @param target the budget
     * @param met whether the budget was reached
     */
    public record Result(
            RankPlan plan,
            double baseAccuracy,
            List<Row> rows,
            double predictedDrop,
            long cost,
            long target,
            boolean met) {}

    /**
     * Creates the rule.
     *
     * @param heldOut images to measure accuracy on (not the test set)
     * @param norm input normalization of the model
     * @param scheme factorization scheme ({@code tucker2} uses {@code Ro/Cout = Ri/Cin})
     * @param targets layers to plan
     * @param cost budget kind
     * @param reduction the plan must cost at most {@code 1/reduction} of the dense model (> 1)
     * @param fractions candidate ranks as fractions of each layer's largest saving rank
     */
    public SensitivityRule(
            ImageDataset heldOut,
            Normalization norm,
            Scheme scheme,
            Targets targets,
            CostKind cost,
            double reduction,
            double[] fractions) {
        this(heldOut, norm, scheme, targets, cost, reduction, fractions, null);
    }

    /** Creates the rule with a shared spectrum cache (null: its own). */
    public SensitivityRule(
            ImageDataset heldOut,
            Normalization norm,
            Scheme scheme,
            Targets targets,
            CostKind cost,
            double reduction,
            double[] fractions,
            SpectrumCache cache) {
        if (!(reduction >= 1)) {
            throw new IllegalArgumentException("reduction must be >= 1 (e.g. 2 for half the cost), got " + reduction);
        }
        this.heldOut = heldOut;
        this.norm = norm;
        this.scheme = scheme;
        this.targets = targets;
        this.cost = cost;
        this.reduction = reduction;
        this.fractions = fractions.clone();
        this.cache = cache == null ? new SpectrumCache() : cache;
    }

    /**
     * Returns the held-out images sensitivity measures on: the first {@code images} of the validation split
     * {@code DatasetSplits.split(trainFull, test, validationFraction, seed)} (taken from the training split).
     * The command line ({@code select --holdout N --validation F --seed S}) and the window use this one
     * definition.
     */
    public static ImageDataset heldOut(
            ImageDataset trainFull, ImageDataset test, double validationFraction, long seed, int images) {
        if (images < 1) {
            throw new IllegalArgumentException("held-out images must be >= 1, got " + images);
        }
        return DatasetSplits.split(trainFull, test, validationFraction, seed)
                .validation()
                .limit(images);
    }

    @Override
    public String id() {
        return "sensitivity";
    }

    @Override
    public RankPlan select(SavedModel model) {
        return analyze(model).plan();
    }

    /** Returns the last result (null before {@link #select}). */
    public Result last() {
        return last;
    }

    /** Measures the table and chooses the plan. */
    public Result analyze(SavedModel model) {
        return analyze(model, OneShotRules.Progress.NONE, CancellationToken.none());
    }

    /**
     * Measures the table and chooses the plan, reporting each measurement to {@code progress}.
     *
     * @throws CancellationException if {@code cancel} is set (checked between measurements)
     */
    public Result analyze(SavedModel model, OneShotRules.Progress progress, CancellationToken cancel) {
        List<LayerInfo> all =
                NetworkSpec.layers(model.manifest().network(), model.manifest().input());
        List<LayerInfo> layers = targets.select(all);
        Map<String, List<LayerPlan>> candidates = new LinkedHashMap<>();
        for (LayerInfo l : layers) {
            candidates.put(l.name(), candidates(l));
        }
        Measurement measured = measure(model, heldOut, norm, candidates, cost, cache, progress, cancel);
        double base = measured.baseAccuracy();
        List<Row> rows = measured.rows();
        Map<String, Map<LayerPlan, Row>> byLayer = measured.byLayer();
        CostModel.Summary dense =
                CostModel.of(model.manifest().network(), model.manifest().input(), RankPlan.empty());
        long remaining = cost == CostKind.MACS ? dense.macs() : dense.params();
        long target = (long) Math.floor(remaining / reduction);
        Map<String, Integer> level = new LinkedHashMap<>(); // index into candidates (descending rank), -1 = dense
        layers.forEach(l -> level.put(l.name(), -1));
        double predicted = 0;
        while (remaining > target) {
            String bestLayer = null;
            double bestScore = Double.POSITIVE_INFINITY;
            long bestSaved = 0;
            double bestLoss = 0;
            for (LayerInfo l : layers) {
                List<LayerPlan> cs = candidates.get(l.name());
                int i = level.get(l.name());
                if (i + 1 >= cs.size()) {
                    continue;
                }
                Row next = byLayer.get(l.name()).get(cs.get(i + 1));
                Row cur = i < 0 ? null : byLayer.get(l.name()).get(cs.get(i));
                long dSaved = next.saved() - (cur == null ? 0 : cur.saved());
                double dLoss = next.drop() - (cur == null ? 0 : cur.drop());
                if (dSaved <= 0) {
                    continue;
                }
                double score = dLoss / dSaved;
                if (score < bestScore) {
                    bestScore = score;
                    bestLayer = l.name();
                    bestSaved = dSaved;
                    bestLoss = dLoss;
                }
            }
            if (bestLayer == null) {
                break;
            }
            level.merge(bestLayer, 1, Integer::sum);
            remaining -= bestSaved;
            predicted += bestLoss;
        }
        Map<String, LayerPlan> plan = new LinkedHashMap<>();
        for (LayerInfo l : layers) {
            int i = level.get(l.name());
            if (i >= 0) {
                plan.put(l.name(), candidates.get(l.name()).get(i));
            }
        }
        RankPlan p = new RankPlan(plan).resolve(all, scheme);
        last = new Result(p, base, List.copyOf(rows), predicted, remaining, target, remaining <= target);
        return last;
    }

    /**
     * Measures single-layer sensitivities: the held-out accuracy of the dense model, and of the model
     * with exactly one layer projected to each of its candidate plans (the others dense). This is the
     * one measurement every sensitivity-based rule uses.
     *
     * @param model the dense model
     * @param heldOut images to measure on (held out from training, never the test set)
     * @param norm input normalization
     * @param candidates per layer name, the plans to measure (resolved: schemes set)
     * @param cost what {@link Row#saved()} counts
     * @param cache SVD cache (may be null)
     */
    public static Measurement measure(
            SavedModel model,
            ImageDataset heldOut,
            Normalization norm,
            Map<String, List<LayerPlan>> candidates,
            CostKind cost,
            SpectrumCache cache) {
        return measure(
                model, heldOut, norm, candidates, cost, cache, OneShotRules.Progress.NONE, CancellationToken.none());
    }

    /**
     * {@link #measure(SavedModel, ImageDataset, Normalization, Map, CostKind, SpectrumCache)} with progress
     * (one step per evaluation) and cancellation between evaluations ({@link CancellationException}).
     */
    public static Measurement measure(
            SavedModel model,
            ImageDataset heldOut,
            Normalization norm,
            Map<String, List<LayerPlan>> candidates,
            CostKind cost,
            SpectrumCache cache,
            OneShotRules.Progress progress,
            CancellationToken cancel) {
        int total = 1 + candidates.values().stream().mapToInt(List::size).sum();
        int done = 0;
        SpectrumCache c = cache == null ? new SpectrumCache() : cache;
        Map<String, LayerInfo> info = new LinkedHashMap<>();
        NetworkSpec.layers(model.manifest().network(), model.manifest().input()).forEach(l -> info.put(l.name(), l));
        List<Row> rows = new ArrayList<>();
        Map<String, Map<LayerPlan, Row>> byLayer = new LinkedHashMap<>();
        double base;
        // Folded once; each candidate changes one layer, so the staged evaluation reruns only from it on.
        BatchNormFolding f = BatchNormFolding.fold(model.manifest().network(), model.weights());
        try (Network net = Network.withWeights(f.spec(), model.manifest().input(), f.weights());
                StagedEvaluator st =
                        new StagedEvaluator(net, heldOut, norm, 256, StagedEvaluator.DEFAULT_BUDGET_BYTES)) {
            base = accuracy(st);
            progress.step(++done, total);
            for (Map.Entry<String, List<LayerPlan>> e : candidates.entrySet()) {
                LayerInfo l = info.get(e.getKey());
                if (l == null) {
                    throw new IllegalArgumentException("'" + e.getKey() + "' is not a compressible layer of the model");
                }
                String wname = l.name() + ".weight";
                Tensor original = model.weights().get(wname);
                Map<LayerPlan, Row> m = new LinkedHashMap<>();
                for (LayerPlan p : e.getValue()) {
                    if (cancel.isCancelled()) {
                        throw new CancellationException("sensitivity analysis cancelled");
                    }
                    net.setWeight(wname, f.foldWeight(l.name(), Projection.project(original, p, c, l.name())));
                    st.invalidate(Set.of(l.name()));
                    double acc = accuracy(st);
                    CostModel.LayerCost lc = CostModel.layer(l, p);
                    long saved = cost == CostKind.MACS ? lc.denseMacs() - lc.macs() : lc.denseParams() - lc.params();
                    Row row = new Row(
                            l.name(),
                            p.scheme() == Scheme.TUCKER2 ? p.ranks() : List.of(p.rank()),
                            acc,
                            base - acc,
                            saved);
                    rows.add(row);
                    m.put(p, row);
                    progress.step(++done, total);
                }
                net.setWeight(wname, f.weights().get(wname));
                st.invalidate(Set.of(l.name()));
                byLayer.put(l.name(), m);
            }
        }
        return new Measurement(base, List.copyOf(rows), byLayer);
    }

    /** Candidate plans of one layer, by descending rank, all below break-even, without duplicates. */
    private List<LayerPlan> candidates(LayerInfo l) {
        Scheme s = RankRules.schemeFor(l, scheme);
        int[] shape = l.weightShape().stream().mapToInt(Integer::intValue).toArray();
        int max = CostModel.maxSavingRank(shape, s);
        List<LayerPlan> out = new ArrayList<>();
        double[] fs = fractions.clone();
        Arrays.sort(fs);
        int prev = Integer.MAX_VALUE;
        for (int k = fs.length - 1; k >= 0; k--) {
            int r = Math.max(1, (int) Math.round(fs[k] * max));
            if (r >= prev || max < 1) {
                continue;
            }
            prev = r;
            if (s == Scheme.TUCKER2) {
                double f = (double) r / max;
                out.add(LayerPlan.tucker2(
                        Math.max(1, (int) Math.round(f * shape[0] * max / Math.max(shape[0], shape[1]))),
                        Math.max(1, (int) Math.round(f * shape[1] * max / Math.max(shape[0], shape[1])))));
            } else {
                out.add(LayerPlan.of(s, r));
            }
        }
        return out;
    }

    private static double accuracy(StagedEvaluator st) {
        int n = st.images().size();
        return n == 0 ? Double.NaN : (double) st.correct(0, n, CancellationToken.none()) / n;
    }
}
