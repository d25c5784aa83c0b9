package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.training.Optimizer;
import rankbench.experiment.training.TrainingContext;

/** docs/METHODS.md §6 (e) 3: the L-step penalty's gradient is {@code mu (w - Delta) - lambda}. */
@Tag("engine")
class LcPullGradientTest {

    @Test
    void pullGradientIsMuTimesDistanceToDeltaMinusLambda() {
        FeatureShape in = new FeatureShape(1, 1, 4);
        LayerSpec.Sequence spec =
                new LayerSpec.Sequence("", List.of(new LayerSpec.Flatten("f"), new LayerSpec.Dense("fc", 4, 3, false)));
        double mu = 0.37;
        SplittableRandom r = new SplittableRandom(5);
        float[] delta = new float[12];
        float[] lambda = new float[12];
        float[] target = new float[12];
        for (int i = 0; i < 12; i++) {
            delta[i] = (float) r.nextGaussian();
            lambda[i] = (float) r.nextGaussian();
            target[i] = (float) (delta[i] + lambda[i] / mu); // the pull target Delta + lambda/mu
        }
        try (Network net = Network.create(spec, in, 3);
                NDManager m = net.manager().newSubManager()) {
            float[] w = net.weight("fc.weight").data();
            // a loss with zero gradient, so the parameter has a (zero) gradient to add to
            try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                NDArray out = net.forward(m.create(new float[4], new Shape(1, 1, 1, 4)), true);
                gc.backward(out.sum().mul(0));
            }
            TrainingContext ctx = HookContexts.of(net, m);
            new LcMethod.Pull(Map.of("fc.weight", new Tensor(new int[] {3, 4}, target)), mu).beforeOptimizerStep(ctx);
            float[] g;
            try (NDArray grad = net.parameters().get("fc.weight").getArray().getGradient()) {
                g = grad.toFloatArray();
            }
            for (int i = 0; i < 12; i++) {
                assertEquals(mu * (w[i] - delta[i]) - lambda[i], g[i], 1e-5, "element " + i);
            }
            Optimizer.zeroGradients(net.parameters());
        }
    }
}
