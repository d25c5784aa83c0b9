package rankbench.viewmodel;

import java.util.function.Consumer;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;

/**
 * Keeps what the workbench shows in step with what it holds: installs a loaded model, dataset or opened
 * session in the plan editor, rules, evaluation, latency and summary; shows a selected run's plan with its
 * own figures; on edits leaves the shown run, re-evaluates the plan on screen and re-measures its latency;
 * cancels an evaluation. It says so in the status line. It is the loader's listener; the workbench
 * forwards the plan editor's events and the session's host calls to it.
 *
 * <p>Threading: UI thread, except {@link #prepare}, which runs on a background thread (the session's
 * open task) and returns what installs the session on the UI thread.
 */
final class WorkbenchDisplay implements WorkbenchLoader.Listener {

    private final WorkbenchLoader loader;
    private final SessionViewModel session;
    private final PlanEditorViewModel editor;
    private final RulesViewModel rules;
    private final EvaluationScheduler evaluation;
    private final LatencyCache latency;
    private final SummaryViewModel summary;
    private final Workers workers;
    private final Consumer<String> status;

    WorkbenchDisplay(
            WorkbenchLoader loader,
            SessionViewModel session,
            PlanEditorViewModel editor,
            RulesViewModel rules,
            EvaluationScheduler evaluation,
            LatencyCache latency,
            SummaryViewModel summary,
            Workers workers,
            Consumer<String> status) {
        this.loader = loader;
        this.session = session;
        this.editor = editor;
        this.rules = rules;
        this.evaluation = evaluation;
        this.latency = latency;
        this.summary = summary;
        this.workers = workers;
        this.status = status;
    }

    /** Whether {@code plan} is the one on screen (no run is shown and the editor holds it). */
    boolean isOnScreen(RankPlan plan) {
        return session.selectedRunProperty().get() == null && plan.equals(editor.currentPlan());
    }

    @Override
    public void modelLoaded(WorkbenchLoader.Loaded loaded) {
        setModel(loaded);
        HeldOutData d = loader.heldOutProperty().get();
        session.start(ExperimentSession.start(
                "Untitled experiment", loaded.name(), loaded.model(), d == null ? null : d.ref()));
        evaluate(editor.currentPlan());
        editor.warmUp(workers.evaluation()); // the other schemes' spectra, after the first evaluation
    }

    @Override
    public void dataLoaded(HeldOutData d) {
        if (session.sessionProperty().get() != null) {
            session.amend(s -> s.withDataset(d.ref()));
        }
        evaluation.setTarget(loader.modelProperty().get(), d.validation());
        summary.reset();
        Run shown = session.selectedRunProperty().get();
        if (shown != null) {
            show(shown);
        } else {
            evaluate(editor.currentPlan());
        }
    }

    private void setModel(WorkbenchLoader.Loaded loaded) {
        SavedModel m = loaded.model();
        rules.clear();
        editor.setModel(m, loaded.layers(), workers.cache());
        loader.install(loaded);
        HeldOutData d = loader.heldOutProperty().get();
        evaluation.setTarget(m, d == null ? null : d.validation());
        summary.reset();
        latency.reset(m, editor.layers());
        editor.updateCosts();
    }

    private void evaluate(RankPlan plan) {
        summary.setEvaluating(true);
        evaluation.evaluate(plan, false, System.nanoTime());
    }

    /** Prepares an opened session off the UI thread (see {@link SessionViewModel.Host#prepare}). */
    Runnable prepare(ExperimentSession s) {
        WorkbenchLoader.Loaded loaded = WorkbenchLoader.prepare(s, workers.cache());
        return () -> install(s, loaded);
    }

    private void install(ExperimentSession s, WorkbenchLoader.Loaded loaded) {
        setModel(loaded);
        editor.showPlan(s.currentPlan());
        Run selected = session.selectedRunProperty().get();
        if (s.dataset() != null && !s.dataset().spec().equals(loader.dataSpec())) {
            loader.loadData(s.dataset().name(), s.dataset().spec()); // then shows the run or evaluates the plan
        }
        if (selected != null) {
            show(selected);
        } else {
            evaluate(editor.currentPlan());
        }
        editor.warmUp(workers.evaluation());
    }

    /** Shows {@code run}'s plan and its own figures; editing afterwards starts a new plan on the base model. */
    void show(Run run) {
        editor.flushPending();
        evaluation.cancel();
        try {
            editor.showPlan(run.plan());
        } catch (RuntimeException e) {
            status.accept("The plan of " + run.id() + " does not fit the base model's layers: "
                    + WorkbenchViewModel.message(e));
        }
        summary.showRun(run);
        latency.refresh();
        status.accept(
                run.hasResult()
                        ? "Showing " + run.id() + " (" + run.status().id()
                                + "): the figures of its own model; editing a "
                                + "rank starts a new plan on the base model"
                        : run.id() + " " + run.status().id() + " and has no result; its plan is shown for reference. "
                                + "Editing a rank starts a new plan on the base model");
    }

    /** A rank or scheme changed: leaves the shown run (kept unchanged) and marks the figures stale. */
    void edited() {
        Run was = session.selectedRunProperty().get();
        if (was != null) {
            session.clearSelection();
            summary.showBase();
            status.accept("Editing a new plan on the base model (" + was.id() + " is kept unchanged)");
        }
        evaluation.invalidate();
        latency.refresh();
    }

    /** Edits paused on {@code plan}: records it in the session, evaluates it and measures the selected layer. */
    void settled(RankPlan plan) {
        session.edit(s -> s.withCurrentPlan(plan));
        evaluation.evaluate(plan, true, editor.editStartedNanos());
        latency.request(editor.selectedLayerProperty().get());
    }

    /** A user edit after a pause: evaluates {@code plan} at once. */
    void editedAfterPause(RankPlan plan) {
        evaluation.evaluate(plan, true, editor.editStartedNanos());
    }

    /**
     * Stops the running accuracy evaluation: the plan on screen is left unmeasured ("—"), never shown with
     * an older plan's figure; the next edit evaluates again.
     */
    void cancelEvaluation() {
        if (!summary.evaluatingProperty().get()) {
            return;
        }
        evaluation.cancel();
        summary.setAccuracy(Double.NaN, 0);
        summary.setEvaluating(false);
        status.accept("Evaluation cancelled: the accuracy of the plan on screen is not measured (edit a rank to "
                + "evaluate it)");
    }
}
