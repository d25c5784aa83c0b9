package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The latency rule's choice on injected (synthetic) latency and sensitivity tables. */
class LatencyPlannerTest {

    /** A table under construction: per layer a dense time and (plan, ms, drop) forms. */
    private static final class Tables {
        final Map<String, LatencyStaircase> table = new LinkedHashMap<>();
        final Map<String, Map<LayerPlan, Double>> drops = new LinkedHashMap<>();

        Tables layer(String name, double denseMs, Object... rankMsDrop) {
            List<LatencyStaircase.Step> steps = new ArrayList<>();
            Map<LayerPlan, Double> d = new LinkedHashMap<>();
            for (int i = 0; i < rankMsDrop.length; i += 3) {
                LayerPlan p = LayerPlan.of(Scheme.CHANNEL, (Integer) rankMsDrop[i]);
                steps.add(new LatencyStaircase.Step(p, (Double) rankMsDrop[i + 1]));
                d.put(p, (Double) rankMsDrop[i + 2]);
            }
            table.put(name, new LatencyStaircase(denseMs, steps));
            drops.put(name, d);
            return this;
        }

        LatencyTable latency() {
            return new LatencyTable(table);
        }
    }

    private static Tables threeLayers() {
        return new Tables()
                .layer("conv1", 1.0) // not a target: dense time only
                .layer("a", 10.0, 8, 4.0, 0.02, 16, 6.0, 0.005, 24, 8.0, 0.001)
                .layer("b", 10.0, 8, 5.0, 0.001, 16, 7.0, 0.0005)
                .layer("c", 5.0, 8, 2.0, 0.03, 16, 3.0, 0.01);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 1.1, 1.3, 1.5, 1.8, 2.0, 2.1})
    void aReachableSpeedupIsMetByTheTablesSum(double x) {
        Tables t = threeLayers();
        LatencyPlanner.Result r = LatencyPlanner.plan(t.latency(), t.drops, LatencyBudget.speedup(x));
        assertTrue(r.met(), r.message());
        assertEquals(26.0, r.denseMs(), 1e-12);
        assertEquals(t.latency().ms(r.plan()), r.plannedMs(), 1e-12);
        assertTrue(r.plannedMs() <= 26.0 / x, r.plannedMs() + " > " + 26.0 / x);
        double drop =
                r.layers().stream().mapToDouble(LatencyPlanner.Choice::drop).sum();
        assertEquals(drop, r.predictedDrop(), 1e-15);
    }

    @Test
    void aTimeBudgetIsMetAndTheCheapestDropPerMsIsTakenFirst() {
        Tables t = new Tables().layer("a", 10.0, 8, 5.0, 0.010).layer("b", 10.0, 8, 5.0, 0.001);
        LatencyPlanner.Result r = LatencyPlanner.plan(t.latency(), t.drops, LatencyBudget.millis(15.0));
        assertTrue(r.met(), r.message());
        assertEquals(15.0, r.plannedMs(), 1e-12);
        assertFalse(r.plan().get("a").factorized());
        assertEquals(LayerPlan.of(Scheme.CHANNEL, 8), r.plan().get("b"));
        assertEquals(0.001, r.predictedDrop(), 1e-15);
    }

    @Test
    void aFormThatIsNotFasterThanDenseIsNeverChosenEvenAtNoAccuracyCost() {
        Tables t = new Tables()
                .layer("a", 10.0, 8, 12.0, 0.0, 16, 10.0, 0.0, 24, 9.0, 0.05)
                .layer("b", 10.0, 8, 10.5, -0.01);
        LatencyPlanner.Result r = LatencyPlanner.plan(t.latency(), t.drops, LatencyBudget.maxDrop(1.0));
        assertEquals(LayerPlan.of(Scheme.CHANNEL, 24), r.plan().get("a"));
        assertFalse(r.plan().get("b").factorized());
        assertTrue(
                r.plan().get("b").reason().startsWith("no measured factorized form is faster"),
                r.plan().get("b").reason());
    }

    @Test
    void everythingStaysDenseWhenNoFormIsFaster() {
        Tables t = new Tables().layer("a", 10.0, 8, 11.0, 0.0, 16, 10.0, 0.0).layer("b", 3.0, 8, 3.5, 0.0);
        LatencyPlanner.Result r = LatencyPlanner.plan(t.latency(), t.drops, LatencyBudget.maxDrop(0.5));
        assertTrue(r.plan().layers().values().stream().noneMatch(LayerPlan::factorized));
        assertEquals(13.0, r.plannedMs(), 1e-12);
        assertEquals(0.0, r.predictedDrop());
        LatencyPlanner.Result s = LatencyPlanner.plan(t.latency(), t.drops, LatencyBudget.speedup(1.0));
        assertTrue(s.met());
        assertTrue(s.plan().layers().values().stream().noneMatch(LayerPlan::factorized));
    }

    @Test
    void aBudgetThatCannotBeMetIsReportedWithWhatTheFastestPlanReaches() {
        Tables t = threeLayers();
        LatencyPlanner.Result r = LatencyPlanner.plan(t.latency(), t.drops, LatencyBudget.speedup(3.0));
        assertFalse(r.met());
        assertEquals(1.0 + 4.0 + 5.0 + 2.0, r.plannedMs(), 1e-12); // the fastest form of every layer
        assertTrue(r.message().contains("cannot be met"), r.message());
        assertTrue(r.message().contains("12.00 ms"), r.message());
        LatencyPlanner.Result none = LatencyPlanner.plan(
                new Tables().layer("a", 4.0, 8, 5.0, 0.0).latency(), Map.of(), LatencyBudget.speedup(1.5));
        assertFalse(none.met());
        assertTrue(none.message().contains("cannot be met"), none.message());
    }

    @Test
    void anAccuracyBudgetGivesTheFastestPlanWithinTheDrop() {
        Tables t = threeLayers();
        LatencyPlanner.Result zero = LatencyPlanner.plan(t.latency(), t.drops, LatencyBudget.maxDrop(0));
        assertEquals(26.0, zero.plannedMs(), 1e-12);
        LatencyPlanner.Result r = LatencyPlanner.plan(t.latency(), t.drops, LatencyBudget.maxDrop(0.012));
        assertTrue(r.predictedDrop() <= 0.012 + 1e-15, r.message());
        // in order of drop per ms: b 16, b 8, a 24, a 16 (drop 0.006); c 16 would reach 0.016
        assertEquals(26.0 - 4 - 5, r.plannedMs(), 1e-12);
        assertEquals(0.006, r.predictedDrop(), 1e-12);
        assertEquals(LayerPlan.of(Scheme.CHANNEL, 16), r.plan().get("a"));
        assertEquals(LayerPlan.of(Scheme.CHANNEL, 8), r.plan().get("b"));
        assertEquals(
                "every faster form exceeds the accuracy budget",
                r.plan().get("c").reason());
    }

    @Test
    void aMeasuredAccuracyGainCountsAsNoDropAndTheLargerFreeSavingComesFirst() {
        Tables t = new Tables().layer("a", 10.0, 8, 9.0, -0.02).layer("b", 10.0, 8, 6.0, 0.0);
        LatencyPlanner.Result r = LatencyPlanner.plan(t.latency(), t.drops, LatencyBudget.millis(16.5));
        assertEquals(0.0, r.predictedDrop());
        assertEquals(LayerPlan.of(Scheme.CHANNEL, 8), r.plan().get("b"));
        assertFalse(r.plan().get("a").factorized());
        assertEquals(16.0, r.plannedMs(), 1e-12);
        LatencyPlanner.Result free = LatencyPlanner.plan(t.latency(), t.drops, LatencyBudget.maxDrop(0));
        assertEquals(15.0, free.plannedMs(), 1e-12);
        assertEquals(0.0, free.predictedDrop()); // not -0.02: the gain is not promised
        assertEquals(0.0, free.layers().get(0).drop());
    }

    @Test
    void aFasterFormWithoutAMeasuredDropIsAnError() {
        Tables t = new Tables().layer("a", 10.0, 8, 5.0, 0.0);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LatencyPlanner.plan(t.latency(), Map.of(), LatencyBudget.speedup(1.5)));
        assertTrue(e.getMessage().contains("layer 'a': no accuracy drop for channel at rank 8"), e.getMessage());
    }

    @Test
    void aMeasuredTimeMustBeAPositiveNumberAndABudgetInRange() {
        assertThrows(IllegalArgumentException.class, () -> new LatencyStaircase(Double.NaN, List.of()));
        assertThrows(
                IllegalArgumentException.class, () -> new LatencyStaircase.Step(LayerPlan.of(Scheme.CHANNEL, 8), -1.0));
        assertThrows(IllegalArgumentException.class, () -> new LatencyStaircase.Step(LayerPlan.dense("x"), 1.0));
        assertThrows(IllegalArgumentException.class, () -> LatencyBudget.speedup(0.5));
        assertThrows(IllegalArgumentException.class, () -> LatencyBudget.speedup(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LatencyBudget.millis(0));
        assertThrows(IllegalArgumentException.class, () -> LatencyBudget.maxDrop(1.5));
    }

    @Test
    void onRandomTablesTheBudgetIsMetExactlyWhenTheFastestPlanMeetsItAndOnlyFasterFormsAreChosen() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            Tables t = new Tables();
            int layers = 1 + rnd.nextInt(5);
            double fastest = 0;
            for (int l = 0; l < layers; l++) {
                double dense = 1 + 9 * rnd.nextDouble();
                int forms = rnd.nextInt(5);
                Object[] args = new Object[3 * forms];
                double best = dense;
                for (int f = 0; f < forms; f++) {
                    double ms = dense * (0.3 + 1.2 * rnd.nextDouble());
                    args[3 * f] = 8 * (f + 1);
                    args[3 * f + 1] = ms;
                    args[3 * f + 2] = rnd.nextDouble() * 0.05 - 0.005;
                    best = Math.min(best, ms);
                }
                t.layer("l" + l, dense, args);
                fastest += best;
            }
            double x = 1 + 1.5 * rnd.nextDouble();
            LatencyTable table = t.latency();
            LatencyPlanner.Result r = LatencyPlanner.plan(table, t.drops, LatencyBudget.speedup(x));
            double target = table.denseMs() / x;
            assertEquals(fastest <= target, r.met(), "trial " + trial + ": " + r.message());
            assertEquals(table.ms(r.plan()), r.plannedMs(), 1e-9);
            if (r.met()) {
                assertTrue(r.plannedMs() <= target * (1 + 1e-12));
            }
            double maxDrop = 0.03 * rnd.nextDouble();
            LatencyPlanner.Result d = LatencyPlanner.plan(table, t.drops, LatencyBudget.maxDrop(maxDrop));
            assertTrue(d.predictedDrop() <= maxDrop + 1e-12, "trial " + trial);
            for (LatencyPlanner.Result res : List.of(r, d)) {
                for (LatencyPlanner.Choice c : res.layers()) {
                    if (c.plan() == null) {
                        assertEquals(c.denseMs(), c.ms());
                    } else {
                        assertTrue(c.ms() < c.denseMs(), "trial " + trial + ": " + c);
                        assertEquals(Math.max(0, t.drops.get(c.layer()).get(c.plan())), c.drop());
                    }
                }
            }
        }
    }

    @Test
    void theTableSumsDenseAndPlannedTimesAndRefusesAnUnmeasuredForm() {
        LatencyTable table = threeLayers().latency();
        assertEquals(26.0, table.ms(RankPlan.empty()), 1e-12);
        RankPlan p =
                RankPlan.empty().with("a", LayerPlan.of(Scheme.CHANNEL, 16)).with("c", LayerPlan.dense("x"));
        assertEquals(1.0 + 6.0 + 10.0 + 5.0, table.ms(p), 1e-12);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> table.ms(RankPlan.empty().with("b", LayerPlan.of(Scheme.SPATIAL, 8))));
        assertTrue(e.getMessage().contains("layer 'b'"), e.getMessage());
        assertNull(RankPlan.empty().get("a"));
    }
}
