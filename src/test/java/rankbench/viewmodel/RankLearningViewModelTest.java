package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.methods.LcParams;
import rankbench.experiment.methods.LraParams;
import rankbench.experiment.methods.MethodResult;
import rankbench.experiment.methods.MethodRun;
import rankbench.experiment.methods.Methods;
import rankbench.experiment.methods.RankLearningMethod;
import rankbench.experiment.methods.RankSnapshot;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.methods.TrpParams;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.Schedule;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingService;

/**
 * The rank-learning view model without the FX toolkit: a stub runner on the real training service, and
 * a queue standing in for the UI thread (the test thread pumps it).
 */
class RankLearningViewModelTest {

    private static SavedModel model;
    private static HeldOutData data;

    private final LinkedBlockingQueue<Runnable> uiQueue = new LinkedBlockingQueue<>();
    private final TrainingService training = new TrainingService();
    private final List<String> errors = new ArrayList<>();
    private final List<Run> results = new ArrayList<>();
    private final SimpleObjectProperty<SavedModel> modelProperty = new SimpleObjectProperty<>();
    private final SimpleObjectProperty<HeldOutData> dataProperty = new SimpleObjectProperty<>();
    private volatile boolean finishNormally;
    private volatile MethodRun lastRun;
    private RankLearningViewModel vm;

    @BeforeAll
    static void load() throws Exception {
        model = ModelFiles.readDefault();
        data = HeldOutData.of(
                Datasets.load(Datasets.FASHION_MNIST_SUBSET_SPEC),
                Datasets.FASHION_MNIST_SUBSET_SPEC,
                new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 50, 50, 0, 64, 16, 2));
    }

    /** Publishes like a method: a run start, batches and rank snapshots, until cancelled or told to finish. */
    private MethodResult stubRun(RankLearningMethod<?> method, MethodRun run, Object params)
            throws InterruptedException {
        lastRun = run;
        List<LayerInfo> targets = run.targets()
                .select(NetworkSpec.layers(
                        run.model().manifest().network(), run.model().manifest().input()));
        run.listener().onEvent(new TrainingEvent.RunStarted("r1", "stub " + method.id(), 1, 1000, 100, 10, 0));
        for (int step = 1; step <= 1000 && !run.cancel().isCancelled(); step++) {
            run.listener()
                    .onEvent(new TrainingEvent.BatchEnded(
                            "r1", 0, step - 1, step, 1000, 2.0 / step, 0.5, 0.01, 100, 10));
            if (step % 5 == 1) {
                List<RankSnapshot.Layer> layers = new ArrayList<>();
                for (LayerInfo l : targets) {
                    int full = l.weightShape().get(0);
                    layers.add(new RankSnapshot.Layer(
                            l.name(), "channel", List.of(Math.max(1, full - step)), List.of(full), new double[] {3, 2, 1
                            }));
                }
                run.listener()
                        .onEvent(new TrainingEvent.MethodUpdate(
                                "r1", step, "ranks", new RankSnapshot(method.id(), "projection", 0, step, layers)));
            }
            if (finishNormally && step >= 12) {
                break;
            }
            Thread.sleep(2);
        }
        RunStatus status = run.cancel().isCancelled() ? RunStatus.CANCELLED : RunStatus.COMPLETED;
        return new MethodResult(
                method.id(),
                status,
                status.id(),
                run.model(),
                RankPlan.empty(),
                0.9,
                0.5,
                0.8,
                0.85,
                0.81,
                0.86,
                10,
                10,
                100,
                50,
                1000,
                400,
                2,
                1,
                1,
                1,
                2,
                params,
                "done");
    }

    @BeforeEach
    void create() {
        DialogService dialogs = new DialogService() {
            @Override
            public void showError(String title, String message) {
                errors.add(title + ": " + message);
            }

            @Override
            public void notify(String message) {}
        };
        vm = new RankLearningViewModel(
                training,
                uiQueue::add,
                dialogs,
                modelProperty,
                dataProperty,
                new RankLearningViewModel.Limits(64, 20, 16, 2, false),
                this::stubRun,
                results::add);
    }

    @AfterEach
    void stop() {
        training.close();
    }

    private void pumpUntil(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            Runnable r = uiQueue.poll(20, TimeUnit.MILLISECONDS);
            if (r != null) {
                r.run();
            }
        }
    }

    private void loadModelAndData() {
        modelProperty.set(model);
        dataProperty.set(data);
    }

    @Test
    void offersEveryRegisteredMethodWithItsDefaultHyperparameters() {
        assertEquals(List.copyOf(Methods.all().keySet()), vm.methods());
        assertEquals("trp", vm.selectedMethodProperty().get());
        assertTrue(vm.parametersProperty().get() instanceof TrpParams);
        vm.selectedMethodProperty().set("lra");
        assertTrue(vm.parametersProperty().get() instanceof LraParams);
        assertFalse(vm.descriptionProperty().get().isEmpty());
        assertEquals("", vm.validationMessageProperty().get());
    }

    @Test
    void startNeedsModelAndData() {
        assertFalse(vm.startCommand().executableProperty().get());
        loadModelAndData();
        assertTrue(vm.startCommand().executableProperty().get());
        assertFalse(vm.cancelCommand().executableProperty().get());
    }

    @Test
    void anInvalidHyperparameterGivesAMessageAndDisablesStart() {
        loadModelAndData();
        ((TrpParams) vm.parametersProperty().get()).setPeriod(0);
        vm.validate();
        assertTrue(
                vm.validationMessageProperty().get().contains("period"),
                vm.validationMessageProperty().get());
        assertFalse(vm.startCommand().executableProperty().get());

        ((TrpParams) vm.parametersProperty().get()).setPeriod(5);
        ((TrpParams) vm.parametersProperty().get())
                .setScheme(null); // enums admit no wrong value; a missing one is refused
        vm.validate();
        assertTrue(
                vm.validationMessageProperty().get().contains("scheme"),
                vm.validationMessageProperty().get());

        vm.selectedMethodProperty().set("lc"); // a new method starts from valid defaults
        assertEquals("", vm.validationMessageProperty().get());
        assertTrue(vm.startCommand().executableProperty().get());
    }

    @Test
    void eventsReachTheSeriesAndCancelStopsTheRun() throws Exception {
        loadModelAndData();
        vm.startCommand().execute();
        assertTrue(vm.runningProperty().get());
        assertFalse(vm.startCommand().executableProperty().get());
        assertTrue(vm.cancelCommand().executableProperty().get());

        pumpUntil(() -> vm.rankHistory().size() >= 2 && vm.loss().size() >= 5);
        assertNotSame(model, lastRun.model());
        assertEquals(20, lastRun.test().size());
        assertSame(data.validation(), lastRun.data().validation(), "choices on the held-out validation images");
        assertTrue(
                lastRun.data().validation().name().endsWith("/validation"),
                lastRun.data().validation().name());
        assertEquals(64, lastRun.data().train().size());
        assertFalse(vm.layerNames().isEmpty());
        assertEquals(vm.layerNames().get(0), vm.selectedLayerProperty().get());
        assertEquals(vm.layerNames().size(), vm.rankHistory().get(0).ranks().length);
        assertTrue(vm.rankHistory().get(0).fraction(0) > 0
                && vm.rankHistory().get(0).fraction(0) < 1);
        assertFalse(vm.params().isEmpty());
        assertTrue(vm.params().get(0).y() > 0 && vm.macs().get(0).y() > 0);
        assertTrue(vm.progressProperty().get() > 0 && vm.progressProperty().get() < 1);
        assertNotNull(vm.spectrumProperty().get());
        assertTrue(vm.cutoffProperty().get() > 0);

        vm.cancelCommand().execute();
        pumpUntil(() -> !vm.runningProperty().get());
        assertTrue(
                vm.resultTextProperty().get().contains("cancelled"),
                vm.resultTextProperty().get());
        assertTrue(vm.loss().size() < 1000, "stopped early");
        assertNull(vm.resultProperty().get(), "a cancelled run is not shown as the result");
        assertEquals(1, results.size(), "the cancelled run is kept as a run");
        assertEquals(RunStatus.CANCELLED, results.get(0).status());
        assertEquals(RunKind.RANK_LEARNING, results.get(0).kind());
        assertFalse(results.get(0).events().isEmpty(), "its history is recorded");
        assertTrue(errors.isEmpty(), errors.toString());
        assertTrue(vm.startCommand().executableProperty().get());
    }

    @Test
    void aFinishedRunShowsItsResultAndReportsIt() throws Exception {
        loadModelAndData();
        finishNormally = true;
        vm.startCommand().execute();
        pumpUntil(() -> !vm.runningProperty().get());
        assertNotNull(vm.resultProperty().get());
        assertEquals(List.of(vm.resultProperty().get()), results);
        String text = vm.resultTextProperty().get();
        assertTrue(
                text.contains("validation compress-only 81.00 %")
                        && text.contains("fine-tuned 86.00 %")
                        && text.contains("test 85.00 %"),
                text);
        Run r = results.get(0);
        assertEquals(0.86, r.metrics().validationAccuracy(), 0);
        assertEquals(0.85, r.metrics().testAccuracy(), 0);
        assertEquals(RunStatus.COMPLETED, r.status());
        assertTrue(text.contains("2.00 \u2192 1.00 ms"), text);
        assertEquals(1.0, vm.progressProperty().get());
    }

    @Test
    void theSpectrumFollowsTheSelectedLayer() throws Exception {
        loadModelAndData();
        vm.startCommand().execute();
        pumpUntil(() -> vm.layerNames().size() >= 2 && vm.rankHistory().size() >= 1);
        vm.selectedLayerProperty().set(vm.layerNames().get(1));
        assertTrue(vm.spectrumTitleProperty().get().startsWith(vm.layerNames().get(1)));
        vm.cancelCommand().execute();
        pumpUntil(() -> !vm.runningProperty().get());
    }

    @Test
    void theRunSettingsOfTheWindowReachTheRunsConfigurationAndItsHyperparameters() throws Exception {
        loadModelAndData();
        RunSettingsViewModel st = vm.settings();
        st.learningRateProperty().set(0.037);
        st.scheduleProperty().set(Schedule.STEP);
        st.weightDecayProperty().set(5e-4);
        st.batchProperty().set(8);
        st.epochsProperty().set(3);
        st.trainImagesProperty().set(40);
        st.seedProperty().set(42);
        st.fineTuneEpochsProperty().set(2);
        st.fineTuneLearningRateProperty().set(0.004);
        List<String> two = List.of(st.layers().get(1), st.layers().get(2));
        st.targetLayers().setAll(two);
        finishNormally = true;
        vm.startCommand().execute();
        pumpUntil(() -> !vm.runningProperty().get());

        TrainingConfig c = lastRun.training();
        assertEquals(0.037, c.learningRate());
        assertEquals(Schedule.STEP, c.scheduleKind());
        assertEquals(5e-4, c.weightDecay());
        assertEquals(8, c.batchSize());
        assertEquals(3, c.epochs());
        assertEquals(42, c.seed());
        assertEquals(2, lastRun.fineTune().epochs());
        assertEquals(0.004, lastRun.fineTune().learningRate());
        assertEquals(two, lastRun.targets().layers());
        assertEquals(40, lastRun.data().train().size());

        Run r = results.get(0);
        assertEquals("0.037", r.hyperparameters().get("learningRate"));
        assertEquals("step", r.hyperparameters().get("schedule"));
        assertEquals("5.0E-4", r.hyperparameters().get("weightDecay"));
        assertEquals("8", r.hyperparameters().get("batch"));
        assertEquals("2", r.hyperparameters().get("fineTune.epochs"));
        assertTrue(
                r.hyperparameters().get("targets").contains(two.get(0)),
                r.hyperparameters().toString());
        assertEquals(42, r.seed());
        assertEquals(40, r.data().trainImages());
    }

    @Test
    void noFineTuneEpochsMeansNoFineTunePhaseAndNoTargetsMeansTheDefaultSelection() throws Exception {
        loadModelAndData();
        vm.settings().fineTuneEpochsProperty().set(0);
        finishNormally = true;
        vm.startCommand().execute();
        pumpUntil(() -> !vm.runningProperty().get());
        assertNull(lastRun.fineTune());
        assertEquals(Targets.defaults(), lastRun.targets());
    }

    @Test
    void anImpossibleCombinationOfSettingsAndHyperparametersDisablesStartWithTheReason() {
        loadModelAndData();
        vm.selectedMethodProperty().set("lc");
        LcParams lc = (LcParams) vm.parametersProperty().get();
        lc.setEpochsPerStep(2); // (steps - 1) x 2 epochs cannot fit a run of 1 epoch
        vm.validate();
        String why = vm.validationMessageProperty().get();
        assertFalse(why.isEmpty());
        assertEquals(Methods.validationMessage(lc, 1), why);
        assertFalse(vm.startCommand().executableProperty().get());
        vm.settings().epochsProperty().set(2 * (lc.getSteps() - 1)); // now it fits: re-validated on the change
        assertEquals("", vm.validationMessageProperty().get());
        assertTrue(vm.startCommand().executableProperty().get());

        vm.settings().learningRateProperty().set(0); // a bad run setting is refused too
        assertTrue(
                vm.validationMessageProperty().get().contains("learning rate"),
                vm.validationMessageProperty().get());
        assertFalse(vm.startCommand().executableProperty().get());
        vm.settings().learningRateProperty().set(0.01);
        vm.settings().targetLayers().setAll("no.such.layer");
        assertTrue(vm.validationMessageProperty().get().contains("no.such.layer"));
        assertFalse(vm.startCommand().executableProperty().get());
    }
}
