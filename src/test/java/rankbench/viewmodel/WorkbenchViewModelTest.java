package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.TrainingService;

/** The workbench view model without the FX toolkit: synchronous services and a fake evaluator. */
class WorkbenchViewModelTest {

    private static final WorkbenchSettings SETTINGS =
            new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 50, 50, 0, 64, 16, 2);

    /** Accuracy falls with the number of factorized layers and their rank deficit; records calls. */
    private final List<RankPlan> evaluated = new ArrayList<>();

    private Consumer<RankPlan> duringEvaluation = p -> {};
    private final PlanEvaluator fake = (SavedModel m, ImageDataset test, RankPlan plan, CancellationToken c) -> {
        evaluated.add(plan);
        duringEvaluation.accept(plan);
        double acc = 0.9;
        for (LayerPlan p : plan.layers().values()) {
            if (p.factorized()) {
                acc -= 0.01 + 0.0001 * (100 - p.rank());
            }
        }
        return acc;
    };
    private final List<String> errors = new ArrayList<>();
    private final TrainingService training = new TrainingService();
    private final List<Runnable> scheduled = new ArrayList<>();
    private WorkbenchViewModel vm;

    private WorkbenchViewModel create(Scheduler scheduler, Executor evaluation) {
        Workers w = new Workers(new SpectrumCache(), scheduler, evaluation, fake, null, null, training, () -> {});
        DialogService dialogs = new DialogService() {
            @Override
            public void showError(String title, String message) {
                errors.add(title + ": " + message);
            }

            @Override
            public void notify(String message) {}
        };
        WorkbenchViewModel v = new WorkbenchViewModel(
                TaskExecutor.currentThread(), Runnable::run, dialogs, ModelFiles::readDefault, SETTINGS, w);
        v.loadDefaultModel();
        return v;
    }

    @BeforeEach
    void start() {
        vm = create(Scheduler.immediate(), Runnable::run);
    }

    @AfterEach
    void stop() {
        vm.close();
    }

    private LayerViewModel layer(int i) {
        return vm.layers().get(i);
    }

    @Test
    void loadsTheDefaultModelWithEveryLayerDenseAndItsAccuracy() {
        assertTrue(vm.layers().size() > 10);
        for (LayerViewModel l : vm.layers()) {
            assertEquals(l.getFullRank(), l.getRank());
            assertFalse(l.factorizedProperty().get());
        }
        assertEquals(
                vm.summary().baseParamsProperty().get(),
                vm.summary().paramsProperty().get());
        assertEquals(0.9, vm.summary().accuracyProperty().get(), 1e-9);
        assertEquals(0.9, vm.summary().baseAccuracyProperty().get(), 1e-9);
        assertFalse(vm.summary().evaluatingProperty().get());
        assertSame(layer(0), vm.selectedLayerProperty().get());
    }

    @Test
    void aRankEditUpdatesLayerAndSummaryCostsAtOnce() {
        LayerViewModel l = layer(1);
        long before = vm.summary().paramsProperty().get();

        l.setRank(2);

        assertTrue(l.paramsProperty().get() < l.getDenseParams());
        assertTrue(l.macsProperty().get() < l.getDenseMacs());
        assertTrue(l.paramsTextProperty().get().contains("\u2192"));
        assertEquals(
                before - (l.getDenseParams() - l.paramsProperty().get()),
                vm.summary().paramsProperty().get());
        assertTrue(l.energyKeptProperty().get() < 1);
    }

    @Test
    void aRankAboveBreakEvenIsWarned() {
        LayerViewModel l = layer(1);
        l.setRank(l.getFullRank() - 1);

        assertTrue(l.warnedProperty().get());
        assertTrue(l.warningProperty().get().contains("break-even"));
        l.setRank(1);
        assertFalse(l.warnedProperty().get());
    }

    @Test
    void theAccuracyIsRecomputedForTheEditedPlan() {
        layer(1).setRank(4);

        RankPlan plan = vm.currentPlan();
        assertEquals(plan, evaluated.get(evaluated.size() - 1));
        assertEquals(0.9 - 0.01 - 0.0096, vm.summary().accuracyProperty().get(), 1e-9);
        assertFalse(vm.summary().evaluatingProperty().get());
    }

    @Test
    void aNewerEditCancelsTheRunningEvaluationAndItsResultIsDiscarded() {
        AtomicReference<RankPlan> stale = new AtomicReference<>();
        duringEvaluation = p -> {
            if (stale.get() == null) {
                stale.set(p);
                layer(2).setRank(3); // the user edits while the first evaluation runs
            }
        };

        layer(1).setRank(4);

        assertEquals(vm.currentPlan(), evaluated.get(evaluated.size() - 1));
        double expected = 0.9 - 2 * 0.01 - 0.0096 - 0.0097;
        assertEquals(expected, vm.summary().accuracyProperty().get(), 1e-9);
        assertTrue(stale.get() != null && !stale.get().equals(vm.currentPlan()));
    }

    /** Recreates the workbench with debounce timers that run only when the test runs them (the list). */
    private List<Runnable> withTimersRunByHand() {
        vm.close();
        List<Runnable> timers = new ArrayList<>();
        vm = create(
                (delay, task) -> {
                    timers.add(task);
                    return () -> timers.remove(task);
                },
                Runnable::run);
        timers.forEach(Runnable::run);
        timers.clear();
        return timers;
    }

    @Test
    void aBurstOfEditsIsEvaluatedAtItsFirstEditAndOnceAtItsEnd() {
        List<Runnable> timers = withTimersRunByHand();
        int before = evaluated.size();

        for (int r = 10; r >= 5; r--) {
            layer(1).setRank(r);
        }
        assertTrue(vm.summary().evaluatingProperty().get());
        assertEquals(1, timers.size(), "each edit cancels the pending timer");
        assertEquals(before + 1, evaluated.size(), "the first edit after a pause is evaluated at once");
        assertEquals(10, evaluated.get(before).get(layer(1).getName()).rank());
        timers.get(0).run();

        assertEquals(before + 2, evaluated.size(), "the rest of the burst once, when it settles");
        assertEquals(
                5, evaluated.get(evaluated.size() - 1).get(layer(1).getName()).rank());
        vm.undoCommand().execute();
        assertEquals(layer(1).getFullRank(), layer(1).getRank(), "the burst is one undo step");
    }

    @Test
    void aSingleEditHasItsAccuracyBeforeThePauseAndIsNotEvaluatedTwice() {
        List<Runnable> timers = withTimersRunByHand();
        int before = evaluated.size();

        layer(1).setRank(7);
        assertFalse(vm.summary().evaluatingProperty().get(), "the figure is on screen before the pause ends");
        assertEquals(before + 1, evaluated.size());
        timers.forEach(Runnable::run);
        assertEquals(before + 1, evaluated.size(), "settling the same plan reuses its figure");
        assertFalse(vm.summary().evaluatingProperty().get());
        assertTrue(vm.undoCommand().executableProperty().get(), "and it is an undo step once settled");
    }

    @Test
    void theEvaluationRunsOnTheEvaluationExecutorNotTheCaller() {
        vm.close();
        evaluated.clear();
        vm = create(Scheduler.immediate(), scheduled::add);
        assertEquals(0, evaluated.size());
        assertTrue(vm.summary().evaluatingProperty().get());

        layer(1).setRank(4);
        layer(1).setRank(5);
        scheduled.forEach(Runnable::run);

        // superseded plans are skipped; the dense figure, not measured yet, is measured once beside the plan
        assertEquals(List.of(RankPlan.empty(), vm.currentPlan()), evaluated);
        assertEquals(0.9, vm.summary().baseAccuracyProperty().get(), 1e-9);
        assertFalse(vm.summary().evaluatingProperty().get());
    }

    @Test
    void theEnergyRuleSetsEveryRankAndUndoRestoresThem() {
        vm.rules().energyInputProperty().set("60");
        vm.rules().energyCommand().execute();

        int changed = 0;
        for (LayerViewModel l : vm.layers()) {
            int expected = Svd.energyRank(l.singularValuesProperty().get(), 0.6);
            assertEquals(expected, l.getRank(), l.getName());
            assertEquals(expected, l.ruleRankProperty().get());
            changed += l.getRank() < l.getFullRank() ? 1 : 0;
        }
        assertTrue(changed > 0);
        assertTrue(vm.undoCommand().executableProperty().get());

        vm.undoCommand().execute();
        for (LayerViewModel l : vm.layers()) {
            assertEquals(l.getFullRank(), l.getRank());
        }
        vm.redoCommand().execute();
        for (LayerViewModel l : vm.layers()) {
            assertEquals(Svd.energyRank(l.singularValuesProperty().get(), 0.6), l.getRank());
        }
    }

    @Test
    void aTucker2RowKeepsBothRanksThroughEditsPlanFilesAndRules(@TempDir Path dir) {
        LayerViewModel l = layer(2);
        l.schemeProperty().set(Scheme.TUCKER2);
        assertEquals(l.getFullRank(), l.getRank(), "a scheme change keeps the layer dense");
        assertEquals(l.info().weightShape().get(1).intValue(), l.getFullInRank());
        assertTrue(l.plan().keepDense());
        l.setRank(5);
        l.setInRank(3);
        assertEquals(LayerPlan.tucker2(5, 3), l.plan());
        assertEquals(
                CostModel.layer(l.info(), LayerPlan.tucker2(5, 3)).params(),
                l.paramsProperty().get());
        assertTrue(l.energyKeptProperty().get() < 1);
        RankPlan plan = vm.currentPlan();
        assertEquals(LayerPlan.tucker2(5, 3), plan.get(l.getName()));

        Path file = dir.resolve("plan.json");
        vm.savePlan(file);
        vm.rules().resetCommand().execute();
        assertTrue(layer(2).plan().keepDense());
        vm.openPlan(file);
        assertEquals(Scheme.TUCKER2, layer(2).getScheme());
        assertEquals(LayerPlan.tucker2(5, 3), layer(2).plan(), "a Tucker-2 plan comes back with both ranks");

        vm.rules().energyInputProperty().set("80");
        vm.rules().energyCommand().execute();
        LayerPlan chosen = layer(2).plan();
        assertEquals(
                LayerPlan.tucker2(
                        Svd.energyRank(layer(2).singularValuesProperty().get(), 0.8),
                        Svd.energyRank(layer(2).inSingularValuesProperty().get(), 0.8)),
                chosen);
    }

    @Test
    void anEngineErrorDuringEvaluationIsShownAndTheWorkbenchStaysUsable() {
        duringEvaluation = p -> {
            duringEvaluation = q -> {}; // fails once, like a libtorch out-of-memory
            throw new EngineException("[enforce fail] DefaultCPUAllocator: not enough memory");
        };
        layer(1).setRank(layer(1).getFullRank() - 2);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("not enough memory"), errors.get(0));
        assertFalse(vm.summary().evaluatingProperty().get(), "no evaluation is left hanging");

        layer(1).setRank(layer(1).getFullRank() - 3); // the next edit is evaluated normally
        assertEquals(vm.currentPlan(), evaluated.get(evaluated.size() - 1));
        assertFalse(Double.isNaN(vm.summary().accuracyProperty().get()));
        assertEquals(1, errors.size());
    }

    @Test
    void undoAndRedoOfASingleRankEdit() {
        layer(3).setRank(2);
        vm.undoCommand().execute();
        assertEquals(layer(3).getFullRank(), layer(3).getRank());
        assertFalse(vm.undoCommand().executableProperty().get());
        vm.redoCommand().execute();
        assertEquals(2, layer(3).getRank());
    }

    @Test
    void thresholdRatioAndRoundingRules() {
        vm.rules().ratioInputProperty().set("0.25");
        vm.rules().ratioCommand().execute();
        for (LayerViewModel l : vm.layers()) {
            assertTrue(l.paramsProperty().get() <= 0.25 * l.getDenseParams() || l.getRank() == 1, l.getName());
        }
        vm.rules().roundInputProperty().set("4");
        vm.rules().roundCommand().execute();
        for (LayerViewModel l : vm.layers()) {
            assertTrue(l.getRank() % 4 == 0 || l.getRank() == l.getFullRank() || l.getFullRank() < 4, l.getName());
        }
        vm.rules().thresholdInputProperty().set("1e9");
        vm.rules().thresholdCommand().execute();
        for (LayerViewModel l : vm.layers()) {
            assertEquals(1, l.getRank());
        }
        vm.rules().resetCommand().execute();
        for (LayerViewModel l : vm.layers()) {
            assertEquals(l.getFullRank(), l.getRank());
            assertEquals(0, l.ruleRankProperty().get());
        }
    }

    @Test
    void invalidRuleInputsDisableTheirCommands() {
        vm.rules().energyInputProperty().set("abc");
        assertFalse(vm.rules().energyCommand().executableProperty().get());
        vm.rules().energyInputProperty().set("150");
        assertFalse(vm.rules().energyCommand().executableProperty().get());
        vm.rules().energyInputProperty().set("95");
        assertTrue(vm.rules().energyCommand().executableProperty().get());
        vm.rules().roundInputProperty().set("2.5");
        assertFalse(vm.rules().roundCommand().executableProperty().get());
    }

    @Test
    void changingTheSchemeKeepsTheLayerDenseAndUpdatesItsSpectrum() {
        LayerViewModel l = layer(1);
        double[] before = l.singularValuesProperty().get();
        l.schemeProperty().set(Scheme.SPATIAL);
        assertEquals(l.getFullRank(), l.getRank());
        assertNotEquals(before.length, l.singularValuesProperty().get().length);
        vm.undoCommand().execute();
        assertEquals(Scheme.CHANNEL, l.getScheme());
    }

    @Test
    void aCorruptModelFileIsReportedAndTheCurrentModelKept(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("broken.rbm"), "not a model");
        SavedModel before = vm.modelProperty().get();
        int layers = vm.layers().size();

        vm.openModel(bad);

        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("Cannot open model"));
        assertFalse(errors.get(0).contains("Exception"), errors.get(0));
        assertSame(before, vm.modelProperty().get());
        assertEquals(layers, vm.layers().size());
        assertFalse(vm.busyProperty().get());
    }

    @Test
    void exportWritesTheFactorizedModelOfThePlanOnScreen(@org.junit.jupiter.api.io.TempDir Path dir) {
        vm.rules().energyInputProperty().set("90");
        vm.rules().energyCommand().execute();
        Path file = dir.resolve("f.rbm");

        vm.exportFactorized(file);

        assertTrue(errors.isEmpty(), errors.toString());
        SavedModel f = ModelFiles.read(file);
        assertEquals(
                vm.summary().paramsProperty().get(),
                NetworkSpec.parameterCount(f.manifest().network()));
        assertTrue(vm.summary().paramsProperty().get()
                < vm.summary().baseParamsProperty().get());
        assertTrue(
                vm.statusProperty().get().startsWith("Exported f.rbm"),
                vm.statusProperty().get());
    }

    @Test
    void exportFailureIsReportedAndTheWorkKept(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        layer(1).setRank(2);
        Path notADirectory = dir.resolve("file.txt");
        Files.writeString(notADirectory, "x");

        vm.exportFactorized(notADirectory.resolve("m.rbm")); // the parent is a file: cannot be written

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("Cannot export the factorized model"), errors.get(0));
        assertEquals("Export failed", vm.statusProperty().get());
        assertEquals(2, layer(1).getRank());
        assertEquals("x", Files.readString(notADirectory));
    }

    /** Loads the default model into a new view model that evaluates with {@code e} on 600 validation images. */
    private void loadWithValidationImages(PlanEvaluator e) {
        Workers w = new Workers(
                new SpectrumCache(), Scheduler.immediate(), Runnable::run, e, null, null, training, () -> {});
        WorkbenchSettings big = new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 600, 50, 0, 64, 16, 2)
                .withValidationFraction(0.3);
        vm = new WorkbenchViewModel(
                TaskExecutor.currentThread(),
                Runnable::run,
                new DialogService() {
                    @Override
                    public void showError(String title, String message) {
                        errors.add(title + ": " + message);
                    }

                    @Override
                    public void notify(String message) {}
                },
                ModelFiles::readDefault,
                big,
                w);
        vm.loadDefaultModel();
    }

    @Test
    void largeEvaluationsShowAnEarlyEstimateThenTheExactFigureOnTheSameImages() {
        vm.close();
        List<String> seenDuringRest = new ArrayList<>();
        PlanEvaluator bySize = (SavedModel m, ImageDataset test, RankPlan plan, CancellationToken c) -> {
            if (test.size() == 450) { // the rest, after the 150-image estimate was shown
                seenDuringRest.add(vm.summary().accuracyTextProperty().get());
            }
            boolean dense = plan.layers().values().stream().noneMatch(LayerPlan::factorized);
            return dense ? 0.9 : (test.size() == 150 ? 0.8 : 0.6);
        };
        loadWithValidationImages(bySize); // 600 of the subset's 2 000 training images

        layer(1).setRank(2);

        // the initial dense evaluation and the edit's each showed their estimate before the exact figure
        assertEquals(
                List.of(
                        "\u2248 90.0 % on the first 150 validation images, refining\u2026",
                        "\u2248 80.0 % on the first 150 validation images, refining\u2026"),
                seenDuringRest);
        assertEquals(
                (0.8 * 150 + 0.6 * 450) / 600, vm.summary().accuracyProperty().get(), 1e-12);
        assertTrue(
                vm.summary().accuracyTextProperty().get().contains("on 600 validation images"),
                vm.summary().accuracyTextProperty().get());
        assertEquals(0, WorkbenchViewModel.quickImages(499));
        assertEquals(250, WorkbenchViewModel.quickImages(1000));
    }

    @Test
    void anExactFigurePredictedWithinTheTargetIsShownWithoutAnEstimate() {
        vm.close();
        List<String> calls = new ArrayList<>();
        PlanEvaluator fast = new PlanEvaluator() {
            @Override
            public double accuracy(SavedModel m, ImageDataset test, RankPlan plan, CancellationToken c) {
                throw new AssertionError("the range method is used");
            }

            @Override
            public double correct(
                    SavedModel m, ImageDataset test, RankPlan plan, int from, int to, CancellationToken c) {
                calls.add(from + ".." + to);
                return 0.75 * (to - from);
            }

            @Override
            public double predictedSeconds(SavedModel m, ImageDataset test, RankPlan plan) {
                // fast once the dense model was evaluated (as the staged evaluator after its first run)
                return calls.isEmpty() ? Double.NaN : 0.05;
            }
        };
        loadWithValidationImages(fast);
        assertEquals(List.of("0..150", "150..600"), calls, "no prediction yet: estimate first");

        layer(1).setRank(2);

        assertEquals(List.of("0..150", "150..600", "0..600"), calls);
        assertEquals(0.75, vm.summary().accuracyProperty().get(), 1e-12);
    }

    @Test
    void closingTwiceIsHarmless() {
        DialogService quiet = new DialogService() {
            @Override
            public void showError(String title, String message) {
                errors.add(message);
            }

            @Override
            public void notify(String message) {}
        };
        WorkbenchViewModel v = new WorkbenchViewModel(
                TaskExecutor.currentThread(),
                Runnable::run,
                quiet,
                () -> TestRuns.lenet(1),
                SETTINGS,
                Workers.background(10, false));
        v.close();
        Assertions.assertDoesNotThrow(v::close, "a window hidden twice closes once");
    }
}
