package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.TensorLayouts;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Activation layouts: the channels-last conversion keeps values; a channels-last network, and an {@code
 * auto} one whose inference runs on oneDNN's blocked tensors, compute what an NCHW one computes (logits and
 * every gradient, up to float rounding, on every architecture) and really run in their layouts.
 */
@Tag("engine")
class ActivationLayoutTest {

    @Test
    void identifiersAndDefault() {
        for (ActivationLayout l : ActivationLayout.values()) {
            assertEquals(l, ActivationLayout.fromId(" " + l.id().toUpperCase() + " "));
        }
        assertEquals("channels-last", ActivationLayout.CHANNELS_LAST.id());
        String old = System.getProperty("rankbench.layout");
        try {
            System.clearProperty("rankbench.layout");
            assertEquals(ActivationLayout.AUTO, ActivationLayout.configured());
        } finally {
            if (old != null) {
                System.setProperty("rankbench.layout", old);
            }
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ActivationLayout.fromId("nhwc"));
        assertTrue(e.getMessage().contains("'nhwc'") && e.getMessage().contains("auto, channels-last, nchw"));
        assertTrue(ActivationLayout.AUTO.channelsLast(true));
        assertFalse(ActivationLayout.AUTO.channelsLast(false));
        assertTrue(ActivationLayout.AUTO.blocked(false));
        assertFalse(ActivationLayout.AUTO.blocked(true));
        assertFalse(ActivationLayout.NCHW.blocked(false));
        assertFalse(ActivationLayout.CHANNELS_LAST.blocked(false));
        assertEquals("auto (training channels-last, inference oneDNN-blocked)", ActivationLayout.AUTO.describe());
        assertEquals("nchw", ActivationLayout.NCHW.describe());
        assertTrue(ActivationLayout.CHANNELS_LAST.channelsLast(false));
        assertFalse(ActivationLayout.NCHW.channelsLast(true));
    }

    @Test
    void conversionKeepsValuesAndLaysOutChannelsLast() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.arange(2f * 3 * 4 * 5).reshape(new Shape(2, 3, 4, 5));
            assertTrue(TensorLayouts.isContiguous(x));
            NDArray y = ActivationLayout.channelsLast(x);
            assertEquals(x.getShape(), y.getShape());
            assertArrayEquals(x.toFloatArray(), y.toFloatArray());
            assertFalse(TensorLayouts.isContiguous(y), "channels-last in memory");
            NDArray z = ActivationLayout.channelsLast(y);
            assertArrayEquals(x.toFloatArray(), z.toFloatArray());
            assertFalse(TensorLayouts.isContiguous(z));
        }
    }

    @Test
    void everyLayoutComputesTheSameLogitsAndGradients() {
        SavedModel model = TestModels.random(Architecture.fromId("resnet20"), 11);
        Map<ActivationLayout, Map<String, float[]>> results = new LinkedHashMap<>();
        for (ActivationLayout l : ActivationLayout.values()) {
            results.put(l, pass(model, l));
        }
        Map<String, float[]> nchw = results.get(ActivationLayout.NCHW);
        for (Map.Entry<ActivationLayout, Map<String, float[]>> r : results.entrySet()) {
            assertEquals(nchw.keySet(), r.getValue().keySet());
            for (Map.Entry<String, float[]> e : r.getValue().entrySet()) {
                assertClose(nchw.get(e.getKey()), e.getValue(), r.getKey() + " " + e.getKey());
            }
        }
    }

    @Test
    void channelsLastNetworksRunChannelsLastAndAutoInfersBlocked() {
        SavedModel model = TestModels.random(Architecture.fromId("resnet20"), 12);
        // Folded, as every inference runs; a network with batch norms infers in NCHW (see PassLayout).
        BatchNormFolding folded = BatchNormFolding.fold(model.manifest().network(), model.weights());
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(4, 1, 28, 28));
            for (ActivationLayout l : ActivationLayout.values()) {
                try (Network net = Network.withWeights(
                                folded.spec(), model.manifest().input(), folded.weights(), l);
                        Network unfolded = Network.withWeights(
                                model.manifest().network(), model.manifest().input(), model.weights(), l)) {
                    assertFalse(OneDnnTensors.isBlocked(unfolded.forwardStages(x, 0, 1)), l.id());
                    NDArray afterStem = net.forwardStages(x, 0, 1);
                    assertEquals(l.blocked(false), OneDnnTensors.isBlocked(afterStem), l.id());
                    if (!l.blocked(false)) {
                        assertEquals(!l.channelsLast(false), TensorLayouts.isContiguous(afterStem), l.id());
                    }
                    NDArray dense = Network.dense(afterStem);
                    assertFalse(OneDnnTensors.isBlocked(dense));
                    try (Network nchw = Network.withWeights(
                            model.manifest().network(),
                            model.manifest().input(),
                            model.weights(),
                            ActivationLayout.NCHW)) {
                        assertClose(nchw.forwardStages(x, 0, 1).toFloatArray(), dense.toFloatArray(), l.id());
                    }
                }
            }
        }
    }

    @Test
    void everyArchitectureInfersTheSameLogitsInEveryLayoutFoldedOrNotAlsoStageByStage() {
        SplittableRandom rnd = new SplittableRandom(9);
        float[] images = new float[3 * 28 * 28];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) rnd.nextGaussian();
        }
        for (Architecture arch : Architecture.values()) {
            SavedModel model = TestModels.random(arch, 21);
            BatchNormFolding f = BatchNormFolding.fold(model.manifest().network(), model.weights());
            float[] expected = null;
            for (ActivationLayout l : ActivationLayout.values()) {
                for (boolean fold : new boolean[] {false, true}) {
                    try (Network net = fold
                                    ? Network.withWeights(
                                            f.spec(), model.manifest().input(), f.weights(), l)
                                    : Network.withWeights(
                                            model.manifest().network(),
                                            model.manifest().input(),
                                            model.weights(),
                                            l);
                            NDManager m = net.manager().newSubManager()) {
                        NDArray x = m.create(images, new Shape(3, 1, 28, 28));
                        float[] logits = net.forward(x, false).toFloatArray();
                        expected = expected == null ? logits : expected;
                        assertClose(expected, logits, arch.id() + " " + l.id());
                        NDArray v = x;
                        for (int s = 0; s < net.stages().size(); s++) {
                            v = net.forwardStages(v, s, s + 1);
                        }
                        assertClose(expected, v.toFloatArray(), arch.id() + " " + l.id() + " stage by stage");
                    }
                }
            }
        }
    }

    /** Logits of a training-mode pass, inference logits and every parameter's gradient. */
    private static Map<String, float[]> pass(SavedModel model, ActivationLayout layout) {
        Map<String, float[]> out = new LinkedHashMap<>();
        SplittableRandom rnd = new SplittableRandom(5);
        float[] images = new float[8 * 28 * 28];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) rnd.nextGaussian();
        }
        try (Network net = Network.withWeights(
                        model.manifest().network(), model.manifest().input(), model.weights(), layout);
                NDManager m = net.manager().newSubManager()) {
            NDArray x = m.create(images, new Shape(8, 1, 28, 28));
            out.put("inference logits", net.forward(x, false).toFloatArray());
            try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                NDArray logits = net.forward(x, true);
                out.put("training logits", logits.toFloatArray());
                gc.backward(logits.logSoftmax(1).get(":, 0").mean().neg());
            }
            net.parameters().forEach((name, p) -> {
                if (p.requiresGradient() && p.getArray().hasGradient()) {
                    out.put(name + " gradient", p.getArray().getGradient().toFloatArray());
                }
            });
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(scale, 1e-3), what + " [" + i + "]");
        }
    }
}
