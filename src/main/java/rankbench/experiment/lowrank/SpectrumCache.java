package rankbench.experiment.lowrank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Tensor;

/**
 * Caches singular values and thin SVDs per layer, view and weight content: a result is reused as
 * long as the layer's weights are unchanged (compared value by value), and recomputed otherwise.
 *
 * <p>Thread-safe. {@link #spectraAsync} computes off the calling thread on a snapshot of the
 * weights, so a network can keep training (or be closed) meanwhile.
 */
public final class SpectrumCache {

    private record Key(String layer, Scheme scheme, int mode, String kind) {}

    private record Entry(float[] weights, Object value) {}

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    /** The latest weight copy per layer, shared by all of the layer's entries (views, modes, kinds). */
    private final ConcurrentHashMap<String, float[]> snapshots = new ConcurrentHashMap<>();

    private final AtomicInteger computations = new AtomicInteger();

    /** Creates an empty cache. */
    public SpectrumCache() {}

    /**
     * Returns the matrix a layer's weight is factorized through: the scheme's view, {@code out x in}
     * for linear weights, or the mode-{@code mode} unfolding for Tucker-2.
     */
    public static Matrix matrixOf(Tensor weight, Scheme scheme, int mode) {
        if (weight.shape().length == 2) {
            return MatrixViews.toMatrix(weight, Scheme.LINEAR);
        }
        if (scheme == Scheme.TUCKER2) {
            return MatrixViews.modeUnfolding(weight, mode);
        }
        return MatrixViews.toMatrix(weight, scheme);
    }

    /**
     * Returns the singular values of a layer's view, from the cache when the weights are unchanged.
     *
     * @param exact true for LAPACK {@code dgesdd} values, false for the fast Gram route (display)
     */
    public double[] values(String layer, Tensor weight, Scheme scheme, int mode, boolean exact) {
        Key key = valuesKey(layer, weight, scheme, mode, exact);
        Entry e = entries.get(key);
        if (e == null || !Arrays.equals(e.weights(), weight.data())) {
            Matrix m = matrixOf(weight, scheme, mode);
            double[] s = exact ? Svd.values(m) : Svd.fastValues(m);
            computations.incrementAndGet();
            e = new Entry(snapshot(layer, weight.data()), s);
            entries.put(key, e);
        }
        return ((double[]) e.value()).clone();
    }

    /**
     * Returns the cached singular values of a layer's view without computing anything: null unless
     * {@link #values} has computed them for these weights (a lookup, so the UI thread may ask).
     */
    public double[] cachedValues(String layer, Tensor weight, Scheme scheme, int mode, boolean exact) {
        Key key = valuesKey(layer, weight, scheme, mode, exact);
        Entry e = entries.get(key);
        return e == null || !Arrays.equals(e.weights(), weight.data()) ? null : ((double[]) e.value()).clone();
    }

    /** Returns the thin SVD of a layer's view, from the cache when the weights are unchanged. */
    public Svd.Decomposition svd(String layer, Tensor weight, Scheme scheme, int mode) {
        Key key = new Key(layer, normalize(weight, scheme), weight.shape().length == 2 ? -1 : mode, "svd");
        Entry e = entries.get(key);
        if (e == null || !Arrays.equals(e.weights(), weight.data())) {
            Svd.Decomposition d = Svd.thin(matrixOf(weight, scheme, mode));
            computations.incrementAndGet();
            e = new Entry(snapshot(layer, weight.data()), d);
            entries.put(key, e);
        }
        return (Svd.Decomposition) e.value();
    }

    /**
     * Returns the spectra of the given layers: one per layer, or two (modes 0 and 1) for conv layers
     * under Tucker-2. Linear layers always use {@code out x in}.
     *
     * @param weights weights by parameter name ({@code <layer>.weight} is read)
     */
    public List<Spectrum> spectra(Map<String, Tensor> weights, List<LayerInfo> layers, Scheme scheme, boolean exact) {
        List<Spectrum> out = new ArrayList<>();
        for (LayerInfo l : layers) {
            Tensor w = weights.get(l.name() + ".weight");
            if (w == null) {
                throw new IllegalArgumentException("no weight for layer '" + l.name() + "'");
            }
            Scheme s = normalize(w, scheme);
            int[] modes = s == Scheme.TUCKER2 ? new int[] {0, 1} : new int[] {-1};
            for (int mode : modes) {
                int[] ms = viewShape(w.shape(), s, mode);
                out.add(new Spectrum(l.name(), s, mode, ms[0], ms[1], values(l.name(), w, s, mode, exact)));
            }
        }
        return out;
    }

    /** Computes {@link #spectra} on {@code executor} from a snapshot of {@code weights} taken now. */
    public CompletableFuture<List<Spectrum>> spectraAsync(
            Map<String, Tensor> weights, List<LayerInfo> layers, Scheme scheme, boolean exact, Executor executor) {
        Map<String, Tensor> snapshot = new HashMap<>();
        for (LayerInfo l : layers) {
            Tensor w = weights.get(l.name() + ".weight");
            if (w != null) {
                snapshot.put(l.name() + ".weight", w.copy());
            }
        }
        List<LayerInfo> ls = List.copyOf(layers);
        return CompletableFuture.supplyAsync(() -> spectra(snapshot, ls, scheme, exact), executor);
    }

    /** Returns how many decompositions this cache has computed (cache misses). */
    public int computations() {
        return computations.get();
    }

    /** Drops every cached result. */
    public void clear() {
        entries.clear();
        snapshots.clear();
    }

    /** A copy of {@code data}, shared with the layer's other entries when their weights are equal. */
    private float[] snapshot(String layer, float[] data) {
        return snapshots.compute(layer, (k, old) -> old != null && Arrays.equals(old, data) ? old : data.clone());
    }

    private static Key valuesKey(String layer, Tensor weight, Scheme scheme, int mode, boolean exact) {
        return new Key(
                layer, normalize(weight, scheme), weight.shape().length == 2 ? -1 : mode, exact ? "exact" : "fast");
    }

    private static Scheme normalize(Tensor w, Scheme scheme) {
        return w.shape().length == 2 ? Scheme.LINEAR : scheme;
    }

    /** Returns rows and columns of the matrix {@link #matrixOf} gives for a weight of {@code shape}. */
    public static int[] viewShape(int[] shape, Scheme s, int mode) {
        if (shape.length == 2) {
            return new int[] {shape[0], shape[1]};
        }
        if (s == Scheme.TUCKER2) {
            int khw = shape[2] * shape[3];
            return mode == 0 ? new int[] {shape[0], shape[1] * khw} : new int[] {shape[1], shape[0] * khw};
        }
        return MatrixViews.matrixShape(shape, s);
    }
}
