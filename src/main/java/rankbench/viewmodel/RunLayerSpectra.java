package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.MatrixViews;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.session.Run;

/**
 * Singular values of one layer in several runs' models, all under the same matrix view so they can be
 * overlaid. A factorized layer ({@code <layer>.0.weight}, {@code .1.weight}[, {@code .2.weight}]) is first
 * multiplied back into its dense weight: the factor convs compose into one conv whose kernel is the sum of
 * their kernels minus one in each direction (each pair has a 1 in every direction), which covers every
 * matrix scheme and Tucker-2. Thread-safe; meant to run on a worker.
 */
public final class RunLayerSpectra {

    private static final double FLOAT_EPS = Math.ulp(1.0f);

    private final SpectrumCache cache = new SpectrumCache();

    /** Creates an empty calculator (its cache lives as long as it does). */
    public RunLayerSpectra() {}

    /** Returns how many decompositions the cache computed (for tests). */
    int computations() {
        return cache.computations();
    }

    /**
     * The view all runs' spectra of {@code layer} are taken in: the scheme of the first run whose plan
     * factorizes the layer with a one-matrix scheme, else the channel view (for Tucker-2, the output-side
     * mode-0 unfolding, whose rank is Ro). Linear layers always use {@code out x in}.
     */
    public static Scheme commonView(List<Run> runs, String layer) {
        for (Run r : runs) {
            LayerPlan p = r.plan().get(layer);
            if (p != null
                    && p.factorized()
                    && p.scheme() != null
                    && p.scheme().isMatrix()
                    && p.scheme() != Scheme.LINEAR) {
                return p.scheme();
            }
        }
        return Scheme.CHANNEL;
    }

    /** Computes the spectra of {@code layer} for each run, in order; a run without the layer gets a problem. */
    public List<RunSpectrum> compute(List<Run> runs, String layer) {
        Scheme view = commonView(runs, layer);
        List<RunSpectrum> out = new ArrayList<>();
        for (Run r : runs) {
            if (r.model() == null) {
                out.add(new RunSpectrum(
                        r.id(),
                        RunFormat.name(r),
                        r.label(),
                        layer,
                        "",
                        new double[0],
                        0,
                        "no model kept",
                        r.method()));
                continue;
            }
            Tensor w;
            try {
                w = effectiveWeight(r.model(), layer);
            } catch (IllegalArgumentException e) {
                out.add(new RunSpectrum(
                        r.id(), RunFormat.name(r), r.label(), layer, "", new double[0], 0, e.getMessage(), r.method()));
                continue;
            }
            Scheme s = w.shape().length == 2 ? Scheme.LINEAR : view;
            int[] ms = SpectrumCache.viewShape(w.shape(), s, -1);
            double[] values = cache.values(r.id() + "/" + layer, w, s, -1, true);
            double tol = (values.length == 0 ? 0 : values[0]) * Math.max(ms[0], ms[1]) * FLOAT_EPS;
            int rank = 0;
            while (rank < values.length && values[rank] > tol) {
                rank++;
            }
            out.add(new RunSpectrum(
                    r.id(), RunFormat.name(r), r.label(), layer, describe(s, ms), values, rank, null, r.method()));
        }
        return out;
    }

    /** Describes a view: {@code "channel view (Cout x Cin·kh·kw), 16 x 72"}. */
    static String describe(Scheme s, int[] ms) {
        String form = switch (s) {
            case CHANNEL -> "channel view (Cout \u00d7 Cin\u00b7kh\u00b7kw)";
            case SPATIAL -> "spatial view (Cout\u00b7kh \u00d7 Cin\u00b7kw)";
            case SPATIAL_VH -> "spatial-vh view (Cin\u00b7kh \u00d7 Cout\u00b7kw)";
            case INPUT -> "input view (Cout\u00b7kh\u00b7kw \u00d7 Cin)";
            case LINEAR, TUCKER2 -> "out \u00d7 in";
        };
        return form + ", " + ms[0] + " \u00d7 " + ms[1];
    }

    /**
     * Returns the dense weight of {@code layer} in {@code model}: the weight itself, or the product of its
     * factor layers.
     *
     * @throws IllegalArgumentException if the model has no such layer or its factors do not compose
     */
    public static Tensor effectiveWeight(SavedModel model, String layer) {
        Map<String, Tensor> w = model.weights();
        Tensor dense = w.get(layer + ".weight");
        if (dense != null) {
            return dense;
        }
        List<Tensor> factors = new ArrayList<>();
        for (int i = 0; w.containsKey(layer + "." + i + ".weight"); i++) {
            factors.add(w.get(layer + "." + i + ".weight"));
        }
        if (factors.isEmpty()) {
            throw new IllegalArgumentException("the model has no layer '" + layer + "'");
        }
        Tensor product = factors.get(0);
        for (int i = 1; i < factors.size(); i++) {
            product = compose(factors.get(i), product, layer);
        }
        return product;
    }

    /**
     * The single layer equal to applying {@code first} and then {@code second} (both conv OIHW or both
     * linear {@code out x in}): {@code W[n, c, i1 + i2, j1 + j2] += second[n, k, i2, j2] * first[k, c, i1, j1]}.
     */
    static Tensor compose(Tensor second, Tensor first, String layer) {
        int[] a = first.shape();
        int[] b = second.shape();
        if (a.length != b.length || (a.length != 2 && a.length != 4) || b[1] != a[0]) {
            throw new IllegalArgumentException("the factors of layer '" + layer + "' do not compose: "
                    + Arrays.toString(b) + " after " + Arrays.toString(a));
        }
        if (a.length == 2) {
            a = new int[] {a[0], a[1], 1, 1};
            b = new int[] {b[0], b[1], 1, 1};
        } else if (Math.min(a[2], b[2]) != 1 || Math.min(a[3], b[3]) != 1) {
            throw new IllegalArgumentException("the factors of layer '" + layer + "' are not a low-rank pair: "
                    + Arrays.toString(b) + " after " + Arrays.toString(a));
        }
        int cout = b[0];
        int r = a[0];
        int cin = a[1];
        int kh = a[2] + b[2] - 1;
        int kw = a[3] + b[3] - 1;
        float[] fa = first.data();
        float[] fb = second.data();
        double[] out = new double[cout * cin * kh * kw];
        for (int n = 0; n < cout; n++) {
            for (int k = 0; k < r; k++) {
                for (int i2 = 0; i2 < b[2]; i2++) {
                    for (int j2 = 0; j2 < b[3]; j2++) {
                        double s = fb[((n * r + k) * b[2] + i2) * b[3] + j2];
                        if (s == 0) {
                            continue;
                        }
                        for (int c = 0; c < cin; c++) {
                            for (int i1 = 0; i1 < a[2]; i1++) {
                                int src = ((k * cin + c) * a[2] + i1) * a[3];
                                int dst = ((n * cin + c) * kh + i1 + i2) * kw + j2;
                                for (int j1 = 0; j1 < a[3]; j1++) {
                                    out[dst + j1] += s * fa[src + j1];
                                }
                            }
                        }
                    }
                }
            }
        }
        float[] f = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            f[i] = (float) out[i];
        }
        int[] shape = first.shape().length == 2 ? new int[] {cout, cin} : new int[] {cout, cin, kh, kw};
        return new Tensor(shape, f);
    }

    /** The matrix of a weight under a view (used by tests to compare against direct SVDs). */
    static Matrix matrix(Tensor w, Scheme s) {
        return w.shape().length == 2 ? MatrixViews.toMatrix(w, Scheme.LINEAR) : MatrixViews.toMatrix(w, s);
    }
}
