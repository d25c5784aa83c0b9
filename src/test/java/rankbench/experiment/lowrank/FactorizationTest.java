package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

@Tag("engine")
class FactorizationTest {

    // stride 2, padding 1, non-square kernel, input and channel counts: catches any reshape mix-up
    private static final LayerSpec.Conv CONV = new LayerSpec.Conv("conv", 3, 5, 3, 2, 2, 2, 1, 1, true);
    private static final FeatureShape IN = new FeatureShape(3, 9, 8);
    private static final Tensor X = Fixtures.random(11, 2, 3, 9, 8);

    private static LayerPlan planFor(Scheme s, boolean full) {
        return switch (s) {
            case TUCKER2 -> full ? LayerPlan.tucker2(5, 3) : LayerPlan.tucker2(3, 2);
            case CHANNEL -> LayerPlan.of(s, full ? 5 : 3);
            case SPATIAL -> LayerPlan.of(s, full ? 6 : 3); // 15 x 6
            case SPATIAL_VH -> LayerPlan.of(s, full ? 9 : 4); // 9 x 10
            case INPUT -> LayerPlan.of(s, full ? 3 : 2); // 30 x 3
            default -> throw new IllegalArgumentException();
        };
    }

    @ParameterizedTest
    @EnumSource(
            value = Scheme.class,
            names = {"CHANNEL", "SPATIAL", "SPATIAL_VH", "INPUT", "TUCKER2"})
    void factorLayersComputeTheProjectedDenseLayer(Scheme s) {
        Tensor w = Fixtures.random(3, 5, 3, 3, 2);
        Tensor b = Fixtures.random(4, 5);
        for (boolean full : new boolean[] {false, true}) {
            LayerPlan plan = planFor(s, full);
            Tensor projected = Projection.project(w, plan, null, "conv");
            float[] dense;
            try (Network net = Network.create(new LayerSpec.Sequence("", List.of(CONV)), IN, 1)) {
                net.setWeight("conv.weight", projected);
                net.setWeight("conv.bias", b);
                dense = Fixtures.forward(net, X);
            }
            Factorizer.Factors f = Factorizer.factorLayer(CONV, w, b, plan, null, "conv");
            float[] factored;
            try (Network net = Network.create(new LayerSpec.Sequence("", List.of(f.spec())), IN, 1)) {
                f.weights().forEach((k, v) -> net.setWeight("conv." + k, v));
                factored = Fixtures.forward(net, X);
            }
            assertEquals(2 * 5 * 5 * 5, dense.length); // 9x8 -> 5x5 with kernel 3x2, stride 2, padding 1
            assertTrue(
                    Fixtures.maxAbsDiff(dense, factored) < 1e-4,
                    s + " full=" + full + ": " + Fixtures.maxAbsDiff(dense, factored));
            if (full) {
                assertTrue(Fixtures.maxAbsDiff(w.data(), projected.data()) < 1e-5, "full rank reproduces W");
            }
        }
    }

    @Test
    void linearLayerBecomesTwoLinears() {
        LayerSpec.Dense fc = new LayerSpec.Dense("fc", 12, 7, true);
        List<LayerSpec> flat = List.of(new LayerSpec.Flatten("flatten"));
        FeatureShape in = new FeatureShape(3, 2, 2);
        Tensor w = Fixtures.random(5, 7, 12);
        Tensor b = Fixtures.random(6, 7);
        LayerPlan plan = LayerPlan.of(Scheme.LINEAR, 4);
        Tensor x = Fixtures.random(7, 3, 3, 2, 2);
        float[] dense;
        try (Network net = Network.create(new LayerSpec.Sequence("", List.of(flat.get(0), fc)), in, 1)) {
            net.setWeight("fc.weight", Projection.project(w, plan, null, "fc"));
            net.setWeight("fc.bias", b);
            dense = Fixtures.forward(net, x);
        }
        Factorizer.Factors f = Factorizer.factorLayer(fc, w, b, plan, null, "fc");
        float[] factored;
        try (Network net = Network.create(new LayerSpec.Sequence("", List.of(flat.get(0), f.spec())), in, 1)) {
            f.weights().forEach((k, v) -> net.setWeight("fc." + k, v));
            factored = Fixtures.forward(net, x);
        }
        assertTrue(Fixtures.maxAbsDiff(dense, factored) < 1e-5);
    }

    @Test
    void projectionErrorIsTheNormOfTheDiscardedSingularValues() {
        FeatureShape in = new FeatureShape(1, 28, 28);
        try (Network net = Network.create(Architecture.RESNET20.build(in, 10), in, 3)) {
            Map<String, Tensor> before = net.weights();
            RankPlan plan = new RankPlan(Map.of("layer2.1.conv1", LayerPlan.of(Scheme.SPATIAL, 11)));
            Map<String, Double> err = Projection.apply(net, plan, null);
            double[] s = Svd.values(MatrixViews.toMatrix(before.get("layer2.1.conv1.weight"), Scheme.SPATIAL));
            assertEquals(Svd.tailNorm(s, 11), err.get("layer2.1.conv1"), 1e-5 * Svd.tailNorm(s, 0));
            Map<String, Tensor> after = net.weights();
            for (String name : before.keySet()) {
                if (!name.equals("layer2.1.conv1.weight")) {
                    assertEquals(before.get(name), after.get(name), name + " must be bit-identical");
                }
            }
        }
    }

    @Test
    void exportedFactorizedModelGivesTheProjectedModelsLogits(@TempDir Path dir) {
        FeatureShape in = new FeatureShape(1, 28, 28);
        LayerSpec.Sequence spec = Architecture.RESNET20.build(in, 10);
        Tensor x = Fixtures.random(21, 4, 1, 28, 28);
        try (Network net = Network.create(spec, in, 5)) {
            List<LayerInfo> layers = net.layers();
            SpectrumCache cache = new SpectrumCache();
            // every scheme somewhere, stride-2 layers and the classifier included; the stem stays dense
            RankPlan plan = RankRules.energy(layers, net.weights(), Scheme.CHANNEL, 0.8, cache)
                    .with("conv1", LayerPlan.dense("stem"))
                    .with("layer2.0.conv1", LayerPlan.of(Scheme.SPATIAL, 12))
                    .with("layer3.0.conv1", LayerPlan.of(Scheme.SPATIAL_VH, 20))
                    .with("layer2.1.conv2", LayerPlan.of(Scheme.INPUT, 10))
                    .with("layer3.1.conv1", LayerPlan.tucker2(24, 20));
            SavedModel saved = SavedModel.of(net, manifest(spec, in));
            SavedModel factorized = Factorizer.factorize(saved, plan, cache);
            Path file = dir.resolve("low-rank.rbm");
            try {
                ModelFiles.write(factorized, file);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            Projection.apply(net, plan, cache);
            float[] projected = Fixtures.forward(net, x);
            SavedModel loaded = ModelFiles.read(file);
            assertTrue(loaded.weights().containsKey("layer1.0.conv1.1.weight"));
            assertTrue(loaded.weights().containsKey("layer3.1.conv1.2.weight"));
            assertTrue(loaded.weights().containsKey("linear.1.bias"));
            assertTrue(loaded.weights().containsKey("conv1.weight"));
            try (Network f = loaded.toNetwork()) {
                float[] logits = Fixtures.forward(f, x);
                double tol = 1e-4 * Math.max(1, Fixtures.maxAbs(projected));
                assertTrue(
                        Fixtures.maxAbsDiff(projected, logits) < tol,
                        "max diff " + Fixtures.maxAbsDiff(projected, logits) + " (scale " + Fixtures.maxAbs(projected)
                                + ")");
                CostModel.Summary cost = CostModel.of(spec, in, plan);
                assertEquals(cost.params(), f.parameterCount());
                assertEquals(cost.macs(), f.macCount());
            }
        }
    }

    static ModelManifest manifest(LayerSpec.Sequence spec, FeatureShape in) {
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return new ModelManifest(
                ModelFiles.FORMAT_VERSION,
                "resnet20",
                in,
                classes,
                new float[] {0.286f},
                new float[] {0.353f},
                spec,
                null,
                null);
    }
}
