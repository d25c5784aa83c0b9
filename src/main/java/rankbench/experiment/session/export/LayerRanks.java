package rankbench.experiment.session.export;

import java.util.ArrayList;
import java.util.List;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;

/**
 * The per-layer ranks of runs relative to a base model's compressible layers: for each layer whether it is
 * factorized, with which scheme and rank(s), and the full rank of its matrix view. Shared by the report's
 * rank table and rank chart and the per-run plan CSV, so all three say the same.
 */
final class LayerRanks {

    /**
     * One layer of one run.
     *
     * @param layer the layer name
     * @param shape the weight shape ({@code 16x16x3x3})
     * @param scheme the planned scheme id, or null if the layer is not in the plan
     * @param ranks {@code [r]} or {@code [Ro, Ri]} if planned (also for a layer kept dense, as information)
     * @param fullRank the full rank of the layer's view ({@code min(m, n)}; Tucker-2: Cout)
     * @param factorized true if the run's model factorizes the layer
     * @param reason why the layer was kept dense, or null
     * @param denseParams parameters of the dense layer
     * @param params parameters in the run's model
     * @param denseMacs MACs of the dense layer
     * @param macs MACs in the run's model
     */
    record Layer(
            String layer,
            String shape,
            String scheme,
            List<Integer> ranks,
            int fullRank,
            boolean factorized,
            String reason,
            long denseParams,
            long params,
            long denseMacs,
            long macs) {

        /** The height of the layer's bar: its (output) rank, or the full rank when dense. */
        int barRank() {
            return factorized && ranks != null ? ranks.get(0) : fullRank;
        }

        /** {@code 8}, {@code 12×8} (Tucker-2) or {@code dense}. */
        String text() {
            if (!factorized || ranks == null) {
                return "dense";
            }
            return ranks.size() == 1 ? String.valueOf(ranks.get(0)) : ranks.get(0) + "\u00d7" + ranks.get(1);
        }
    }

    private LayerRanks() {}

    /**
     * Every compressible layer of {@code base} under {@code plan}, in forward order.
     *
     * @throws IllegalArgumentException if the plan does not fit the base model's layers
     */
    static List<Layer> of(SavedModel base, RankPlan plan) {
        List<LayerInfo> infos =
                NetworkSpec.layers(base.manifest().network(), base.manifest().input());
        RankPlan resolved = plan.resolve(infos, Scheme.CHANNEL);
        List<Layer> out = new ArrayList<>();
        for (LayerInfo l : infos) {
            var p = resolved.get(l.name());
            CostModel.LayerCost c = CostModel.layer(l, p);
            int full = c.fullRanks() != null ? c.fullRanks().get(0) : defaultFullRank(l);
            out.add(new Layer(
                    l.name(),
                    shape(l.weightShape()),
                    c.scheme() == null ? null : c.scheme().id(),
                    c.ranks(),
                    full,
                    c.factorized(),
                    p == null ? null : p.reason(),
                    c.denseParams(),
                    c.params(),
                    c.denseMacs(),
                    c.macs()));
        }
        return out;
    }

    /** The layers of a run: relative to the base model, or to the run's own model for a training run. */
    static List<Layer> of(SavedModel base, Run run) {
        SavedModel m = run.kind() == RunKind.TRAIN && run.model() != null ? run.model() : base;
        return of(m, run.plan());
    }

    private static int defaultFullRank(LayerInfo l) {
        List<Integer> s = l.weightShape();
        if (!l.isConv()) {
            return Math.min(s.get(0), s.get(1));
        }
        int cols = 1;
        for (int i = 1; i < s.size(); i++) {
            cols *= s.get(i);
        }
        return Math.min(s.get(0), cols);
    }

    private static String shape(List<Integer> s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.size(); i++) {
            b.append(i == 0 ? "" : "x").append(s.get(i));
        }
        return b.toString();
    }
}
