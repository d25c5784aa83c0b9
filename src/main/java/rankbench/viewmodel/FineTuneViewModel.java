package rankbench.viewmodel;

import java.util.Locale;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ObservableList;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.methods.RunRecorder;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.training.TrainingService;

/**
 * Fine-tuning of the factorized model in the background: live loss and accuracy series, progress and
 * ETA, cancel, and the compress-only versus fine-tuned validation accuracy. Every run becomes a session
 * {@link Run} (kind {@code FINE_TUNE}, the fine-tuned model, its decimated history via {@link RunRecorder},
 * validation and test accuracies), whatever its status: a cancelled, diverged or failed fine-tune is
 * handed on with that status and never shown as a result. It trains on the training split with the
 * validation images held out, chooses nothing on the test set, and measures the test accuracy once at
 * the end (reported only). Its settings are typed ({@link RunSettingsViewModel}); start, cancel, progress
 * and the live series are the shared {@link TrainingRunViewModel}; each run is a {@link FineTuneJob}.
 */
public final class FineTuneViewModel {

    /**
     * The result of a run that has one (completed or cancelled).
     *
     * @param compressOnly validation accuracy of the factorized model before fine-tuning
     * @param fineTuned validation accuracy after fine-tuning
     * @param run the session run (its model, history and test accuracies)
     */
    public record Result(double compressOnly, double fineTuned, Run run) {}

    private final DialogService dialogs;
    private final WorkbenchSettings settings;
    private final SpectrumCache cache;
    private final UnaryOperator<Run> onRun;
    private final RunSettingsViewModel runSettings;
    private final TrainingRunViewModel run;
    private final ReadOnlyObjectWrapper<Result> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final Command start;
    private Runnable startAction = () -> {};

    FineTuneViewModel(
            TrainingService training,
            UiExecutor ui,
            DialogService dialogs,
            WorkbenchSettings settings,
            SpectrumCache cache,
            ObservableBooleanValue ready,
            UnaryOperator<Run> onRun) {
        this.dialogs = dialogs;
        this.settings = settings;
        this.cache = cache;
        this.onRun = onRun;
        this.runSettings = RunSettingsViewModel.from(settings);
        runSettings.fineTuneEpochsProperty().set(0); // no second phase: these settings are the fine-tune itself
        this.run = new TrainingRunViewModel(
                training,
                ui,
                dialogs,
                "Fine-tuning",
                "Fine-tune the factorized model to recover accuracy (measured on validation images).");
        this.start = new Command(
                () -> startAction.run(),
                run.runningProperty()
                        .not()
                        .and(ready)
                        .and(Bindings.createBooleanBinding(
                                () -> runSettings
                                        .validationMessageProperty()
                                        .get()
                                        .isEmpty(),
                                runSettings.validationMessageProperty())));
    }

    void setStartAction(Runnable r) {
        startAction = r;
    }

    /**
     * Starts fine-tuning on {@code data}'s training split (UI thread): the model of {@code from} if a run
     * with a model is shown (the new run's parent), else {@code model} factorized by {@code plan}.
     */
    void start(SavedModel model, RankPlan plan, HeldOutData data, Run from) {
        if (run.runningProperty().get()) {
            return;
        }
        result.set(null);
        FineTuneJob job =
                new FineTuneJob(model, plan, data, from, runSettings, run.listener(), cache, settings.evalBatch());
        run.start(
                "Fine-tuning " + job.subject() + " (" + runSettings.describe() + ")\u2026",
                job::run,
                job::cancelledBeforeStart,
                this::finished);
    }

    private void finished(Run r) {
        r = onRun.apply(r); // as stored in the session, with its id
        RunMetrics m = r.metrics();
        switch (r.status()) {
            case COMPLETED -> {
                result.set(new Result(
                        value(m.compressOnlyValidationAccuracy()), value(m.fineTunedValidationAccuracy()), r));
                run.ended(
                        "Validation accuracy: compress-only " + percent(m.compressOnlyValidationAccuracy())
                                + "  \u2192  fine-tuned " + percent(m.fineTunedValidationAccuracy()) + "  ("
                                + r.statusMessage()
                                + "; test, fine-tuned: " + percent(m.fineTunedTestAccuracy()) + ")",
                        true);
                dialogs.notify("Fine-tuning finished: " + r.label());
            }
            case CANCELLED -> {
                if (r.model() == null) {
                    run.ended("Cancelled before it started; kept as a cancelled run with nothing to show.", false);
                    return;
                }
                run.ended(
                        "Cancelled (" + r.statusMessage() + "). Validation accuracy, compress-only "
                                + percent(m.compressOnlyValidationAccuracy())
                                + "; the partly fine-tuned model is kept as a "
                                + "cancelled run, not measured.",
                        false);
                dialogs.notify("Fine-tuning cancelled");
            }
            default -> {
                run.ended(
                        "Fine-tuning " + r.status().id().toUpperCase(Locale.ROOT) + " \u2014 no result: "
                                + r.statusMessage(),
                        false);
                dialogs.notify("Fine-tuning " + r.status().id());
            }
        }
    }

    /** A percentage with two decimals, or "not measured". */
    static String percent(Double v) {
        return v == null ? "not measured" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }

    private static double value(Double v) {
        return v == null ? Double.NaN : v;
    }

    /** Requests cancellation; the run stops at its next batch. */
    public void cancel() {
        run.cancel();
    }

    /** The typed run settings of fine-tuning (epochs, learning rate, schedule, weight decay, batch, subset, seed). */
    public RunSettingsViewModel settings() {
        return runSettings;
    }

    /** Learning rate of fine-tuning (input; must be positive). */
    public DoubleProperty learningRateProperty() {
        return runSettings.learningRateProperty();
    }

    /** Number of epochs to fine-tune (input). */
    public IntegerProperty epochsProperty() {
        return runSettings.epochsProperty();
    }

    /** True while a run is active. */
    public ReadOnlyBooleanProperty runningProperty() {
        return run.runningProperty();
    }

    /** Progress 0..1, or -1 while starting. */
    public ReadOnlyDoubleProperty progressProperty() {
        return run.progressProperty();
    }

    /** Remaining time, e.g. {@code ETA 1:23}. */
    public ReadOnlyStringProperty etaProperty() {
        return run.etaProperty();
    }

    /** Compress-only versus fine-tuned accuracy, or the state of the run. */
    public ReadOnlyStringProperty resultTextProperty() {
        return run.resultTextProperty();
    }

    /** The last completed run's figures (null until one completes; never a cancelled, diverged or failed run). */
    public ReadOnlyObjectProperty<Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** Training loss per step. */
    public ObservableList<ChartPoint> loss() {
        return run.loss();
    }

    /** Training accuracy per step. */
    public ObservableList<ChartPoint> trainAccuracy() {
        return run.trainAccuracy();
    }

    /** Validation accuracy at each epoch end (x = step). */
    public ObservableList<ChartPoint> validationAccuracy() {
        return run.validationAccuracy();
    }

    /** Starts fine-tuning the current plan. */
    public Command startCommand() {
        return start;
    }

    /** Cancels the running fine-tune. */
    public Command cancelCommand() {
        return run.cancelCommand();
    }
}
