package rankbench.viewmodel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.methods.Methods;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;

/**
 * The main window's state, composed of view models that each edit one part of the document: the
 * {@link SessionViewModel} (the {@link ExperimentSession}, its file and runs), the
 * {@link PlanEditorViewModel} (layers, edits, undo), the {@link RulesViewModel}, the
 * {@link EvaluationScheduler} (the interactive compress-only validation accuracy), the
 * {@link LatencyCache}, fine-tuning and rank learning. This class loads models and data, turns finished
 * work into session runs (pin, fine-tune, rank learning), restores a selected run's model, plan and
 * figures, and measures a run's test accuracy on request.
 *
 * <p>Held-out data: every interactive accuracy and rank choice is measured on validation images held out
 * of the training split ({@link HeldOutData}); test images only report a run's test accuracy.
 *
 * <p>Threading: UI-thread state; loading, pinning, exporting and measuring run on the {@link TaskExecutor},
 * evaluation and latency on their {@link Workers}. A model or dataset that fails to load is reported and
 * the current one kept.
 */
public final class WorkbenchViewModel implements AutoCloseable, SessionViewModel.Host {

    /**
     * Tunable settings.
     *
     * @param dataSpec the dataset loaded at start
     * @param evalImages validation images the interactive accuracy is measured on (the first of the held-out split)
     * @param evalBatch evaluation batch size
     * @param debounceMs pause after the last edit before the accuracy is recomputed
     * @param fineTuneTrainImages training images used by fine-tuning and rank learning (0: all)
     * @param fineTuneBatch fine-tuning batch size
     * @param fineTuneMaxBatches batches per fine-tuning epoch (0: all)
     * @param testImages test images test accuracies are reported on (0: all)
     * @param validationFraction fraction of the training split held out for validation
     * @param splitSeed seed of the validation split
     * @param autosaveMinutes minutes between autosaves of unsaved changes (0: none)
     */
    public record Settings(
            String dataSpec,
            int evalImages,
            int evalBatch,
            long debounceMs,
            int fineTuneTrainImages,
            int fineTuneBatch,
            int fineTuneMaxBatches,
            int testImages,
            double validationFraction,
            long splitSeed,
            double autosaveMinutes) {

        /** Settings with a 5 % validation split (seed 0), test accuracies on as many test images as evaluated. */
        public Settings(
                String dataSpec,
                int evalImages,
                int evalBatch,
                long debounceMs,
                int fineTuneTrainImages,
                int fineTuneBatch,
                int fineTuneMaxBatches) {
            this(
                    dataSpec,
                    evalImages,
                    evalBatch,
                    debounceMs,
                    fineTuneTrainImages,
                    fineTuneBatch,
                    fineTuneMaxBatches,
                    evalImages,
                    0.05,
                    0,
                    3);
        }

        /** The settings of the application: the command line's split (5 %, seed 0), 1 000 validation images. */
        public static Settings defaults() {
            return new Settings(Datasets.FASHION_MNIST_SPEC, 1000, 250, 50, 0, 128, 0, 0, 0.05, 0, 3);
        }

        /** A copy with another validation fraction. */
        public Settings withValidationFraction(double f) {
            return new Settings(
                    dataSpec,
                    evalImages,
                    evalBatch,
                    debounceMs,
                    fineTuneTrainImages,
                    fineTuneBatch,
                    fineTuneMaxBatches,
                    testImages,
                    f,
                    splitSeed,
                    autosaveMinutes);
        }
    }

    /** Creates a view model once the window's dialog service exists. */
    @FunctionalInterface
    public interface Factory {
        /** Creates the view model. */
        WorkbenchViewModel create(DialogService dialogs);
    }

    /** Where sessions are stored: session files and the recovery file. */
    public record Storage(SessionStore files, RecoveryStore recovery) {
        /** No session files (saving reports an error), no recovery file. */
        public static Storage none() {
            return new Storage(
                    new SessionStore() {
                        @Override
                        public ExperimentSession read(Path file) throws IOException {
                            throw new IOException("session files are not available in this configuration");
                        }

                        @Override
                        public void write(ExperimentSession session, Path file) throws IOException {
                            throw new IOException("session files are not available in this configuration");
                        }
                    },
                    null);
        }
    }

    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final Callable<SavedModel> defaultModel;
    private final Settings settings;
    private final Workers workers;

    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final WorkbenchLoader loader;
    private final ReadOnlyObjectProperty<SavedModel> model;
    private final ReadOnlyObjectProperty<HeldOutData> heldOut;
    private final ReadOnlyBooleanProperty busy;
    private final SummaryViewModel summary = new SummaryViewModel();
    private final SessionViewModel session;
    private final PlanEditorViewModel editor;
    private final RulesViewModel rules;
    private final EvaluationScheduler evaluation;
    private final LatencyCache latency;
    private final FineTuneViewModel fineTune;
    private final RankLearningViewModel rankLearning;
    private final WorkbenchActions actions;
    private final SafetensorsOpener safetensors;
    private final PyTorchExporter pyTorchExport;
    private final SessionExports exports;
    private final Command pinCommand;
    private final Command measureTestCommand;
    private final Command cancelEvaluationCommand;
    private final BackgroundJobs jobs;
    private final List<Consumer<Run>> trainingRunEnded = new ArrayList<>();
    private boolean closed;

    /** Creates the view model with the embedded default model, default settings and background workers. */
    public WorkbenchViewModel(TaskExecutor tasks, UiExecutor ui, DialogService dialogs) {
        this(tasks, ui, dialogs, ModelFiles::readDefault);
    }

    /** Creates the view model; {@code defaultModel} supplies the embedded model. */
    public WorkbenchViewModel(
            TaskExecutor tasks, UiExecutor ui, DialogService dialogs, Callable<SavedModel> defaultModel) {
        this(
                tasks,
                ui,
                dialogs,
                defaultModel,
                Settings.defaults(),
                Workers.background(Settings.defaults().evalBatch()));
    }

    /** Creates the view model with explicit settings and workers, without session files. */
    public WorkbenchViewModel(
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            Callable<SavedModel> defaultModel,
            Settings settings,
            Workers workers) {
        this(tasks, ui, dialogs, defaultModel, settings, workers, Storage.none());
    }

    /** Creates the view model with explicit settings, workers and session storage. */
    public WorkbenchViewModel(
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            Callable<SavedModel> defaultModel,
            Settings settings,
            Workers workers,
            Storage storage) {
        this.jobs = new BackgroundJobs(ui);
        TaskExecutor tracked = jobs.tracking(tasks); // every one-shot task is listed until it ends
        workers = workers.withLatency(jobs.tracking("Measuring latency", workers.latency())); // listed too
        this.tasks = tracked;
        this.ui = ui;
        this.dialogs = dialogs;
        this.defaultModel = defaultModel;
        this.settings = settings;
        this.workers = workers;
        this.loader = new WorkbenchLoader(tracked, ui, dialogs, settings, workers.cache(), status::set);
        this.model = loader.modelProperty();
        this.heldOut = loader.heldOutProperty();
        this.busy = loader.busyProperty();
        loader.setListener(new WorkbenchLoader.Listener() {
            @Override
            public void modelLoaded(WorkbenchLoader.Loaded loaded) {
                onModelLoaded(loaded);
            }

            @Override
            public void dataLoaded(HeldOutData d) {
                onDataLoaded(d);
            }
        });
        this.session = new SessionViewModel(
                tracked,
                ui,
                dialogs,
                storage.files(),
                storage.recovery(),
                workers.scheduler(),
                settings.autosaveMinutes());
        session.connect(this, status::set);
        this.evaluation = new EvaluationScheduler(workers, ui, summary, dialogs, status::set);
        this.latency = new LatencyCache(workers, ui, summary, status::set);
        evaluation.setBusyListener(latency::hold); // latency waits for the what-if, which the user waits for
        this.editor = new PlanEditorViewModel(
                workers.scheduler(),
                ui,
                settings.debounceMs(),
                summary,
                new PlanEditorViewModel.Listener() {
                    @Override
                    public void edited(boolean byUser) {
                        onEdited();
                    }

                    @Override
                    public void settled(RankPlan plan) {
                        onSettled(plan);
                    }

                    @Override
                    public void editedAfterPause(RankPlan plan) {
                        evaluation.evaluate(plan, true, editor.editStartedNanos());
                    }
                },
                workers.spectra());
        evaluation.setOnScreen(p -> session.selectedRunProperty().get() == null && p.equals(editor.currentPlan()));
        BooleanBinding hasModel = model.isNotNull();
        this.rules = new RulesViewModel(
                editor, model, heldOut, tasks, ui, workers.cache(), workers.staircase(), status::set);
        BooleanBinding hasData = heldOut.isNotNull();
        BooleanBinding noRun = session.selectedRunProperty().isNull();
        fineTune = new FineTuneViewModel(
                workers.training(),
                ui,
                dialogs,
                settings,
                workers.cache(),
                hasModel.and(hasData).and(busy.not()),
                this::addTrainingRun);
        fineTune.setStartAction(() -> {
            editor.flushPending();
            fineTune.start(
                    model.get(),
                    editor.currentPlan(),
                    heldOut.get(),
                    session.selectedRunProperty().get());
        });
        rankLearning = new RankLearningViewModel(
                workers.training(),
                ui,
                dialogs,
                model,
                heldOut,
                RankLearningViewModel.Limits.from(settings, workers.meter() != null),
                Methods::run,
                this::addTrainingRun);
        actions = new WorkbenchActions(this, tracked, ui, dialogs, settings, workers, status::set);
        safetensors = new SafetensorsOpener(tracked, ui, dialogs, this::openModel, status::set);
        pyTorchExport = new PyTorchExporter(this, tracked, ui, dialogs, workers, status::set);
        exports = new SessionExports(session, tracked, ui, dialogs, status::set);
        pinCommand =
                new Command(actions::pin, hasModel.and(hasData).and(busy.not()).and(noRun));
        BooleanBinding runHasModel = Bindings.createBooleanBinding(
                () -> session.selectedRunProperty().get() != null
                        && session.selectedRunProperty().get().model() != null,
                session.selectedRunProperty());
        measureTestCommand = new Command(actions::measureTestAccuracy, runHasModel.and(hasData));
        editor.selectedLayerProperty().addListener((o, a, b) -> latency.request(b));
        cancelEvaluationCommand = new Command(this::cancelEvaluation);
        jobs.track(
                () -> "Fine-tuning",
                fineTune.runningProperty(),
                fineTune.progressProperty(),
                fineTune.etaProperty(),
                fineTune.cancelCommand());
        jobs.track(
                () -> "Rank learning (" + rankLearning.selectedMethodProperty().get() + ")",
                rankLearning.runningProperty(),
                rankLearning.progressProperty(),
                rankLearning.etaProperty(),
                rankLearning.cancelCommand());
        jobs.track(() -> "Evaluating accuracy", summary.evaluatingProperty(), null, null, cancelEvaluationCommand);
        jobs.track(
                () -> "Singular values of the other schemes",
                editor.warmingProperty(),
                editor.warmProgressProperty(),
                null,
                editor.cancelWarmUpCommand());
    }

    // ---------------------------------------------------------------- loading

    /** Loads the embedded default model and the dataset in the background (a new, unsaved session). */
    public void loadDefaultModel() {
        load("embedded default model", defaultModel);
        if (loader.dataProperty().get() == null) {
            loadData(settings.dataSpec(), settings.dataSpec());
        }
    }

    /** Starts a new session on the embedded default model (File ▸ New Session calls this after asking). */
    @Override
    public void startNew() {
        load("embedded default model", defaultModel);
    }

    /**
     * Loads a model file in the background as the base model of a new session, after asking about unsaved
     * changes; on failure the current model and session stay.
     */
    public void openModel(Path file) {
        if (SafetensorsOpener.accepts(file)) {
            safetensors.open(file); // asks what the state dict cannot tell, then openModel(name, loader)
            return;
        }
        openModel(file.getFileName().toString(), () -> ModelFiles.read(file));
    }

    /**
     * Loads a model from {@code loader} in the background as the base model of a new session, after
     * asking about unsaved changes (the one loading path: model files and imported state dicts).
     */
    public void openModel(String name, Callable<SavedModel> loader) {
        session.whenSafeToDiscard("opening another model", () -> load(name, loader));
    }

    /** Where the answers of safetensors imports are remembered (default: while the program runs). */
    public void setImportAnswers(ImportAnswerStore store) {
        safetensors.setStore(store);
    }

    /** Loads a dataset (directory of IDX/CIFAR files or image folders); on failure the current data stays. */
    public void openDataset(Path dir) {
        loadData(
                dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
                dir.toAbsolutePath().toString());
    }

    private void load(String name, Callable<SavedModel> source) {
        loader.loadModel(name, source);
    }

    private void loadData(String name, String spec) {
        loader.loadData(name, spec);
    }

    private void onModelLoaded(WorkbenchLoader.Loaded loaded) {
        setModel(loaded);
        HeldOutData d = heldOut.get();
        session.start(ExperimentSession.start(
                "Untitled experiment", loaded.name(), loaded.model(), d == null ? null : d.ref()));
        evaluate(editor.currentPlan());
        editor.warmUp(workers.evaluation()); // the other schemes' spectra, after the first evaluation
    }

    private void onDataLoaded(HeldOutData d) {
        if (session.sessionProperty().get() != null) {
            session.amend(s -> s.withDataset(d.ref()));
        }
        evaluation.setTarget(model.get(), d.validation());
        summary.reset();
        Run shown = session.selectedRunProperty().get();
        if (shown != null) {
            show(shown);
        } else {
            evaluate(editor.currentPlan());
        }
    }

    /** Images of the early accuracy estimate (see {@link EvaluationScheduler#quickImages}). */
    static int quickImages(int total) {
        return EvaluationScheduler.quickImages(total);
    }

    static String message(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private void setModel(WorkbenchLoader.Loaded loaded) {
        SavedModel m = loaded.model();
        rules.clear();
        editor.setModel(m, loaded.layers(), workers.cache());
        loader.install(loaded);
        HeldOutData d = heldOut.get();
        evaluation.setTarget(m, d == null ? null : d.validation());
        summary.reset();
        latency.reset(m, editor.layers());
        editor.updateCosts();
    }

    private void evaluate(RankPlan plan) {
        summary.setEvaluating(true);
        evaluation.evaluate(plan, false, System.nanoTime());
    }

    // ---------------------------------------------------------------- sessions (Host)

    @Override
    public Runnable prepare(ExperimentSession s) {
        WorkbenchLoader.Loaded loaded = WorkbenchLoader.prepare(s, workers.cache());
        return () -> install(s, loaded);
    }

    private void install(ExperimentSession s, WorkbenchLoader.Loaded loaded) {
        setModel(loaded);
        editor.showPlan(s.currentPlan());
        Run selected = session.selectedRunProperty().get();
        if (s.dataset() != null && !s.dataset().spec().equals(loader.dataSpec())) {
            loadData(s.dataset().name(), s.dataset().spec()); // then shows the run or evaluates the plan
        }
        if (selected != null) {
            show(selected);
        } else {
            evaluate(editor.currentPlan());
        }
        editor.warmUp(workers.evaluation());
    }

    /** Shows {@code run}'s plan and its own figures; editing afterwards starts a new plan on the base model. */
    @Override
    public void show(Run run) {
        editor.flushPending();
        evaluation.cancel();
        try {
            editor.showPlan(run.plan());
        } catch (RuntimeException e) {
            status.set("The plan of " + run.id() + " does not fit the base model's layers: " + message(e));
        }
        summary.showRun(run);
        latency.refresh();
        status.set(
                run.hasResult()
                        ? "Showing " + run.id() + " (" + run.status().id()
                                + "): the figures of its own model; editing a "
                                + "rank starts a new plan on the base model"
                        : run.id() + " " + run.status().id() + " and has no result; its plan is shown for reference. "
                                + "Editing a rank starts a new plan on the base model");
    }

    @Override
    public String workInProgress() {
        return fineTune.runningProperty().get()
                ? "Fine-tuning is running"
                : rankLearning.runningProperty().get()
                        ? "Rank learning is running"
                        : actions != null && pinCommand.runningProperty().get() ? "A run is being pinned" : null;
    }

    /** Restores a run (the run archive's action): same as {@link SessionViewModel#restore(Run)}. */
    public void restore(Run run) {
        session.restore(run);
    }

    private void onEdited() {
        Run was = session.selectedRunProperty().get();
        if (was != null) {
            session.clearSelection();
            summary.showBase();
            status.set("Editing a new plan on the base model (" + was.id() + " is kept unchanged)");
        }
        evaluation.invalidate();
        latency.refresh();
    }

    private void onSettled(RankPlan plan) {
        session.edit(s -> s.withCurrentPlan(plan));
        evaluation.evaluate(plan, true, editor.editStartedNanos());
        latency.request(editor.selectedLayerProperty().get());
    }

    /** Adds a finished run to the session and says how it ended in the status line. */
    Run addRun(Run r) {
        Run stored = session.addRun(r);
        if (!stored.hasResult()) {
            status.set(stored.id() + " " + stored.status().id() + ": " + stored.statusMessage()
                    + " (kept in the session as " + stored.status().id() + ", not as a result)");
        } else {
            status.set("Added " + stored.id() + " (" + stored.status().id() + "): " + stored.label());
        }
        return stored;
    }

    /** Adds a finished fine-tune or rank-learning run (whatever its status) and tells the listeners. */
    private Run addTrainingRun(Run r) {
        Run stored = addRun(r);
        for (Consumer<Run> l : List.copyOf(trainingRunEnded)) {
            l.accept(stored);
        }
        return stored;
    }

    /**
     * Calls {@code l} on the UI thread with the session run of every fine-tune and rank-learning run that
     * ends, whatever its status (completed, cancelled, diverged, failed).
     */
    public void addTrainingRunListener(Consumer<Run> l) {
        trainingRunEnded.add(l);
    }

    /**
     * Stops the running accuracy evaluation: the plan on screen is left unmeasured ("—"), never shown with
     * an older plan's figure; the next edit evaluates again.
     */
    private void cancelEvaluation() {
        if (!summary.evaluatingProperty().get()) {
            return;
        }
        evaluation.cancel();
        summary.setAccuracy(Double.NaN, 0);
        summary.setEvaluating(false);
        status.set("Evaluation cancelled: the accuracy of the plan on screen is not measured (edit a rank to "
                + "evaluate it)");
    }

    /** Writes the model on screen (see {@link WorkbenchActions#exportFactorized}). */
    public void exportFactorized(Path file) {
        actions.exportFactorized(file);
    }

    /** Writes the model on screen for PyTorch into {@code dir} (see {@link PyTorchExporter}). */
    public void exportPyTorch(Path dir) {
        pyTorchExport.export(dir);
    }

    /** Writes the plan on screen as rank-plan JSON in the background. */
    public void savePlan(Path file) {
        actions.savePlan(file);
    }

    /** Reads a rank-plan JSON file, checks it against the base model's layers and applies it (undoable). */
    public void openPlan(Path file) {
        actions.openPlan(file);
    }

    // ---------------------------------------------------------------- accessors

    /** Stops background work and frees engine resources; a second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        fineTune.cancel();
        evaluation.close();
        latency.close();
        workers.onClose().run();
    }

    /** Every running background job (the status bar's list). */
    public BackgroundJobs jobs() {
        return jobs;
    }

    /** Stops the running accuracy evaluation (the evaluation job's cancel). */
    public Command cancelEvaluationCommand() {
        return cancelEvaluationCommand;
    }

    /** The background task executor (for view models composed by the window, e.g. the run archive). */
    public TaskExecutor tasks() {
        return tasks;
    }

    /** The document: session, file, runs, file commands. */
    public SessionViewModel session() {
        return session;
    }

    /** Exports of the session: HTML report, runs as CSV, a run's model or CSV. */
    public SessionExports exports() {
        return exports;
    }

    /** The plan editor: layers, selection, undo/redo. */
    public PlanEditorViewModel editor() {
        return editor;
    }

    /** The global rank rules. */
    public RulesViewModel rules() {
        return rules;
    }

    /** Rank learning with a method from the registry. */
    public RankLearningViewModel rankLearning() {
        return rankLearning;
    }

    /** Fine-tuning of the factorized model. */
    public FineTuneViewModel fineTune() {
        return fineTune;
    }

    /** Parameters, MACs and accuracy of what is on screen. */
    public SummaryViewModel summary() {
        return summary;
    }

    /** Pins the plan on screen as a compress-only run (Run ▸ Pin as Run). */
    public Command pinCommand() {
        return pinCommand;
    }

    /** Measures the selected run's test accuracy (reported, never used to choose). */
    public Command measureTestCommand() {
        return measureTestCommand;
    }

    /** Returns the plan on screen. */
    public RankPlan currentPlan() {
        return editor.currentPlan();
    }

    /** The compressible layers of the base model. */
    public ObservableList<LayerViewModel> layers() {
        return editor.layers();
    }

    /** The layer shown in the spectrum chart. */
    public ObjectProperty<LayerViewModel> selectedLayerProperty() {
        return editor.selectedLayerProperty();
    }

    /** Restores the previous rank plan. */
    public Command undoCommand() {
        return editor.undoCommand();
    }

    /** Re-applies an undone rank plan. */
    public Command redoCommand() {
        return editor.redoCommand();
    }

    /** The base model (null until the first load finishes). */
    public ReadOnlyObjectProperty<SavedModel> modelProperty() {
        return model;
    }

    /** The base model's display name. */
    public ReadOnlyStringProperty modelNameProperty() {
        return loader.modelNameProperty();
    }

    /** One-line description of the base model. */
    public ReadOnlyStringProperty summaryProperty() {
        return loader.summaryProperty();
    }

    /** The status line. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True while a model loads. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** The loaded dataset (null until loaded). */
    public ReadOnlyObjectProperty<DataSource> dataProperty() {
        return loader.dataProperty();
    }

    /** The loaded data with its validation images held out (null until loaded). */
    public ReadOnlyObjectProperty<HeldOutData> heldOutProperty() {
        return heldOut;
    }

    /** Describes the data the accuracies are measured on. */
    public ReadOnlyStringProperty dataNameProperty() {
        return loader.dataNameProperty();
    }

    /** Nanoseconds from the last edit to its early estimate on screen (-1 before the first); for measurements. */
    public long lastEstimateLatencyNanos() {
        return evaluation.lastEstimateLatencyNanos();
    }

    /** Nanoseconds from the last edit to its full accuracy on screen (-1 before the first); for measurements. */
    public long lastAccuracyLatencyNanos() {
        return evaluation.lastAccuracyLatencyNanos();
    }
}
