package rankbench.experiment.methods;

import java.util.List;

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
}
