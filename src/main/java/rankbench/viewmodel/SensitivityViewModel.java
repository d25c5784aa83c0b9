package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.methods.CostKind;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.methods.SensitivityRule;

/**
 * The table of the last sensitivity selection: for every target layer and candidate rank the held-out
 * accuracy with only that layer projected, the drop from the dense accuracy and the cost saved, marked where
 * the greedy choice took it; and a one-line summary (dense accuracy, images, predicted drop, budget met).
 * UI thread only.
 */
public final class SensitivityViewModel {

    /**
     * One row of the table, formatted.
     *
     * @param layer layer name
     * @param rank candidate rank ({@code r}, or {@code Ro, Ri} under Tucker-2)
     * @param accuracy held-out accuracy with only this layer at this rank, e.g. {@code 91.20 %}
     * @param drop dense accuracy minus {@code accuracy}, in percentage points
     * @param saved parameters or MACs saved by this layer at this rank
     * @param chosen whether the greedy plan took this row
     * @param dropValue the drop as a fraction (for sorting and color)
     */
    public record Row(
            String layer, String rank, String accuracy, String drop, String saved, boolean chosen, double dropValue) {}

    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper savedUnit = new ReadOnlyStringWrapper(this, "savedUnit", "MACs saved");
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available");

    SensitivityViewModel() {}

    /** Shows the table of {@code r}, measured with {@code settings} on {@code images} held-out images. */
    void show(OneShotRules.Settings settings, SensitivityRule.Result r, int images) {
        List<Row> out = new ArrayList<>();
        for (SensitivityRule.Row row : r.rows()) {
            LayerPlan p = r.plan().get(row.layer());
            boolean chosen = p != null
                    && p.factorized()
                    && (p.ranks() != null
                            ? p.ranks().equals(row.rank())
                            : List.of(p.rank()).equals(row.rank()));
            out.add(new Row(
                    row.layer(),
                    rank(row.rank()),
                    String.format(Locale.ROOT, "%.2f %%", 100 * row.accuracy()),
                    String.format(Locale.ROOT, "%.2f pp", 100 * row.drop()),
                    String.format(Locale.ROOT, "%,d", row.saved()),
                    chosen,
                    row.drop()));
        }
        rows.setAll(out);
        savedUnit.set(settings.cost() == CostKind.MACS ? "MACs saved" : "Params saved");
        summary.set(String.format(
                Locale.ROOT,
                "%s \u00b7 dense accuracy %.2f %% on %,d held-out validation images "
                        + "\u00b7 predicted drop of the plan %.2f pp%s",
                settings.describe(),
                100 * r.baseAccuracy(),
                images,
                100 * r.predictedDrop(),
                r.met() ? "" : " \u00b7 budget not reachable with these candidates"));
        available.set(true);
    }

    /** Forgets the table (a new model). */
    void clear() {
        rows.clear();
        summary.set("");
        available.set(false);
    }

    private static String rank(List<Integer> r) {
        return r.size() == 1 ? String.valueOf(r.get(0)) : r.get(0) + ", " + r.get(1);
    }

    /** The rows, layer by layer, candidate ranks descending. */
    public ObservableList<Row> rows() {
        return rowsView;
    }

    /** Rule, dense accuracy, images, predicted drop and whether the budget was met. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Header of the saved column ("MACs saved" or "Params saved"). */
    public ReadOnlyStringProperty savedUnitProperty() {
        return savedUnit.getReadOnlyProperty();
    }

    /** True once a table was measured for the loaded model. */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }
}
