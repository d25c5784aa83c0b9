package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.training.RunStatus;

/** The summary's whole-model latency and measured speed-up labels. */
class SummaryLatencyTest {

    private final SummaryViewModel summary = new SummaryViewModel();

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "12.0; 8.0; 1.50\u00d7 faster",
                "8.0; 10.0; 1.25\u00d7 slower than dense",
                "5.0; 5.01; 1.00\u00d7 (no measurable change)",
                "3.3; 1.1; 3.00\u00d7 faster"
            })
    void theSpeedUpIsDenseOverPlanMilliseconds(double dense, double plan, String label) {
        summary.setLatencyBatch(32);
        summary.setPlanLatency(dense, plan, false);
        assertEquals(label, summary.speedupTextProperty().get());
        assertEquals(
                String.format(Locale.ROOT, "%.2f \u2192 %.2f ms per batch of 32", dense, plan),
                summary.latencyTextProperty().get());
    }

    @Test
    void whileThePlanIsMeasuredTheDenseFigureIsShownAndTheSpeedUpWaits() {
        summary.setLatencyBatch(16);
        summary.setPlanLatency(4.5, null, false);
        assertEquals(
                "measuring\u2026 (dense 4.50 ms per batch of 16)",
                summary.latencyTextProperty().get());
        assertEquals("measuring\u2026", summary.speedupTextProperty().get());
    }

    @Test
    void aFailedMeasurementSaysSoAndShowsNoSpeedUp() {
        summary.setLatencyBatch(32);
        summary.setPlanLatency(4.5, null, true);
        assertEquals("could not be measured", summary.latencyTextProperty().get());
        assertEquals("\u2014", summary.speedupTextProperty().get());
    }

    @Test
    void withoutALatencyWorkerNothingIsPromised() {
        summary.setLatencyBatch(0);
        assertEquals(
                "not measured (no latency worker)",
                summary.latencyTextProperty().get());
    }

    @Test
    void aShownRunShowsItsOwnMeasuredLatencyAndBackOnTheBaseThePlans() {
        SavedModel base = TestRuns.lenet(1);
        RankPlan plan = RankPlan.empty();
        Run run = TestRuns.run(
                "r1",
                RunKind.COMPRESS,
                "compress",
                "x",
                RunStatus.COMPLETED,
                "",
                base,
                plan,
                Map.of(),
                0.9,
                null,
                null,
                1.0); // base 2.0 ms, run 1.0 ms, batch 32
        summary.setLatencyBatch(8);
        summary.setPlanLatency(6.0, 3.0, false);
        summary.showRun(run);
        assertEquals(
                "2.00 \u2192 1.00 ms per batch of 32",
                summary.latencyTextProperty().get());
        assertEquals("2.00\u00d7 faster", summary.speedupTextProperty().get());
        summary.showBase();
        assertEquals(
                "6.00 \u2192 3.00 ms per batch of 8",
                summary.latencyTextProperty().get());
    }
}
