package rankbench.viewmodel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.methods.LatencyRule;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.SavedModel;

/**
 * The global rank rules of the tool bar: kept energy, singular-value threshold, parameter ratio and
 * rounding to a multiple, each a text input validated here and a command that applies it to every layer
 * of the {@link PlanEditorViewModel} as one undoable step; and the one-shot rules (EVBMF, LC, sensitivity, latency)
 * of {@link OneShotRuleViewModel}, run in the background with the command line's code, whose plan is
 * applied the same way.
 */
public final class RulesViewModel {

    private final PlanEditorViewModel editor;
    private final Consumer<String> status;
    private final StringProperty energyInput = new SimpleStringProperty(this, "energyInput", "90");
    private final StringProperty thresholdInput = new SimpleStringProperty(this, "thresholdInput", "0.5");
    private final StringProperty ratioInput = new SimpleStringProperty(this, "ratioInput", "0.5");
    private final StringProperty roundInput = new SimpleStringProperty(this, "roundInput", "8");
    private final ReadOnlyStringWrapper activeRule = new ReadOnlyStringWrapper(this, "activeRule", "");
    private final Command energyCommand;
    private final Command thresholdCommand;
    private final Command ratioCommand;
    private final Command roundCommand;
    private final Command resetCommand;
    private final OneShotRuleViewModel oneShot;
    private final ReadOnlyObjectWrapper<RankPlan> lastRulePlan = new ReadOnlyObjectWrapper<>(this, "lastRulePlan");

    /**
     * Creates the rules.
     *
     * @param model the base model (null while none is loaded)
     * @param data the held-out data (sensitivity measures on its validation split)
     * @param tasks runs one-shot rules off the UI thread
     */
    RulesViewModel(
            PlanEditorViewModel editor,
            ObservableValue<SavedModel> model,
            ObservableValue<HeldOutData> data,
            TaskExecutor tasks,
            UiExecutor ui,
            SpectrumCache cache,
            Consumer<String> status) {
        this(editor, model, data, tasks, ui, cache, Workers.defaultStaircase(), status);
    }

    /** As the other constructor, with the latency rule's measurement setup (cache directory, warm-up, repeats). */
    RulesViewModel(
            PlanEditorViewModel editor,
            ObservableValue<SavedModel> model,
            ObservableValue<HeldOutData> data,
            TaskExecutor tasks,
            UiExecutor ui,
            SpectrumCache cache,
            LatencyRule.Setup staircase,
            Consumer<String> status) {
        this.editor = editor;
        this.status = status;
        BooleanBinding ready = Bindings.createBooleanBinding(() -> model.getValue() != null, model);
        oneShot = new OneShotRuleViewModel(model, data, tasks, ui, cache, staircase, status, this::applyOneShot);
        resetCommand = new Command(this::reset, ready);
        energyCommand = new Command(this::applyEnergy, ready.and(valid(energyInput, v -> v > 0 && v <= 100)));
        thresholdCommand = new Command(this::applyThreshold, ready.and(valid(thresholdInput, v -> v >= 0)));
        ratioCommand = new Command(this::applyRatio, ready.and(valid(ratioInput, v -> v > 0 && v <= 1)));
        roundCommand = new Command(
                this::applyRounding, ready.and(valid(roundInput, v -> v >= 1 && v == Math.rint(v) && v <= 4096)));
    }

    private static BooleanBinding valid(StringProperty input, DoublePredicate ok) {
        return Bindings.createBooleanBinding(
                () -> {
                    Double v = parse(input.get());
                    return v != null && ok.test(v);
                },
                input);
    }

    static Double parse(String s) {
        try {
            return s == null ? null : Double.valueOf(s.trim().replace("%", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Forgets the last rule (a new model); a running one-shot rule's result will be dropped. */
    void clear() {
        activeRule.set("");
        lastRulePlan.set(null);
        oneShot.clear();
    }

    /** Applies a one-shot rule's plan to every layer as one undoable step (layers it leaves out stay dense). */
    private void applyOneShot(OneShotRules.Settings settings, OneShotRules.Outcome outcome) {
        editor.flushPending();
        RankPlan plan = outcome.plan();
        for (LayerViewModel l : editor.layers()) {
            LayerPlan p = plan.get(l.getName());
            l.setRuleRank(
                    p == null || !p.factorized()
                            ? 0
                            : p.ranks() != null ? p.ranks().get(0) : p.rank());
        }
        String name = settings.describe();
        activeRule.set(name);
        lastRulePlan.set(plan);
        editor.applyPlan(plan);
        status.accept("Applied rule: " + name
                + (outcome.alpha() == null ? "" : String.format(Locale.ROOT, " (alpha %.4g at mu 1)", outcome.alpha()))
                + (outcome.latency() == null ? "" : ": " + LatencyRuleViewModel.message(outcome)));
    }

    private void applyRule(String name, Function<LayerViewModel, LayerPlan> rule) {
        editor.flushPending();
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerViewModel l : editor.layers()) {
            LayerPlan p = l.fit(rule.apply(l));
            l.setRuleRank(p.scheme() == Scheme.TUCKER2 ? p.ranks().get(0) : p.rank());
            m.put(l.getName(), p);
        }
        activeRule.set(name);
        editor.applyPlan(new RankPlan(m));
        status.accept("Applied rule: " + name);
    }

    /** A spectrum rule applied to one layer under its own scheme (both unfoldings for Tucker-2). */
    private static Function<LayerViewModel, LayerPlan> bySpectrum(ToIntFunction<double[]> rule) {
        return l -> RankRules.fromSpectra(
                l.getScheme(),
                l.singularValuesProperty().get(),
                l.inSingularValuesProperty().get(),
                rule);
    }

    private void applyEnergy() {
        double keep = Math.min(1, parse(energyInput.get()) / 100);
        applyRule(
                String.format(
                        Locale.ROOT, "keep %s %% energy", energyInput.get().trim()),
                bySpectrum(sv -> Svd.energyRank(sv, keep)));
    }

    private void applyThreshold() {
        double t = parse(thresholdInput.get());
        applyRule("singular values \u2265 " + thresholdInput.get().trim(), bySpectrum(sv -> Svd.valueRank(sv, t)));
    }

    private void applyRatio() {
        double ratio = parse(ratioInput.get());
        applyRule(
                "parameter ratio " + ratioInput.get().trim(),
                l -> RankRules.parameterRatio(List.of(l.info()), l.getScheme(), ratio)
                        .get(l.getName()));
    }

    private void applyRounding() {
        int k = (int) Math.round(parse(roundInput.get()));
        editor.flushPending();
        List<LayerInfo> infos =
                editor.layers().stream().map(LayerViewModel::info).toList();
        editor.applyPlan(RankRules.roundTo(editor.currentPlan(), infos, k));
        status.accept("Rounded ranks to multiples of " + k);
    }

    private void reset() {
        activeRule.set("");
        editor.reset();
    }

    /** The one-shot rules (EVBMF, LC, sensitivity) and the last sensitivity table. */
    public OneShotRuleViewModel oneShot() {
        return oneShot;
    }

    /** The plan the last one-shot rule gave, as {@code select} prints it (null before one ran). */
    public ReadOnlyObjectProperty<RankPlan> lastRulePlanProperty() {
        return lastRulePlan.getReadOnlyProperty();
    }

    /** The last global rule applied (empty if none). */
    public ReadOnlyStringProperty activeRuleProperty() {
        return activeRule.getReadOnlyProperty();
    }

    /** Energy to keep, in percent (input of {@link #energyCommand()}). */
    public StringProperty energyInputProperty() {
        return energyInput;
    }

    /** Singular-value threshold (input of {@link #thresholdCommand()}). */
    public StringProperty thresholdInputProperty() {
        return thresholdInput;
    }

    /** Parameter ratio in (0, 1] (input of {@link #ratioCommand()}). */
    public StringProperty ratioInputProperty() {
        return ratioInput;
    }

    /** Rounding multiple (input of {@link #roundCommand()}). */
    public StringProperty roundInputProperty() {
        return roundInput;
    }

    /** Sets every rank to keep the given energy. */
    public Command energyCommand() {
        return energyCommand;
    }

    /** Sets every rank to the number of singular values at or above the threshold. */
    public Command thresholdCommand() {
        return thresholdCommand;
    }

    /** Sets every rank to the largest one within the parameter ratio. */
    public Command ratioCommand() {
        return ratioCommand;
    }

    /** Rounds every rank up to a multiple. */
    public Command roundCommand() {
        return roundCommand;
    }

    /** Sets every layer back to dense. */
    public Command resetCommand() {
        return resetCommand;
    }
}
