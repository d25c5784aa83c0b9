package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.SessionFiles;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.Evaluator;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingService;

/**
 * The document side of the workbench without the FX toolkit: runs made in the window (pin, fine-tune),
 * restoring a run, the dirty flag and title, save and reopen, the question before discarding changes,
 * autosave and recovery. Synchronous task executor; a queue stands in for the UI thread so that training
 * results arrive on the test thread.
 */
class SessionViewModelTest {

    private static final WorkbenchSettings SETTINGS =
            new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 50, 50, 0, 64, 16, 2);

    /** An in-memory session store standing in for the session files (the file format is tested with it). */
    private final Map<Path, ExperimentSession> files = new HashMap<>();

    private final List<String> errors = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();
    private final List<ExperimentSession> recovered = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    private final LinkedBlockingQueue<Runnable> uiQueue = new LinkedBlockingQueue<>();
    private final TrainingService training = new TrainingService();
    private DiscardChoice answer = DiscardChoice.CANCEL;
    private boolean recoverAnswer;
    private ExperimentSession pending;
    private boolean cleanExit;
    private boolean readFails;
    private WorkbenchViewModel vm;

    private final SessionStore store = new SessionStore() {
        @Override
        public ExperimentSession read(Path file) throws IOException {
            if (readFails || !files.containsKey(file)) {
                throw new IOException(file.getFileName() + ": not a RankBench session (bad zip)");
            }
            return files.get(file);
        }

        @Override
        public void write(ExperimentSession session, Path file) {
            files.put(file, session);
        }
    };

    /** The real session files. */
    private static final SessionStore SESSION_FILES = new SessionStore() {
        @Override
        public ExperimentSession read(Path file) throws IOException {
            return SessionFiles.read(file);
        }

        @Override
        public void write(ExperimentSession session, Path file) throws IOException {
            SessionFiles.write(session, file);
        }
    };

    private SessionStore activeStore = store;

    private final RecoveryStore recovery = new RecoveryStore() {
        @Override
        public ExperimentSession start() {
            cleanExit = false;
            return pending;
        }

        @Override
        public void save(ExperimentSession session) {
            recovered.add(session);
        }

        @Override
        public void discard() {
            pending = null;
        }

        @Override
        public void closeCleanly() {
            cleanExit = true;
        }
    };

    private final DialogService dialogs = new DialogService() {
        @Override
        public void showError(String title, String message) {
            errors.add(title + ": " + message);
        }

        @Override
        public void notify(String message) {}

        @Override
        public DiscardChoice confirmDiscard(String documentName, String action) {
            asked.add(documentName + " / " + action);
            return answer;
        }

        @Override
        public boolean confirm(String title, String message) {
            asked.add(title);
            return recoverAnswer;
        }

        @Override
        public Path chooseSaveFile(String title, String suggestedName) {
            return Path.of("/sessions").resolve(suggestedName);
        }
    };

    /** Accuracy falls with every factorized layer (the interactive figure; pins measure the real model). */
    private final PlanEvaluator fake = (SavedModel m, ImageDataset test, RankPlan plan, CancellationToken c) -> {
        double acc = 0.9;
        for (LayerPlan p : plan.layers().values()) {
            acc -= p.factorized() ? 0.01 : 0;
        }
        return acc;
    };

    private WorkbenchViewModel create() {
        Scheduler scheduler = (delay, task) -> {
            if (delay >= 60_000) { // autosave: run by the test
                timers.add(task);
                return () -> timers.remove(task);
            }
            task.run();
            return () -> {};
        };
        Workers w = new Workers(new SpectrumCache(), scheduler, Runnable::run, fake, null, null, training, () -> {});
        WorkbenchViewModel v = new WorkbenchViewModel(
                TaskExecutor.currentThread(),
                uiQueue::add,
                dialogs,
                ModelFiles::readDefault,
                SETTINGS,
                w,
                new WorkbenchViewModel.Storage(activeStore, recovery));
        v.loadDefaultModel();
        pump();
        return v;
    }

    private void pump() {
        Runnable r;
        while ((r = uiQueue.poll()) != null) {
            r.run();
        }
    }

    private void pumpUntil(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            Runnable r = uiQueue.poll(20, TimeUnit.MILLISECONDS);
            if (r != null) {
                r.run();
            }
        }
        pump();
    }

    @BeforeEach
    void start() {
        vm = create();
    }

    @AfterEach
    void stop() {
        vm.close();
        training.close();
    }

    private SessionViewModel session() {
        return vm.session();
    }

    private Run pinEnergy(String percent) {
        vm.rules().energyInputProperty().set(percent);
        vm.rules().energyCommand().execute();
        pump();
        vm.pinCommand().execute();
        pump();
        return session().runs().get(session().runs().size() - 1);
    }

    private static double accuracyOf(SavedModel m, ImageDataset images) {
        try (Network net = m.toNetwork()) {
            return Evaluator.evaluate(
                            net,
                            images,
                            new Normalization(m.manifest().mean(), m.manifest().std()),
                            50)
                    .accuracy();
        }
    }

    @Test
    void aLoadedModelStartsAnUntitledSessionWithNoUnsavedChangesAndItsDataset() {
        assertNotNull(session().sessionProperty().get());
        assertFalse(session().dirtyProperty().get());
        assertEquals(
                "RankBench \u2014 Untitled.rbsession", session().titleProperty().get());
        assertEquals(
                Datasets.FASHION_MNIST_SUBSET_SPEC,
                session().sessionProperty().get().dataset().spec());
        assertEquals(50, session().sessionProperty().get().dataset().validationImages());
        assertEquals(0.05, session().sessionProperty().get().dataset().validationFraction());
    }

    @Test
    void pinningMakesACompressRunWithItsExactValidationAccuracyAndItsModel() {
        Run r = pinEnergy("80");

        assertEquals(RunKind.COMPRESS, r.kind());
        assertEquals(RunStatus.COMPLETED, r.status());
        assertEquals("run-1", r.id());
        assertNotNull(r.model());
        assertEquals(vm.currentPlan(), r.plan());
        ImageDataset validation = vm.heldOutProperty().get().validation();
        assertTrue(validation.name().endsWith("/validation"), validation.name());
        assertEquals(accuracyOf(r.model(), validation), r.metrics().compressOnlyValidationAccuracy(), 0);
        assertEquals(50, r.metrics().validationImages());
        assertNull(r.metrics().testAccuracy(), "test accuracy only on request");
        assertEquals(vm.summary().macsProperty().get(), r.metrics().macs());
        assertTrue(r.metrics().macs() < r.metrics().baseMacs());
        assertTrue(session().dirtyProperty().get());
        assertTrue(
                session().titleProperty().get().endsWith(" \u2022"),
                session().titleProperty().get());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void restoringARunShowsItsPlanAndFiguresAndAnEditStartsANewPlanOnTheBaseModel() {
        Run r = pinEnergy("70");
        vm.rules().resetCommand().execute();
        pump();
        assertEquals(0.9, vm.summary().accuracyProperty().get(), 1e-9, "dense, by the fake evaluator");

        session().restore(r);

        assertEquals(r.plan(), vm.currentPlan());
        assertSame(r, session().selectedRunProperty().get());
        assertEquals(
                r.metrics().compressOnlyValidationAccuracy(),
                vm.summary().accuracyProperty().get(),
                0,
                "the run's own model's accuracy, not the fake's");
        assertEquals(r.metrics().macs(), vm.summary().macsProperty().get());
        assertTrue(vm.summary().shownTextProperty().get().startsWith(r.id()));
        assertEquals(r.id(), session().sessionProperty().get().selectedRunId());
        assertFalse(vm.pinCommand().executableProperty().get(), "a shown run is already a run");

        vm.layers().get(1).setRank(1);
        pump();

        assertNull(session().selectedRunProperty().get());
        assertTrue(
                vm.statusProperty().get().contains("new plan on the base model"),
                vm.statusProperty().get());
        assertEquals(List.of(r), session().runs(), "the run is unchanged");
        assertEquals(
                "Base model with the plan on screen",
                vm.summary().shownTextProperty().get());
    }

    @Test
    void measuringTheTestAccuracyOfARunUpdatesItWithALabeledTestFigure() {
        Run r = pinEnergy("80");
        session().restore(r);

        vm.measureTestCommand().execute();
        pump();

        Run updated = session().runs().get(0);
        assertEquals(r.id(), updated.id());
        assertEquals(
                accuracyOf(r.model(), vm.heldOutProperty().get().test()),
                updated.metrics().compressOnlyTestAccuracy(),
                0);
        assertEquals(50, updated.metrics().testImages());
        assertEquals(
                r.metrics().compressOnlyValidationAccuracy(), updated.metrics().compressOnlyValidationAccuracy());
        assertTrue(
                vm.summary().testAccuracyTextProperty().get().contains("test images (compress-only)"),
                vm.summary().testAccuracyTextProperty().get());
    }

    @Test
    void aDivergedFineTuneIsKeptAsADivergedRunAndNeverShownAsAResult() throws Exception {
        vm.rules().energyInputProperty().set("80");
        vm.rules().energyCommand().execute();
        pump();
        vm.fineTune().learningRateProperty().set(1e12); // forces NaN
        vm.fineTune().startCommand().execute();
        pumpUntil(() -> !vm.fineTune().runningProperty().get());

        assertEquals(1, session().runs().size());
        Run r = session().runs().get(0);
        assertEquals(RunKind.FINE_TUNE, r.kind());
        assertEquals(RunStatus.DIVERGED, r.status(), r.statusMessage());
        assertFalse(r.hasResult());
        assertNull(r.metrics().fineTunedValidationAccuracy(), "no fine-tuned figure for a diverged run");
        assertNull(vm.fineTune().resultProperty().get(), "the fine-tuned result is not updated");
        assertTrue(
                vm.fineTune().resultTextProperty().get().contains("DIVERGED"),
                vm.fineTune().resultTextProperty().get());
        assertFalse(r.events().isEmpty(), "its history is recorded");

        session().restore(r);
        assertTrue(vm.summary().noResultProperty().get());
        assertTrue(Double.isNaN(vm.summary().accuracyProperty().get()));
        assertTrue(
                vm.summary().accuracyTextProperty().get().startsWith("DIVERGED"),
                vm.summary().accuracyTextProperty().get());
    }

    @Test
    void aFineTuneBecomesAFineTuneRunWithValidationAndTestAccuracies() throws Exception {
        vm.rules().energyInputProperty().set("80");
        vm.rules().energyCommand().execute();
        pump();
        vm.fineTune().startCommand().execute();
        pumpUntil(() -> !vm.fineTune().runningProperty().get());

        Run r = session().runs().get(0);
        assertEquals(RunStatus.COMPLETED, r.status(), r.statusMessage());
        assertEquals(
                accuracyOf(r.model(), vm.heldOutProperty().get().validation()),
                r.metrics().fineTunedValidationAccuracy(),
                0);
        assertEquals(
                accuracyOf(r.model(), vm.heldOutProperty().get().test()),
                r.metrics().fineTunedTestAccuracy(),
                0);
        assertNotNull(r.metrics().compressOnlyValidationAccuracy());
        assertEquals(64, r.data().trainImages());
        assertSame(r, vm.fineTune().resultProperty().get().run());
    }

    @Test
    void fineTuningAShownRunStartsFromThatRunsModelAndKeepsItUnchanged() throws Exception {
        Run pinned = pinEnergy("80");
        float[] before =
                pinned.model().weights().values().iterator().next().data().clone();
        session().restore(pinned);

        vm.fineTune().startCommand().execute();
        pumpUntil(() -> !vm.fineTune().runningProperty().get());

        Run tuned = session().runs().get(1);
        assertEquals(RunKind.FINE_TUNE, tuned.kind());
        assertEquals(pinned.id(), tuned.parentId());
        assertEquals(pinned.plan(), tuned.plan());
        assertEquals(
                pinned.metrics().compressOnlyValidationAccuracy(),
                tuned.metrics().compressOnlyValidationAccuracy(),
                0,
                "it starts from the pinned model itself");
        assertTrue(
                Arrays.equals(
                        before,
                        session()
                                .runs()
                                .get(0)
                                .model()
                                .weights()
                                .values()
                                .iterator()
                                .next()
                                .data()),
                "nothing overwrites a run");
    }

    @Test
    void theSessionCannotBeReplacedWhileARunIsInProgress() throws Exception {
        ExperimentSession before = session().sessionProperty().get();
        vm.fineTune().epochsProperty().set(50);
        vm.fineTune().startCommand().execute();
        assertTrue(vm.fineTune().runningProperty().get());

        session().newSession();
        session().open(Path.of("/sessions/other.rbsession"));

        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("Fine-tuning is running"), errors.get(0));
        assertSame(before, session().sessionProperty().get());
        vm.fineTune().cancelCommand().execute();
        pumpUntil(() -> !vm.fineTune().runningProperty().get());
        assertEquals(RunStatus.CANCELLED, session().runs().get(0).status(), "the run joins the session it began in");
    }

    @Test
    void aFineTuneCancelledBeforeItStartedIsKeptAsACancelledRunWithNothingToShow() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        training.submit(token -> release.await(30, TimeUnit.SECONDS)); // the training thread is busy
        vm.fineTune().startCommand().execute();
        vm.fineTune().cancelCommand().execute();
        release.countDown();
        pumpUntil(() -> !vm.fineTune().runningProperty().get());

        Run r = session().runs().get(0);
        assertEquals(RunStatus.CANCELLED, r.status());
        assertNull(r.model());
        assertFalse(r.hasResult());
        assertTrue(errors.isEmpty(), "a cancel is not an error: " + errors);
        assertNull(vm.fineTune().resultProperty().get());
    }

    @Test
    void savingClearsTheDirtyMarkAndReopeningInAFreshViewModelGivesTheSameRunsPlanAndSelection() {
        Run a = pinEnergy("80");
        Run b = pinEnergy("60");
        session().restore(a);
        Path file = Path.of("/sessions/exp.rbsession");

        session().saveAs(file);
        pump();

        assertFalse(session().dirtyProperty().get());
        assertEquals("RankBench \u2014 exp.rbsession", session().titleProperty().get());
        assertEquals(List.of(file.toAbsolutePath()), session().recentSessions());
        vm.close();

        vm = create();
        session().open(file);
        pump();

        assertEquals(List.of(a, b), session().runs());
        assertEquals(a.id(), session().selectedRunProperty().get().id());
        assertEquals(a.plan(), vm.currentPlan());
        assertEquals(
                a.metrics().compressOnlyValidationAccuracy(),
                vm.summary().accuracyProperty().get(),
                0);
        assertFalse(session().dirtyProperty().get());
        assertEquals(file, session().fileProperty().get());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aRealSessionFileReopensWithTheSameRunsWeightsPlanAndSelection(@TempDir Path dir) {
        vm.close();
        activeStore = SESSION_FILES;
        vm = create();
        Run a = pinEnergy("80");
        Run b = pinEnergy("60");
        session().restore(b);
        Path file = dir.resolve("exp.rbsession");
        session().saveAs(file);
        pump();
        assertTrue(errors.isEmpty(), errors.toString());
        assertFalse(session().dirtyProperty().get());
        vm.close();

        vm = create();
        session().open(file);
        pump();

        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(2, session().runs().size());
        for (int i = 0; i < 2; i++) {
            Run expected = List.of(a, b).get(i);
            Run actual = session().runs().get(i);
            assertEquals(expected.id(), actual.id());
            assertEquals(expected.status(), actual.status());
            assertEquals(expected.plan(), actual.plan());
            assertEquals(expected.metrics(), actual.metrics());
            assertEquals(expected.model().weights(), actual.model().weights(), "weights bit-exact");
        }
        assertEquals(b.id(), session().selectedRunProperty().get().id());
        assertEquals(b.plan(), vm.currentPlan());
        session().restore(session().runs().get(0));
        session().restore(session().runs().get(1));
        assertFalse(session().dirtyProperty().get(), "looking at runs is not an unsaved change");
        assertEquals(
                b.metrics().compressOnlyValidationAccuracy(),
                vm.summary().accuracyProperty().get(),
                0);
        assertEquals(
                accuracyOf(
                        session().runs().get(1).model(),
                        vm.heldOutProperty().get().validation()),
                vm.summary().accuracyProperty().get(),
                0,
                "the restored model's own accuracy");
        assertEquals("RankBench \u2014 exp.rbsession", session().titleProperty().get());
    }

    @Test
    void aCorruptSessionFileGivesOneClearErrorNamingIt(@TempDir Path dir) throws IOException {
        vm.close();
        activeStore = SESSION_FILES;
        vm = create();
        Path bad = Files.write(dir.resolve("broken.rbsession"), new byte[] {'P', 'K', 3, 4, 9, 9});

        session().open(bad);
        pump();

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(
                errors.get(0).startsWith("Cannot open the session")
                        && errors.get(0).contains("broken.rbsession"),
                errors.get(0));
        assertNotNull(session().sessionProperty().get());
    }

    @Test
    void aFailedOpenShowsOneErrorAndKeepsTheSession() {
        Run a = pinEnergy("80");
        ExperimentSession before = session().sessionProperty().get();
        readFails = true;
        answer = DiscardChoice.DISCARD; // "don't save" when asked: the open itself fails

        session().open(Path.of("/sessions/broken.rbsession"));
        pump();

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("broken.rbsession"), errors.get(0));
        assertSame(before, session().sessionProperty().get());
        assertEquals(List.of(a), session().runs());
        assertTrue(session().dirtyProperty().get());
    }

    @Test
    void quittingWhileARunIsInProgressAsksFirstAndNoKeepsItRunning() throws Exception {
        vm.rules().energyInputProperty().set("80");
        vm.rules().energyCommand().execute();
        pump();
        vm.fineTune().startCommand().execute();
        assertTrue(vm.fineTune().runningProperty().get());
        List<String> closed = new ArrayList<>();
        asked.clear();
        recoverAnswer = false;
        session().requestClose(() -> closed.add("closed"));
        assertEquals(List.of("Quit while a run is in progress?"), asked);
        assertTrue(closed.isEmpty(), "no: the window stays open and the run goes on");
        assertTrue(vm.fineTune().runningProperty().get());

        recoverAnswer = true; // yes, quit; the session is also dirty now (the plan), so discard it
        answer = DiscardChoice.DISCARD;
        session().requestClose(() -> closed.add("closed"));
        assertEquals(List.of("closed"), closed);
        vm.fineTune().cancelCommand().execute();
        pumpUntil(() -> !vm.fineTune().runningProperty().get());
    }

    @Test
    void closingWithUnsavedChangesAsksAndCancelKeepsTheWindowOpen() {
        List<String> closed = new ArrayList<>();
        session().requestClose(() -> closed.add("closed"));
        assertEquals(List.of("closed"), closed, "nothing to save: no question");
        assertTrue(asked.isEmpty());

        closed.clear();
        pinEnergy("80");
        answer = DiscardChoice.CANCEL;
        session().requestClose(() -> closed.add("closed"));
        assertEquals(1, asked.size());
        assertTrue(closed.isEmpty());

        answer = DiscardChoice.SAVE;
        session().requestClose(() -> closed.add("closed"));
        pump();
        assertEquals(List.of("closed"), closed);
        assertTrue(
                files.containsKey(Path.of("/sessions/Untitled-experiment.rbsession")),
                files.keySet().toString());
        assertTrue(cleanExit);
    }

    @Test
    void dontSaveClosesWithoutSaving() {
        pinEnergy("80");
        answer = DiscardChoice.DISCARD;
        List<String> closed = new ArrayList<>();
        session().requestClose(() -> closed.add("closed"));
        assertEquals(List.of("closed"), closed);
        assertTrue(files.isEmpty());
    }

    @Test
    void autosaveWritesTheRecoveryFileOnlyWithUnsavedChanges() {
        session().startAutosaveAndOfferRecovery();
        pump();
        assertEquals(1, timers.size(), "autosave scheduled");
        timers.remove(0).run();
        pump();
        assertTrue(recovered.isEmpty(), "nothing unsaved");

        pinEnergy("80");
        assertEquals(1, timers.size(), "rescheduled");
        timers.remove(0).run();
        pump();

        assertEquals(1, recovered.size());
        assertSame(session().sessionProperty().get(), recovered.get(0));
        assertEquals(1, recovered.get(0).runs().size());
    }

    @Test
    void afterAnUncleanExitTheNextStartOffersTheAutosavedSession() {
        pinEnergy("80");
        ExperimentSession crashed = session().sessionProperty().get();
        vm.close();
        pending = crashed; // the last run autosaved and never marked a clean exit
        recoverAnswer = true;
        asked.clear();

        vm = create();
        session().startAutosaveAndOfferRecovery();
        pump();

        assertEquals(List.of("Recover unsaved work?"), asked);
        assertEquals(crashed.runs(), session().runs());
        assertTrue(session().dirtyProperty().get(), "recovered work is not saved anywhere yet");
        assertNull(session().fileProperty().get());
        assertNull(pending, "taken: the left-behind autosave is discarded");
    }

    @Test
    void declinedRecoveryDiscardsTheRecoveryFile() {
        pending = session().sessionProperty().get();
        recoverAnswer = false;

        session().startAutosaveAndOfferRecovery();
        pump();

        assertEquals(List.of("Recover unsaved work?"), asked);
        assertNull(pending);
        assertTrue(session().runs().isEmpty());
    }

    @Test
    void savingAndOpeningAPlanFile(@TempDir Path dir) {
        vm.rules().energyInputProperty().set("70");
        vm.rules().energyCommand().execute();
        pump();
        RankPlan plan = vm.currentPlan();
        Path f = dir.resolve("plan.json");
        vm.savePlan(f);
        pump();
        vm.rules().resetCommand().execute();
        pump();

        vm.openPlan(f);
        pump();

        assertEquals(plan, vm.currentPlan());
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
