package rankbench.viewmodel;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.methods.CostKind;
import rankbench.experiment.methods.LatencyRule;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.methods.SensitivityRule;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.model.SavedModel;

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
 *
 * <p>This class holds the inputs and checks them; the run, its commands, progress and the delivery of its
 * outcome live in {@code OneShotRuleRun}.
 */
public final class OneShotRuleViewModel {

    private final LatencyRuleViewModel latency;
    private final OneShotRuleRun run;

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
        check();
        BooleanBinding ready = Bindings.createBooleanBinding(
                () -> model.getValue() != null
                        && inputError.get().isEmpty()
                        && (!OneShotRuleRun.measuresAccuracy(kind.get()) || data.getValue() != null),
                model,
                inputError,
                kind,
                data);
        run = new OneShotRuleRun(
                model, data, tasks, ui, cache, status, onPlan, latency, this::settings, this::heldOutCount, ready);
        kind.addListener((x, a, b) -> run.clearMessage());
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
        run.clear();
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
        return run.messageProperty();
    }

    /** True when {@link #messageProperty()} says the rule chose nothing (a budget that cannot be met). */
    public ReadOnlyBooleanProperty messageWarnsProperty() {
        return run.messageWarnsProperty();
    }

    /** Why the inputs cannot run (empty when they can). */
    public ReadOnlyStringProperty inputErrorProperty() {
        return inputError.getReadOnlyProperty();
    }

    /** Progress of the running rule in [0, 1], -1 when unknown, 0 when idle. */
    public ReadOnlyDoubleProperty progressProperty() {
        return run.progressProperty();
    }

    /** What the running rule is doing (empty when idle). */
    public ReadOnlyStringProperty progressTextProperty() {
        return run.progressTextProperty();
    }

    /** Runs the chosen rule in the background and applies its plan (undoable). */
    public Command applyCommand() {
        return run.applyCommand();
    }

    /** Cancels the running rule (the plan stays as it was). */
    public Command cancelCommand() {
        return run.cancelCommand();
    }

    /** The last sensitivity table. */
    public SensitivityViewModel sensitivity() {
        return run.sensitivity();
    }

    /** The latency rule's inputs, its last measurement and per-layer table. */
    public LatencyRuleViewModel latency() {
        return latency;
    }
}
