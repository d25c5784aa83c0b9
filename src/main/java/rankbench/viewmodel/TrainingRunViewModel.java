package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.experiment.session.Run;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingListener;
import rankbench.experiment.training.TrainingService;

/**
 * The state machine of one background training run, shared by fine-tuning and rank learning: start on the
 * {@link TrainingService}, cancel, running / progress / ETA / phase, the result line, and the live loss and
 * accuracy series. Events cross to the UI thread through an {@link EventDrain}; steps continue across the
 * phases of a run (rank learning, then fine-tuning), so every series has one x axis. A job cancelled before
 * it started is handed on as the caller's "unstarted" run; a job that could not run at all (the service
 * was closed) is one error.
 */
public final class TrainingRunViewModel {

    private final TrainingService training;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final String name;
    private final EventDrain<TrainingEvent> drain;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper(this, "eta", "");
    private final ReadOnlyStringWrapper phase = new ReadOnlyStringWrapper(this, "phase", "");
    private final ReadOnlyStringWrapper resultText = new ReadOnlyStringWrapper(this, "resultText", "");
    private final ObservableList<ChartPoint> loss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> trainAccuracy = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> validationAccuracy = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> lossView = FXCollections.unmodifiableObservableList(loss);
    private final ObservableList<ChartPoint> trainAccuracyView =
            FXCollections.unmodifiableObservableList(trainAccuracy);
    private final ObservableList<ChartPoint> validationAccuracyView =
            FXCollections.unmodifiableObservableList(validationAccuracy);
    private final Command cancel;
    private Consumer<Step> onEvent = s -> {};
    private Runnable onDrained = () -> {};
    private TrainingService.Handle<Run> handle;
    private String currentRunId;
    private double stepOffset;
    private double lastStep;

    /** One event with the step it arrived at (steps continue across the phases of a run). */
    public record Step(TrainingEvent event, double step) {}

    /**
     * Creates the state machine.
     *
     * @param name what the run is called in messages ({@code "Fine-tuning"}, {@code "Rank learning"})
     * @param idleText the result line before the first run
     */
    public TrainingRunViewModel(
            TrainingService training, UiExecutor ui, DialogService dialogs, String name, String idleText) {
        this.training = training;
        this.ui = ui;
        this.dialogs = dialogs;
        this.name = name;
        this.drain = new EventDrain<>(ui, this::onEvents);
        this.cancel = new Command(this::cancel, running);
        resultText.set(idleText);
    }

    /** Receives every event of a run (UI thread) with its step, and a call after each drained batch. */
    void setEventHandler(Consumer<Step> onEvent, Runnable onDrained) {
        this.onEvent = onEvent;
        this.onDrained = onDrained;
    }

    /** The listener a run publishes to (from the training thread; never blocks). */
    public TrainingListener listener() {
        return drain::offer;
    }

    /**
     * Starts {@code job} (UI thread): clears the series, shows {@code startText}, and hands the run it
     * makes to {@code finished} on the UI thread; a job cancelled before it started hands on
     * {@code unstarted.get()} instead.
     */
    void start(String startText, TrainingService.Job<Run> job, Supplier<Run> unstarted, Consumer<Run> finished) {
        loss.clear();
        trainAccuracy.clear();
        validationAccuracy.clear();
        currentRunId = null;
        stepOffset = 0;
        lastStep = 0;
        progress.set(-1);
        eta.set("");
        phase.set("");
        running.set(true);
        resultText.set(startText);
        handle = training.submit(job);
        handle.result()
                .whenComplete((r, err) -> ui.execute(() -> {
                    running.set(false);
                    handle = null;
                    eta.set("");
                    boolean notStarted = err instanceof CancellationException
                            || err != null && err.getCause() instanceof CancellationException;
                    if (err != null && !notStarted) { // the job could not run at all (the service was closed)
                        progress.set(0);
                        resultText.set(name + " failed.");
                        dialogs.showError(name + " failed", WorkbenchViewModel.message(err));
                        return;
                    }
                    finished.accept(notStarted ? unstarted.get() : r);
                }));
    }

    /** Requests cancellation; the run stops at its next batch. */
    public void cancel() {
        if (handle != null) {
            handle.cancel();
            resultText.set("Cancelling\u2026");
        }
    }

    /** Sets the result line and progress after a run ended (UI thread). */
    void ended(String text, boolean completed) {
        progress.set(completed ? 1 : 0);
        resultText.set(text);
    }

    private void onEvents(List<TrainingEvent> events) {
        if (!running.get()) {
            return; // late events of a finished run
        }
        List<ChartPoint> l = new ArrayList<>();
        List<ChartPoint> a = new ArrayList<>();
        List<ChartPoint> v = new ArrayList<>();
        for (TrainingEvent e : events) {
            if (!e.runId().equals(currentRunId) && !(e instanceof TrainingEvent.MethodUpdate)) {
                currentRunId = e.runId(); // a new phase: its steps continue after the last one
                stepOffset = lastStep;
            }
            if (e instanceof TrainingEvent.RunStarted s) {
                phase.set(s.description());
            } else if (e instanceof TrainingEvent.BatchEnded b) {
                lastStep = stepOffset + b.step();
                l.add(new ChartPoint(lastStep, b.loss()));
                a.add(new ChartPoint(lastStep, b.accuracy()));
                progress.set(b.totalSteps() == 0 ? -1 : (double) b.step() / b.totalSteps());
                eta.set(etaText(b.etaSeconds()));
            } else if (e instanceof TrainingEvent.EpochEnded ep && !Double.isNaN(ep.validationAccuracy())) {
                v.add(new ChartPoint(lastStep, ep.validationAccuracy()));
            }
            onEvent.accept(new Step(e, lastStep));
        }
        // one list change per drain: a chart redraws once
        loss.addAll(l);
        trainAccuracy.addAll(a);
        validationAccuracy.addAll(v);
        onDrained.run();
    }

    /** {@code ETA 1:23}, or "" if unknown. */
    static String etaText(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "ETA %d:%02d", s / 60, s % 60);
    }

    /** True while a run is active. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Progress 0..1 of the current phase, or -1 while starting. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Remaining time of the current phase, e.g. {@code ETA 1:23}. */
    public ReadOnlyStringProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    /** The description of the current phase. */
    public ReadOnlyStringProperty phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The state of the run, or its result summary. */
    public ReadOnlyStringProperty resultTextProperty() {
        return resultText.getReadOnlyProperty();
    }

    /** Training loss per step. */
    public ObservableList<ChartPoint> loss() {
        return lossView;
    }

    /** Training accuracy per step. */
    public ObservableList<ChartPoint> trainAccuracy() {
        return trainAccuracyView;
    }

    /** Validation accuracy at each epoch end (x = step). */
    public ObservableList<ChartPoint> validationAccuracy() {
        return validationAccuracyView;
    }

    /** Cancels the running job (it stops at its next batch). */
    public Command cancelCommand() {
        return cancel;
    }
}
