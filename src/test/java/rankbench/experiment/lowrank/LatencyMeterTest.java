package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;

/** Whole-model measurements: a pair is measured alternately and gives one median per network. */
@Tag("engine")
class LatencyMeterTest {

    @Test
    void aPairGivesOneMedianPerNetworkInOrder() {
        SavedModel dense = ModelFiles.readDefault();
        RankPlan plan = RankPlan.empty().with("layer3.0.conv1", LayerPlan.of(Scheme.CHANNEL, 16));
        LatencyMeter meter = new LatencyMeter(8, 1, 3);
        try (Network d = dense.toNetwork();
                Network f = Factorizer.factorize(dense, plan).toNetwork()) {
            double[] ms = meter.measurePair(d, f);
            assertEquals(2, ms.length);
            assertTrue(ms[0] > 0 && ms[1] > 0 && Double.isFinite(ms[0]) && Double.isFinite(ms[1]));
            // The networks are left usable: the meter works on folded copies.
            assertTrue(meter.measure(d) > 0);
        }
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
}
