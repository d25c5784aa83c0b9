package rankbench.experiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void oneCycleRisesToItsPeakAtThirtyPercentThenFallsToNearZero() {
        LearningRateSchedule s = LearningRateSchedule.oneCycle(0.2);
        long total = 1000;
        assertEquals(0.2 / 25, s.at(0, total), 1e-12);
        double peak = 0;
        long argPeak = 0;
        for (long i = 0; i < total; i++) {
            if (s.at(i, total) > peak) {
                peak = s.at(i, total);
                argPeak = i;
            }
        }
        assertEquals(0.2, peak, 1e-9);
        assertEquals(299, argPeak);
        assertTrue(s.at(total - 1, total) < 1e-5);
    }

    @Test
    void stepScheduleDropsTenfoldAtMilestones() {
        LearningRateSchedule s = LearningRateSchedule.step(0.1, List.of(0.5, 0.75), 0.1);
        assertEquals(0.1, s.at(49, 100), 1e-12);
        assertEquals(0.01, s.at(50, 100), 1e-12);
        assertEquals(0.001, s.at(80, 100), 1e-12);
    }

    @Test
    void cosineGoesFromPeakToZero() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.1);
        assertEquals(0.1, s.at(0, 11), 1e-12);
        assertEquals(0.05, s.at(5, 11), 1e-12);
        assertEquals(0, s.at(10, 11), 1e-12);
    }

    @Test
    void unknownScheduleIsNamed() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("warmup", 0.1));
        assertTrue(e.getMessage().contains("onecycle"));
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainingConfig.builder().setEpochs(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainingConfig.builder().optLearningRate(-1).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainingConfig.builder().optOptimizer("lbfgs").build());
    }

    @org.junit.jupiter.api.Test
    void exponentialDecaysByItsFactorPerEpochContinuouslyAndAWindowContinuesARun() {
        LearningRateSchedule e = LearningRateSchedule.exponential(0.1, 0.5, 4);
        assertEquals(0.1, e.at(0, 100), 1e-15);
        assertEquals(0.05, e.at(4, 100), 1e-15);
        assertEquals(0.1 * Math.pow(0.5, 0.25), e.at(1, 100), 1e-15);
        LearningRateSchedule c = LearningRateSchedule.cosine(0.1);
        LearningRateSchedule w = c.window(30, 100);
        for (int s = 0; s < 20; s++) {
            assertEquals(c.at(30 + s, 100), w.at(s, 20), 0.0);
        }
        assertEquals(Schedule.EXPONENTIAL, Schedule.fromId("Exponential"));
        assertEquals(Schedule.ONECYCLE, Schedule.fromId("one-cycle"));
    }
}
