package rankbench.viewmodel;

import java.util.Locale;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.LayerPlan;

/**
 * The measured latency of one {@link LayerViewModel}: the latest measurement the {@link LatencyCache} gave
 * it, its "dense / factorized ms" text and the warning when the factorized layer was measured slower than
 * the dense one. UI thread only.
 */
final class LatencyDisplay {

    private final ReadOnlyStringWrapper text;
    private LatencyMeter.LayerLatency latency;

    /** Creates the display of a layer not measured yet ({@code bean}: the layer the text belongs to). */
    LatencyDisplay(Object bean) {
        text = new ReadOnlyStringWrapper(bean, "latencyText", "\u2014");
    }

    /** Records a measurement (null: none); shown at the next {@link #show}. */
    void set(LatencyMeter.LayerLatency l) {
        latency = l;
    }

    /** The latest measurement, or null. */
    LatencyMeter.LayerLatency get() {
        return latency;
    }

    /** The warning that the factorized layer of {@code p} was measured slower, or "" if none applies. */
    String warning(LayerPlan p) {
        LatencyMeter.LayerLatency t = latency;
        if (t != null && p.factorized() && t.factoredMs() >= t.denseMs()) {
            return String.format(
                    Locale.ROOT,
                    "The factorized layer was measured slower: %.2f ms vs %.2f ms dense.",
                    t.factoredMs(),
                    t.denseMs());
        }
        return "";
    }

    /** Shows the latest measurement in the text: dense / factorized, or a dash until measured. */
    void show() {
        LatencyMeter.LayerLatency t = latency;
        if (t == null) {
            text.set("\u2014");
        } else if (Double.isNaN(t.factoredMs())) {
            text.set(String.format(Locale.ROOT, "%.2f / \u2014 ms", t.denseMs()));
        } else {
            text.set(String.format(Locale.ROOT, "%.2f / %.2f ms", t.denseMs(), t.factoredMs()));
        }
    }

    /** Measured latency, dense / factorized, or a dash until measured. */
    ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
