package rankbench.experiment.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.Tensor;

@Tag("engine")
class OptimizerTest {

    /** f(w) = sum(w * c): gradient c, constant, so updates are easy to compute by hand. */
    private static float[] run(Function<NDManager, Optimizer> f, int steps, double lr) {
        FeatureShape in = new FeatureShape(1, 1, 2);
        LayerSpec.Sequence spec =
                new LayerSpec.Sequence("", List.of(new LayerSpec.Flatten("f"), new LayerSpec.Dense("fc", 2, 1, false)));
        Engine engine = Engines.pytorch();
        try (Network net = Network.create(spec, in, 0)) {
            net.setWeight("fc.weight", new Tensor(new int[] {1, 2}, new float[] {1f, -2f}));
            Map<String, Parameter> p = net.parameters();
            try (Optimizer opt = f.apply(net.manager())) {
                for (int s = 0; s < steps; s++) {
                    try (NDManager m = net.manager().newSubManager()) {
                        NDArray x = m.create(new float[] {3f, 0.5f}, new Shape(1, 1, 1, 2));
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            gc.backward(net.forward(x, true).sum());
                        }
                        opt.step(p, lr);
                    }
                }
            }
            return net.weight("fc.weight").data();
        }
    }

    @Test
    void nesterovSgdMatchesPyTorchFormula() {
        // g = (3, 0.5) + wd*w; v1 = g1; w1 = w0 - lr (g1 + m v1); v2 = m v1 + g2; w2 = w1 - lr (g2 + m v2)
        double m = 0.9;
        double wd = 0.1;
        double lr = 0.01;
        double[] w = {1, -2};
        double[] c = {3, 0.5};
        double[] v = new double[2];
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 2; i++) {
                double g = c[i] + wd * w[i];
                v[i] = s == 0 ? g : m * v[i] + g;
                w[i] -= lr * (g + m * v[i]);
            }
        }
        float[] got = run(mgr -> Optimizer.sgd(mgr, m, true, wd), 2, lr);
        assertArrayEquals(new float[] {(float) w[0], (float) w[1]}, got, 1e-6f);
    }

    @Test
    void plainSgdTakesGradientSteps() {
        float[] got = run(mgr -> Optimizer.sgd(mgr, 0, false, 0), 3, 0.1);
        assertArrayEquals(new float[] {1f - 0.9f, -2f - 0.15f}, got, 1e-6f);
    }

    @Test
    void adamFirstStepMovesEachWeightByTheLearningRate() {
        float[] got = run(mgr -> Optimizer.adam(mgr, 0.9, 0.999, 1e-8, 0), 1, 0.01);
        assertEquals(1f - 0.01f, got[0], 1e-6f);
        assertEquals(-2f - 0.01f, got[1], 1e-6f);
    }
}
