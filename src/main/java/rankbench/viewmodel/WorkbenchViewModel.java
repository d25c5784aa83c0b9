package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ObservableList;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;

/**
 * The main window's state and its one entry point: the session, plan editor, rules, evaluation, latency,
 * fine-tuning and rank learning, built and connected by {@link WorkbenchParts}. This class routes the
 * window's commands to them; the {@link WorkbenchDisplay} keeps the screen in step with the model, plan or
 * run shown, the {@link RunBook} turns finished work into session runs, {@link WorkbenchActions} pins runs
 * and measures test accuracy. Interactive accuracies and rank choices use validation images held out of the
 * training split ({@link HeldOutData}); test images only report a run's test accuracy.
 *
 * <p>Threading: UI-thread state; loading, pinning, exporting and measuring run on the {@link TaskExecutor},
 * evaluation and latency on their {@link Workers}. A model or dataset that fails to load is reported and
 * the current one kept.
 */
public final class WorkbenchViewModel implements AutoCloseable, SessionViewModel.Host {

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
            return new Storage(new NoSessionFiles(), null);
        }
    }

    private final Callable<SavedModel> defaultModel;
    private final WorkbenchSettings settings;
    private final WorkbenchParts parts;

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
                WorkbenchSettings.defaults(),
                Workers.background(WorkbenchSettings.defaults().evalBatch()));
    }

    /** Creates the view model with explicit settings and workers, without session files. */
    public WorkbenchViewModel(
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            Callable<SavedModel> defaultModel,
            WorkbenchSettings settings,
            Workers workers) {
        this(tasks, ui, dialogs, defaultModel, settings, workers, Storage.none());
    }

    /** Creates the view model with explicit settings, workers and session storage. */
    public WorkbenchViewModel(
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            Callable<SavedModel> defaultModel,
            WorkbenchSettings settings,
            Workers workers,
            Storage storage) {
        this.defaultModel = defaultModel;
        this.settings = settings;
        this.parts = new WorkbenchParts(this, tasks, ui, dialogs, settings, workers, storage);
    }

    /** Loads the embedded default model and the dataset in the background (a new, unsaved session). */
    public void loadDefaultModel() {
        startNew();
        if (parts.loader.dataProperty().get() == null) {
            parts.loader.loadData(settings.dataSpec(), settings.dataSpec());
        }
    }

    /** Starts a new session on the embedded default model (File ▸ New Session calls this after asking). */
    @Override
    public void startNew() {
        parts.loader.loadModel("embedded default model", defaultModel);
    }

    /**
     * Loads a model file in the background as the base model of a new session, after asking about unsaved
     * changes; on failure the current model and session stay.
     */
    public void openModel(Path file) {
        if (SafetensorsOpener.accepts(file)) {
            parts.safetensors.open(file); // asks what the state dict cannot tell, then openModel(name, loader)
            return;
        }
        openModel(file.getFileName().toString(), () -> ModelFiles.read(file));
    }

    /**
     * Loads a model from {@code loader} in the background as the base model of a new session, after
     * asking about unsaved changes (the one loading path: model files and imported state dicts).
     */
    public void openModel(String name, Callable<SavedModel> loader) {
        parts.session.whenSafeToDiscard("opening another model", () -> parts.loader.loadModel(name, loader));
    }

    /** Where the answers of safetensors imports are remembered (default: while the program runs). */
    public void setImportAnswers(ImportAnswerStore store) {
        parts.safetensors.setStore(store);
    }

    /** Loads a dataset (directory of IDX/CIFAR files or image folders); on failure the current data stays. */
    public void openDataset(Path dir) {
        parts.loader.loadData(
                dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
                dir.toAbsolutePath().toString());
    }

    /** Images of the early accuracy estimate (see {@link EvaluationScheduler#quickImages}). */
    static int quickImages(int total) {
        return EvaluationScheduler.quickImages(total);
    }

    static String message(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public Runnable prepare(ExperimentSession s) {
        return parts.display.prepare(s);
    }

    /** Shows {@code run}'s plan and its own figures; editing afterwards starts a new plan on the base model. */
    @Override
    public void show(Run run) {
        parts.display.show(run);
    }

    @Override
    public String workInProgress() {
        return parts.runs.workInProgress();
    }

    /** Restores a run (the run archive's action): same as {@link SessionViewModel#restore(Run)}. */
    public void restore(Run run) {
        parts.session.restore(run);
    }

    /** Adds a finished run to the session and says how it ended in the status line. */
    Run addRun(Run r) {
        return parts.runs.addRun(r);
    }

    /**
     * Calls {@code l} on the UI thread with the session run of every fine-tune and rank-learning run that
     * ends, whatever its status (completed, cancelled, diverged, failed).
     */
    public void addTrainingRunListener(Consumer<Run> l) {
        parts.runs.addTrainingRunListener(l);
    }

    /** Writes the model on screen (see {@link WorkbenchActions#exportFactorized}). */
    public void exportFactorized(Path file) {
        parts.actions.exportFactorized(file);
    }

    /** Writes the model on screen for PyTorch into {@code dir} (see {@link PyTorchExporter}). */
    public void exportPyTorch(Path dir) {
        parts.pyTorchExport.export(dir);
    }

    /** Writes the plan on screen as rank-plan JSON in the background. */
    public void savePlan(Path file) {
        parts.actions.savePlan(file);
    }

    /** Reads a rank-plan JSON file, checks it against the base model's layers and applies it (undoable). */
    public void openPlan(Path file) {
        parts.actions.openPlan(file);
    }

    /** Stops background work and frees engine resources; a second call does nothing. */
    @Override
    public void close() {
        parts.close();
    }

    /** Every running background job (the status bar's list). */
    public BackgroundJobs jobs() {
        return parts.jobs;
    }

    /** Stops the running accuracy evaluation (the evaluation job's cancel). */
    public Command cancelEvaluationCommand() {
        return parts.cancelEvaluationCommand;
    }

    /** The background task executor (for view models composed by the window, e.g. the run archive). */
    public TaskExecutor tasks() {
        return parts.tasks;
    }

    /** The document: session, file, runs, file commands. */
    public SessionViewModel session() {
        return parts.session;
    }

    /** Exports of the session: HTML report, runs as CSV, a run's model or CSV. */
    public SessionExports exports() {
        return parts.exports;
    }

    /** The plan editor: layers, selection, undo/redo. */
    public PlanEditorViewModel editor() {
        return parts.editor;
    }

    /** The global rank rules. */
    public RulesViewModel rules() {
        return parts.rules;
    }

    /** Rank learning with a method from the registry. */
    public RankLearningViewModel rankLearning() {
        return parts.rankLearning;
    }

    /** Fine-tuning of the factorized model. */
    public FineTuneViewModel fineTune() {
        return parts.fineTune;
    }

    /** Parameters, MACs and accuracy of what is on screen. */
    public SummaryViewModel summary() {
        return parts.summary;
    }

    /** Pins the plan on screen as a compress-only run (Run ▸ Pin as Run). */
    public Command pinCommand() {
        return parts.pinCommand;
    }

    /** Measures the selected run's test accuracy (reported, never used to choose). */
    public Command measureTestCommand() {
        return parts.measureTestCommand;
    }

    /** Returns the plan on screen. */
    public RankPlan currentPlan() {
        return parts.editor.currentPlan();
    }

    /** The compressible layers of the base model. */
    public ObservableList<LayerViewModel> layers() {
        return parts.editor.layers();
    }

    /** The layer shown in the spectrum chart. */
    public ObjectProperty<LayerViewModel> selectedLayerProperty() {
        return parts.editor.selectedLayerProperty();
    }

    /** Restores the previous rank plan. */
    public Command undoCommand() {
        return parts.editor.undoCommand();
    }

    /** Re-applies an undone rank plan. */
    public Command redoCommand() {
        return parts.editor.redoCommand();
    }

    /** The base model (null until the first load finishes). */
    public ReadOnlyObjectProperty<SavedModel> modelProperty() {
        return parts.loader.modelProperty();
    }

    /** The base model's display name. */
    public ReadOnlyStringProperty modelNameProperty() {
        return parts.loader.modelNameProperty();
    }

    /** One-line description of the base model. */
    public ReadOnlyStringProperty summaryProperty() {
        return parts.loader.summaryProperty();
    }

    /** The status line. */
    public ReadOnlyStringProperty statusProperty() {
        return parts.status.getReadOnlyProperty();
    }

    /** True while a model loads. */
    public ReadOnlyBooleanProperty busyProperty() {
        return parts.loader.busyProperty();
    }

    /** The loaded dataset (null until loaded). */
    public ReadOnlyObjectProperty<DataSource> dataProperty() {
        return parts.loader.dataProperty();
    }

    /** The loaded data with its validation images held out (null until loaded). */
    public ReadOnlyObjectProperty<HeldOutData> heldOutProperty() {
        return parts.loader.heldOutProperty();
    }

    /** Describes the data the accuracies are measured on. */
    public ReadOnlyStringProperty dataNameProperty() {
        return parts.loader.dataNameProperty();
    }

    /** Nanoseconds from the last edit to its early estimate on screen (-1 before the first); for measurements. */
    public long lastEstimateLatencyNanos() {
        return parts.evaluation.lastEstimateLatencyNanos();
    }

    /** Nanoseconds from the last edit to its full accuracy on screen (-1 before the first); for measurements. */
    public long lastAccuracyLatencyNanos() {
        return parts.evaluation.lastAccuracyLatencyNanos();
    }
}
