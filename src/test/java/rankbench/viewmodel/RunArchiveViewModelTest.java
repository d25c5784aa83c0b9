package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.training.RunStatus;

/** The run archive's view model, without the toolkit (current-thread tasks, UI = run now). */
class RunArchiveViewModelTest {

    private static final SavedModel BASE = TestRuns.lenet(1);

    private final ObservableList<Run> runs = FXCollections.observableArrayList(TestRuns.archive(BASE));
    private final List<Run> restored = new ArrayList<>();
    private final RunArchiveViewModel vm = new RunArchiveViewModel(runs, restored::add);

    private static List<String> ids(List<Run> rs) {
        return rs.stream().map(Run::id).toList();
    }

    private Run run(String id) {
        return runs.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void textFilterMatchesMethodLabelAndHyperparametersAndEveryWordMustMatch() {
        vm.filterTextProperty().set("TRP");
        assertEquals(List.of("run-6"), ids(vm.filteredRuns()));
        vm.filterTextProperty().set("tucker");
        assertEquals(List.of("run-5"), ids(vm.filteredRuns()), "label 'lra, tucker-2' and scheme=tucker2");
        vm.filterTextProperty().set("learningRate=0.5");
        assertEquals(List.of("run-7"), ids(vm.filteredRuns()));
        vm.filterTextProperty().set("epochs=5 lc");
        assertEquals(List.of("run-7"), ids(vm.filteredRuns()));
        vm.filterTextProperty().set("  ");
        assertEquals(8, vm.filteredRuns().size());
    }

    @Test
    void statusAndKindFiltersCombine() {
        vm.statusFilterProperty().set(RunStatusFilter.WITH_RESULT);
        assertEquals(List.of("run-1", "run-2", "run-3", "run-4", "run-5", "run-6"), ids(vm.filteredRuns()));
        vm.kindFilterProperty().set(RunKind.RANK_LEARNING);
        assertEquals(List.of("run-5", "run-6"), ids(vm.filteredRuns()));
        vm.statusFilterProperty().set(RunStatusFilter.DIVERGED);
        assertEquals(List.of("run-7"), ids(vm.filteredRuns()));
        vm.kindFilterProperty().set(null);
        vm.statusFilterProperty().set(RunStatusFilter.FAILED);
        assertEquals(List.of("run-8"), ids(vm.filteredRuns()));
    }

    @Test
    void divergedAndFailedRunsAreNeverPointsAndAreListedAsExcluded() {
        Set<String> pointRuns = vm.points().stream().map(RunPoint::runId).collect(Collectors.toSet());
        assertFalse(pointRuns.contains("run-7"));
        assertFalse(pointRuns.contains("run-8"));
        Map<String, String> why =
                vm.excluded().stream().collect(Collectors.toMap(ExcludedRun::runId, ExcludedRun::category));
        assertEquals(Map.of("run-7", "diverged", "run-8", "failed"), why);
        assertTrue(
                vm.excluded().get(0).reason().contains("loss became NaN at step 212"),
                vm.excluded().get(0).reason());
        assertEquals(
                "Not on the chart: diverged (1), failed (1).",
                vm.paretoNoteProperty().get());
    }

    @Test
    void theFrontIsComputedFromResultRunsOnly() {
        // A diverged run that would dominate everything (fewest MACs, best accuracy) must not hide the front.
        Run diverged = TestRuns.run(
                "run-9",
                RunKind.RANK_LEARNING,
                "lc",
                "lc diverged",
                RunStatus.DIVERGED,
                "NaN",
                BASE,
                TestRuns.plan("conv1", Scheme.CHANNEL, 1, "conv2", Scheme.CHANNEL, 1, "fc1", Scheme.LINEAR, 1),
                Map.of(),
                0.99,
                null,
                null,
                0.1);
        runs.add(diverged);
        List<RunPoint> front = vm.points().stream().filter(RunPoint::onFront).toList();
        assertFalse(front.isEmpty());
        for (RunPoint p : front) {
            for (RunPoint q : vm.points()) {
                boolean qFinal = q.fineTuned() || !q.paired();
                assertFalse(
                        qFinal && q != p && RunPareto.dominates(q.x(), q.y(), p.x(), p.y()),
                        q.runId() + " dominates front point " + p.runId());
            }
        }
        // every final point that is not on the front is dominated by a final point
        for (RunPoint p : vm.points()) {
            if ((p.fineTuned() || !p.paired()) && !p.onFront()) {
                assertTrue(
                        vm.points().stream()
                                .anyMatch(q -> (q.fineTuned() || !q.paired())
                                        && RunPareto.dominates(q.x(), q.y(), p.x(), p.y())),
                        p.runId());
            }
        }
        assertTrue(vm.excluded().stream().anyMatch(e -> e.runId().equals("run-9")));
        // run-3 (fine-tuned evbmf, 87.4 %) has the same MACs as run-2 (80.2 %) and dominates it
        assertTrue(point("run-3", true).onFront());
        assertFalse(point("run-2", false).onFront());
    }

    private RunPoint point(String id, boolean fineTuned) {
        return vm.points().stream()
                .filter(p -> p.runId().equals(id) && p.fineTuned() == fineTuned)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no point " + id + (fineTuned ? " fine-tuned" : "")));
    }

    @Test
    void aFineTunedRunGivesAHollowCompressOnlyAndAFilledFineTunedPointAtTheSameCost() {
        RunPoint co = point("run-3", false);
        RunPoint ft = point("run-3", true);
        assertEquals(0.802, co.y(), 1e-12);
        assertEquals(0.874, ft.y(), 1e-12);
        assertEquals(co.x(), ft.x());
        assertTrue(co.paired() && ft.paired());
        assertFalse(co.onFront(), "only the final point competes for the front");
        assertEquals(
                1, vm.points().stream().filter(p -> p.runId().equals("run-1")).count());
        assertFalse(point("run-1", false).paired());
        assertTrue(point("run-6", false).cancelled(), "cancelled runs are points, marked");
    }

    @Test
    void switchingTheAxisChangesXAndDropsRunsWithoutLatency() {
        assertEquals(
                (double) run("run-1").metrics().macs(), point("run-1", false).x());
        assertEquals("MACs per image", vm.xAxisLabelProperty().get());
        vm.paretoAxisProperty().set(ParetoAxis.PARAMS);
        assertEquals(
                (double) run("run-1").metrics().params(), point("run-1", false).x());
        assertEquals("parameters", vm.xAxisLabelProperty().get());
        vm.paretoAxisProperty().set(ParetoAxis.LATENCY);
        assertEquals(1.9, point("run-1", false).x());
        assertTrue(vm.points().stream().noneMatch(p -> p.runId().equals("run-4")), "run-4 has no latency");
        assertTrue(vm.excluded().stream()
                .anyMatch(e -> e.runId().equals("run-4") && e.category().equals("no measured latency")));
        assertEquals(32, vm.latencyBatchProperty().get());
        assertEquals("measured latency (ms, batch 32)", vm.xAxisLabelProperty().get());
        assertTrue(
                vm.paretoNoteProperty().get().contains("no measured latency (1)"),
                vm.paretoNoteProperty().get());
        vm.paretoAxisProperty().set(ParetoAxis.MACS);
        assertTrue(vm.points().stream().anyMatch(p -> p.runId().equals("run-4")));
        assertNull(vm.latencyBatchProperty().get());
    }

    @Test
    void theChartFollowsTheFilter() {
        vm.filterTextProperty().set("evbmf");
        assertEquals(Set.of("run-2"), vm.points().stream().map(RunPoint::runId).collect(Collectors.toSet()));
        assertTrue(point("run-2", false).onFront(), "alone on the chart, it is the front");
    }

    @Test
    void restoreCallsBackWithTheOneSelectedRunWithAResult() {
        assertFalse(vm.restoreCommand().executableProperty().get());
        vm.selected().setAll(run("run-5"));
        assertTrue(vm.restoreCommand().executableProperty().get());
        vm.restoreCommand().execute();
        assertEquals(List.of(run("run-5")), restored);
        vm.selected().setAll(run("run-7"));
        assertFalse(vm.restoreCommand().executableProperty().get(), "a diverged run is not a result to restore");
        vm.selected().setAll(run("run-1"), run("run-2"));
        assertFalse(vm.restoreCommand().executableProperty().get(), "two runs: nothing to restore");
        vm.restoreCommand().execute();
        assertEquals(1, restored.size());
    }

    @Test
    void theSelectionFollowsRunsThatAreReplacedOrRemoved() {
        vm.selected().setAll(run("run-1"), run("run-5"));
        Run old = run("run-5");
        Run updated = old.withMetrics(old.metrics().withTestAccuracies(0.8, 0.85, 1000));
        runs.set(runs.indexOf(old), updated);
        assertEquals(2, vm.selected().size());
        assertTrue(vm.selected().get(1) == updated, "the newer record of run-5 is selected");
        assertTrue(vm.comparedRuns().get(1) == updated);
        runs.remove(run("run-1"));
        assertEquals(List.of("run-5"), ids(vm.selected()));
        assertTrue(vm.comparedRuns().isEmpty(), "one run left: no comparison");
        vm.restoreCommand().execute();
        assertTrue(restored.get(0) == updated);
    }

    @Test
    void selectByIdSelectsExactlyThatRun() {
        vm.selected().setAll(run("run-1"), run("run-2"));
        vm.select("run-4");
        assertEquals(List.of("run-4"), ids(vm.selected()));
        vm.select("no-such-run");
        assertEquals(List.of("run-4"), ids(vm.selected()));
    }

    @Test
    void comparisonRowsFollowForwardOrderAndShowTucker2AsRoRiAndDenseLayers() {
        assertTrue(vm.rankRows().isEmpty());
        vm.selected().setAll(run("run-5"), run("run-1")); // selection order differs from session order
        assertEquals(List.of("run-1", "run-5"), ids(vm.comparedRuns()));
        assertEquals(
                List.of("conv1", "conv2", "fc1"),
                vm.rankRows().stream().map(RankRow::layer).toList());
        assertEquals(List.of("4", "dense"), texts(0));
        assertEquals(List.of("10", "8/4"), texts(1));
        assertEquals(List.of("40", "24"), texts(2));
        RankCell t = vm.rankRows().get(1).cells().get(1);
        assertEquals(8, t.rank());
        assertEquals(4, t.inRank());
        assertEquals("tucker2", t.scheme());
        assertTrue(vm.rankRows().get(0).cells().get(1).dense());
        assertEquals(List.of("conv1", "conv2", "fc1"), vm.comparisonLayers());
        vm.selected().setAll(run("run-5"));
        assertTrue(vm.rankRows().isEmpty(), "one run is not a comparison");
        assertTrue(vm.spectra().isEmpty());
    }

    private List<String> texts(int row) {
        return vm.rankRows().get(row).cells().stream().map(RankCell::text).toList();
    }

    @Test
    void layersOnlySomePlansNameAreMergedInForwardOrder() {
        Run a = TestRuns.run(
                "a",
                RunKind.COMPRESS,
                "energy",
                "a",
                RunStatus.COMPLETED,
                "",
                BASE,
                TestRuns.plan("conv1", Scheme.CHANNEL, 2, "fc1", Scheme.LINEAR, 8),
                Map.of(),
                0.5,
                null,
                null,
                null);
        Run b = TestRuns.run(
                "b",
                RunKind.COMPRESS,
                "energy",
                "b",
                RunStatus.COMPLETED,
                "",
                BASE,
                TestRuns.plan(
                        "conv1",
                        Scheme.CHANNEL,
                        3,
                        "conv2",
                        Scheme.CHANNEL,
                        4,
                        "fc1",
                        Scheme.LINEAR,
                        8,
                        "fc2",
                        Scheme.LINEAR,
                        5),
                Map.of(),
                0.5,
                null,
                null,
                null);
        assertEquals(List.of("conv1", "conv2", "fc1", "fc2"), RunComparison.layers(List.of(a, b)));
        assertEquals(List.of("conv1", "conv2", "fc1", "fc2"), RunComparison.layers(List.of(b, a)));
    }

    @Test
    void spectraOfTheChosenLayerShowEachRunsRankAsItsNumericalRank() {
        vm.selected().setAll(run("run-1"), run("run-2"), run("run-5"));
        assertEquals("conv1", vm.spectrumLayerProperty().get());
        assertEquals(3, vm.spectra().size());
        assertEquals(
                List.of(4, 3, 6),
                vm.spectra().stream().map(RunSpectrum::numericalRank).toList(),
                "run-5 keeps conv1 dense (6 x 25: full rank 6)");
        vm.spectrumLayerProperty().set("conv2");
        // channel view (16 x 150); run-5 is Tucker-2 (8, 4): its mode-0 unfolding has rank Ro = 8
        assertEquals(
                List.of(10, 6, 8),
                vm.spectra().stream().map(RunSpectrum::numericalRank).toList());
        assertTrue(
                vm.spectra().get(0).view().startsWith("channel view"),
                vm.spectra().get(0).view());
        assertEquals("", vm.spectraMessageProperty().get());
        assertFalse(vm.spectraComputingProperty().get());
    }

    @Test
    void aRunWithoutAModelGetsAMessageNotAFakeSpectrum() {
        vm.selected().setAll(run("run-1"), run("run-8"));
        RunSpectrum failed = vm.spectra().get(1);
        assertEquals("no model kept", failed.problem());
        assertEquals(0, failed.values().length);
        assertTrue(vm.spectraMessageProperty().get().contains("run-8: no model kept"));
        assertEquals("run-8 (failed)", failed.runName());
        assertEquals("run-8 (failed)", vm.rankRows().get(0).cells().get(1).runName());
    }

    @Test
    void staleSpectraAreDropped() {
        List<Runnable> pending = new ArrayList<>();
        RunArchiveViewModel queued = new RunArchiveViewModel(runs, r -> {}, TaskExecutor.currentThread(), pending::add);
        queued.selected().setAll(run("run-1"), run("run-2"));
        assertTrue(queued.spectraComputingProperty().get());
        queued.spectrumLayerProperty().set("fc1");
        assertEquals(2, pending.size());
        pending.get(1).run();
        assertEquals("fc1", queued.spectra().get(0).layer());
        pending.get(0).run(); // the conv1 result arrives late
        assertEquals("fc1", queued.spectra().get(0).layer());
        assertFalse(queued.spectraComputingProperty().get());
    }

    @Test
    void keyHyperparametersLeaveOutLoopPlumbing() {
        Run r = TestRuns.run(
                "x",
                RunKind.RANK_LEARNING,
                "trp",
                "x",
                RunStatus.COMPLETED,
                "",
                BASE,
                RankPlan.empty(),
                new LinkedHashMap<>(Map.of("epochs", "3")),
                0.5,
                null,
                null,
                null);
        LinkedHashMap<String, String> hp = new LinkedHashMap<>();
        hp.put("epochs", "3");
        hp.put("batch", "128");
        hp.put("learningRate", "0.05");
        hp.put("fineTune.epochs", "1");
        hp.put("fineTune.batch", "128");
        hp.put("targets", "[conv1]");
        hp.put("period", "2");
        Run withHp = new Run(
                r.id(),
                r.kind(),
                r.method(),
                r.label(),
                hp,
                r.seed(),
                r.data(),
                r.software(),
                r.status(),
                r.statusMessage(),
                r.startedAt(),
                r.wallSeconds(),
                null,
                r.plan(),
                r.metrics(),
                List.of(),
                r.model());
        assertEquals("epochs=3, learningRate=0.05, ft.epochs=1, period=2", RunFormat.keyHyperparameters(withHp));
        assertTrue(RunFormat.allHyperparameters(withHp).contains("fineTune.batch = 128"));
    }

    @Test
    void planOfATucker2RunListsRoRi() {
        RankCell c = RunComparison.cell("r", "r", LayerPlan.tucker2(12, 8));
        assertEquals("12/8", c.text());
        assertEquals(
                "dense", RunComparison.cell("r", "r", LayerPlan.dense("kept")).text());
        assertEquals("dense", RunComparison.cell("r", "r", null).text());
    }
}
