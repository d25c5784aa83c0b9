package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;

/** A folded network computes the unfolded network's function. */
@Tag("engine")
class BatchNormFoldingTest {

    private static float[] logits(Network net, float[] x, int n) {
        try (NDManager m = net.manager().newSubManager()) {
            NDArray in = m.create(x, new Shape(n, 1, 28, 28));
            return net.forward(in, false).toFloatArray();
        }
    }

    private static void assertClose(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double scale = 0;
        for (float v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5 * Math.max(1, scale), "logit " + i);
        }
    }

    @Test
    void foldedNetworksGiveTheSameLogits() {
        for (Architecture arch :
                new Architecture[] {Architecture.RESNET20, Architecture.VGG16, Architecture.RESNET18}) {
            SavedModel m = arch == Architecture.RESNET20 ? ModelFiles.readDefault() : withStatistics(arch);
            BatchNormFolding f = BatchNormFolding.fold(m.manifest().network(), m.weights());
            assertFalse(f.weights().keySet().stream().anyMatch(k -> k.contains("running_mean")), arch + ": BN left");
            assertTrue(
                    f.isFolded(NetworkSpec.layers(
                                    m.manifest().network(), m.manifest().input())
                            .get(0)
                            .name()),
                    arch + ": first conv folded");
            float[] x = new float[8 * 784];
            SplittableRandom rnd = new SplittableRandom(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextDouble() * 4 - 2);
            }
            try (Network plain = m.toNetwork();
                    Network folded = Network.withWeights(f.spec(), m.manifest().input(), f.weights())) {
                assertEquals(
                        plain.layers().stream().map(LayerInfo::name).toList(),
                        folded.layers().stream().map(LayerInfo::name).toList());
                assertClose(logits(plain, x, 8), logits(folded, x, 8));
                // a replaced weight folds like the original
                String layer = plain.layers().get(2).name();
                Tensor w = plain.weight(layer + ".weight");
                float[] half = w.data().clone();
                for (int i = 0; i < half.length; i++) {
                    half[i] *= 0.5f;
                }
                Tensor hw = new Tensor(w.shape(), half);
                plain.setWeight(layer + ".weight", hw);
                folded.setWeight(layer + ".weight", f.foldWeight(layer, hw));
                assertClose(logits(plain, x, 8), logits(folded, x, 8));
            }
        }
    }

    /** Random weights with non-trivial batch-norm statistics and affine parameters. */
    private static SavedModel withStatistics(Architecture arch) {
        SavedModel r = TestModels.random(arch, 5);
        SplittableRandom rnd = new SplittableRandom(9);
        var w = new LinkedHashMap<String, Tensor>();
        r.weights().forEach((k, t) -> {
            float[] d = t.data().clone();
            if (k.endsWith("running_var")) {
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) (0.5 + rnd.nextDouble());
                }
            } else if (k.endsWith("running_mean") || (t.shape().length == 1)) {
                for (int i = 0; i < d.length; i++) {
                    d[i] += (float) (rnd.nextDouble() - 0.5);
                }
            }
            w.put(k, new Tensor(t.shape(), d));
        });
        return new SavedModel(r.manifest(), w);
    }

    @Test
    void onFoldedGivesWorkAFoldedCopyAndClosesItOrTheNetworkItselfWhenNothingFolds() {
        SavedModel m = ModelFiles.readDefault();
        try (Network plain = m.toNetwork()) {
            Network[] seen = new Network[1];
            int folded = BatchNormFolding.onFolded(plain, n -> {
                seen[0] = n;
                return (int) n.parameters().keySet().stream()
                        .filter(k -> k.contains("running_mean"))
                        .count();
            });
            assertEquals(0, folded, "the copy has no batch norm left");
            assertTrue(seen[0] != plain, "a copy, not the network");
            assertTrue(
                    seen[0].parameters().values().iterator().next().getArray().isReleased(), "copy closed");
            assertFalse(plain.parameters().values().iterator().next().getArray().isReleased());
            BatchNormFolding f = BatchNormFolding.fold(m.manifest().network(), m.weights());
            try (Network without = Network.withWeights(f.spec(), m.manifest().input(), f.weights())) {
                boolean itself = BatchNormFolding.onFolded(without, n -> n == without);
                assertTrue(itself, "nothing to fold: the network itself");
            }
        }
    }

    @Test
    void batchNormsAfterFactorizedLayersFoldIntoTheirLastConv() {
        SavedModel m = ModelFiles.readDefault();
        RankPlan plan = RankPlan.empty()
                .with("conv1", LayerPlan.of(Scheme.CHANNEL, 4))
                .with("layer1.0.conv1", LayerPlan.of(Scheme.SPATIAL, 8))
                .with("layer2.1.conv2", LayerPlan.tucker2(16, 16))
                .with("layer3.2.conv1", LayerPlan.of(Scheme.INPUT, 16));
        SavedModel f = Factorizer.factorize(m, plan);
        BatchNormFolding folding = BatchNormFolding.fold(f.manifest().network(), f.weights());
        assertFalse(
                folding.weights().keySet().stream().anyMatch(k -> k.contains("running_mean")),
                "every batch norm folded");
        assertTrue(folding.isFolded("layer2.1.conv2.2"), "into Tucker-2's last conv");
        assertTrue(folding.isFolded("conv1.1"));
        assertFalse(folding.isFolded("layer2.1.conv2.0"));
        float[] x = new float[8 * 784];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 4 - 2);
        }
        try (Network plain = f.toNetwork();
                Network folded =
                        Network.withWeights(folding.spec(), f.manifest().input(), folding.weights())) {
            assertClose(logits(plain, x, 8), logits(folded, x, 8));
        }
    }
}
