package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("engine")
class NetworkTest {

    @Test
    void forwardGivesOneLogitPerClassForEveryArchitectureOnSmallInputs() {
        for (Architecture a : new Architecture[] {Architecture.LENET5, Architecture.RESNET20}) {
            FeatureShape in = new FeatureShape(1, 28, 28);
            try (Network net = Network.create(a.build(in, 10), in, 1);
                    NDManager m = net.manager().newSubManager()) {
                NDArray x = m.randomNormal(new Shape(3, 1, 28, 28));
                assertEquals(new Shape(3, 10), net.forward(x, false).getShape());
            }
        }
    }

    @Test
    void optionAShortcutSubsamplesAndPadsChannelsWithZeros() {
        LayerSpec.Sequence spec = new LayerSpec.Sequence(
                "", List.of(new LayerSpec.PadShortcut("s", 2, 4, 2), new LayerSpec.Flatten("f")));
        FeatureShape in = new FeatureShape(2, 3, 3);
        try (Network net = Network.create(spec, in, 0);
                NDManager m = net.manager().newSubManager()) {
            float[] x = new float[18];
            for (int i = 0; i < 18; i++) {
                x[i] = i + 1;
            }
            float[] y = net.forward(m.create(x, new Shape(1, 2, 3, 3)), false).toFloatArray();
            float[] expected = {0, 0, 0, 0, 1, 3, 7, 9, 10, 12, 16, 18, 0, 0, 0, 0};
            assertArrayEquals(expected, y);
        }
    }

    @Test
    void setWeightWritesInPlaceAndIsSeenByForward() {
        LayerSpec.Sequence spec =
                new LayerSpec.Sequence("", List.of(new LayerSpec.Flatten("f"), new LayerSpec.Dense("fc", 4, 2, true)));
        FeatureShape in = new FeatureShape(1, 2, 2);
        try (Network net = Network.create(spec, in, 0);
                NDManager m = net.manager().newSubManager()) {
            net.setWeight("fc.weight", new Tensor(new int[] {2, 4}, new float[] {1, 0, 0, 0, 0, 0, 0, 2}));
            net.setWeight("fc.bias", new Tensor(new int[] {2}, new float[] {0.5f, -1}));
            float[] y = net.forward(m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2)), false)
                    .toFloatArray();
            assertArrayEquals(new float[] {1.5f, 7f}, y);
        }
    }
}
