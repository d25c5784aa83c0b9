package rankbench.experiment.training;

import java.util.Locale;

/**
 * How a run (or one phase of it) ended. The four outcomes are kept apart everywhere a run appears: in
 * JSON ({@link #id()}), in exit codes ({@link #exitCode()}), in the window and in session files.
 *
 * <p>Only {@link #COMPLETED} and {@link #CANCELLED} runs carry a result a user may look at: a cancelled
 * run keeps the weights of its last complete step and says so. A {@link #DIVERGED} run (NaN, infinite or
 * exploding loss; the loop restored the last good weights) and a {@link #FAILED} run (an error) are never
 * presented as results.
 */
public enum RunStatus {
    /** Every planned step ran. */
    COMPLETED,
    /** Stopped by the user between batches; the model holds the weights after the last full step. */
    CANCELLED,
    /** The loss became NaN, infinite or exploded; the model holds restored weights that are not a result. */
    DIVERGED,
    /** An error ended the run. */
    FAILED;

    /** Returns the lower-case identifier used in JSON and session files ({@code "diverged"}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an identifier written by {@link #id()} (case-insensitive). */
    public static RunStatus fromId(String id) {
        for (RunStatus s : values()) {
            if (s.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown run status '" + id + "'; known: completed, cancelled, diverged, failed");
    }

    /** Returns true if the run's model and figures may be shown as a result (completed or cancelled). */
    public boolean hasResult() {
        return this == COMPLETED || this == CANCELLED;
    }

    /** Returns the status of a run whose phases ended with {@code this} and then {@code next}: the worse one. */
    public RunStatus then(RunStatus next) {
        return next.ordinal() > ordinal() ? next : this;
    }

    /** Process exit code of a CLI run with this outcome: 0 completed, 130 cancelled, 3 diverged, 1 failed. */
    public int exitCode() {
        return switch (this) {
            case COMPLETED -> 0;
            case CANCELLED -> 130;
            case DIVERGED -> 3;
            case FAILED -> 1;
        };
    }
}
