package rankbench.viewmodel;

import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.model.LayerInfo;

/**
 * The figures of one {@link LayerViewModel}'s plan, computed synchronously from its ranks and cached
 * spectra: parameters and MACs (numbers and "before → after" texts), whether it is factorized, the
 * spectral energy kept and the warnings (at or above the break-even rank; a latency warning handed in).
 * UI thread only.
 */
final class LayerFigures {

    private final ReadOnlyDoubleWrapper energyKept;
    private final ReadOnlyLongWrapper params;
    private final ReadOnlyLongWrapper macs;
    private final ReadOnlyBooleanWrapper factorized;
    private final ReadOnlyBooleanWrapper warned;
    private final ReadOnlyStringWrapper warning;
    private final ReadOnlyStringWrapper paramsText;
    private final ReadOnlyStringWrapper macsText;

    /** Creates the figures, empty until the first {@link #update} ({@code bean}: the layer they belong to). */
    LayerFigures(Object bean) {
        energyKept = new ReadOnlyDoubleWrapper(bean, "energyKept", 1);
        params = new ReadOnlyLongWrapper(bean, "params");
        macs = new ReadOnlyLongWrapper(bean, "macs");
        factorized = new ReadOnlyBooleanWrapper(bean, "factorized");
        warned = new ReadOnlyBooleanWrapper(bean, "warned");
        warning = new ReadOnlyStringWrapper(bean, "warning", "");
        paramsText = new ReadOnlyStringWrapper(bean, "paramsText", "");
        macsText = new ReadOnlyStringWrapper(bean, "macsText", "");
    }

    /**
     * Computes the figures of layer {@code info} under plan {@code p}.
     *
     * @param sv the singular values the rank cuts (under Tucker-2 the mode-0 unfolding's)
     * @param rank the rank
     * @param inSv under Tucker-2 the mode-1 unfolding's singular values, else null
     * @param inRank the input rank (Tucker-2)
     * @param breakEven the break-even rank, named in the warning
     * @param latencyWarning a latency warning to show after the others ("" if none)
     */
    void update(
            LayerInfo info,
            LayerPlan p,
            double[] sv,
            int rank,
            double[] inSv,
            int inRank,
            double breakEven,
            String latencyWarning) {
        CostModel.LayerCost c = CostModel.layer(info, p);
        params.set(c.params());
        macs.set(c.macs());
        factorized.set(p.factorized());
        double lost = lostEnergy(sv, rank);
        if (inSv != null) {
            // Tucker-2: the truncation error is at most the sum of what each unfolding drops (HOSVD bound),
            // so the energy kept is at least 1 - (lost_0 + lost_1).
            lost += lostEnergy(inSv, inRank);
        }
        energyKept.set(Math.max(0, 1 - lost));
        paramsText.set(arrow(c.denseParams(), c.params()));
        macsText.set(arrow(c.denseMacs(), c.macs()));
        StringBuilder w = new StringBuilder();
        if (p.factorized() && c.aboveBreakEven()) {
            w.append(String.format(
                    Locale.ROOT,
                    "Rank %d is at or above the break-even rank %.1f: the factorized "
                            + "layer has at least as many weights as the dense one.",
                    rank,
                    breakEven));
        }
        if (!latencyWarning.isEmpty()) {
            if (w.length() > 0) {
                w.append('\n');
            }
            w.append(latencyWarning);
        }
        warning.set(w.toString());
        warned.set(w.length() > 0);
    }

    /** The fraction of {@code sum s_i^2} beyond the first {@code r} values. */
    private static double lostEnergy(double[] sv, int r) {
        double total = 0;
        double lost = 0;
        for (int i = 0; i < sv.length; i++) {
            total += sv[i] * sv[i];
            if (i >= r) {
                lost += sv[i] * sv[i];
            }
        }
        return total == 0 ? 0 : lost / total;
    }

    private static String arrow(long before, long after) {
        return before == after
                ? String.format(Locale.ROOT, "%,d", before)
                : String.format(Locale.ROOT, "%,d \u2192 %,d", before, after);
    }

    ReadOnlyDoubleProperty energyKeptProperty() {
        return energyKept.getReadOnlyProperty();
    }

    ReadOnlyLongProperty paramsProperty() {
        return params.getReadOnlyProperty();
    }

    ReadOnlyLongProperty macsProperty() {
        return macs.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty factorizedProperty() {
        return factorized.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty warnedProperty() {
        return warned.getReadOnlyProperty();
    }

    ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    ReadOnlyStringProperty paramsTextProperty() {
        return paramsText.getReadOnlyProperty();
    }

    ReadOnlyStringProperty macsTextProperty() {
        return macsText.getReadOnlyProperty();
    }
}
