package rankbench.experiment.lowrank;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measured latency staircases of a model's compressible layers, in forward order. Layers that are
 * not candidates for factorization carry only their dense time (no steps), so the per-layer sum
 * covers every conv and linear layer of the model; batch norm, activations and additions are not
 * counted.
 *
 * @param layers staircase by layer name
 */
public record LatencyTable(Map<String, LatencyStaircase> layers) {

    /** Copies the map in its order; a layer without a staircase is refused. */
    public LatencyTable {
        LinkedHashMap<String, LatencyStaircase> copy = new LinkedHashMap<>(layers == null ? Map.of() : layers);
        copy.forEach((k, v) -> {
            if (v == null) {
                throw new IllegalArgumentException("layer '" + k + "' has no staircase");
            }
        });
        layers = Collections.unmodifiableMap(copy);
    }

    /** Returns the sum of the dense times. */
    public double denseMs() {
        return layers.values().stream().mapToDouble(LatencyStaircase::denseMs).sum();
    }

    /**
     * Returns the sum of the per-layer times under {@code plan} (unlisted or kept-dense layers count
     * dense). A factorized form the table has not measured is an error naming the layer.
     */
    public double ms(RankPlan plan) {
        double sum = 0;
        for (Map.Entry<String, LatencyStaircase> e : layers.entrySet()) {
            LayerPlan p = plan.get(e.getKey());
            double t = e.getValue().ms(p);
            if (Double.isNaN(t)) {
                throw new IllegalArgumentException(
                        "layer '" + e.getKey() + "': the latency table has no measurement of "
                                + p.scheme().id() + " at rank " + (p.ranks() != null ? p.ranks() : p.rank()));
            }
            sum += t;
        }
        return sum;
    }
}
