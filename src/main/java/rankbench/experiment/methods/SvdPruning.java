package rankbench.experiment.methods;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

/**
 * The dynamic rank pruning of {@link SvdTrainMethod}: when to prune (points placed as fractions of the
 * run), which components of a layer to keep (energy rule, absolute threshold, and per-layer caps meeting a
 * MAC budget), and the slicing of a layer's U, s, V weights and their optimizer state to the kept
 * components. It works on weights as {@link Tensor}s and knows no network or training loop.
 */
final class SvdPruning {

    private SvdPruning() {}

    /**
     * Returns the pruning points of a run of {@code total} batches: after batch {@code round(f total)} for
     * {@code pruningEvents} fractions {@code f} evenly spaced from {@code warmup} to {@code 1 - finalFraction};
     * each at least 1, at most {@code total}, strictly increasing (coinciding points merge).
     */
    static long[] pruningPoints(SvdTrainParams p, long total) {
        double first = p.getWarmup();
        double last = 1 - p.getFinalFraction();
        int n = p.getPruningEvents();
        TreeSet<Long> points = new TreeSet<>();
        for (int j = 0; j < n; j++) {
            double f = n == 1 ? first : first + j * (last - first) / (n - 1);
            points.add(Math.max(1, Math.min(total, Math.round(f * total))));
        }
        return points.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Returns the kept component indices of one layer (by descending |s|): the energy rule, then the
     * absolute threshold, then an optional cap; at least one.
     */
    static int[] keep(double[] s, double eps, double absThreshold, int cap) {
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(s[b]), Math.abs(s[a])));
        double[] sorted = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            sorted[i] = Math.abs(s[order[i]]);
        }
        int k = Svd.energyRank(sorted, 1 - eps);
        while (k > 1 && sorted[k - 1] < absThreshold) {
            k--;
        }
        k = Math.max(1, Math.min(k, Math.max(1, cap)));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** Per-layer rank caps from a global threshold on |s| meeting the MAC budget. */
    static Map<String, Integer> budgetCaps(
            SavedModel dense, List<LayerInfo> targets, Map<String, Tensor> weights, SvdTrainParams p) {
        Map<String, double[]> spectra = new LinkedHashMap<>();
        double max = 0;
        for (LayerInfo l : targets) {
            double[] abs = sortedAbs(SvdLayers.diag(weights.get(l.name() + ".1.weight")));
            spectra.put(l.name(), abs);
            max = Math.max(max, abs.length == 0 ? 0 : abs[0]);
        }
        RankPlan plan = MethodSupport.cheapestAbove(
                dense,
                t -> MethodSupport.thresholdPlan(dense, targets, Scheme.CHANNEL, spectra, t),
                0,
                max * 1.0001,
                MethodSupport.macTarget(dense, p.getReduction()),
                false);
        Map<String, Integer> caps = new LinkedHashMap<>();
        plan.layers().forEach((n, lp) -> caps.put(n, lp.factorized() ? lp.rank() : spectra.get(n).length));
        return caps;
    }

    /** Slices one layer's U, s, V weights (and their optimizer state) to the kept components. */
    static void slice(String layer, int[] keep, Map<String, Tensor> weights, Map<String, Tensor[]> state) {
        slice(weights, state, layer + ".0.weight", t -> rows(t, keep));
        slice(weights, state, layer + ".1.weight", t -> diagonal(t, keep));
        slice(weights, state, layer + ".2.weight", t -> cols(t, keep));
    }

    private static void slice(
            Map<String, Tensor> weights, Map<String, Tensor[]> state, String name, UnaryOperator<Tensor> f) {
        weights.put(name, f.apply(weights.get(name)));
        Tensor[] st = state.get(name);
        if (st != null) {
            Tensor[] out = new Tensor[st.length];
            for (int i = 0; i < st.length; i++) {
                out[i] = f.apply(st[i]);
            }
            state.put(name, out);
        }
    }

    private static Tensor rows(Tensor t, int[] keep) {
        int[] s = t.shape().clone();
        int per = t.size() / s[0];
        float[] out = new float[keep.length * per];
        for (int i = 0; i < keep.length; i++) {
            System.arraycopy(t.data(), keep[i] * per, out, i * per, per);
        }
        s[0] = keep.length;
        return new Tensor(s, out);
    }

    private static Tensor cols(Tensor t, int[] keep) {
        int rowsN = t.shape()[0];
        int r = t.shape()[1];
        float[] out = new float[rowsN * keep.length];
        for (int i = 0; i < rowsN; i++) {
            for (int k = 0; k < keep.length; k++) {
                out[i * keep.length + k] = t.data()[i * r + keep[k]];
            }
        }
        return new Tensor(new int[] {rowsN, keep.length, 1, 1}, out);
    }

    private static Tensor diagonal(Tensor t, int[] keep) {
        int r = t.shape()[0];
        int k = keep.length;
        float[] out = new float[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                out[a * k + b] = t.data()[keep[a] * r + keep[b]];
            }
        }
        return new Tensor(new int[] {k, k, 1, 1}, out);
    }

    /** Returns {@code |s|} sorted in descending order. */
    static double[] sortedAbs(double[] s) {
        return Arrays.stream(s)
                .map(Math::abs)
                .boxed()
                .sorted((a, b) -> Double.compare(b, a))
                .mapToDouble(Double::doubleValue)
                .toArray();
    }
}
