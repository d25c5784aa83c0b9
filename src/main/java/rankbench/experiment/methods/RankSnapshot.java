package rankbench.experiment.methods;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.SavedModel;

/**
 * The payload of a {@code ranks} method update: every target layer's current rank and spectrum.
 *
 * @param method method id
 * @param phase what produced it ({@code projection}, {@code c-step}, {@code pruning}, {@code export}, ...)
 * @param epoch zero-based epoch (or LC step)
 * @param step optimizer steps so far
 * @param layers per layer
 */
public record RankSnapshot(String method, String phase, int epoch, long step, List<Layer> layers) {

    /**
     * One layer.
     *
     * @param name layer name
     * @param scheme the view the spectrum is of
     * @param rank current rank ({@code [r]} or {@code [Ro, Ri]})
     * @param fullRank largest possible rank(s)
     * @param spectrum singular values (descending; mode-0 values for Tucker-2)
     */
    public record Layer(String name, String scheme, List<Integer> rank, List<Integer> fullRank, double[] spectrum) {}

    /** Returns the total of the first rank of every layer (for logs). */
    public int totalRank() {
        return layers.stream().mapToInt(l -> l.rank().get(0)).sum();
    }

    /**
     * Parameters and MACs of {@code base} factorized at this snapshot's ranks (layers at full rank count as
     * dense), or empty if the snapshot names layers {@code base} does not have (an expanded or tiled network).
     */
    public Optional<CostModel.Summary> costOn(SavedModel base) {
        try {
            Map<String, LayerPlan> m = new LinkedHashMap<>();
            for (Layer l : layers) {
                if (l.rank().equals(l.fullRank())) {
                    continue;
                }
                Scheme scheme = Scheme.fromId(l.scheme());
                m.put(
                        l.name(),
                        scheme == Scheme.TUCKER2 && l.rank().size() == 2
                                ? LayerPlan.tucker2(l.rank().get(0), l.rank().get(1))
                                : LayerPlan.of(scheme, l.rank().get(0)));
            }
            return Optional.of(
                    CostModel.of(base.manifest().network(), base.manifest().input(), new RankPlan(m)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // layers or ranks the base model does not have
        }
    }
}
