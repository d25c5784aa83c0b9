package rankbench.experiment.methods;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

/**
 * The LC C-step rank rule (Idelbayev and Carreira-Perpiñán 2020; docs/METHODS.md §6): per layer, the
 * rank minimizing {@code alpha C(r) + (mu / 2N) sum_{i>r} s_i^2} with {@code C(r) = r c}, in closed
 * form {@code r* = #{i : s_i^2 > 2 alpha c N / mu}} ({@code N = ||X||_F^2} when normalized).
 *
 * <p>{@code c} is the cost of one unit of rank: parameters {@code m + n}, or the exact MACs of the
 * rank-1 factor layers ({@code (m + n) Hout Wout} for R1). A rank of 0 is clamped to 1 (a 0-channel
 * conv cannot be built); a rank above {@code floor(mn/(m+n))} keeps the layer dense, as in the
 * reference code. {@link #forBudget} finds the {@code alpha} (at {@code mu = 1}) whose plan meets a
 * target total cost.
 */
public final class LcCostRule implements RankRule {

    private final double alpha;
    private final double mu;
    private final CostKind cost;
    private final Scheme scheme;
    private final Targets targets;
    private final boolean normalize;
    private final SpectrumCache cache;

    /**
     * Creates the rule.
     *
     * @param alpha cost weight (code units: paper lambda x 1e-6), >= 0
     * @param mu penalty parameter, > 0
     * @param cost parameters or MACs
     * @param scheme a matrix scheme
     * @param targets layers to plan
     * @param normalize divide the error by {@code ||X||_F^2} (all CIFAR setups of the reference)
     * @param cache spectrum cache (may be null)
     */
    public LcCostRule(
            double alpha,
            double mu,
            CostKind cost,
            Scheme scheme,
            Targets targets,
            boolean normalize,
            SpectrumCache cache) {
        if (!(alpha >= 0) || !(mu > 0)) {
            throw new IllegalArgumentException(
                    "LC rule needs alpha >= 0 and mu > 0, got alpha " + alpha + ", mu " + mu);
        }
        if (!scheme.isMatrix()) {
            throw new IllegalArgumentException(
                    "the LC rule factorizes matrices; scheme " + scheme.id() + " does not apply");
        }
        this.alpha = alpha;
        this.mu = mu;
        this.cost = cost;
        this.scheme = scheme;
        this.targets = targets;
        this.normalize = normalize;
        this.cache = cache == null ? new SpectrumCache() : cache;
    }

    @Override
    public String id() {
        return "lc";
    }

    /** Returns the closed-form rank {@code #{i : s_i^2 > 2 alpha c N / mu}} (0 to p). */
    public static int rank(double[] s, double alpha, double mu, double unitCost, boolean normalize) {
        double n = 1;
        if (normalize) {
            n = 0;
            for (double v : s) {
                n += v * v;
            }
        }
        double thr = 2 * alpha * unitCost * n / mu;
        int r = 0;
        for (double v : s) {
            if (v * v > thr) {
                r++;
            }
        }
        return r;
    }

    /**
     * Returns the rank by scanning {@code r = 0..p} and keeping a new rank only on strict improvement
     * of {@code alpha c r + (mu / 2N) sum_{i>r} s_i^2} (the reference code's search).
     */
    public static int bruteForceRank(double[] s, double alpha, double mu, double unitCost, boolean normalize) {
        double n = 1;
        if (normalize) {
            n = 0;
            for (double v : s) {
                n += v * v;
            }
        }
        int best = 0;
        double bestV = Double.POSITIVE_INFINITY;
        for (int r = 0; r <= s.length; r++) {
            double tail = 0;
            for (int i = r; i < s.length; i++) {
                tail += s[i] * s[i];
            }
            double v = alpha * unitCost * r + mu / (2 * n) * tail;
            if (v < bestV) {
                bestV = v;
                best = r;
            }
        }
        return best;
    }

    /** Returns the cost of one unit of rank of a layer under {@code scheme}. */
    public static double unitCost(LayerInfo l, Scheme scheme, CostKind cost) {
        Scheme s = RankRules.schemeFor(l, scheme);
        CostModel.LayerCost c = CostModel.layer(l, LayerPlan.of(s, 1));
        if (cost == CostKind.MACS) {
            return c.macs();
        }
        long bias = c.denseParams()
                - (long) l.weightShape().stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
        return c.params() - bias;
    }

    @Override
    public RankPlan select(SavedModel model) {
        List<LayerInfo> all =
                NetworkSpec.layers(model.manifest().network(), model.manifest().input());
        return plan(targets.select(all), model.weights()).resolve(all, scheme);
    }

    /** Plans the given layers from their weights. */
    public RankPlan plan(List<LayerInfo> layers, Map<String, Tensor> weights) {
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerInfo l : layers) {
            Tensor w = weights.get(l.name() + ".weight");
            if (w == null) {
                throw new IllegalArgumentException("no weight for layer '" + l.name() + "'");
            }
            Scheme s = RankRules.schemeFor(l, scheme);
            double[] sv = cache.values(l.name(), w, s, -1, true);
            m.put(l.name(), layerPlan(l, s, rank(sv, alpha, mu, unitCost(l, s, cost), normalize)));
        }
        return new RankPlan(m);
    }

    /** Plans one layer from the spectrum of an arbitrary matrix {@code x} (the LC C step on {@code w - lambda/mu}). */
    public LayerPlan planMatrix(LayerInfo l, Matrix x) {
        Scheme s = RankRules.schemeFor(l, scheme);
        return layerPlan(l, s, rank(Svd.values(x), alpha, mu, unitCost(l, s, cost), normalize));
    }

    /** Turns a selected rank into a plan: 0 becomes 1; above {@code floor(mn/(m+n))} the layer stays dense. */
    static LayerPlan layerPlan(LayerInfo l, Scheme s, int r) {
        int[] shape = l.weightShape().stream().mapToInt(Integer::intValue).toArray();
        int[] ms = SpectrumCache.viewShape(shape, s, -1);
        long floor = (long) ms[0] * ms[1] / (ms[0] + ms[1]);
        LayerPlan p = LayerPlan.of(s, Math.max(1, r));
        if (r > floor) {
            return p.keptDense(String.format(Locale.ROOT, "rank %d above floor(mn/(m+n)) = %d", r, floor));
        }
        return p;
    }

    /**
     * Returns the LC plan whose total cost (all layers of the model, {@link CostModel}) is at most
     * {@code target}, with the smallest {@code alpha} (at {@code mu = 1}) that achieves it, found by
     * bisection on {@code log alpha}. If even rank 1 everywhere does not meet it, the cheapest plan.
     */
    public static Budgeted forBudget(
            SavedModel model, Scheme scheme, Targets targets, CostKind cost, double target, SpectrumCache cache) {
        SpectrumCache c = cache == null ? new SpectrumCache() : cache;
        double lo = 1e-16;
        double hi = 1e4;
        RankPlan best = null;
        double bestAlpha = hi;
        for (int it = 0; it < 80; it++) {
            double mid = Math.sqrt(lo * hi);
            RankPlan p = new LcCostRule(mid, 1, cost, scheme, targets, true, c).select(model);
            if (total(model, p, cost) <= target) {
                best = p;
                bestAlpha = mid;
                hi = mid;
            } else {
                lo = mid;
            }
            if (hi / lo < 1 + 1e-6) {
                break;
            }
        }
        if (best == null) {
            best = new LcCostRule(hi, 1, cost, scheme, targets, true, c).select(model);
        }
        return new Budgeted(best, bestAlpha);
    }

    /** A plan found by {@link #forBudget} and the {@code alpha} (at {@code mu = 1}) that gives it. */
    public record Budgeted(RankPlan plan, double alpha) {}

    /** Returns the total parameters or MACs of the model under {@code plan}. */
    public static long total(SavedModel model, RankPlan plan, CostKind cost) {
        CostModel.Summary s =
                CostModel.of(model.manifest().network(), model.manifest().input(), plan);
        return cost == CostKind.MACS ? s.macs() : s.params();
    }
}
