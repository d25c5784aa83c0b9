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

/**
 * The model summary: parameters and MACs before and after, compression ratios, and the compress-only
 * accuracy with its "evaluating" state. Written by {@link WorkbenchViewModel} on the UI thread.
 */
public final class SummaryViewModel {

    private final ReadOnlyLongWrapper baseParams = new ReadOnlyLongWrapper(this, "baseParams");
    private final ReadOnlyLongWrapper params = new ReadOnlyLongWrapper(this, "params");
    private final ReadOnlyLongWrapper baseMacs = new ReadOnlyLongWrapper(this, "baseMacs");
    private final ReadOnlyLongWrapper macs = new ReadOnlyLongWrapper(this, "macs");
    private final ReadOnlyDoubleWrapper accuracy = new ReadOnlyDoubleWrapper(this, "accuracy", Double.NaN);
    private final ReadOnlyDoubleWrapper baseAccuracy = new ReadOnlyDoubleWrapper(this, "baseAccuracy", Double.NaN);
    private final ReadOnlyBooleanWrapper evaluating = new ReadOnlyBooleanWrapper(this, "evaluating");
    private final ReadOnlyStringWrapper paramsText = new ReadOnlyStringWrapper(this, "paramsText", "\u2014");
    private final ReadOnlyStringWrapper macsText = new ReadOnlyStringWrapper(this, "macsText", "\u2014");
    private final ReadOnlyStringWrapper accuracyText = new ReadOnlyStringWrapper(this, "accuracyText", "\u2014");
    private int evaluatedImages;
    private double provisional = Double.NaN;
    private int provisionalImages;

    void setCosts(long baseParams, long params, long baseMacs, long macs) {
        this.baseParams.set(baseParams);
        this.params.set(params);
        this.baseMacs.set(baseMacs);
        this.macs.set(macs);
        paramsText.set(ratioText(baseParams, params));
        macsText.set(ratioText(baseMacs, macs));
    }

    private static String ratioText(long before, long after) {
        return String.format(Locale.ROOT, "%,d \u2192 %,d (%.2f\u00d7 smaller)", before, after,
                (double) before / Math.max(1, after));
    }

    void setEvaluating(boolean v) {
        evaluating.set(v);
        if (v) {
            provisional = Double.NaN;
        }
        updateAccuracyText();
    }

    void setAccuracy(double acc, int images) {
        accuracy.set(acc);
        evaluatedImages = images;
        provisional = Double.NaN;
        updateAccuracyText();
    }

    /** Shows an early estimate on the first {@code images} images while the full evaluation goes on. */
    void setProvisional(double acc, int images) {
        provisional = acc;
        provisionalImages = images;
        updateAccuracyText();
    }

    void setBaseAccuracy(double acc) {
        baseAccuracy.set(acc);
        updateAccuracyText();
    }

    void reset() {
        accuracy.set(Double.NaN);
        baseAccuracy.set(Double.NaN);
        evaluating.set(false);
        updateAccuracyText();
    }

    private void updateAccuracyText() {
        String base = Double.isNaN(baseAccuracy.get()) ? ""
                : String.format(Locale.ROOT, " (dense %.2f %%)", 100 * baseAccuracy.get());
        String acc = Double.isNaN(accuracy.get()) ? "\u2014"
                : String.format(Locale.ROOT, "%.2f %%%s on %,d images", 100 * accuracy.get(), base, evaluatedImages);
        accuracyText.set(evaluating.get() ? "evaluating\u2026 (was " + acc + ")" : acc);
        if (evaluating.get() && Double.isNaN(accuracy.get())) {
            accuracyText.set("evaluating\u2026");
        }
        if (evaluating.get() && !Double.isNaN(provisional)) {
            accuracyText.set(String.format(Locale.ROOT, "\u2248 %.1f %% on the first %,d images, refining\u2026",
                    100 * provisional, provisionalImages));
        }
    }

    /** Parameters of the dense model (all learnable, BN included). */
    public ReadOnlyLongProperty baseParamsProperty() {
        return baseParams.getReadOnlyProperty();
    }

    /** Parameters under the plan. */
    public ReadOnlyLongProperty paramsProperty() {
        return params.getReadOnlyProperty();
    }

    /** MACs of the dense model's conv and linear layers. */
    public ReadOnlyLongProperty baseMacsProperty() {
        return baseMacs.getReadOnlyProperty();
    }

    /** MACs under the plan. */
    public ReadOnlyLongProperty macsProperty() {
        return macs.getReadOnlyProperty();
    }

    /** Compress-only accuracy of the current plan (NaN until evaluated). */
    public ReadOnlyDoubleProperty accuracyProperty() {
        return accuracy.getReadOnlyProperty();
    }

    /** Accuracy of the dense model (NaN until evaluated). */
    public ReadOnlyDoubleProperty baseAccuracyProperty() {
        return baseAccuracy.getReadOnlyProperty();
    }

    /** True while the accuracy of the latest plan is being computed. */
    public ReadOnlyBooleanProperty evaluatingProperty() {
        return evaluating.getReadOnlyProperty();
    }

    /** Params before → after with ratio. */
    public ReadOnlyStringProperty paramsTextProperty() {
        return paramsText.getReadOnlyProperty();
    }

    /** MACs before → after with ratio. */
    public ReadOnlyStringProperty macsTextProperty() {
        return macsText.getReadOnlyProperty();
    }

    /** Accuracy text, or "evaluating…". */
    public ReadOnlyStringProperty accuracyTextProperty() {
        return accuracyText.getReadOnlyProperty();
    }
}
