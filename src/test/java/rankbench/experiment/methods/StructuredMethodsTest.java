package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.training.Optimizer;

/** docs/METHODS.md §3(e)1 and §4(e)1–2: the S1 and S2 re-parameterisations are exact. */
@Tag("engine")
class StructuredMethodsTest {

    private static float[] forward(SavedModel m, float[] x, int n) {
        try (Network net = m.toNetwork();
                NDManager sub = net.manager().newSubManager()) {
            NDArray in = sub.create(x, new Shape(n, 1, 28, 28));
            return net.forward(in, false).toFloatArray();
        }
    }

    private static float[] input(int n) {
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[n * 28 * 28];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double orth(Matrix x) {
        // ||X^T X - I||_F^2 / r^2 with X columns as components
        int r = x.cols();
        double s = 0;
        for (int a = 0; a < r; a++) {
            for (int b = 0; b < r; b++) {
                double d = 0;
                for (int i = 0; i < x.rows(); i++) {
                    d += x.get(i, a) * x.get(i, b);
                }
                d -= a == b ? 1 : 0;
                s += d * d;
            }
        }
        return s / ((double) r * r);
    }

    @Test
    void svdInitializedNetworkReproducesTheOriginalOutputsWithOrthonormalFactors() {
        SavedModel dense = TestModels.random(Architecture.RESNET20, 4);
        List<LayerInfo> targets = Targets.defaults().select(MethodSupport.layers(dense));
        SavedModel svd = SvdTrainMethod.initialize(dense, targets);
        float[] x = input(2);
        float[] a = forward(dense, x, 2);
        float[] b = forward(svd, x, 2);
        assertTrue(maxAbsDiff(a, b) < 1e-4 * Math.max(1, maxAbs(a)), "difference " + maxAbsDiff(a, b));
        String l = targets.get(3).name();
        assertTrue(orth(Structures.matrix(svd.weights().get(l + ".2.weight"))) < 1e-10);
        assertTrue(orth(Structures.matrix(svd.weights().get(l + ".0.weight")).transpose()) < 1e-10);
        // collapsing back gives the original kernels
        SavedModel back = SvdTrainMethod.collapse(svd, dense, targets);
        Tensor w0 = dense.weights().get(l + ".weight");
        Tensor w1 = back.weights().get(l + ".weight");
        assertTrue(maxAbsDiff(w0.data(), w1.data()) < 1e-5);
    }

    @Test
    void pruningSlicesWeightsAndKeepsTheLargestComponents() {
        double[] s = {0.5, -3.0, 0.0005, 2.0};
        int[] keep = SvdTrainMethod.keep(s, 0.05, 1e-3, Integer.MAX_VALUE);
        assertEquals(List.of(1, 3), Arrays.stream(keep).boxed().toList());
        assertEquals(1, SvdTrainMethod.keep(s, 0.05, 1e-3, 1).length);
        Map<String, Tensor> w = new LinkedHashMap<>();
        w.put("l.0.weight", new Tensor(new int[] {4, 1, 1, 1}, new float[] {10, 11, 12, 13}));
        float[] diag = new float[16];
        for (int k = 0; k < 4; k++) {
            diag[k * 4 + k] = (float) s[k];
        }
        w.put("l.1.weight", new Tensor(new int[] {4, 4, 1, 1}, diag));
        w.put("l.2.weight", new Tensor(new int[] {2, 4, 1, 1}, new float[] {0, 1, 2, 3, 4, 5, 6, 7}));
        Map<String, Tensor[]> state = new LinkedHashMap<>();
        state.put("l.0.weight", new Tensor[] {w.get("l.0.weight")});
        SvdTrainMethod.slice("l", keep, w, state);
        assertEquals(
                List.of(11f, 13f),
                List.of(w.get("l.0.weight").data()[0], w.get("l.0.weight").data()[1]));
        assertEquals(2, state.get("l.0.weight")[0].shape()[0]);
        float[] d = w.get("l.1.weight").data();
        assertEquals(-3f, d[0]);
        assertEquals(2f, d[3]);
        assertEquals(0f, d[1]);
        float[] u = w.get("l.2.weight").data();
        assertEquals(List.of(1f, 3f, 5f, 7f), List.of(u[0], u[1], u[2], u[3]));
    }

    @Test
    void overParameterisedChainCollapsesExactlyAndFullRankTucker2IsExact() {
        SavedModel dense = TestModels.random(Architecture.RESNET20, 6);
        List<LayerInfo> targets = Targets.defaults().select(MethodSupport.layers(dense));
        SavedModel expanded = OrthEvbmfMethod.expand(dense, targets, 2, 9);
        float[] x = input(2);
        float[] a = forward(dense, x, 2);
        float[] b = forward(expanded, x, 2);
        assertTrue(maxAbsDiff(a, b) < 1e-4 * Math.max(1, maxAbs(a)), "expanded differs by " + maxAbsDiff(a, b));
        // perturb the chain so that the collapse is not trivially the starting kernel
        Map<String, Tensor> w = new LinkedHashMap<>(expanded.weights());
        String k = targets.get(7).name() + ".1.weight";
        float[] kd = w.get(k).data().clone();
        for (int i = 0; i < kd.length; i++) {
            kd[i] *= 1 + 0.3f * (float) Math.sin(i);
        }
        w.put(k, new Tensor(w.get(k).shape(), kd));
        SavedModel trained = new SavedModel(expanded.manifest(), w);
        SavedModel collapsed = OrthEvbmfMethod.collapse(trained, dense, targets);
        float[] c1 = forward(trained, x, 2);
        float[] c2 = forward(collapsed, x, 2);
        assertTrue(maxAbsDiff(c1, c2) < 1e-4 * Math.max(1, maxAbs(c1)), "collapse differs by " + maxAbsDiff(c1, c2));
        Map<String, LayerPlan> full = new LinkedHashMap<>();
        for (LayerInfo l : targets) {
            full.put(
                    l.name(),
                    LayerPlan.tucker2(l.weightShape().get(0), l.weightShape().get(1)));
        }
        SavedModel tucker = Factorizer.factorize(collapsed, new RankPlan(full));
        float[] c3 = forward(tucker, x, 2);
        assertTrue(maxAbsDiff(c2, c3) < 1e-4 * Math.max(1, maxAbs(c2)), "Tucker-2 differs by " + maxAbsDiff(c2, c3));
    }

    @Test
    void s2OrthogonalityGradientAddedAfterBackwardMatchesFiniteDifferencesOfItsPenalty() {
        SavedModel dense = TestModels.random(Architecture.RESNET20, 8);
        List<LayerInfo> targets =
                Targets.defaults().select(MethodSupport.layers(dense)).subList(0, 1);
        SavedModel expanded = OrthEvbmfMethod.expand(dense, targets, 2, 3);
        String l = targets.get(0).name();
        Map<String, Tensor> w = new LinkedHashMap<>(expanded.weights());
        for (String n : List.of(l + ".0.weight", l + ".2.weight")) {
            float[] d = w.get(n).data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] *= 1 + 0.2f * (float) Math.sin(5 * i + n.length());
            }
            w.put(n, new Tensor(w.get(n).shape(), d));
        }
        OrthEvbmfMethod.Hooks hooks = new OrthEvbmfMethod.Hooks(targets, 2, 10, "orth-evbmf");
        try (Network net = new SavedModel(expanded.manifest(), w).toNetwork();
                NDManager m = net.manager().newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray zero = null;
                for (var e : net.parameters().values()) {
                    NDArray t = e.getArray().sum().mul(0f);
                    t.attach(m);
                    zero = zero == null ? t : zero.add(t);
                    zero.attach(m);
                }
                gc.backward(zero);
            }
            hooks.beforeOptimizerStep(HookContexts.of(net, m));
            for (String n : List.of(l + ".0.weight", l + ".2.weight")) {
                float[] grad = net.parameters().get(n).getArray().getGradient().toFloatArray();
                Tensor t = net.weight(n);
                SplittableRandom r = new SplittableRandom(n.length());
                float[] dir = new float[t.size()];
                double along = 0;
                for (int i = 0; i < dir.length; i++) {
                    dir[i] = (float) (r.nextDouble() - 0.5);
                    along += dir[i] * grad[i];
                }
                double eps = 1e-3;
                net.setWeight(n, shifted(t, dir, eps));
                double up = hooks.penalty(net);
                net.setWeight(n, shifted(t, dir, -eps));
                double down = hooks.penalty(net);
                net.setWeight(n, t);
                double fd = (up - down) / (2 * eps);
                assertTrue(Math.abs(fd) > 1e-3, n + ": " + fd);
                assertEquals(fd, along, 1e-2 * Math.abs(fd), n);
            }
            Optimizer.zeroGradients(net.parameters());
        }
    }

    private static Tensor shifted(Tensor t, float[] dir, double eps) {
        float[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] += (float) (eps * dir[i]);
        }
        return new Tensor(t.shape(), d);
    }
}
