package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.TensorLayouts;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * oneDNN tensors: made from dense ones and back without changing a value, independent of their source,
 * and kept by convolution, ReLU and addition; a blocked inference pass holds them between layers and
 * hands out dense tensors.
 */
@Tag("engine")
class OneDnnTensorsTest {

    @Test
    void aDenseTensorGoesToOneDnnAndBackExactlyAsACopy() {
        assertTrue(OneDnnTensors.available(), "this DJL lets RankBench make oneDNN tensors");
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 5, 4));
            float[] values = x.toFloatArray();
            NDArray b = OneDnnTensors.toBlocked(x);
            assertTrue(OneDnnTensors.isBlocked(b));
            assertFalse(OneDnnTensors.isBlocked(x));
            assertSame(b, OneDnnTensors.toBlocked(b), "a oneDNN tensor is kept");
            assertEquals(x.getShape(), b.getShape());
            x.muli(0); // the oneDNN tensor is a copy
            NDArray back = OneDnnTensors.toDense(b);
            assertFalse(OneDnnTensors.isBlocked(back));
            assertSame(back, OneDnnTensors.toDense(back), "a dense tensor is kept");
            assertArrayEquals(values, back.toFloatArray());
            // a view that is not contiguous is copied in its logical order
            NDArray t = m.create(values, new Shape(2, 3, 5, 4)).transpose(0, 1, 3, 2);
            assertFalse(TensorLayouts.isContiguous(t));
            assertArrayEquals(
                    t.toFloatArray(),
                    OneDnnTensors.toDense(OneDnnTensors.toBlocked(t)).toFloatArray());
            // other types stay as they are
            NDArray ints = m.arange(6).reshape(2, 3).toType(DataType.INT32, false);
            assertSame(ints, OneDnnTensors.toBlocked(ints));
        }
    }

    @Test
    void convolutionReluAndAdditionKeepOneDnnTensorsAndTheirValues() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 4, 6, 6));
            NDArray w = m.randomNormal(new Shape(8, 4, 3, 3));
            NDArray dense = Activation.relu(conv(x, w).add(conv(x, w)));
            NDArray bx = OneDnnTensors.toBlocked(x);
            NDArray blocked = Activation.relu(conv(bx, w).add(conv(bx, w)));
            assertTrue(OneDnnTensors.isBlocked(blocked));
            assertClose(dense.toFloatArray(), OneDnnTensors.toDense(blocked).toFloatArray());
        }
    }

    @Test
    void aBlockedPassHoldsOneDnnTensorsInsideAndGivesDenseOnes() {
        FeatureShape in = new FeatureShape(1, 6, 6);
        LayerSpec.Sequence oneConv =
                new LayerSpec.Sequence("", List.of(LayerSpec.Conv.square("conv", 1, 4, 3, 1, 1, false)));
        try (Network seeded = Network.create(oneConv, in, 1);
                Network net = Network.withWeights(oneConv, in, seeded.weights(), ActivationLayout.AUTO);
                NDManager m = net.manager().newSubManager()) {
            NDArray x = m.randomNormal(new Shape(2, 1, 6, 6));
            NDArray raw = net.block()
                    .forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            assertTrue(OneDnnTensors.isBlocked(raw), "inside an inference pass activations are blocked");
            NDArray out = net.forward(x, false);
            assertFalse(OneDnnTensors.isBlocked(out), "the pass hands out a dense tensor");
            assertTrue(TensorLayouts.isContiguous(out));
            assertClose(OneDnnTensors.toDense(raw).toFloatArray(), out.toFloatArray());
            assertFalse(OneDnnTensors.isBlocked(net.forwardStages(x, 0, 1)));
            assertFalse(OneDnnTensors.isBlocked(net.forward(x, true)), "training passes are not blocked");
        }
        LayerSpec.Sequence withBatchNorm = new LayerSpec.Sequence(
                "", List.of(LayerSpec.Conv.square("conv", 1, 4, 3, 1, 1, false), new LayerSpec.BatchNorm("bn", 4)));
        try (Network net = Network.create(withBatchNorm, in, 1);
                NDManager m = net.manager().newSubManager()) {
            NDArray raw = net.block()
                    .forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 1, 6, 6))), false)
                    .singletonOrThrow();
            assertFalse(OneDnnTensors.isBlocked(raw), "a network with batch norms is not blocked");
        }
    }

    private static NDArray conv(NDArray x, NDArray w) {
        return Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "[" + i + "]");
        }
    }
}
