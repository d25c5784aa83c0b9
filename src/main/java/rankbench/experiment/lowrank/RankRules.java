package rankbench.experiment.lowrank;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Tensor;

/**
 * Rules that fill a {@link RankPlan}: explicit rank, energy kept, singular-value threshold, uniform
 * parameter ratio; and rules that adjust one: cap at break-even, round to a multiple, keep the
 * measured-faster form. Every rule plans all given layers (linear layers always as {@code out x in});
 * ranks are never below 1 nor above the full rank.
 */
public final class RankRules {

    private RankRules() {}

    /** Plans every layer at rank {@code r} (clamped to each layer's full rank); Tucker-2 uses (r, r). */
    public static RankPlan uniformRank(List<LayerInfo> layers, Scheme scheme, int r) {
        if (r < 1) {
            throw new IllegalArgumentException("rank must be >= 1, got " + r);
        }
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerInfo l : layers) {
            Scheme s = schemeFor(l, scheme);
            int[] shape = shape(l);
            if (s == Scheme.TUCKER2) {
                m.put(l.name(), LayerPlan.tucker2(Math.min(r, shape[0]), Math.min(r, shape[1])));
            } else {
                m.put(l.name(), LayerPlan.of(s, Math.min(r, fullRank(shape, s))));
            }
        }
        return new RankPlan(m);
    }

    /**
     * Plans each layer at the smallest rank keeping at least {@code keep} of its spectral energy
     * ({@code sum s_i^2}); for Tucker-2 each unfolding separately.
     */
    public static RankPlan energy(
            List<LayerInfo> layers, Map<String, Tensor> weights, Scheme scheme, double keep, SpectrumCache cache) {
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("energy to keep must be in (0, 1], got " + keep);
        }
        return bySpectrum(layers, weights, scheme, cache, s -> Svd.energyRank(s, keep));
    }

    /** Plans each layer at the number of singular values {@code >= t} (at least 1). */
    public static RankPlan threshold(
            List<LayerInfo> layers, Map<String, Tensor> weights, Scheme scheme, double t, SpectrumCache cache) {
        if (!(t >= 0)) {
            throw new IllegalArgumentException("threshold must be >= 0, got " + t);
        }
        return bySpectrum(layers, weights, scheme, cache, s -> Math.max(1, Svd.valueRank(s, t)));
    }

    private static RankPlan bySpectrum(
            List<LayerInfo> layers,
            Map<String, Tensor> weights,
            Scheme scheme,
            SpectrumCache cache,
            ToIntFunction<double[]> rule) {
        SpectrumCache c = cache == null ? new SpectrumCache() : cache;
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerInfo l : layers) {
            Tensor w = weights.get(l.name() + ".weight");
            if (w == null) {
                throw new IllegalArgumentException("no weight for layer '" + l.name() + "'");
            }
            Scheme s = schemeFor(l, scheme);
            m.put(
                    l.name(),
                    s == Scheme.TUCKER2
                            ? fromSpectra(s, c.values(l.name(), w, s, 0, true), c.values(l.name(), w, s, 1, true), rule)
                            : fromSpectra(s, c.values(l.name(), w, s, -1, true), null, rule));
        }
        return new RankPlan(m);
    }

    /**
     * The plan of one layer chosen by a spectrum rule: {@code rank = rule(spectrum)} for a matrix scheme,
     * {@code (Ro, Ri) = (rule(mode-0 spectrum), rule(mode-1 spectrum))} for Tucker-2; ranks at least 1.
     *
     * @param scheme the layer's scheme
     * @param spectrum singular values of the scheme's view (Tucker-2: of the mode-0 unfolding)
     * @param inputSpectrum Tucker-2 only: singular values of the mode-1 unfolding (else ignored)
     * @param rule the rank a spectrum gets
     */
    public static LayerPlan fromSpectra(
            Scheme scheme, double[] spectrum, double[] inputSpectrum, ToIntFunction<double[]> rule) {
        if (scheme == Scheme.TUCKER2) {
            return LayerPlan.tucker2(
                    Math.max(1, rule.applyAsInt(spectrum)), Math.max(1, rule.applyAsInt(inputSpectrum)));
        }
        return LayerPlan.of(scheme, Math.max(1, rule.applyAsInt(spectrum)));
    }

    /**
     * Plans each layer at the largest rank whose factorized parameters are at most {@code ratio} times
     * the dense layer's (at least rank 1). For Tucker-2, {@code Ro/Cout ~= Ri/Cin}.
     */
    public static RankPlan parameterRatio(List<LayerInfo> layers, Scheme scheme, double ratio) {
        if (!(ratio > 0)) {
            throw new IllegalArgumentException("parameter ratio must be > 0, got " + ratio);
        }
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerInfo l : layers) {
            Scheme s = schemeFor(l, scheme);
            int[] shape = shape(l);
            double budget = ratio * l.params();
            LayerPlan best;
            if (s == Scheme.TUCKER2) {
                best = LayerPlan.tucker2(1, 1);
                for (int ro = 1; ro <= shape[0]; ro++) {
                    int ri = Math.max(1, Math.min(shape[1], (int) Math.round((double) ro * shape[1] / shape[0])));
                    LayerPlan p = LayerPlan.tucker2(ro, ri);
                    if (CostModel.layer(l, p).params() <= budget) {
                        best = p;
                    }
                }
            } else {
                best = LayerPlan.of(s, 1);
                for (int r = 1; r <= fullRank(shape, s); r++) {
                    LayerPlan p = LayerPlan.of(s, r);
                    if (CostModel.layer(l, p).params() <= budget) {
                        best = p;
                    } else {
                        break;
                    }
                }
            }
            m.put(l.name(), best);
        }
        return new RankPlan(m);
    }

    /**
     * Keeps dense every factorized layer whose factorization has at least as many weights as the dense
     * layer (rank at or above break-even).
     */
    public static RankPlan capAtBreakEven(RankPlan plan, List<LayerInfo> layers) {
        Map<String, LayerInfo> byName = byName(layers);
        return plan.map((name, p) -> {
            if (!p.factorized()) {
                return p;
            }
            CostModel.LayerCost c = CostModel.layer(byName.get(name), p);
            if (c.aboveBreakEven()) {
                return p.keptDense(String.format(
                        Locale.ROOT, "rank %s is at or above break-even %.1f", rankText(p), c.breakEven()));
            }
            return p;
        });
    }

    /**
     * Rounds every rank up to a multiple of {@code k} for hardware-friendly shapes, never above the full
     * rank (then rounds down to a multiple, or keeps the rank if no multiple fits) and never below 1.
     */
    public static RankPlan roundTo(RankPlan plan, List<LayerInfo> layers, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("round-to multiple must be >= 1, got " + k);
        }
        Map<String, LayerInfo> byName = byName(layers);
        return plan.map((name, p) -> {
            if (p.scheme() == null || (p.rank() == null && p.ranks() == null)) {
                return p;
            }
            int[] shape = shape(byName.get(name));
            if (p.scheme() == Scheme.TUCKER2) {
                LayerPlan t = LayerPlan.tucker2(round(p.outRank(), k, shape[0]), round(p.inRank(), k, shape[1]));
                return p.keepDense() ? t.keptDense(p.reason()) : t;
            }
            LayerPlan r = LayerPlan.of(p.scheme(), round(p.rank(), k, fullRank(shape, p.scheme())));
            return p.keepDense() ? r.keptDense(p.reason()) : r;
        });
    }

    /** Rounds {@code r} up to a multiple of {@code k} within {@code [1, full]}. */
    static int round(int r, int k, int full) {
        int up = (r + k - 1) / k * k;
        if (up <= full) {
            return Math.max(1, up);
        }
        int down = full / k * k;
        return down >= 1 ? down : Math.max(1, Math.min(r, full));
    }

    /** Keeps dense every factorized layer that was measured slower than its dense form. */
    public static RankPlan keepFaster(RankPlan plan, Map<String, LatencyMeter.LayerLatency> measured) {
        return plan.map((name, p) -> {
            LatencyMeter.LayerLatency t = measured.get(name);
            if (p.factorized() && t != null && t.factoredMs() >= t.denseMs()) {
                return p.keptDense(String.format(
                        Locale.ROOT,
                        "factorized form measured slower (%.2f ms vs %.2f ms)",
                        t.factoredMs(),
                        t.denseMs()));
            }
            return p;
        });
    }

    /** Returns the scheme a layer uses when {@code requested} is asked for: linear layers always {@code LINEAR}. */
    public static Scheme schemeFor(LayerInfo l, Scheme requested) {
        return l.isConv() ? requested : Scheme.LINEAR;
    }

    private static String rankText(LayerPlan p) {
        return p.scheme() == Scheme.TUCKER2 ? p.ranks().toString() : String.valueOf(p.rank());
    }

    private static Map<String, LayerInfo> byName(List<LayerInfo> layers) {
        Map<String, LayerInfo> m = new LinkedHashMap<>();
        layers.forEach(l -> m.put(l.name(), l));
        return m;
    }

    static int[] shape(LayerInfo l) {
        return l.weightShape().stream().mapToInt(Integer::intValue).toArray();
    }

    static int fullRank(int[] shape, Scheme s) {
        int[] ms = shape.length == 2 ? shape : MatrixViews.matrixShape(shape, s);
        return Math.min(ms[0], ms[1]);
    }
}
