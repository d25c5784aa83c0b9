package rankbench.viewmodel;

import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.training.RunStatus;

/**
 * The model summary: parameters and MACs before and after, compression ratios, and the accuracy with its
 * "evaluating" state, each labeled with which accuracy it is (validation or test, compress-only or
 * fine-tuned). Shows either the base model under the plan on screen (the interactive compress-only
 * validation accuracy) or a selected run's own figures, with the run's status: a run that diverged or
 * failed is shown as such, never as a result. Written by {@link WorkbenchViewModel} on the UI thread.
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
    private final ReadOnlyStringWrapper accuracyKind = new ReadOnlyStringWrapper(this, "accuracyKind", BASE_KIND);
    private final ReadOnlyStringWrapper testAccuracyText =
            new ReadOnlyStringWrapper(this, "testAccuracyText", BASE_TEST);
    private final ReadOnlyStringWrapper shownText = new ReadOnlyStringWrapper(this, "shownText", BASE_SHOWN);
    private final ReadOnlyBooleanWrapper noResult = new ReadOnlyBooleanWrapper(this, "noResult");
    private final ReadOnlyObjectWrapper<Run> run = new ReadOnlyObjectWrapper<>(this, "run");
    private final ReadOnlyStringWrapper latencyText = new ReadOnlyStringWrapper(this, "latencyText", "\u2014");
    private final ReadOnlyStringWrapper speedupText = new ReadOnlyStringWrapper(this, "speedupText", "\u2014");
    private final ReadOnlyIntegerWrapper latencyBatch = new ReadOnlyIntegerWrapper(this, "latencyBatch");
    private Double planDenseMs;
    private Double planMs;
    private boolean planFailed;
    private static final String BASE_TEST = "for runs only (pin the plan, then Run \u25b8 Measure Test Accuracy)";
    private static final String BASE_KIND = "Validation accuracy (compress-only)";
    private static final String BASE_SHOWN = "Base model with the plan on screen";
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
        return String.format(
                Locale.ROOT,
                "%,d \u2192 %,d (%.2f\u00d7 smaller)",
                before,
                after,
                (double) before / Math.max(1, after));
    }

    /** The batch size whole-model and layer latencies are measured at (0: not measured). */
    void setLatencyBatch(int batch) {
        latencyBatch.set(batch);
        updateLatencyText();
    }

    /**
     * The measured whole-model latency of the base model dense and under the plan on screen (median ms per
     * batch; null while not measured yet); {@code failed} if the plan's measurement failed.
     */
    void setPlanLatency(Double denseMs, Double ms, boolean failed) {
        planDenseMs = denseMs;
        planMs = ms;
        planFailed = failed;
        updateLatencyText();
    }

    private void updateLatencyText() {
        Run r = run.get();
        if (r != null) {
            RunMetrics m = r.metrics();
            latencyText(
                    m.baseLatencyMs(),
                    m.latencyMs(),
                    m.latencyBatch() == null ? 0 : m.latencyBatch(),
                    "not measured for " + r.id());
        } else if (latencyBatch.get() == 0) {
            latencyText.set("not measured (no latency worker)");
            speedupText.set("\u2014");
        } else {
            latencyText(planDenseMs, planMs, latencyBatch.get(), planFailed ? "could not be measured" : null);
        }
    }

    private void latencyText(Double dense, Double ms, int batch, String missing) {
        if (dense == null || ms == null) {
            String d = dense == null ? "\u2026" : String.format(Locale.ROOT, "%.2f ms", dense);
            latencyText.set(missing != null ? missing : "measuring\u2026 (dense " + d + " per batch of " + batch + ")");
            speedupText.set(missing != null ? "\u2014" : "measuring\u2026");
            return;
        }
        latencyText.set(String.format(Locale.ROOT, "%.2f \u2192 %.2f ms per batch of %d", dense, ms, batch));
        speedupText.set(speedup(dense, ms));
    }

    /** The measured speed-up {@code dense / ms} as the summary shows it ("1.52\u00d7 faster"). */
    static String speedup(double dense, double ms) {
        double x = dense / ms;
        if (!Double.isFinite(x) || x <= 0) {
            return "\u2014";
        }
        if (Math.abs(x - 1) < 0.005) {
            return "1.00\u00d7 (no measurable change)";
        }
        return x > 1
                ? String.format(Locale.ROOT, "%.2f\u00d7 faster", x)
                : String.format(Locale.ROOT, "%.2f\u00d7 slower than dense", 1 / x);
    }

    /** Shows {@code r}'s own figures (its model's accuracy, its costs, its status). */
    void showRun(Run r) {
        run.set(r);
        RunMetrics m = r.metrics();
        setCosts(m.baseParams(), m.params(), m.baseMacs(), m.macs());
        updateLatencyText();
        evaluating.set(false);
        provisional = Double.NaN;
        boolean result = r.hasResult();
        noResult.set(!result);
        String status = r.status().id()
                + (r.statusMessage().isEmpty()
                                || r.statusMessage().equals(r.status().id())
                        ? ""
                        : ": " + r.statusMessage());
        shownText.set(r.id() + " \u00b7 " + r.label() + " \u00b7 " + status);
        boolean tuned = m.fineTunedValidationAccuracy() != null;
        accuracyKind.set("Validation accuracy (" + (tuned ? "fine-tuned" : "compress-only") + ", " + r.id() + ")");
        Double v = m.validationAccuracy();
        if (!result) {
            accuracy.set(Double.NaN);
            accuracyText.set(r.status().id().toUpperCase(Locale.ROOT) + " \u2014 no result");
            testAccuracyText.set("\u2014");
            return;
        }
        accuracy.set(v == null ? Double.NaN : v);
        accuracyText.set(
                v == null
                        ? "not measured"
                        : String.format(
                                Locale.ROOT,
                                "%.2f %% on %,d validation images%s",
                                100 * v,
                                m.validationImages() == null ? 0 : m.validationImages(),
                                r.status() == RunStatus.CANCELLED ? " (cancelled run)" : ""));
        Double t = m.testAccuracy();
        testAccuracyText.set(
                t == null
                        ? "not measured \u2014 Run \u25b8 Measure Test Accuracy"
                        : String.format(
                                Locale.ROOT,
                                "%.2f %% on %,d test images (%s)",
                                100 * t,
                                m.testImages() == null ? 0 : m.testImages(),
                                m.fineTunedTestAccuracy() != null ? "fine-tuned" : "compress-only"));
    }

    /** Back to the base model under the plan on screen (its accuracy is recomputed). */
    void showBase() {
        if (run.get() == null) {
            return;
        }
        run.set(null);
        noResult.set(false);
        shownText.set(BASE_SHOWN);
        accuracyKind.set(BASE_KIND);
        testAccuracyText.set(BASE_TEST);
        accuracy.set(Double.NaN);
        updateAccuracyText();
        updateLatencyText();
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
        run.set(null);
        noResult.set(false);
        shownText.set(BASE_SHOWN);
        accuracyKind.set(BASE_KIND);
        accuracy.set(Double.NaN);
        baseAccuracy.set(Double.NaN);
        evaluating.set(false);
        updateAccuracyText();
        updateLatencyText();
    }

    private void updateAccuracyText() {
        String base = Double.isNaN(baseAccuracy.get()) || macs.get() == baseMacs.get()
                ? ""
                : String.format(Locale.ROOT, " (dense %.2f %%)", 100 * baseAccuracy.get());
        String acc = Double.isNaN(accuracy.get())
                ? "\u2014"
                : String.format(
                        Locale.ROOT, "%.2f %%%s on %,d validation images", 100 * accuracy.get(), base, evaluatedImages);
        accuracyText.set(evaluating.get() ? "evaluating\u2026 (was " + acc + ")" : acc);
        if (evaluating.get() && Double.isNaN(accuracy.get())) {
            accuracyText.set("evaluating\u2026");
        }
        if (evaluating.get() && !Double.isNaN(provisional)) {
            accuracyText.set(String.format(
                    Locale.ROOT,
                    "\u2248 %.1f %% on the first %,d validation images, refining\u2026",
                    100 * provisional,
                    provisionalImages));
        }
    }

    /** Which accuracy {@link #accuracyTextProperty()} is ("Validation accuracy (compress-only)"). */
    public ReadOnlyStringProperty accuracyKindProperty() {
        return accuracyKind.getReadOnlyProperty();
    }

    /** The test accuracy of the shown run, labeled, or why there is none. */
    public ReadOnlyStringProperty testAccuracyTextProperty() {
        return testAccuracyText.getReadOnlyProperty();
    }

    /** What the figures are of: the base model under the plan, or a run with its status. */
    public ReadOnlyStringProperty shownTextProperty() {
        return shownText.getReadOnlyProperty();
    }

    /** True while a run without a result (diverged, failed) is shown. */
    public ReadOnlyBooleanProperty noResultProperty() {
        return noResult.getReadOnlyProperty();
    }

    /** The run whose figures are shown (null: the base model). */
    public ReadOnlyObjectProperty<Run> runProperty() {
        return run.getReadOnlyProperty();
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

    /** The accuracy shown: compress-only validation accuracy of the plan, or the shown run's (NaN if none). */
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

    /** Whole-model latency, dense \u2192 plan (or the shown run's), median ms per batch, or why there is none. */
    public ReadOnlyStringProperty latencyTextProperty() {
        return latencyText.getReadOnlyProperty();
    }

    /** The measured whole-model speed-up ("1.52\u00d7 faster", "1.10\u00d7 slower than dense", "measuring\u2026"). */
    public ReadOnlyStringProperty speedupTextProperty() {
        return speedupText.getReadOnlyProperty();
    }

    /** The batch size latencies are measured at (0: latency is not measured). */
    public ReadOnlyIntegerProperty latencyBatchProperty() {
        return latencyBatch.getReadOnlyProperty();
    }

    /** Accuracy text, or "evaluating…". */
    public ReadOnlyStringProperty accuracyTextProperty() {
        return accuracyText.getReadOnlyProperty();
    }
}
