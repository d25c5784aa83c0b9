package rankbench.experiment.lowrank;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.Tensor;

/**
 * Projection in place: each planned layer's dense weight is replaced by its truncated
 * reconstruction (rank-r SVD of the scheme's view, or the Tucker-2 HOSVD projection). The model keeps
 * its structure; every other parameter is left bit-identical. Used for instant what-if accuracy and
 * by projection-based methods.
 */
public final class Projection {

    private Projection() {}

    /** Returns the truncated reconstruction of one layer's weight under a factorizing plan. */
    public static Tensor project(Tensor weight, LayerPlan plan, SpectrumCache cache, String layer) {
        SpectrumCache c = cache == null ? new SpectrumCache() : cache;
        if (weight.shape().length == 4 && plan.scheme() == Scheme.TUCKER2) {
            return Tucker.project(weight, plan.outRank(), plan.inRank(), c, layer);
        }
        Scheme s = weight.shape().length == 2 ? Scheme.LINEAR : plan.scheme();
        Matrix m = c.svd(layer, weight, s, -1).truncate(plan.rank());
        return MatrixViews.toTensor(m, s, weight.shape());
    }

    /**
     * Tiled projection (docs/METHODS.md §5, S3): the scheme's matrix view is split into {@code tiles}
     * contiguous column blocks of near-equal width and each block is replaced by its own rank-{@code tileRank}
     * truncation. Tiles do not map to a pair of conv layers, so a tiled layer stays dense at export.
     *
     * @return the projected weight (same shape)
     */
    public static Tensor projectTiled(Tensor weight, Scheme scheme, int tiles, int tileRank) {
        Scheme s = weight.shape().length == 2 ? Scheme.LINEAR : scheme;
        if (s == Scheme.TUCKER2) {
            throw new IllegalArgumentException("tiled projection needs a matrix scheme, not tucker2");
        }
        Matrix m = MatrixViews.toMatrix(weight, s);
        if (tiles < 1 || tiles > m.cols()) {
            throw new IllegalArgumentException("tiles must be in 1.." + m.cols() + ", got " + tiles);
        }
        if (tileRank < 1) {
            throw new IllegalArgumentException("tile rank must be >= 1, got " + tileRank);
        }
        Matrix out = Matrix.zeros(m.rows(), m.cols());
        for (int t = 0; t < tiles; t++) {
            int c0 = tileStart(m.cols(), tiles, t);
            int c1 = tileStart(m.cols(), tiles, t + 1);
            Matrix block = Matrix.zeros(m.rows(), c1 - c0);
            for (int i = 0; i < m.rows(); i++) {
                System.arraycopy(m.data(), i * m.cols() + c0, block.data(), i * block.cols(), c1 - c0);
            }
            Svd.Decomposition d = Svd.thin(block);
            Matrix b = d.truncate(Math.min(tileRank, d.p()));
            for (int i = 0; i < m.rows(); i++) {
                System.arraycopy(b.data(), i * b.cols(), out.data(), i * m.cols() + c0, c1 - c0);
            }
        }
        return MatrixViews.toTensor(out, s, weight.shape());
    }

    /** Returns the first column of tile {@code t} when {@code cols} columns are split into {@code tiles}. */
    public static int tileStart(int cols, int tiles, int t) {
        return (int) ((long) cols * t / tiles);
    }

    /**
     * Returns the per-tile rank whose storage {@code T * r_t * (m + n/T) = r_t (T m + n)} does not exceed
     * that of one rank-{@code rank} factorization, {@code rank (m + n)} (at least 1).
     */
    public static int tileRank(int rows, int cols, int tiles, int rank) {
        return Math.max(1, (int) Math.floor((double) rank * (rows + cols) / ((double) tiles * rows + cols)));
    }

    /**
     * Projects every factorized layer of {@code plan} in the network's weights, in place.
     *
     * @return the Frobenius error {@code ||W - W_hat||_F} of each projected layer
     */
    public static Map<String, Double> apply(Network net, RankPlan plan, SpectrumCache cache) {
        RankPlan resolved = plan.resolve(net.layers(), Scheme.CHANNEL);
        Map<String, Double> errors = new LinkedHashMap<>();
        for (Map.Entry<String, LayerPlan> e : resolved.layers().entrySet()) {
            if (!e.getValue().factorized()) {
                continue;
            }
            String name = e.getKey() + ".weight";
            Tensor w = net.weight(name);
            Tensor p = project(w, e.getValue(), cache, e.getKey());
            net.setWeight(name, p);
            errors.put(e.getKey(), distance(w, p));
        }
        return errors;
    }

    /** Returns a copy of {@code weights} with every factorized layer of {@code plan} projected. */
    public static Map<String, Tensor> apply(
            Map<String, Tensor> weights, List<LayerInfo> layers, RankPlan plan, SpectrumCache cache) {
        RankPlan resolved = plan.resolve(layers, Scheme.CHANNEL);
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>(weights);
        for (Map.Entry<String, LayerPlan> e : resolved.layers().entrySet()) {
            if (e.getValue().factorized()) {
                String name = e.getKey() + ".weight";
                out.put(name, project(weights.get(name), e.getValue(), cache, e.getKey()));
            }
        }
        return out;
    }

    private static double distance(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = (double) a.data()[i] - b.data()[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
