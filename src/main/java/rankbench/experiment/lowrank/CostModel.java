package rankbench.experiment.lowrank;

import java.util.ArrayList;
import java.util.List;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.NetworkSpec;

/**
 * Parameters and MACs per layer and in total, dense versus a rank plan (docs/METHODS.md §1.3), and
 * break-even ranks. Factorized costs are counted on the very layer sequence {@link Factorizer}
 * builds, so they include the stride-2 input-resolution terms of R2, R2', R3 and Tucker-2, and the
 * bias (kept once, on the last layer). MACs are multiply-accumulates per image (FLOPs = 2 x MACs).
 */
public final class CostModel {

    private CostModel() {}

    /**
     * The cost of one layer under a plan.
     *
     * @param name layer name
     * @param scheme the planned scheme (null if the layer is not in the plan)
     * @param ranks {@code [r]}, or {@code [Ro, Ri]} for Tucker-2 (null if not in the plan)
     * @param fullRanks {@code [min(m, n)]} of the view, or {@code [Cout, Cin]} for Tucker-2 (null if not in the plan)
     * @param breakEven the rank at which the factorized weights are as many as the dense ones
     *     ({@code mn/(m+n)}; for Tucker-2 the equal-ranks value); NaN if not in the plan
     * @param factorized true if the layer is replaced by factor layers
     * @param aboveBreakEven true if the planned factorization has at least as many weights as the dense layer
     * @param denseParams parameters of the dense layer (with bias)
     * @param params parameters under the plan
     * @param denseMacs MACs of the dense layer
     * @param macs MACs under the plan
     */
    public record LayerCost(
            String name,
            Scheme scheme,
            List<Integer> ranks,
            List<Integer> fullRanks,
            double breakEven,
            boolean factorized,
            boolean aboveBreakEven,
            long denseParams,
            long params,
            long denseMacs,
            long macs) {}

    /**
     * Totals of a plan.
     *
     * @param layers per compressible layer, in forward order
     * @param baseParams all learnable parameters of the dense model (BN included)
     * @param params all learnable parameters under the plan
     * @param baseMacs MACs of all conv and linear layers, dense
     * @param macs MACs under the plan
     */
    public record Summary(List<LayerCost> layers, long baseParams, long params, long baseMacs, long macs) {}

    /** Returns the cost of a model (its layer tree and input) under a plan (resolved against its layers). */
    public static Summary of(LayerSpec.Sequence network, FeatureShape input, RankPlan plan) {
        List<LayerInfo> layers = NetworkSpec.layers(network, input);
        RankPlan resolved = plan.resolve(layers, Scheme.CHANNEL);
        long baseParams = NetworkSpec.parameterCount(network);
        long params = baseParams;
        long baseMacs = 0;
        long macs = 0;
        List<LayerCost> out = new ArrayList<>();
        for (LayerInfo l : layers) {
            LayerCost c = layer(l, resolved.get(l.name()));
            out.add(c);
            params += c.params() - c.denseParams();
            baseMacs += c.denseMacs();
            macs += c.macs();
        }
        return new Summary(List.copyOf(out), baseParams, params, baseMacs, macs);
    }

    /** Returns the cost of one layer under its plan (null: not planned, dense). */
    public static LayerCost layer(LayerInfo l, LayerPlan plan) {
        if (plan == null || plan.scheme() == null || (plan.rank() == null && plan.ranks() == null)) {
            return new LayerCost(
                    l.name(),
                    plan == null ? null : plan.scheme(),
                    null,
                    null,
                    Double.NaN,
                    false,
                    false,
                    l.params(),
                    l.params(),
                    l.macs(),
                    l.macs());
        }
        int[] shape = l.weightShape().stream().mapToInt(Integer::intValue).toArray();
        Scheme s = plan.scheme();
        List<Integer> ranks = s == Scheme.TUCKER2 ? plan.ranks() : List.of(plan.rank());
        List<Integer> full;
        if (s == Scheme.TUCKER2) {
            full = List.of(shape[0], shape[1]);
        } else {
            int[] ms = MatrixViews.matrixShape(shape, s);
            full = List.of(Math.min(ms[0], ms[1]));
        }
        LayerSpec.Sequence pair = Factorizer.pairSpec(l.spec(), plan);
        List<LayerInfo> parts = NetworkSpec.layers(pair, inputShape(l));
        long fParams = parts.stream().mapToLong(LayerInfo::params).sum();
        long fMacs = parts.stream().mapToLong(LayerInfo::macs).sum();
        long fWeights = fParams - biasCount(l);
        long denseWeights = l.params() - biasCount(l);
        boolean above = fWeights >= denseWeights;
        boolean fact = plan.factorized();
        return new LayerCost(
                l.name(),
                s,
                ranks,
                full,
                breakEven(shape, s),
                fact,
                above,
                l.params(),
                fact ? fParams : l.params(),
                l.macs(),
                fact ? fMacs : l.macs());
    }

    /** Returns the shape of the layer's input feature map ({@code in x 1 x 1} for linear layers). */
    public static FeatureShape inputShape(LayerInfo l) {
        if (!l.isConv()) {
            return new FeatureShape(l.weightShape().get(1), 1, 1);
        }
        return new FeatureShape(
                l.weightShape().get(1), l.inputSize().get(0), l.inputSize().get(1));
    }

    /**
     * Returns the break-even rank of a weight of {@code shape} under {@code scheme}: {@code mn/(m+n)} for
     * an {@code m x n} view (factorizing at rank r saves weights only if {@code r} is below it); for
     * Tucker-2 the value {@code r} with {@code Ro = Ri = r} where {@code Cin r + r^2 kh kw + r Cout}
     * equals {@code Cout Cin kh kw}.
     */
    public static double breakEven(int[] shape, Scheme scheme) {
        if (shape.length == 4 && scheme == Scheme.TUCKER2) {
            double a = (double) shape[2] * shape[3];
            double b = shape[0] + shape[1];
            double c = (double) shape[0] * shape[1] * shape[2] * shape[3];
            return (-b + Math.sqrt(b * b + 4 * a * c)) / (2 * a);
        }
        int[] ms = shape.length == 2 ? shape : MatrixViews.matrixShape(shape, scheme);
        return (double) ms[0] * ms[1] / (ms[0] + ms[1]);
    }

    /** Returns the largest whole rank strictly below break-even (0 if even rank 1 does not save weights). */
    public static int maxSavingRank(int[] shape, Scheme scheme) {
        double be = breakEven(shape, scheme);
        int r = (int) Math.ceil(be) - 1;
        return Math.max(0, r);
    }

    private static long biasCount(LayerInfo l) {
        if (l.spec() instanceof LayerSpec.Conv c) {
            return c.bias() ? c.outChannels() : 0;
        }
        LayerSpec.Dense d = (LayerSpec.Dense) l.spec();
        return d.bias() ? d.outFeatures() : 0;
    }
}
