package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import rankbench.experiment.methods.RankSnapshot;
import rankbench.experiment.training.TrainingEvent;
import rankbench.viewmodel.RankLearningViewModel.RankStep;

/** What the heat map gets from rank snapshots: layers in order, both Tucker-2 ranks, step and epoch. */
class RankHistoryViewModelTest {

    private final RankHistoryViewModel history = new RankHistoryViewModel(() -> null);

    private void snapshot(double step, int epoch, RankSnapshot.Layer... layers) {
        RankSnapshot s = new RankSnapshot("trp", "projection", epoch, (long) step, List.of(layers));
        history.accept(
                new TrainingRunViewModel.Step(new TrainingEvent.MethodUpdate("r", (long) step, "ranks", s), step));
    }

    private static RankSnapshot.Layer layer(String name, List<Integer> rank, List<Integer> full) {
        return new RankSnapshot.Layer(name, rank.size() == 2 ? "tucker2" : "channel", rank, full, new double[] {2, 1});
    }

    @Test
    void aTucker2LayerKeepsBothRanksAndAChannelLayerOne() {
        snapshot(
                120,
                2,
                layer("layer1.0.conv1", List.of(8), List.of(16)),
                layer("layer1.0.conv2", List.of(12, 6), List.of(16, 16)));
        history.flush();
        RankStep s = history.rankHistory().get(0);
        assertEquals(List.of("layer1.0.conv1", "layer1.0.conv2"), history.layerNames());
        assertEquals(120, s.step());
        assertEquals(2, s.epoch());
        assertEquals(8, s.ranks()[0]);
        assertEquals(-1, s.inRank(0), "one rank");
        assertEquals(12, s.ranks()[1]);
        assertEquals(6, s.inRank(1));
        assertEquals(16, s.fullInRank(1));
    }

    @Test
    void aLayerFirstSeenLaterIsAddedAfterTheOthersAndUnknownBefore() {
        snapshot(10, 0, layer("conv1", List.of(4), List.of(8)));
        snapshot(20, 0, layer("conv1", List.of(4), List.of(8)), layer("fc", List.of(5), List.of(10)));
        history.flush();
        assertEquals(List.of("conv1", "fc"), history.layerNames());
        assertEquals(2, history.rankHistory().size(), "both updates published in one flush");
        assertTrue(Double.isNaN(history.rankHistory().get(0).fraction(1)));
        assertEquals(0.5, history.rankHistory().get(1).fraction(1));
    }
}
