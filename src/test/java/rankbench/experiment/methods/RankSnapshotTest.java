package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.TestModels;

/**
 * A rank snapshot is a report, never a reason for a run to fail: an orth-evbmf run failed at its second
 * epoch end because EVBMF estimated a Tucker-2 rank of 0 for one mode and pricing the snapshot threw.
 */
@Tag("engine")
class RankSnapshotTest {

    static final SavedModel BASE = TestModels.random(Architecture.RESNET20, 3);

    @Test
    void aSnapshotWithARankThatCannotBeBuiltHasNoCostInsteadOfThrowing() {
        RankSnapshot s = new RankSnapshot(
                "orth-evbmf",
                "epoch",
                2,
                890,
                List.of(new RankSnapshot.Layer(
                        "layer1.0.conv1", "tucker2", List.of(0, 3), List.of(16, 16), new double[] {1, 0.5})));
        assertTrue(s.costOn(BASE).isEmpty());
    }

    @Test
    void aBuildableSnapshotIsPricedAtItsRanks() {
        RankSnapshot s = new RankSnapshot(
                "orth-evbmf",
                "epoch",
                2,
                890,
                List.of(new RankSnapshot.Layer(
                        "layer1.0.conv1", "tucker2", List.of(4, 3), List.of(16, 16), new double[] {1, 0.5})));
        var cost = s.costOn(BASE).orElseThrow();
        // Tucker-2 (4, 3) of a 16x16x3x3 kernel: 16*3 + 3*4*9 + 4*16 weights instead of 16*16*9
        assertEquals(cost.baseParams() - 16 * 16 * 9 + 16 * 3 + 3 * 4 * 9 + 4 * 16, cost.params());
    }
}
