package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.experiment.lowrank.LatencyBudget;
import rankbench.experiment.lowrank.LatencyKey;
import rankbench.experiment.lowrank.LatencyPlanner;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.methods.LatencyRule;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.model.SavedModel;

/**
 * The latency rule of the tool bar: its inputs (the budget as a speed-up, a time or a maximum accuracy drop,
 * and the batch size of the measurement), checked here into the {@link OneShotRules.Settings} that
 * {@code select --rule latency} builds; the last measurement (staircases and per-layer drops) of the model
 * on screen, kept in memory so another budget is planned without measuring again (the staircases are also
 * on disk, in the setup's cache directory); and the table of what the rule chose per layer. UI thread only.
 */
public final class LatencyRuleViewModel {

    /**
     * One layer of the table, formatted.
     *
     * @param layer layer name
     * @param choice the chosen form ({@code channel 16}, {@code tucker2 16, 32}) or {@code dense} with the reason
     * @param denseMs the layer's measured dense time, e.g. {@code 0.412}
     * @param ms the time of the chosen form (the dense time if dense)
     * @param drop the form's predicted accuracy drop in percentage points (empty if dense)
     * @param factorized whether the plan factorizes the layer
     */
    public record Row(String layer, String choice, String denseMs, String ms, String drop, boolean factorized) {}

    /** What a measurement was measured for: the same model and data objects, and equal settings. */
    private record Key(SavedModel model, HeldOutData data, int images, Targets targets, LatencyRule.Setup setup) {

        boolean same(Key o) {
            return o != null
                    && model == o.model
                    && data == o.data
                    && images == o.images
                    && targets.equals(o.targets)
                    && setup.equals(o.setup);
        }
    }

    private final LatencyRule.Setup setup;
    private final ObjectProperty<LatencyBudget.Kind> budgetKind =
            new SimpleObjectProperty<>(this, "budgetKind", LatencyBudget.Kind.SPEEDUP);
    private final StringProperty budgetValue = new SimpleStringProperty(this, "budgetValue", "1.3");
    private final StringProperty batch = new SimpleStringProperty(this, "batch", "");
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available");
    private Key measuredFor;
    private LatencyRule.Result measured;

    /** Creates the inputs; {@code setup} is how staircases are measured and cached (its batch is the default). */
    LatencyRuleViewModel(LatencyRule.Setup setup) {
        this.setup = setup;
        batch.set(String.valueOf(setup.batch()));
    }

    /**
     * Returns the budget from the inputs.
     *
     * @throws IllegalArgumentException naming the input that is wrong
     */
    public LatencyBudget budget() {
        LatencyBudget.Kind k = budgetKind.get();
        if (k == null) {
            throw new IllegalArgumentException("choose a latency budget");
        }
        double v = RuleInputs.required(label(k), budgetValue.get());
        return new LatencyBudget(k, k == LatencyBudget.Kind.MAX_DROP ? v / 100 : v);
    }

    /** The input's name for a kind of budget ("speed-up", "target ms", "max drop (pp)"). */
    public static String label(LatencyBudget.Kind k) {
        return switch (k) {
            case SPEEDUP -> "speed-up \u00d7";
            case MILLISECONDS -> "target ms";
            case MAX_DROP -> "max drop pp";
        };
    }

    /** Returns the settings of {@code select --rule latency} for these inputs (default targets). */
    OneShotRules.Settings settings() {
        LatencyBudget b = budget();
        int n = RuleInputs.positiveInt("batch size", batch.get());
        return OneShotRules.Settings.latency(Targets.defaults(), b, setup.withBatch(n), false);
    }

    /** The measurement of {@code model} for {@code settings}, if one is in memory (null: measure). */
    LatencyRule.Result measured(SavedModel model, HeldOutData data, int images, OneShotRules.Settings settings) {
        Key k = new Key(model, data, images, settings.targets(), settings.staircase());
        return k.same(measuredFor) ? measured : null;
    }

    /** Remembers a measurement for re-planning and shows its table. */
    void show(SavedModel model, HeldOutData data, OneShotRules.Settings settings, OneShotRules.Outcome outcome) {
        LatencyRule.Result r = outcome.latency();
        measuredFor = new Key(model, data, outcome.heldOutImages(), settings.targets(), settings.staircase());
        measured = r;
        List<Row> out = new ArrayList<>();
        for (LatencyPlanner.Choice c : r.planned().layers()) {
            LayerPlan p = outcome.plan().get(c.layer());
            boolean f = p != null && p.factorized();
            String choice = f ? form(p) : p == null ? "dense (not a target layer)" : "dense: " + p.reason();
            out.add(new Row(
                    c.layer(),
                    choice,
                    ms(c.denseMs()),
                    ms(f ? c.ms() : c.denseMs()),
                    f ? String.format(Locale.ROOT, "%.2f", 100 * c.drop()) : "",
                    f));
        }
        rows.setAll(out);
        LatencyKey.Machine machine = LatencyKey.Machine.current();
        summary.set(String.format(
                Locale.ROOT,
                "%s \u00b7 %s \u00b7 dense accuracy %.2f %% on %,d held-out validation "
                        + "images \u00b7 times on %s, %d threads, batch %d",
                settings.describe(),
                message(outcome),
                100 * r.baseAccuracy(),
                outcome.heldOutImages(),
                machine.cpu(),
                machine.threads(),
                settings.staircase().batch()));
        available.set(true);
    }

    /** What the rule chose (predicted speed-up and drop), or why the budget cannot be met. */
    static String message(OneShotRules.Outcome outcome) {
        LatencyPlanner.Result p = outcome.latency().planned();
        if (!p.met()) {
            return p.message() + "; the plan is unchanged";
        }
        return String.format(
                Locale.ROOT,
                "predicted %.2fx faster (%.2f of %.2f ms, per-layer sum), drop %.2f pp",
                p.speedup(),
                p.plannedMs(),
                p.denseMs(),
                100 * p.predictedDrop());
    }

    private static String form(LayerPlan p) {
        String r = p.scheme() == Scheme.TUCKER2 ? p.outRank() + ", " + p.inRank() : String.valueOf(p.rank());
        return p.scheme().id() + " " + r;
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** Forgets the measurement and the table (a new model). */
    void clear() {
        measuredFor = null;
        measured = null;
        rows.clear();
        summary.set("");
        available.set(false);
    }

    /** The kind of budget: speed-up, target time, or the fastest plan within an accuracy drop. */
    public ObjectProperty<LatencyBudget.Kind> budgetKindProperty() {
        return budgetKind;
    }

    /** The budget's value: the speed-up (≥ 1), the ms (> 0) or the drop in percentage points (0–100). */
    public StringProperty budgetValueProperty() {
        return budgetValue;
    }

    /** Images per timed forward pass (the staircases of another batch size are other measurements). */
    public StringProperty batchProperty() {
        return batch;
    }

    /** The rows: every compressible layer in forward order. */
    public ObservableList<Row> rows() {
        return rowsView;
    }

    /** Rule, predicted speed-up and drop (or why not met), images and machine. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** True once a latency measurement was made for the loaded model. */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }
}
