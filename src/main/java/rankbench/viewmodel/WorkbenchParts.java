package rankbench.viewmodel;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.methods.Methods;
import rankbench.experiment.model.SavedModel;

/**
 * The composition of the {@link WorkbenchViewModel}: builds its view models once, in order, and connects
 * their events (the loader and the plan editor to the {@link WorkbenchDisplay}, finished work to the
 * {@link RunBook}, long-running work to the {@link BackgroundJobs} list, commands to their conditions). It
 * holds the parts and their lifetime ({@link #close}); what they do lives in the parts themselves.
 *
 * <p>Threading: built and closed on the UI thread; every one-shot task goes through the tracking
 * {@link TaskExecutor}, evaluation, latency and training through their {@link Workers}.
 */
final class WorkbenchParts {

    /** The status bar's name of a latency measurement. */
    static final String LATENCY_JOB = "Measuring latency";

    final TaskExecutor tasks;
    final Workers workers;
    final ReadOnlyStringWrapper status;
    final BackgroundJobs jobs;
    final WorkbenchLoader loader;
    final SummaryViewModel summary = new SummaryViewModel();
    final SessionViewModel session;
    final RunBook runs;
    final PlanEditorViewModel editor;
    final RulesViewModel rules;
    final EvaluationScheduler evaluation;
    final LatencyCache latency;
    final WorkbenchDisplay display;
    final FineTuneViewModel fineTune;
    final RankLearningViewModel rankLearning;
    final WorkbenchActions actions;
    final SafetensorsOpener safetensors;
    final PyTorchExporter pyTorchExport;
    final SessionExports exports;
    final Command pinCommand;
    final Command measureTestCommand;
    final Command cancelEvaluationCommand;
    private boolean closed;

    WorkbenchParts(
            WorkbenchViewModel vm,
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            WorkbenchSettings settings,
            Workers workers,
            WorkbenchViewModel.Storage storage) {
        this.status = new ReadOnlyStringWrapper(vm, "status", "");
        this.jobs = new BackgroundJobs(ui);
        TaskExecutor tracked = jobs.tracking(tasks); // every one-shot task is listed until it ends
        workers = workers.withLatency(jobs.tracking(LATENCY_JOB, workers.latency())); // listed too
        this.tasks = tracked;
        this.workers = workers;
        this.loader = new WorkbenchLoader(tracked, ui, dialogs, settings, workers.cache(), status::set);
        ReadOnlyObjectProperty<SavedModel> model = loader.modelProperty();
        ReadOnlyObjectProperty<HeldOutData> heldOut = loader.heldOutProperty();
        ReadOnlyBooleanProperty busy = loader.busyProperty();
        this.session = new SessionViewModel(
                tracked,
                ui,
                dialogs,
                storage.files(),
                storage.recovery(),
                workers.scheduler(),
                settings.autosaveMinutes());
        session.connect(vm, status::set);
        this.runs = new RunBook(session, status::set);
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
                        display.edited();
                    }

                    @Override
                    public void settled(RankPlan plan) {
                        display.settled(plan);
                    }

                    @Override
                    public void editedAfterPause(RankPlan plan) {
                        display.editedAfterPause(plan);
                    }
                },
                workers.spectra());
        // a timing needs the cores to itself: none starts while other listed work runs (loading, the
        // spectra warm-up, rules, training, exports; the evaluation holds it directly as well)
        latency.holdWhile(Bindings.createBooleanBinding(
                () -> jobs.jobs().stream().anyMatch(j -> !j.name().equals(LATENCY_JOB)), jobs.jobs()));
        BooleanBinding hasModel = model.isNotNull();
        this.rules = new RulesViewModel(
                editor, model, heldOut, tasks, ui, workers.cache(), workers.staircase(), status::set);
        this.display = new WorkbenchDisplay(
                loader, session, editor, rules, evaluation, latency, summary, workers, status::set);
        evaluation.setOnScreen(display::isOnScreen);
        loader.setListener(display);
        BooleanBinding hasData = heldOut.isNotNull();
        BooleanBinding noRun = session.selectedRunProperty().isNull();
        fineTune = new FineTuneViewModel(
                workers.training(),
                ui,
                dialogs,
                settings,
                workers.cache(),
                hasModel.and(hasData).and(busy.not()),
                runs::addTrainingRun);
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
                runs::addTrainingRun);
        actions = new WorkbenchActions(vm, tracked, ui, dialogs, settings, workers, status::set);
        safetensors = new SafetensorsOpener(tracked, ui, dialogs, vm::openModel, status::set);
        pyTorchExport = new PyTorchExporter(vm, tracked, ui, dialogs, workers, status::set);
        exports = new SessionExports(session, tracked, ui, dialogs, status::set);
        pinCommand =
                new Command(actions::pin, hasModel.and(hasData).and(busy.not()).and(noRun));
        BooleanBinding runHasModel = Bindings.createBooleanBinding(
                () -> session.selectedRunProperty().get() != null
                        && session.selectedRunProperty().get().model() != null,
                session.selectedRunProperty());
        measureTestCommand = new Command(actions::measureTestAccuracy, runHasModel.and(hasData));
        runs.watch(fineTune.runningProperty(), "Fine-tuning is running");
        runs.watch(rankLearning.runningProperty(), "Rank learning is running");
        runs.watch(pinCommand.runningProperty(), "A run is being pinned");
        editor.selectedLayerProperty().addListener((o, a, b) -> latency.request(b));
        cancelEvaluationCommand = new Command(display::cancelEvaluation);
        trackJobs();
    }

    /** Lists the long-running work in the status bar's job list (one-shot tasks are listed by the executor). */
    private void trackJobs() {
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

    /** Stops background work and frees engine resources; a second call does nothing. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        fineTune.cancel();
        evaluation.close();
        latency.close();
        workers.onClose().run();
    }
}
