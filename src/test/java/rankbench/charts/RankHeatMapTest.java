package rankbench.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import rankbench.viewmodel.RankLearningViewModel.RankStep;

/** The heat map's colour scale and rank fractions, headless. */
class RankHeatMapTest {

    @Test
    void fullRankIsDarkestAndUnknownIsGrey() {
        Color low = RankHeatMap.colour(0);
        Color high = RankHeatMap.colour(1);
        assertTrue(high.getBrightness() < low.getBrightness());
        assertEquals(high, RankHeatMap.colour(2), "clamped");
        Color unknown = RankHeatMap.colour(Double.NaN);
        assertEquals(unknown.getRed(), unknown.getGreen(), 1e-9, "unknown layers are grey");
        assertEquals(unknown.getGreen(), unknown.getBlue(), 1e-9, "unknown layers are grey");
        assertTrue(RankHeatMap.colour(0.5).getBrightness() < low.getBrightness());
    }

    @Test
    void aStepGivesRankOverFullRankAndNaNForMissingLayers() {
        RankStep s = new RankStep(0, 10, "projection", new int[] {8, -1}, new int[] {16, 32});
        assertEquals(0.5, s.fraction(0));
        assertTrue(Double.isNaN(s.fraction(1)));
        assertTrue(Double.isNaN(s.fraction(2)));
    }
}
