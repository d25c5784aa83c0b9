package rankbench.experiment.lowrank;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import rankbench.experiment.model.LayerInfo;

/**
 * The measured latency of one layer: dense, and factorized at each candidate scheme and rank. The
 * time of a factorized layer rises in steps with the rank (the engine's kernels work on blocks of
 * channels), hence the name. Candidates are multiples of a hardware-friendly {@code multiple} with
 * fewer weights than the dense layer (below break-even).
 *
 * @param denseMs median ms of the dense layer
 * @param steps the factorized forms measured, in candidate order (may be empty)
 */
public record LatencyStaircase(double denseMs, List<Step> steps) {

    /**
     * One factorized form.
     *
     * @param plan the scheme and rank (a factorizing plan)
     * @param ms its median ms
     */
    public record Step(LayerPlan plan, double ms) {

        /** Checks the plan factorizes and the time is a positive finite number. */
        public Step {
            if (plan == null || plan.scheme() == null || !plan.factorized()) {
                throw new IllegalArgumentException("a staircase step needs a factorizing plan, got " + plan);
            }
            if (plan.scheme() == Scheme.TUCKER2
                    ? plan.ranks() == null || plan.rank() != null
                    : plan.rank() == null || plan.ranks() != null) {
                throw new IllegalArgumentException("a staircase step needs a rank (Tucker-2: two ranks), got " + plan);
            }
            if (!(ms > 0) || Double.isInfinite(ms)) {
                throw new IllegalArgumentException("a measured time must be a positive number of ms, got " + ms);
            }
        }
    }

    /** Checks the dense time and copies the steps. */
    public LatencyStaircase {
        if (!(denseMs > 0) || Double.isInfinite(denseMs)) {
            throw new IllegalArgumentException("a measured time must be a positive number of ms, got " + denseMs);
        }
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
    }

    /** Returns the steps measured strictly faster than the dense layer. */
    public List<Step> faster() {
        return steps.stream().filter(s -> s.ms() < denseMs).toList();
    }

    /**
     * Returns the time of the layer under {@code plan}: the dense time if the plan is null or keeps the
     * layer dense, the step's time if the plan's scheme and ranks were measured, else NaN.
     */
    public double ms(LayerPlan plan) {
        if (plan == null || !plan.factorized()) {
            return denseMs;
        }
        for (Step s : steps) {
            if (sameForm(s.plan(), plan)) {
                return s.ms();
            }
        }
        return Double.NaN;
    }

    /** Returns true if two plans have the same scheme and ranks (reasons and flags aside). */
    static boolean sameForm(LayerPlan a, LayerPlan b) {
        return a.scheme() == b.scheme() && Objects.equals(a.rank(), b.rank()) && Objects.equals(a.ranks(), b.ranks());
    }

    /**
     * The candidate forms of a layer: for each scheme (linear layers: {@link Scheme#LINEAR} only; a
     * conv ignores {@code LINEAR}), the ranks {@code multiple, 2 multiple, ...} with fewer weights than
     * the dense layer. Tucker-2 keeps {@code Ro/Cout ~= Ri/Cin}, each rank a multiple (or the full
     * channel count when that is smaller than the multiple).
     */
    public static List<LayerPlan> candidates(LayerInfo l, List<Scheme> schemes, int multiple) {
        if (multiple < 1) {
            throw new IllegalArgumentException("the rank multiple must be >= 1, got " + multiple);
        }
        int[] shape = RankRules.shape(l);
        List<Scheme> use = l.isConv()
                ? schemes.stream().filter(s -> s != Scheme.LINEAR).distinct().toList()
                : List.of(Scheme.LINEAR);
        Set<LayerPlan> out = new LinkedHashSet<>();
        for (Scheme s : use) {
            if (s == Scheme.TUCKER2) {
                int big = Math.max(shape[0], shape[1]);
                for (int t = multiple; t <= big; t += multiple) {
                    LayerPlan p =
                            LayerPlan.tucker2(scaled(t, shape[0], big, multiple), scaled(t, shape[1], big, multiple));
                    if (!CostModel.layer(l, p).aboveBreakEven()) {
                        out.add(p);
                    }
                }
            } else {
                int max = CostModel.maxSavingRank(shape, s);
                for (int r = multiple; r <= max; r += multiple) {
                    out.add(LayerPlan.of(s, r));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** {@code t * channels / big} rounded to a multiple (at least one multiple), at most {@code channels}. */
    private static int scaled(int t, int channels, int big, int multiple) {
        if (channels <= multiple) {
            return channels;
        }
        long r = Math.round((double) t * channels / big / multiple) * multiple;
        return (int) Math.min(channels, Math.max(multiple, r));
    }
}
