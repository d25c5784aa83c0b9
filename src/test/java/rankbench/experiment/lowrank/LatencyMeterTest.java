package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;

/**
 * Whole-model measurements: a pair is measured alternately and gives one median per network; a layer's
 * forms are measured alternately with the dense layer, in rounds.
 */
@Tag("engine")
class LatencyMeterTest {

    @Test
    void aPairGivesOneMedianPerNetworkInOrder() {
        SavedModel dense = ModelFiles.readDefault();
        RankPlan plan = RankPlan.empty().with("layer3.0.conv1", LayerPlan.of(Scheme.CHANNEL, 16));
        LatencyMeter meter = new LatencyMeter(8, 1, 3);
        try (Network d = dense.toNetwork();
                Network f = Factorizer.factorize(dense, plan).toNetwork()) {
            LatencyMeter.Pair p = meter.measurePair(d, f);
            assertTrue(p.denseMs() > 0 && p.factoredMs() > 0);
            assertTrue(Double.isFinite(p.denseMs()) && Double.isFinite(p.factoredMs()));
            assertTrue(p.speedupLow() > 0 && p.speedupLow() <= p.speedupHigh(), p.toString());
            assertEquals(p.denseMs() / p.factoredMs(), p.speedup(), 1e-12);
            // The networks are left usable: the meter works on folded copies.
            assertTrue(meter.measure(d) > 0);
            // The process's single-image passes for the JIT ran with the first whole-network measurement ...
            assertTrue(!LatencyMeter.OPTIMIZING_JIT
                    || LatencyMeter.jitWarmupPassesDone() >= LatencyMeter.JIT_WARMUP_PASSES);
            int done = LatencyMeter.jitWarmupPassesDone();
            meter.measurePair(d, f);
            meter.layer(layer("layer3.1.conv1"), LayerPlan.of(Scheme.CHANNEL, 16));
            assertEquals(done, LatencyMeter.jitWarmupPassesDone(), "... and only then");
        }
    }

    @Test
    void theJitWarmUpIsForJvmsWithTheOptimizingCompiler() {
        assertTrue(LatencyMeter.optimizingJit(List.of()));
        assertTrue(LatencyMeter.optimizingJit(List.of("-Xmx2g", "-XX:TieredStopAtLevel=4")));
        assertFalse(LatencyMeter.optimizingJit(List.of("-XX:TieredStopAtLevel=1")));
        assertFalse(LatencyMeter.optimizingJit(List.of("-Xint")));
    }

    @Test
    void networksWithDifferentInputsAreRefused() {
        FeatureShape small = new FeatureShape(1, 28, 28);
        FeatureShape wide = new FeatureShape(3, 32, 32);
        try (Network a = Network.create(Architecture.LENET5.build(small, 10), small, 1);
                Network b = Network.create(Architecture.LENET5.build(wide, 10), wide, 1)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new LatencyMeter(2, 0, 1).measurePair(a, b));
            assertTrue(e.getMessage().contains("different inputs"), e.getMessage());
        }
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] v = {4, 1, 3, 2};
        assertEquals(1, LatencyMeter.quantile(v, 0), 0);
        assertEquals(4, LatencyMeter.quantile(v, 1), 0);
        assertEquals(2.5, LatencyMeter.quantile(v, 0.5), 1e-12);
        assertEquals(1.75, LatencyMeter.quantile(v, 0.25), 1e-12);
        assertEquals(3.25, LatencyMeter.quantile(v, 0.75), 1e-12);
        assertEquals(7, LatencyMeter.quantile(new double[] {7}, 0.25), 0);
        assertArrayEquals(new double[] {4, 1, 3, 2}, v, "the values are left as they were");
    }

    private static LayerInfo layer(String name) {
        FeatureShape in = new FeatureShape(1, 28, 28);
        return NetworkSpec.layers(Architecture.RESNET20.build(in, 10), in).stream()
                .filter(l -> l.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aLayersFormsAreMeasuredInRoundsOneTimePerFormAfterTheDenseTime() {
        LayerInfo l = layer("layer3.1.conv1");
        List<LayerPlan> forms = new ArrayList<>();
        for (int r = 1; r <= LatencyMeter.FORMS_PER_ROUND + 3; r++) {
            forms.add(LayerPlan.of(Scheme.CHANNEL, r));
        }
        AtomicInteger checks = new AtomicInteger();
        double[] ms = new LatencyMeter(4, 1, 2).denseAndForms(l, forms, () -> {
            checks.incrementAndGet();
            return false;
        });
        assertEquals(forms.size() + 1, ms.length);
        for (double t : ms) {
            assertTrue(t > 0 && Double.isFinite(t), "a positive time, got " + t);
        }
        assertEquals(2, checks.get(), "two rounds, cancellation checked before each");
    }

    @Test
    void aCancelledLayerMeasurementStopsAndAnUnfactorizedFormIsRefused() {
        LayerInfo l = layer("layer3.1.conv1");
        LatencyMeter meter = new LatencyMeter(2, 0, 1);
        List<LayerPlan> forms = List.of(LayerPlan.of(Scheme.CHANNEL, 8));
        assertThrows(CancellationException.class, () -> meter.denseAndForms(l, forms, () -> true));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> meter.denseAndForms(l, List.of(LayerPlan.dense("kept")), () -> false));
        assertTrue(e.getMessage().contains("layer3.1.conv1"), e.getMessage());
    }
}
