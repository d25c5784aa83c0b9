package rankbench.experiment.lowrank;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.ParameterShapes;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

/**
 * Real factorization (docs/METHODS.md §1.2): builds a new model in which every planned layer becomes a
 * {@link LayerSpec.Sequence} named like the original layer with children {@code "0"}, {@code "1"}
 * (and {@code "2"} for Tucker-2), so {@code layer1.0.conv1.weight} becomes
 * {@code layer1.0.conv1.0.weight} and {@code layer1.0.conv1.1.weight}. The original bias moves to the
 * last layer; batch norm and ReLU that followed the layer follow the sequence unchanged.
 *
 * <p>The truncated SVD {@code M ~= A B} is split as {@code A = U_r diag(s_r)^a},
 * {@code B = diag(s_r)^(1-a) V_r^T} with {@code a = } {@link #SPLIT} (balanced factors). The
 * factorized network computes exactly what the projected dense network computes (up to float
 * rounding): the product of the factors is the truncated reconstruction {@link Projection} writes.
 */
public final class Factorizer {

    /** The SVD split exponent {@code a}: each factor carries {@code sqrt(s)}. */
    public static final double SPLIT = 0.5;

    private Factorizer() {}

    /**
     * The factor layers of one layer.
     *
     * @param spec the replacing sequence (named like the original layer)
     * @param weights the sequence's parameters under local names ({@code 0.weight}, {@code 1.bias}, ...)
     */
    public record Factors(LayerSpec.Sequence spec, Map<String, Tensor> weights) {}

    /** Returns the layer sequence (geometry only) that replaces {@code layer} under {@code plan}. */
    public static LayerSpec.Sequence pairSpec(LayerSpec layer, LayerPlan plan) {
        if (layer instanceof LayerSpec.Dense d) {
            int r = plan.rank();
            return new LayerSpec.Sequence(
                    d.name(),
                    List.of(
                            new LayerSpec.Dense("0", d.inFeatures(), r, false),
                            new LayerSpec.Dense("1", r, d.outFeatures(), d.bias())));
        }
        if (!(layer instanceof LayerSpec.Conv c)) {
            throw new IllegalArgumentException("only conv and linear layers can be factorized, not " + layer.name());
        }
        int cin = c.inChannels();
        int cout = c.outChannels();
        int kh = c.kernelH();
        int kw = c.kernelW();
        List<LayerSpec> l = switch (plan.scheme()) {
            case CHANNEL ->
                List.of(
                        c.sameGeometry("0", cin, plan.rank(), false),
                        new LayerSpec.Conv("1", plan.rank(), cout, 1, 1, 1, 1, 0, 0, c.bias()));
            case SPATIAL ->
                List.of(
                        new LayerSpec.Conv("0", cin, plan.rank(), 1, kw, 1, c.strideW(), 0, c.padW(), false),
                        new LayerSpec.Conv("1", plan.rank(), cout, kh, 1, c.strideH(), 1, c.padH(), 0, c.bias()));
            case SPATIAL_VH ->
                List.of(
                        new LayerSpec.Conv("0", cin, plan.rank(), kh, 1, c.strideH(), 1, c.padH(), 0, false),
                        new LayerSpec.Conv("1", plan.rank(), cout, 1, kw, 1, c.strideW(), 0, c.padW(), c.bias()));
            case INPUT ->
                List.of(
                        new LayerSpec.Conv("0", cin, plan.rank(), 1, 1, 1, 1, 0, 0, false),
                        c.sameGeometry("1", plan.rank(), cout, c.bias()));
            case TUCKER2 ->
                List.of(
                        new LayerSpec.Conv("0", cin, plan.inRank(), 1, 1, 1, 1, 0, 0, false),
                        c.sameGeometry("1", plan.inRank(), plan.outRank(), false),
                        new LayerSpec.Conv("2", plan.outRank(), cout, 1, 1, 1, 1, 0, 0, c.bias()));
            case LINEAR -> throw new IllegalArgumentException("conv " + c.name() + " cannot use scheme linear");
        };
        return new LayerSpec.Sequence(c.name(), l);
    }

    /**
     * Factorizes one layer's weights.
     *
     * @param layer the conv or linear layer
     * @param weight its weight (OIHW or {@code out x in})
     * @param bias its bias, or null
     * @param plan a resolved, factorizing plan
     * @param cache SVD cache (may be null)
     * @param cacheKey the layer name under which the cache stores the SVD
     */
    public static Factors factorLayer(
            LayerSpec layer, Tensor weight, Tensor bias, LayerPlan plan, SpectrumCache cache, String cacheKey) {
        LayerSpec.Sequence spec = pairSpec(layer, plan);
        SpectrumCache c = cache == null ? new SpectrumCache() : cache;
        int[] shape = weight.shape();
        LinkedHashMap<String, Tensor> w = new LinkedHashMap<>();
        Scheme s = shape.length == 2 ? Scheme.LINEAR : plan.scheme();
        String last;
        if (s == Scheme.TUCKER2) {
            Tucker t = Tucker.of(weight, plan.outRank(), plan.inRank(), c, cacheKey);
            w.put(
                    "0.weight",
                    new Tensor(
                            new int[] {plan.inRank(), shape[1], 1, 1},
                            toFloat(t.pIn().transpose())));
            w.put("1.weight", t.core());
            w.put("2.weight", new Tensor(new int[] {shape[0], plan.outRank(), 1, 1}, toFloat(t.pOut())));
            last = "2";
        } else {
            int r = plan.rank();
            Svd.Decomposition d = c.svd(cacheKey, weight, s, -1);
            Matrix a = d.left(r, SPLIT);
            Matrix b = d.right(r, 1 - SPLIT);
            Tensor first;
            Tensor second;
            switch (s) {
                case LINEAR -> {
                    first = new Tensor(new int[] {r, shape[1]}, toFloat(b));
                    second = new Tensor(new int[] {shape[0], r}, toFloat(a));
                }
                case CHANNEL -> {
                    first = new Tensor(new int[] {r, shape[1], shape[2], shape[3]}, toFloat(b));
                    second = new Tensor(new int[] {shape[0], r, 1, 1}, toFloat(a));
                }
                case SPATIAL -> {
                    // B (r x Cin*kw) is (r, Cin, 1, kw) row-major; weight[n,k,i,0] = A[n*kh+i, k].
                    first = new Tensor(new int[] {r, shape[1], 1, shape[3]}, toFloat(b));
                    second = new Tensor(new int[] {shape[0], r, shape[2], 1}, permuteRows(a, shape[0], shape[2]));
                }
                case SPATIAL_VH -> {
                    // weight[k,c,i,0] = A[c*kh+i, k]; weight[n,k,0,j] = B[k, n*kw+j].
                    first = new Tensor(new int[] {r, shape[1], shape[2], 1}, toFloat(a.transpose()));
                    second = new Tensor(new int[] {shape[0], r, 1, shape[3]}, permuteCols(b, shape[0], shape[3]));
                }
                case INPUT -> {
                    // weight[n,k,i,j] = A[(n*kh+i)*kw+j, k].
                    first = new Tensor(new int[] {r, shape[1], 1, 1}, toFloat(b));
                    second = new Tensor(
                            new int[] {shape[0], r, shape[2], shape[3]}, permuteRows(a, shape[0], shape[2] * shape[3]));
                }
                default -> throw new IllegalArgumentException("unsupported scheme " + s.id());
            }
            w.put("0.weight", first);
            w.put("1.weight", second);
            last = "1";
        }
        if (bias != null) {
            w.put(last + ".bias", bias.copy());
        }
        return new Factors(spec, w);
    }

    /**
     * Builds the factorized model: a new manifest whose layer tree has each planned layer replaced by
     * its layer sequence, and the matching weights. The result loads with {@code ModelFiles} and
     * {@link SavedModel#toNetwork()} like any model.
     */
    public static SavedModel factorize(SavedModel model, RankPlan plan) {
        return factorize(model, plan, null);
    }

    /** As {@link #factorize(SavedModel, RankPlan)}, reusing SVDs from {@code cache} (may be null). */
    public static SavedModel factorize(SavedModel model, RankPlan plan, SpectrumCache cache) {
        ModelManifest m = model.manifest();
        List<LayerInfo> layers = NetworkSpec.layers(m.network(), m.input());
        RankPlan resolved = plan.resolve(layers, Scheme.CHANNEL);
        Map<String, LayerSpec> replacements = new LinkedHashMap<>();
        Map<String, Tensor> factorWeights = new LinkedHashMap<>();
        for (LayerInfo l : layers) {
            LayerPlan p = resolved.get(l.name());
            if (p == null || !p.factorized()) {
                continue;
            }
            Tensor w = model.weights().get(l.name() + ".weight");
            Tensor b = model.weights().get(l.name() + ".bias");
            Factors f = factorLayer(l.spec(), w, b, p, cache, l.name());
            replacements.put(l.name(), f.spec());
            f.weights().forEach((k, v) -> factorWeights.put(l.name() + "." + k, v));
        }
        LayerSpec.Sequence tree = NetworkSpec.replaceLayers(m.network(), replacements);
        LinkedHashMap<String, Tensor> weights = new LinkedHashMap<>();
        for (String name : ParameterShapes.of(tree).keySet()) {
            Tensor t = factorWeights.containsKey(name)
                    ? factorWeights.get(name)
                    : model.weights().get(name);
            if (t == null) {
                throw new IllegalStateException("no weight for " + name);
            }
            weights.put(name, t);
        }
        String arch = m.architecture() == null ? "custom" : m.architecture();
        if (!replacements.isEmpty() && !arch.endsWith("(low-rank)")) {
            arch = arch + " (low-rank)";
        }
        ModelManifest out = new ModelManifest(
                ModelFiles.FORMAT_VERSION, arch, m.input(), m.classes(), m.mean(), m.std(), tree, m.training(), null);
        return new SavedModel(out, weights);
    }

    static float[] toFloat(Matrix m) {
        double[] d = m.data();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /**
     * Reorders a matrix {@code A} with rows {@code (n*inner + q)} and columns {@code k} into a tensor
     * {@code [n, k, q]} (row-major): {@code out[(n*r + k)*inner + q] = A[n*inner + q, k]}.
     */
    private static float[] permuteRows(Matrix a, int outer, int inner) {
        int r = a.cols();
        float[] out = new float[a.rows() * r];
        for (int n = 0; n < outer; n++) {
            for (int q = 0; q < inner; q++) {
                int row = (n * inner + q) * r;
                for (int k = 0; k < r; k++) {
                    out[(n * r + k) * inner + q] = (float) a.data()[row + k];
                }
            }
        }
        return out;
    }

    /**
     * Reorders a matrix {@code B} ({@code r x (outer*inner)}, column {@code n*inner + q}) into a tensor
     * {@code [n, k, q]}: {@code out[(n*r + k)*inner + q] = B[k, n*inner + q]}.
     */
    private static float[] permuteCols(Matrix b, int outer, int inner) {
        int r = b.rows();
        int cols = b.cols();
        float[] out = new float[r * cols];
        for (int k = 0; k < r; k++) {
            for (int n = 0; n < outer; n++) {
                for (int q = 0; q < inner; q++) {
                    out[(n * r + k) * inner + q] = (float) b.data()[k * cols + n * inner + q];
                }
            }
        }
        return out;
    }
}
