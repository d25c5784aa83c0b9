package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.NetworkSpec;

class CostModelTest {

    // docs/METHODS.md §1.3 worked example: ResNet-20 on CIFAR (3x32x32), layer1.0.conv1 is 16->16, 3x3, 32x32, stride
    // 1.
    private static final FeatureShape CIFAR = new FeatureShape(3, 32, 32);
    private static final LayerSpec.Sequence NET = Architecture.RESNET20.build(CIFAR, 10);
    private static final List<LayerInfo> LAYERS = NetworkSpec.layers(NET, CIFAR);

    private static LayerInfo layer(String name) {
        return LAYERS.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void denseCountsMatchTheWorkedExample() {
        CostModel.LayerCost c = CostModel.layer(layer("layer1.0.conv1"), null);
        assertEquals(2304, c.params());
        assertEquals(2_359_296, c.macs());
    }

    @Test
    void channelFactorizationCosts160ParamsPerRankWithBreakEven14point4() {
        for (int r : new int[] {1, 4, 14}) {
            CostModel.LayerCost c = CostModel.layer(layer("layer1.0.conv1"), LayerPlan.of(Scheme.CHANNEL, r));
            assertEquals(160L * r, c.params());
            assertEquals(160L * r * 32 * 32, c.macs());
            assertEquals(14.4, c.breakEven(), 1e-12);
            assertFalse(c.aboveBreakEven());
        }
        assertTrue(CostModel.layer(layer("layer1.0.conv1"), LayerPlan.of(Scheme.CHANNEL, 15))
                .aboveBreakEven());
    }

    @Test
    void spatialFactorizationsCost96ParamsPerRankWithBreakEven24() {
        for (Scheme s : new Scheme[] {Scheme.SPATIAL, Scheme.SPATIAL_VH}) {
            CostModel.LayerCost c = CostModel.layer(layer("layer1.0.conv1"), LayerPlan.of(s, 10));
            assertEquals(960, c.params());
            assertEquals(960L * 32 * 32, c.macs()); // stride 1, same padding
            assertEquals(24.0, c.breakEven(), 1e-12);
            assertFalse(c.aboveBreakEven());
            assertTrue(CostModel.layer(layer("layer1.0.conv1"), LayerPlan.of(s, 24))
                    .aboveBreakEven());
        }
    }

    @Test
    void strideTwoLayersCountTheInputResolutionTerms() {
        LayerInfo l = layer("layer2.0.conv1"); // 16 -> 32, 3x3, stride 2, 32x32 -> 16x16
        int cin = 16;
        int cout = 32;
        int k = 3;
        int hin = 32;
        int win = 32;
        int hout = 16;
        int wout = 16;
        int r = 5;
        assertEquals(
                (long) r * cin * k * hin * wout + (long) r * cout * k * hout * wout,
                CostModel.layer(l, LayerPlan.of(Scheme.SPATIAL, r)).macs());
        assertEquals(
                (long) r * cin * k * hout * win + (long) r * cout * k * hout * wout,
                CostModel.layer(l, LayerPlan.of(Scheme.SPATIAL_VH, r)).macs());
        assertEquals(
                (long) r * (cin * k * k + cout) * hout * wout,
                CostModel.layer(l, LayerPlan.of(Scheme.CHANNEL, r)).macs());
        assertEquals(
                (long) r * cin * hin * win + (long) r * cout * k * k * hout * wout,
                CostModel.layer(l, LayerPlan.of(Scheme.INPUT, r)).macs());
        int ro = 7;
        int ri = 4;
        CostModel.LayerCost t = CostModel.layer(l, LayerPlan.tucker2(ro, ri));
        assertEquals((long) cin * ri + (long) ri * ro * k * k + (long) ro * cout, t.params());
        assertEquals(
                (long) cin * ri * hin * win + (long) ri * ro * k * k * hout * wout + (long) ro * cout * hout * wout,
                t.macs());
    }

    @Test
    void linearFactorizationCostsRankTimesInPlusOutPlusBias() {
        CostModel.LayerCost c = CostModel.layer(layer("linear"), LayerPlan.of(Scheme.LINEAR, 3));
        assertEquals(3L * (64 + 10) + 10, c.params());
        assertEquals(3L * (64 + 10), c.macs());
    }

    @Test
    void totalsChangeOnlyByThePlannedLayers() {
        RankPlan plan = new RankPlan(
                Map.of("layer1.0.conv1", LayerPlan.of(Scheme.CHANNEL, 4), "layer3.2.conv2", LayerPlan.dense("keep")));
        CostModel.Summary s = CostModel.of(NET, CIFAR, plan);
        assertEquals(NetworkSpec.parameterCount(NET), s.baseParams());
        assertEquals(NetworkSpec.macCount(NET, CIFAR), s.baseMacs());
        assertEquals(s.baseParams() - 2304 + 640, s.params());
        assertEquals(s.baseMacs() - 2_359_296 + 640L * 1024, s.macs());
        assertEquals(LAYERS.size(), s.layers().size());
    }

    @Test
    void tuckerBreakEvenBalancesParameters() {
        int[] shape = {16, 16, 3, 3};
        double r = CostModel.breakEven(shape, Scheme.TUCKER2);
        assertEquals(2304, 16 * r + r * r * 9 + r * 16, 1e-9);
    }
}
