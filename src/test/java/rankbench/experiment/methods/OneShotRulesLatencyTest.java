package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import rankbench.experiment.lowrank.LatencyBudget;
import rankbench.experiment.lowrank.Scheme;

/** The latency rule's settings are checked like the other rules' (one message per problem) and described. */
class OneShotRulesLatencyTest {

    private static final LatencyRule.Setup SETUP = LatencyRule.Setup.of(128, Path.of("cache"));

    @Test
    void latencyNeedsABudgetAndASetupAndNoCostReduction() {
        String noBudget = assertThrows(
                        IllegalArgumentException.class,
                        () -> new OneShotRules.Settings(
                                OneShotRules.Kind.LATENCY,
                                Scheme.CHANNEL,
                                Targets.defaults(),
                                1,
                                1,
                                false,
                                null,
                                1,
                                CostKind.MACS,
                                null,
                                null,
                                false))
                .getMessage();
        assertTrue(noBudget.contains("latency needs a budget"), noBudget);
        String reduction = assertThrows(
                        IllegalArgumentException.class,
                        () -> new OneShotRules.Settings(
                                OneShotRules.Kind.LATENCY,
                                Scheme.CHANNEL,
                                Targets.defaults(),
                                1,
                                1,
                                false,
                                null,
                                1,
                                CostKind.MACS,
                                2.0,
                                null,
                                false,
                                LatencyBudget.speedup(1.3),
                                SETUP))
                .getMessage();
        assertTrue(reduction.contains("not a cost reduction"), reduction);
    }

    @Test
    void aLatencyBudgetOnAnotherRuleIsRefused() {
        String m = assertThrows(
                        IllegalArgumentException.class,
                        () -> new OneShotRules.Settings(
                                OneShotRules.Kind.EVBMF,
                                Scheme.CHANNEL,
                                Targets.defaults(),
                                1,
                                1,
                                false,
                                null,
                                1,
                                CostKind.MACS,
                                null,
                                null,
                                false,
                                LatencyBudget.speedup(1.3),
                                SETUP))
                .getMessage();
        assertTrue(m.contains("latency rule only"), m);
    }

    @Test
    void theSettingsDescribeTheBudgetAndBatch() {
        assertEquals(
                "latency, 1.3x faster (batch 128)",
                OneShotRules.Settings.latency(Targets.defaults(), LatencyBudget.speedup(1.3), SETUP, false)
                        .describe());
        assertEquals(
                "latency, at most 5 ms (batch 32)",
                OneShotRules.Settings.latency(Targets.defaults(), LatencyBudget.millis(5), SETUP.withBatch(32), false)
                        .describe());
        assertEquals(
                "latency, drop at most 0.5 pp (batch 128)",
                OneShotRules.Settings.latency(Targets.defaults(), LatencyBudget.maxDrop(0.005), SETUP, false)
                        .describe());
        assertEquals(OneShotRules.Kind.LATENCY, OneShotRules.Kind.parse("Latency"));
    }

    @Test
    void aSetupRefusesImpossibleMeasurements() {
        assertThrows(IllegalArgumentException.class, () -> SETUP.withBatch(0));
        String m = assertThrows(
                        IllegalArgumentException.class,
                        () -> new LatencyRule.Setup(2, 0, 1, 16, List.of(Scheme.LINEAR), Path.of("c"), false))
                .getMessage();
        assertTrue(m.contains("conv scheme"), m);
    }
}
