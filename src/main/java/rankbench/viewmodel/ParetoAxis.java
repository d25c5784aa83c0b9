package rankbench.viewmodel;

import java.util.Locale;
import rankbench.experiment.session.RunMetrics;

/**
 * The cost on the x axis of the run archive's Pareto chart; the y axis is always the validation accuracy
 * (held-out images from the training split, never the test set).
 */
public enum ParetoAxis {
    /** Multiply-accumulates per image of the run's model. */
    MACS,
    /** Parameters of the run's model. */
    PARAMS,
    /** Measured forward latency of the run's model (median ms per batch). */
    LATENCY;

    /**
     * Returns the run's value on this axis, or null if it has none (latency not measured, or a count of
     * zero, which a log axis cannot show).
     */
    public Double value(RunMetrics m) {
        return switch (this) {
            case MACS -> m.macs() > 0 ? (double) m.macs() : null;
            case PARAMS -> m.params() > 0 ? (double) m.params() : null;
            case LATENCY -> m.latencyMs() != null && m.latencyMs() > 0 ? m.latencyMs() : null;
        };
    }

    /** Returns the axis label with its unit; {@code latencyBatch} is the batch size of the latencies (may be null). */
    public String label(Integer latencyBatch) {
        return switch (this) {
            case MACS -> "MACs per image";
            case PARAMS -> "parameters";
            case LATENCY ->
                latencyBatch == null ? "measured latency (ms)" : "measured latency (ms, batch " + latencyBatch + ")";
        };
    }

    /** Returns what a run without a value lacks ({@code "no measured latency"}). */
    String missing() {
        return switch (this) {
            case MACS -> "no MAC count";
            case PARAMS -> "no parameter count";
            case LATENCY -> "no measured latency";
        };
    }

    /** Returns the name shown in a chooser. */
    @Override
    public String toString() {
        return switch (this) {
            case MACS -> "MACs";
            case PARAMS -> "parameters";
            case LATENCY -> "latency";
        };
    }

    /** Returns the lower-case identifier ({@code "macs"}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
