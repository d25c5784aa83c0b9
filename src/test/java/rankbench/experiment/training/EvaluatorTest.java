package rankbench.experiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.Tensor;

@Tag("engine")
class EvaluatorTest {

    /** A linear "network" whose logits are the pixels themselves: 3 pixels, 3 classes. */
    private static Network identity() {
        LayerSpec.Sequence spec =
                new LayerSpec.Sequence("", List.of(new LayerSpec.Flatten("f"), new LayerSpec.Dense("fc", 3, 3, false)));
        Network net = Network.create(spec, new FeatureShape(1, 1, 3), 0);
        net.setWeight("fc.weight", new Tensor(new int[] {3, 3}, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}));
        return net;
    }

    @Test
    void accuracyLossAndConfusionMatchHandComputation() {
        // image i: pixels (a,b,c) -> logits with identity normalization x/255
        byte[] px = {(byte) 255, 0, 0, 0, (byte) 255, 0, (byte) 255, 0, 0, 0, 0, (byte) 255};
        int[] labels = {0, 1, 2, 2};
        ImageDataset d = new ImageDataset("t", 1, 1, 3, px, labels, List.of("a", "b", "c"));
        try (Network net = identity()) {
            EvaluationResult r = Evaluator.evaluate(net, d, Normalization.identity(1), 3);
            assertEquals(4, r.count());
            assertEquals(0.75, r.accuracy(), 1e-12);
            assertEquals(1.0, r.top5(), 1e-12); // 3 classes: top-3
            double right = Math.log(2 + Math.E) - 1; // CE when the right logit is 1, others 0
            double wrong = Math.log(2 + Math.E);
            assertEquals((3 * right + wrong) / 4, r.loss(), 1e-6);
            assertEquals(1, r.confusion()[2][0]);
            assertEquals(1, r.confusion()[2][2]);
            assertEquals("[1.0, 1.0, 0.5]", Arrays.toString(r.perClassAccuracy()));
        }
    }

    @Test
    void wrongImageSizeIsRejected() {
        ImageDataset d = new ImageDataset("t", 1, 2, 2, new byte[4], new int[] {0}, List.of("a", "b", "c"));
        try (Network net = identity()) {
            assertThrows(
                    IllegalArgumentException.class, () -> Evaluator.evaluate(net, d, Normalization.identity(1), 2));
        }
    }
}
