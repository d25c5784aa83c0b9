package rankbench.viewmodel;

import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.methods.LatencyRule;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.methods.SensitivityRule;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/**
 * The run of {@link OneShotRuleViewModel}'s rule, one selection at a time: its apply and cancel commands,
 * {@link OneShotRules#select} on the task executor with progress and cancellation (or
 * {@link OneShotRules#replan} at once for another budget on the latency measurement in memory), and the
 * delivery of the outcome: the sensitivity table to a {@link SensitivityViewModel}, the latency table and its
 * message to the {@link LatencyRuleViewModel}, the plan to {@code onPlan} unless a latency budget was not met.
 * A result of a model no longer loaded, or of a cancelled run, is dropped.
 *
 * <p>Threading: UI thread; the selection runs on the {@link TaskExecutor}.
 */
final class OneShotRuleRun {

    private static final Logger LOG = LoggerFactory.getLogger(OneShotRuleRun.class);

    private final ObservableValue<SavedModel> model;
    private final ObservableValue<HeldOutData> data;
    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final SpectrumCache cache;
    private final Consumer<String> status;
    private final BiConsumer<OneShotRules.Settings, OneShotRules.Outcome> onPlan;
    private final Supplier<OneShotRules.Settings> settings;
    private final IntSupplier heldOutImages;
    private final SensitivityViewModel sensitivity = new SensitivityViewModel();
    private final LatencyRuleViewModel latency;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageWarns = new ReadOnlyBooleanWrapper(this, "messageWarns");
    private final Command applyCommand;
    private final Command cancelCommand;
    private CancellationToken token;
    private long generation;

    /**
     * Creates the run.
     *
     * @param settings the checked settings of the chosen rule (throws while the inputs are wrong)
     * @param heldOutImages how many held-out validation images sensitivity and latency measure on
     * @param ready true while the apply command may run (a model, valid inputs, held-out images if needed)
     */
    OneShotRuleRun(
            ObservableValue<SavedModel> model,
            ObservableValue<HeldOutData> data,
            TaskExecutor tasks,
            UiExecutor ui,
            SpectrumCache cache,
            Consumer<String> status,
            BiConsumer<OneShotRules.Settings, OneShotRules.Outcome> onPlan,
            LatencyRuleViewModel latency,
            Supplier<OneShotRules.Settings> settings,
            IntSupplier heldOutImages,
            ObservableBooleanValue ready) {
        this.model = model;
        this.data = data;
        this.tasks = tasks;
        this.ui = ui;
        this.cache = cache;
        this.status = status;
        this.onPlan = onPlan;
        this.latency = latency;
        this.settings = settings;
        this.heldOutImages = heldOutImages;
        applyCommand = new Command(this::apply, ready);
        cancelCommand = new Command(this::cancel, applyCommand.runningProperty());
    }

    /** True for the rules that measure accuracy on held-out images (sensitivity and latency). */
    static boolean measuresAccuracy(OneShotRules.Kind k) {
        return k == OneShotRules.Kind.SENSITIVITY || k == OneShotRules.Kind.LATENCY;
    }

    /** Empties the message of the last run. */
    void clearMessage() {
        messageWarns.set(false);
        message.set("");
    }

    /** Forgets a running selection (a new model): its result will be dropped. */
    void clear() {
        generation++;
        if (token != null) {
            token.cancel();
        }
        sensitivity.clear();
        latency.clear();
        clearMessage();
    }

    private void apply() {
        OneShotRules.Settings s = settings.get();
        SavedModel m = model.getValue();
        HeldOutData d = data.getValue();
        int images = measuresAccuracy(s.kind()) ? heldOutImages.getAsInt() : 0;
        clearMessage();
        LatencyRule.Result known = s.kind() == OneShotRules.Kind.LATENCY ? latency.measured(m, d, images, s) : null;
        if (known != null) { // another budget for the measurement in memory: plan at once, nothing is measured
            delivered(m, d, s, OneShotRules.replan(m, s, known, images));
            return;
        }
        CancellationToken t = new CancellationToken();
        token = t;
        long gen = ++generation;
        applyCommand.setRunning(true);
        progress.set(measuresAccuracy(s.kind()) ? 0 : -1);
        progressText.set(s.describe() + "\u2026");
        status.accept("Running " + s.describe() + "\u2026");
        OneShotRules.Progress report = new RuleProgress(ui, () -> gen == generation, s.describe(), (f, line) -> {
            progress.set(f);
            progressText.set(line);
        });
        tasks.submit("Rule " + s.kind().id(), () -> {
                    Engines.noGradOnThisThread();
                    ImageDataset held = images == 0
                            ? null
                            : SensitivityRule.heldOut(
                                    d.source().train(),
                                    d.source().test(),
                                    d.ref().validationFraction(),
                                    d.ref().splitSeed(),
                                    images);
                    return OneShotRules.select(m, s, held, cache, report, t);
                })
                .whenComplete((outcome, err) -> ui.execute(() -> finish(gen, t, m, d, s, outcome, err)));
    }

    private void finish(
            long gen,
            CancellationToken t,
            SavedModel m,
            HeldOutData d,
            OneShotRules.Settings s,
            OneShotRules.Outcome outcome,
            Throwable err) {
        applyCommand.setRunning(false); // one selection at a time: the command is not executable while running
        progress.set(0);
        progressText.set("");
        token = null;
        if (gen != generation) {
            return; // a new model was loaded meanwhile: the plan is of the old one
        }
        Throwable cause = err != null && err.getCause() != null ? err.getCause() : err;
        if (t.isCancelled() || cause instanceof CancellationException) {
            status.accept("Cancelled " + s.describe() + "; the plan is unchanged");
            return;
        }
        if (err != null) {
            status.accept("Rule " + s.describe() + " failed: " + WorkbenchViewModel.message(err));
            return;
        }
        delivered(m, d, s, outcome);
    }

    /** Shows a rule's tables and message, and applies its plan unless a latency budget was not met. */
    private void delivered(SavedModel m, HeldOutData d, OneShotRules.Settings s, OneShotRules.Outcome outcome) {
        if (outcome.table() != null) {
            sensitivity.show(s, outcome.table(), outcome.heldOutImages());
        }
        if (outcome.latency() != null) {
            latency.show(m, d, s, outcome);
            messageWarns.set(!outcome.met());
            message.set(LatencyRuleViewModel.message(outcome));
        }
        if (!outcome.met()) {
            status.accept("Rule " + s.describe() + ": " + message.get());
            return;
        }
        try {
            onPlan.accept(s, outcome);
        } catch (RuntimeException e) {
            LOG.error("the plan of {} could not be applied", s.describe(), e);
            status.accept("The plan of " + s.describe() + " could not be applied: " + WorkbenchViewModel.message(e));
        }
    }

    private void cancel() {
        if (token != null) {
            token.cancel();
            progressText.set("cancelling\u2026");
        }
    }

    /** See {@link OneShotRuleViewModel#messageProperty()}. */
    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** See {@link OneShotRuleViewModel#messageWarnsProperty()}. */
    ReadOnlyBooleanProperty messageWarnsProperty() {
        return messageWarns.getReadOnlyProperty();
    }

    /** See {@link OneShotRuleViewModel#progressProperty()}. */
    ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** See {@link OneShotRuleViewModel#progressTextProperty()}. */
    ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** See {@link OneShotRuleViewModel#applyCommand()}. */
    Command applyCommand() {
        return applyCommand;
    }

    /** See {@link OneShotRuleViewModel#cancelCommand()}. */
    Command cancelCommand() {
        return cancelCommand;
    }

    /** See {@link OneShotRuleViewModel#sensitivity()}. */
    SensitivityViewModel sensitivity() {
        return sensitivity;
    }
}
