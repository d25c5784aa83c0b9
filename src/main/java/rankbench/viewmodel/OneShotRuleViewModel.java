package rankbench.viewmodel;

import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.methods.CostKind;
import rankbench.experiment.methods.LatencyRule;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.methods.SensitivityRule;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/**
 * The one-shot rules of the tool bar (EVBMF, the LC cost rule, greedy sensitivity, the measured latency rule
 * of {@link LatencyRuleViewModel}): their inputs, checked
 * here into the {@link OneShotRules.Settings} {@code rankbench select} builds from its options, and a command
 * that runs {@link OneShotRules#select} (the code the command line runs) on the task executor with progress
 * and cancellation. The plan it gives goes to {@code onPlan} on the UI thread (the rules view model applies
 * it through the plan editor, undoable); a sensitivity table goes to the {@link SensitivityViewModel}, a
 * latency table to the {@link LatencyRuleViewModel}. A latency budget the measured forms cannot meet leaves
 * the plan as it was; another budget after a latency measurement is planned at once from the measurement
 * in memory ({@link OneShotRules#replan}).
 *
 * <p>Sensitivity and latency measure on {@link SensitivityRule#heldOut}: the first N (default 1 000)
 * validation images of the window's seeded split, the images the interactive accuracy uses; never test
 * images.
 *
 * <p>Threading: UI thread; the selection runs on the {@link TaskExecutor}; a result of a model no longer
 * loaded, or of a cancelled run, is dropped.
 */
public final class OneShotRuleViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(OneShotRuleViewModel.class);

    private final ObservableValue<SavedModel> model;
    private final ObservableValue<HeldOutData> data;
    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final SpectrumCache cache;
    private final Consumer<String> status;
    private final BiConsumer<OneShotRules.Settings, OneShotRules.Outcome> onPlan;
    private final SensitivityViewModel sensitivity = new SensitivityViewModel();
    private final LatencyRuleViewModel latency;

    private final ObjectProperty<OneShotRules.Kind> kind =
            new SimpleObjectProperty<>(this, "kind", OneShotRules.Kind.EVBMF);
    private final ObjectProperty<Scheme> scheme = new SimpleObjectProperty<>(this, "scheme", Scheme.CHANNEL);
    private final ObjectProperty<CostKind> cost = new SimpleObjectProperty<>(this, "cost", CostKind.MACS);
    private final StringProperty multiplier = new SimpleStringProperty(this, "multiplier", "1");
    private final StringProperty evbmfReduction = new SimpleStringProperty(this, "evbmfReduction", "");
    private final StringProperty alpha = new SimpleStringProperty(this, "alpha", "");
    private final StringProperty mu = new SimpleStringProperty(this, "mu", "1");
    private final StringProperty lcReduction = new SimpleStringProperty(this, "lcReduction", "2");
    private final StringProperty sensitivityReduction = new SimpleStringProperty(this, "sensitivityReduction", "2");
    private final StringProperty heldOutImages =
            new SimpleStringProperty(this, "heldOutImages", String.valueOf(SensitivityRule.DEFAULT_HELD_OUT));
    private final StringProperty fractions =
            new SimpleStringProperty(this, "fractions", RuleInputs.join(SensitivityRule.DEFAULT_FRACTIONS));
    private final ReadOnlyStringWrapper inputError = new ReadOnlyStringWrapper(this, "inputError", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageWarns = new ReadOnlyBooleanWrapper(this, "messageWarns");
    private final Command applyCommand;
    private final Command cancelCommand;
    private CancellationToken token;
    private long generation;

    OneShotRuleViewModel(
            ObservableValue<SavedModel> model,
            ObservableValue<HeldOutData> data,
            TaskExecutor tasks,
            UiExecutor ui,
            SpectrumCache cache,
            Consumer<String> status,
            BiConsumer<OneShotRules.Settings, OneShotRules.Outcome> onPlan) {
        this(model, data, tasks, ui, cache, Workers.defaultStaircase(), status, onPlan);
    }

    /** As the other constructor, with the latency rule's measurement setup (cache directory, warm-up, repeats). */
    OneShotRuleViewModel(
            ObservableValue<SavedModel> model,
            ObservableValue<HeldOutData> data,
            TaskExecutor tasks,
            UiExecutor ui,
            SpectrumCache cache,
            LatencyRule.Setup staircase,
            Consumer<String> status,
            BiConsumer<OneShotRules.Settings, OneShotRules.Outcome> onPlan) {
        this.latency = new LatencyRuleViewModel(staircase);
        this.model = model;
        this.data = data;
        this.tasks = tasks;
        this.ui = ui;
        this.cache = cache;
        this.status = status;
        this.onPlan = onPlan;
        Runnable check = this::check;
        for (ObservableValue<?> o : new ObservableValue<?>[] {
            kind,
            scheme,
            cost,
            multiplier,
            evbmfReduction,
            alpha,
            mu,
            lcReduction,
            sensitivityReduction,
            heldOutImages,
            fractions,
            data,
            latency.budgetKindProperty(),
            latency.budgetValueProperty(),
            latency.batchProperty()
        }) {
            o.addListener((x, a, b) -> check.run());
        }
        kind.addListener((x, a, b) -> clearMessage());
        check();
        BooleanBinding ready = Bindings.createBooleanBinding(
                () -> model.getValue() != null
                        && inputError.get().isEmpty()
                        && (!measuresAccuracy(kind.get()) || data.getValue() != null),
                model,
                inputError,
                kind,
                data);
        applyCommand = new Command(this::apply, ready);
        cancelCommand = new Command(this::cancel, applyCommand.runningProperty());
    }

    private void clearMessage() {
        messageWarns.set(false);
        message.set("");
    }

    private static boolean measuresAccuracy(OneShotRules.Kind k) {
        return k == OneShotRules.Kind.SENSITIVITY || k == OneShotRules.Kind.LATENCY;
    }

    private void check() {
        try {
            settings();
            inputError.set("");
        } catch (IllegalArgumentException e) {
            inputError.set(e.getMessage());
        }
    }

    /**
     * Returns the settings of the chosen rule, as {@code select} builds them from the same values (default
     * targets, minimum rank 1, the reference tau, break-even cap; latency: {@link LatencyRuleViewModel#budget}).
     *
     * @throws IllegalArgumentException with a message naming the input that is wrong
     */
    public OneShotRules.Settings settings() {
        OneShotRules.Kind k = kind.get();
        if (k == OneShotRules.Kind.LATENCY) {
            heldOutCount();
            return latency.settings();
        }
        double mult = 1;
        Double red = null;
        Double a = null;
        double m = 1;
        double[] fs = null;
        switch (k) {
            case EVBMF -> {
                mult = RuleInputs.required("multiplier", multiplier.get());
                red = RuleInputs.optional("MAC budget", evbmfReduction.get());
            }
            case LC -> {
                a = RuleInputs.optional("alpha", alpha.get());
                m = RuleInputs.required("mu", mu.get());
                red = RuleInputs.optional("budget", lcReduction.get());
            }
            case SENSITIVITY -> {
                red = RuleInputs.optional("budget", sensitivityReduction.get());
                fs = fractions();
                heldOutCount();
            }
            default -> throw new IllegalStateException(k.id());
        }
        return new OneShotRules.Settings(
                k, scheme.get(), Targets.defaults(), mult, 1, false, a, m, cost.get(), red, fs, false);
    }

    private double[] fractions() {
        return RuleInputs.list("candidate fraction", "0.25, 0.5", fractions.get());
    }

    private int heldOutCount() {
        return RuleInputs.positiveInt("held-out images", heldOutImages.get());
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
        OneShotRules.Settings s = settings();
        SavedModel m = model.getValue();
        HeldOutData d = data.getValue();
        int images = measuresAccuracy(s.kind()) ? heldOutCount() : 0;
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

    /** The rule to run. */
    public ObjectProperty<OneShotRules.Kind> kindProperty() {
        return kind;
    }

    /** The scheme of conv layers (Tucker-2 for EVBMF and sensitivity keeps two ranks per layer). */
    public ObjectProperty<Scheme> schemeProperty() {
        return scheme;
    }

    /** LC and sensitivity: what a rank costs (parameters or MACs). */
    public ObjectProperty<CostKind> costProperty() {
        return cost;
    }

    /** EVBMF: factor on every EVBMF rank (1 = plain EVBMF). */
    public StringProperty multiplierProperty() {
        return multiplier;
    }

    /** EVBMF: MAC budget as a reduction X (at most 1/X of the dense MACs; empty = none). */
    public StringProperty evbmfReductionProperty() {
        return evbmfReduction;
    }

    /** LC: cost weight alpha (empty: use the budget). */
    public StringProperty alphaProperty() {
        return alpha;
    }

    /** LC: penalty mu. */
    public StringProperty muProperty() {
        return mu;
    }

    /** LC: budget as a reduction X of the chosen cost (empty: use alpha). */
    public StringProperty lcReductionProperty() {
        return lcReduction;
    }

    /** Sensitivity: budget as a reduction X of the chosen cost. */
    public StringProperty sensitivityReductionProperty() {
        return sensitivityReduction;
    }

    /** Sensitivity and latency: how many held-out validation images to measure on. */
    public StringProperty heldOutImagesProperty() {
        return heldOutImages;
    }

    /** Sensitivity: candidate ranks as fractions of each layer's break-even rank, comma separated. */
    public StringProperty fractionsProperty() {
        return fractions;
    }

    /** What the last rule run chose (latency: predicted speed-up and drop) or why it chose nothing. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** True when {@link #messageProperty()} says the rule chose nothing (a budget that cannot be met). */
    public ReadOnlyBooleanProperty messageWarnsProperty() {
        return messageWarns.getReadOnlyProperty();
    }

    /** Why the inputs cannot run (empty when they can). */
    public ReadOnlyStringProperty inputErrorProperty() {
        return inputError.getReadOnlyProperty();
    }

    /** Progress of the running rule in [0, 1], -1 when unknown, 0 when idle. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the running rule is doing (empty when idle). */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** Runs the chosen rule in the background and applies its plan (undoable). */
    public Command applyCommand() {
        return applyCommand;
    }

    /** Cancels the running rule (the plan stays as it was). */
    public Command cancelCommand() {
        return cancelCommand;
    }

    /** The last sensitivity table. */
    public SensitivityViewModel sensitivity() {
        return sensitivity;
    }

    /** The latency rule's inputs, its last measurement and per-layer table. */
    public LatencyRuleViewModel latency() {
        return latency;
    }
}
