package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.ParameterShapes;
import rankbench.experiment.model.Tensor;

class RankPlanTest {

    private static final FeatureShape INPUT = new FeatureShape(1, 28, 28);
    private static final LayerSpec.Sequence NET = Architecture.RESNET20.build(INPUT, 10);
    private static final List<LayerInfo> LAYERS = NetworkSpec.layers(NET, INPUT);

    @Test
    void planRoundTripsThroughJson(@TempDir Path dir) throws Exception {
        LinkedHashMap<String, LayerPlan> m = new LinkedHashMap<>();
        m.put("layer1.0.conv1", LayerPlan.of(Scheme.SPATIAL_VH, 8));
        m.put("layer2.0.conv1", LayerPlan.tucker2(12, 8));
        m.put("linear", LayerPlan.dense("classifier stays dense"));
        RankPlan plan = new RankPlan(m);
        String json = plan.toJson();
        assertTrue(json.contains("\"spatial-vh\""), json);
        assertTrue(json.contains("\"ranks\" : [ 12, 8 ]"), json);
        assertEquals(plan, RankPlan.fromJson(json));
        Path f = dir.resolve("plan.json");
        plan.write(f);
        assertEquals(plan, RankPlan.read(f));
    }

    @Test
    void handWrittenPlanGetsTheDefaultSchemeAndLinearForLinearLayers() {
        RankPlan p = RankPlan.fromJson("{\"layers\":{\"layer1.0.conv1\":{\"rank\":4},\"linear\":{\"rank\":3}}}")
                .resolve(LAYERS, Scheme.SPATIAL);
        assertEquals(Scheme.SPATIAL, p.get("layer1.0.conv1").scheme());
        assertEquals(Scheme.LINEAR, p.get("linear").scheme());
    }

    @Test
    void invalidPlansAreRejectedWithClearMessages() {
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> RankPlan.fromJson("{\"layers\":{\"x\":{\"rank\":0}}}"))
                .getMessage()
                .contains("rank must be >= 1"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new RankPlan(Map.of("nope", LayerPlan.of(Scheme.CHANNEL, 2)))
                                .resolve(LAYERS, Scheme.CHANNEL))
                .getMessage()
                .contains("not a compressible layer"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new RankPlan(Map.of("layer1.0.conv1", LayerPlan.of(Scheme.CHANNEL, 17)))
                                .resolve(LAYERS, Scheme.CHANNEL))
                .getMessage()
                .contains("exceeds the full rank 16"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> RankPlan.fromJson("{\"layers\":{\"x\":{\"rank\":\"many\"}}}"))
                .getMessage()
                .startsWith("invalid rank plan"));
    }

    @Test
    void energyRuleKeepsTheRequestedEnergyWithTheSmallestRank() {
        Map<String, Tensor> w = randomWeights();
        SpectrumCache cache = new SpectrumCache();
        RankPlan p = RankRules.energy(LAYERS, w, Scheme.CHANNEL, 0.9, cache);
        for (LayerInfo l : LAYERS) {
            int r = p.get(l.name()).rank();
            double[] s = cache.values(
                    l.name(), w.get(l.name() + ".weight"), RankRules.schemeFor(l, Scheme.CHANNEL), -1, true);
            Spectrum sp = new Spectrum(l.name(), Scheme.CHANNEL, -1, 0, 0, s);
            assertTrue(sp.energyKept(r) >= 0.9);
            assertTrue(r == 1 || sp.energyKept(r - 1) < 0.9);
        }
        assertEquals(Scheme.LINEAR, p.get("linear").scheme());
    }

    @Test
    void tuckerEnergyRuleUsesBothUnfoldings() {
        RankPlan p = RankRules.energy(LAYERS, randomWeights(), Scheme.TUCKER2, 0.8, null);
        LayerPlan t = p.get("layer3.0.conv1"); // 32 -> 64
        assertEquals(Scheme.TUCKER2, t.scheme());
        assertTrue(t.outRank() <= 64 && t.inRank() <= 32 && t.outRank() >= 1);
    }

    @Test
    void thresholdRuleCountsValuesAboveTheThresholdButNeverGoesBelowOne() {
        Map<String, Tensor> w = randomWeights();
        RankPlan none = RankRules.threshold(LAYERS, w, Scheme.CHANNEL, 1e9, null);
        none.layers().values().forEach(p -> assertEquals(1, p.rank()));
        RankPlan all = RankRules.threshold(LAYERS, w, Scheme.CHANNEL, 0, null);
        assertEquals(16, all.get("layer1.0.conv1").rank());
    }

    @Test
    void parameterRatioRulePicksTheLargestRankWithinBudget() {
        RankPlan p = RankRules.parameterRatio(LAYERS, Scheme.CHANNEL, 0.5);
        LayerInfo l = LAYERS.stream()
                .filter(x -> x.name().equals("layer1.0.conv1"))
                .findFirst()
                .orElseThrow();
        assertEquals(7, p.get("layer1.0.conv1").rank()); // 160*7 = 1120 <= 1152 < 160*8
        assertTrue(CostModel.layer(l, p.get(l.name())).params() <= 0.5 * l.params());
    }

    @Test
    void breakEvenCapKeepsLargerFactorizationsDense() {
        RankPlan p = RankRules.capAtBreakEven(RankRules.uniformRank(LAYERS, Scheme.CHANNEL, 15), LAYERS);
        assertFalse(p.get("layer1.0.conv1").factorized()); // 15 >= 14.4
        assertTrue(p.get("layer1.0.conv1").reason().contains("break-even"));
        assertTrue(p.get("layer3.0.conv1").factorized()); // 32->64: break-even 57.9
    }

    @Test
    void roundingGoesUpToAMultipleWithinTheFullRank() {
        assertEquals(8, RankRules.round(3, 8, 16));
        assertEquals(16, RankRules.round(9, 8, 16));
        assertEquals(8, RankRules.round(9, 8, 12)); // 16 > 12: down to 8
        assertEquals(5, RankRules.round(5, 8, 6)); // no multiple of 8 fits
        assertEquals(1, RankRules.round(1, 1, 1));
        RankPlan p = RankRules.roundTo(RankRules.uniformRank(LAYERS, Scheme.CHANNEL, 3), LAYERS, 8);
        assertEquals(8, p.get("layer1.0.conv1").rank());
        assertEquals(8, p.get("linear").rank());
        assertEquals(8, p.get("conv1").rank()); // 16x9: full rank 9, rounded down to 8
    }

    @Test
    void keepFasterKeepsMeasuredSlowerLayersDense() {
        RankPlan p = RankRules.uniformRank(LAYERS, Scheme.CHANNEL, 4);
        RankPlan q = RankRules.keepFaster(
                p,
                Map.of(
                        "layer1.0.conv1", new LatencyMeter.LayerLatency("layer1.0.conv1", 1.0, 2.0),
                        "layer1.0.conv2", new LatencyMeter.LayerLatency("layer1.0.conv2", 2.0, 1.0)));
        assertFalse(q.get("layer1.0.conv1").factorized());
        assertTrue(q.get("layer1.0.conv2").factorized());
    }

    @Test
    void spectrumCacheRecomputesOnlyWhenWeightsChange() throws Exception {
        Map<String, Tensor> w = randomWeights();
        SpectrumCache cache = new SpectrumCache();
        List<Spectrum> a = cache.spectraAsync(w, LAYERS, Scheme.CHANNEL, false, Runnable::run)
                .get();
        int n = cache.computations();
        assertEquals(LAYERS.size(), n);
        cache.spectra(w, LAYERS, Scheme.CHANNEL, false);
        assertEquals(n, cache.computations());
        Tensor changed = w.get("layer1.0.conv1.weight").copy();
        changed.data()[0] += 1f;
        w.put("layer1.0.conv1.weight", changed);
        List<Spectrum> b = cache.spectra(w, LAYERS, Scheme.CHANNEL, false);
        assertEquals(n + 1, cache.computations());
        assertEquals(a.size(), b.size());
        assertEquals(16, a.get(1).rows());
        assertEquals(144, a.get(1).cols());
    }

    static Map<String, Tensor> randomWeights() {
        Map<String, Tensor> w = new LinkedHashMap<>();
        long seed = 1;
        for (Map.Entry<String, int[]> e : ParameterShapes.of(NET).entrySet()) {
            w.put(e.getKey(), Fixtures.random(seed++, e.getValue()));
        }
        return w;
    }
}
