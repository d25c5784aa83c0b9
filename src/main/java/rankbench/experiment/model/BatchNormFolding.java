package rankbench.experiment.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Folds every batch norm that directly follows a convolution (or a sequence ending in one, such as a
 * factorized layer's factor convolutions) into that convolution, for inference:
 * {@code BN(conv(x; W, b)) = conv(x; W', b')} with {@code s = gamma / sqrt(var + eps)},
 * {@code W'[o] = s[o] W[o]} and {@code b' = s (b - mean) + beta} (Ioffe and Szegedy 2015, eval-mode
 * statistics). The folded network computes the same function with one op less per conv; results agree with
 * the unfolded network up to float rounding.
 *
 * <p>A folded conv keeps its name (and gets a bias); the batch norm disappears. {@link #foldWeight} folds a
 * new weight of a folded conv (e.g. a low-rank projection of the original) the same way.
 */
public final class BatchNormFolding {

    /** Batch-norm epsilon of every {@link LayerSpec.BatchNorm} (PyTorch's default). */
    static final double EPS = 1e-5;

    private final LayerSpec.Sequence spec;
    private final LinkedHashMap<String, Tensor> weights;
    private final Map<String, float[]> scales;

    private BatchNormFolding(LayerSpec.Sequence spec, LinkedHashMap<String, Tensor> weights, Map<String, float[]> s) {
        this.spec = spec;
        this.weights = weights;
        this.scales = s;
    }

    /** Folds the batch norms of {@code spec} with weights {@code weights} (left unchanged). */
    public static BatchNormFolding fold(LayerSpec.Sequence spec, Map<String, Tensor> weights) {
        Map<String, String> convToBn = new LinkedHashMap<>();
        LayerSpec.Sequence folded = (LayerSpec.Sequence) rewrite(spec, "", convToBn);
        Map<String, float[]> scales = new LinkedHashMap<>();
        Map<String, float[]> biases = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : convToBn.entrySet()) {
            String bn = e.getValue();
            float[] gamma = weights.get(bn + ".weight").data();
            float[] beta = weights.get(bn + ".bias").data();
            float[] mean = weights.get(bn + ".running_mean").data();
            float[] var = weights.get(bn + ".running_var").data();
            Tensor convBias = weights.get(e.getKey() + ".bias");
            float[] s = new float[gamma.length];
            float[] b = new float[gamma.length];
            for (int o = 0; o < s.length; o++) {
                double so = gamma[o] / Math.sqrt(var[o] + EPS);
                s[o] = (float) so;
                double b0 = convBias == null ? 0 : convBias.data()[o];
                b[o] = (float) (so * (b0 - mean[o]) + beta[o]);
            }
            scales.put(e.getKey(), s);
            biases.put(e.getKey(), b);
        }
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> w : weights.entrySet()) {
            String name = w.getKey();
            String owner = name.substring(0, Math.max(0, name.lastIndexOf('.')));
            if (convToBn.containsValue(owner)) {
                continue; // a folded batch norm's parameters and statistics
            }
            if (scales.containsKey(owner) && name.endsWith(".bias")) {
                continue; // replaced below
            }
            out.put(name, scales.containsKey(owner) ? scaleRows(w.getValue(), scales.get(owner)) : w.getValue());
            if (scales.containsKey(owner) && name.endsWith(".weight")) {
                float[] b = biases.get(owner);
                out.put(owner + ".bias", new Tensor(new int[] {b.length}, b));
            }
        }
        return new BatchNormFolding(folded, out, scales);
    }

    /** The network without the folded batch norms; folded convs have a bias. */
    public LayerSpec.Sequence spec() {
        return spec;
    }

    /** The folded weights (for {@link Network#withWeights}). */
    public LinkedHashMap<String, Tensor> weights() {
        return weights;
    }

    /**
     * Runs {@code work} on {@code net} as inference runs it: on a copy with its batch norms folded into their
     * convs, closed afterwards, or on {@code net} itself if it has none to fold.
     */
    public static <T> T onFolded(Network net, Function<Network, T> work) {
        BatchNormFolding f = fold(net.spec(), net.weights());
        if (!f.foldsAny()) {
            return work.apply(net);
        }
        try (Network folded = Network.withWeights(f.spec(), net.inputShape(), f.weights())) {
            return work.apply(folded);
        }
    }

    /** True if at least one batch norm was folded. */
    public boolean foldsAny() {
        return !scales.isEmpty();
    }

    /** True if the conv {@code layer} had a batch norm folded into it. */
    public boolean isFolded(String layer) {
        return scales.containsKey(layer);
    }

    /** Folds a new weight of {@code layer} (unchanged if no batch norm was folded into it). */
    public Tensor foldWeight(String layer, Tensor weight) {
        float[] s = scales.get(layer);
        return s == null ? weight : scaleRows(weight, s);
    }

    private static Tensor scaleRows(Tensor w, float[] s) {
        float[] d = w.data().clone();
        int per = d.length / s.length;
        for (int o = 0; o < s.length; o++) {
            for (int i = o * per; i < (o + 1) * per; i++) {
                d[i] *= s[o];
            }
        }
        return new Tensor(w.shape(), d);
    }

    private static LayerSpec rewrite(LayerSpec spec, String prefix, Map<String, String> convToBn) {
        String path = NetworkSpec.join(prefix, spec.name());
        if (spec instanceof LayerSpec.Sequence s) {
            return new LayerSpec.Sequence(s.name(), rewriteList(s.children(), path, convToBn));
        }
        if (spec instanceof LayerSpec.Residual r) {
            List<LayerSpec> body = rewriteList(r.body(), path, convToBn);
            LayerSpec sc = r.shortcut() == null ? null : rewrite(r.shortcut(), path, convToBn);
            return new LayerSpec.Residual(r.name(), body, sc);
        }
        return spec;
    }

    /**
     * The conv whose output {@code spec}'s output is: {@code spec} itself, or the last child of a sequence
     * ending in a conv (a factorized layer); null otherwise.
     */
    private static LayerSpec.Conv lastConv(LayerSpec spec) {
        if (spec instanceof LayerSpec.Conv c) {
            return c;
        }
        if (spec instanceof LayerSpec.Sequence s
                && !s.children().isEmpty()
                && s.children().get(s.children().size() - 1) instanceof LayerSpec.Conv c) {
            return c;
        }
        return null;
    }

    private static List<LayerSpec> rewriteList(List<LayerSpec> children, String path, Map<String, String> convToBn) {
        List<LayerSpec> out = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            LayerSpec c = children.get(i);
            LayerSpec next = i + 1 < children.size() ? children.get(i + 1) : null;
            LayerSpec.Conv last = lastConv(c);
            if (last != null && next instanceof LayerSpec.BatchNorm bn && bn.channels() == last.outChannels()) {
                LayerSpec.Conv withBias = last.sameGeometry(last.name(), last.inChannels(), last.outChannels(), true);
                if (c == last) {
                    out.add(withBias);
                    convToBn.put(NetworkSpec.join(path, last.name()), NetworkSpec.join(path, bn.name()));
                } else { // a sequence ending in the conv, e.g. a factorized layer: fold into its last conv
                    LayerSpec.Sequence chain = (LayerSpec.Sequence) c;
                    String chainPath = NetworkSpec.join(path, chain.name());
                    List<LayerSpec> before =
                            chain.children().subList(0, chain.children().size() - 1);
                    List<LayerSpec> folded = rewriteList(before, chainPath, convToBn);
                    folded.add(withBias);
                    out.add(new LayerSpec.Sequence(chain.name(), folded));
                    convToBn.put(NetworkSpec.join(chainPath, last.name()), NetworkSpec.join(path, bn.name()));
                }
                i++; // the batch norm is gone
            } else {
                out.add(rewrite(c, path, convToBn));
            }
        }
        return out;
    }
}
