package rankbench.experiment.methods;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.MatrixViews;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.ParameterShapes;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

/**
 * The U, s, V form of the layers that {@link SvdTrainMethod} trains: a target conv stored as three convs
 * {@code kh x kw Cin->r} ({@code V^T}), {@code 1x1 r->r} (the diagonal {@code diag(s)}) and
 * {@code 1x1 r->Cout} ({@code U}). It owns the layer spec of that form, the model built from it, the exact
 * start from the SVD of a dense model, the diagonal read back, and the collapse into dense kernels
 * ({@code U diag(s) V^T}) for the export. It knows no training and no pruning rule.
 */
final class SvdLayers {

    private SvdLayers() {}

    /** Returns the three-conv layer that stores a conv as U, s, V at rank r. */
    static LayerSpec.Sequence svdSpec(LayerSpec.Conv c, int r) {
        return new LayerSpec.Sequence(
                c.name(),
                List.of(
                        c.sameGeometry("0", c.inChannels(), r, false),
                        new LayerSpec.Conv("1", r, r, 1, 1, 1, 1, 0, 0, false),
                        new LayerSpec.Conv("2", r, c.outChannels(), 1, 1, 1, 1, 0, 0, c.bias())));
    }

    /** Returns a model with the given layers in U, s, V form at the given ranks, with the given weights. */
    static SavedModel build(
            SavedModel dense, List<LayerInfo> targets, Map<String, Integer> ranks, Map<String, Tensor> weights) {
        Map<String, LayerSpec> repl = new LinkedHashMap<>();
        for (LayerInfo l : targets) {
            repl.put(l.name(), svdSpec((LayerSpec.Conv) l.spec(), ranks.get(l.name())));
        }
        ModelManifest m = dense.manifest();
        LayerSpec.Sequence tree = NetworkSpec.replaceLayers(m.network(), repl);
        return new SavedModel(m.withNetwork(m.architecture() + " (svd-train)", tree), weights);
    }

    /** Returns the dense model re-parameterised by the SVD of each target's R1 matrix (exact). */
    static SavedModel initialize(SavedModel dense, List<LayerInfo> targets) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        Map<String, Integer> ranks = new LinkedHashMap<>();
        Map<String, LayerInfo> byName = MethodSupport.byName(targets);
        for (Map.Entry<String, Tensor> e : dense.weights().entrySet()) {
            String n = e.getKey();
            String layer = n.substring(0, n.lastIndexOf('.'));
            LayerInfo l = byName.get(layer);
            if (l == null) {
                w.put(n, e.getValue());
                continue;
            }
            if (n.endsWith(".bias")) {
                w.put(layer + ".2.bias", e.getValue());
                continue;
            }
            Tensor wt = e.getValue();
            int[] s = wt.shape();
            Svd.Decomposition d = Svd.thin(MatrixViews.toMatrix(wt, Scheme.CHANNEL));
            int r = d.p();
            ranks.put(layer, r);
            w.put(layer + ".0.weight", Structures.tensor(d.vt(), r, s[1], s[2], s[3]));
            float[] diag = new float[r * r];
            for (int k = 0; k < r; k++) {
                diag[k * r + k] = (float) d.s()[k];
            }
            w.put(layer + ".1.weight", new Tensor(new int[] {r, r, 1, 1}, diag));
            w.put(layer + ".2.weight", Structures.tensor(d.u(), s[0], r, 1, 1));
        }
        return ordered(dense, targets, ranks, w);
    }

    /** Returns {@link #build} with the weights in the order of the model's parameters. */
    static SavedModel ordered(
            SavedModel dense, List<LayerInfo> targets, Map<String, Integer> ranks, Map<String, Tensor> w) {
        return build(dense, targets, ranks, reorder(dense, targets, ranks, w));
    }

    private static Map<String, Tensor> reorder(
            SavedModel dense, List<LayerInfo> targets, Map<String, Integer> ranks, Map<String, Tensor> w) {
        SavedModel probe = build(dense, targets, ranks, Map.of());
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String n : ParameterShapes.of(probe.manifest().network()).keySet()) {
            out.put(n, w.get(n));
        }
        return out;
    }

    /** Multiplies every U, s, V layer back into one dense kernel: a model with the dense layer tree. */
    static SavedModel collapse(SavedModel svd, SavedModel dense, List<LayerInfo> targets) {
        return LayerChains.collapse(svd, dense, targets, (layer, w, shape) -> {
            Matrix u = Structures.matrix(w.get(layer + ".2.weight"));
            Tensor st = w.get(layer + ".1.weight");
            int r = st.shape()[0];
            Matrix s = Structures.matrix(new Tensor(new int[] {r, r}, st.data()));
            Matrix vt = Structures.matrix(w.get(layer + ".0.weight"));
            Matrix m = Svd.multiply(Svd.multiply(u, false, s, false), false, vt, false);
            return MatrixViews.toTensor(m, Scheme.CHANNEL, shape);
        });
    }

    /** Returns the diagonal of an {@code r x r x 1 x 1} s weight. */
    static double[] diag(Tensor s) {
        int r = s.shape()[0];
        double[] d = new double[r];
        for (int k = 0; k < r; k++) {
            d[k] = s.data()[k * r + k];
        }
        return d;
    }
}
