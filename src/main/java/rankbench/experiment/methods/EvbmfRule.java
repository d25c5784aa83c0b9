package rankbench.experiment.methods;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

/**
 * EVBMF ranks per layer (docs/METHODS.md §2): for a matrix scheme the rank of the scheme's view; for
 * Tucker-2 {@code Ro} from the mode-0 and {@code Ri} from the mode-1 unfolding. Each rank is
 * multiplied by {@code multiplier} (rounded up; 1 = off), then clamped to {@code [minRank, full]}
 * (EVBMF may return 0, which cannot be built).
 */
public final class EvbmfRule implements RankRule {

    private final Scheme scheme;
    private final Targets targets;
    private final double multiplier;
    private final int minRank;
    private final boolean exactTau;
    private final SpectrumCache cache;

    /**
     * Creates the rule.
     *
     * @param scheme any matrix scheme or {@link Scheme#TUCKER2}
     * @param targets layers to plan
     * @param multiplier factor on each EVBMF rank (> 0; 1 = the plain EVBMF rank)
     * @param minRank smallest rank (>= 1)
     * @param exactTau use the exact tau root instead of the reference constant
     * @param cache spectrum cache (may be null)
     */
    public EvbmfRule(
            Scheme scheme, Targets targets, double multiplier, int minRank, boolean exactTau, SpectrumCache cache) {
        if (!(multiplier > 0)) {
            throw new IllegalArgumentException("EVBMF multiplier must be > 0, got " + multiplier);
        }
        if (minRank < 1) {
            throw new IllegalArgumentException("minimum rank must be >= 1, got " + minRank);
        }
        this.scheme = scheme;
        this.targets = targets;
        this.multiplier = multiplier;
        this.minRank = minRank;
        this.exactTau = exactTau;
        this.cache = cache == null ? new SpectrumCache() : cache;
    }

    /** The plain rule: Tucker-2 or matrix ranks, default targets, no multiplier, rank at least 1. */
    public static EvbmfRule of(Scheme scheme) {
        return new EvbmfRule(scheme, Targets.defaults(), 1.0, 1, false, null);
    }

    @Override
    public String id() {
        return "evbmf";
    }

    @Override
    public RankPlan select(SavedModel model) {
        List<LayerInfo> all =
                NetworkSpec.layers(model.manifest().network(), model.manifest().input());
        return plan(targets.select(all), model.weights()).resolve(all, scheme);
    }

    /** Plans the given layers from their weights ({@code <layer>.weight}). */
    public RankPlan plan(List<LayerInfo> layers, Map<String, Tensor> weights) {
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerInfo l : layers) {
            Tensor w = weights.get(l.name() + ".weight");
            if (w == null) {
                throw new IllegalArgumentException("no weight for layer '" + l.name() + "'");
            }
            Scheme s = RankRules.schemeFor(l, scheme);
            if (s == Scheme.TUCKER2) {
                int ro = rank(l.name(), w, s, 0, w.shape()[0]);
                int ri = rank(l.name(), w, s, 1, w.shape()[1]);
                // a core of Ro x Ri x kh x kw has mode ranks Ri <= Ro kh kw and Ro <= Ri kh kw: higher
                // ranks cannot be reached (HOOI cannot even fit them) and would only cost weights
                int spatial = w.shape()[2] * w.shape()[3];
                ri = Math.min(ri, ro * spatial);
                ro = Math.min(ro, ri * spatial);
                m.put(l.name(), LayerPlan.tucker2(ro, ri));
            } else {
                int[] vs = SpectrumCache.viewShape(w.shape(), s, -1);
                m.put(l.name(), LayerPlan.of(s, rank(l.name(), w, s, -1, Math.min(vs[0], vs[1]))));
            }
        }
        return new RankPlan(m);
    }

    /**
     * Returns the EVBMF plan whose multiplier (searched on a log scale in [1e-3, 1e3]) is the largest at
     * which {@code model} needs at most {@code targetMacs} MACs: EVBMF's relative ranks, scaled to a
     * budget. Layers at or above break-even stay dense.
     */
    public static RankPlan forBudget(
            SavedModel model,
            Scheme scheme,
            Targets targets,
            int minRank,
            boolean exactTau,
            double targetMacs,
            SpectrumCache cache) {
        List<LayerInfo> all =
                NetworkSpec.layers(model.manifest().network(), model.manifest().input());
        List<LayerInfo> planned = targets.select(all);
        SpectrumCache c = cache == null ? new SpectrumCache() : cache;
        return MethodSupport.cheapestAbove(
                model,
                k -> RankRules.capAtBreakEven(
                        new EvbmfRule(scheme, targets, 1 / k, minRank, exactTau, c)
                                .plan(planned, model.weights())
                                .resolve(all, scheme),
                        all),
                1e-3,
                1e3,
                targetMacs,
                true);
    }

    /** Returns the raw EVBMF estimate of one layer's view (mode -1, or 0/1 for Tucker-2). */
    public Evbmf.Result estimate(String layer, Tensor w, Scheme s, int mode) {
        int[] vs = SpectrumCache.viewShape(w.shape(), s, mode);
        double[] sv = cache.values(layer, w, s, mode, true);
        return Evbmf.estimate(sv, vs[0], vs[1], null, exactTau);
    }

    private int rank(String layer, Tensor w, Scheme s, int mode, int full) {
        int r = estimate(layer, w, s, mode).rank();
        int scaled = (int) Math.ceil(r * multiplier - 1e-9);
        return Math.min(full, Math.max(minRank, scaled));
    }
}
