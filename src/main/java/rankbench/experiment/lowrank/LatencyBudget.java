package rankbench.experiment.lowrank;

/**
 * What a latency plan must meet: a speed-up of the measured per-layer sum, a time for that sum, or
 * the fastest plan within a predicted accuracy drop.
 *
 * @param kind which budget
 * @param value the speed-up ({@code >= 1}), the ms ({@code > 0}) or the drop as a fraction ({@code 0..1})
 */
public record LatencyBudget(Kind kind, double value) {

    /** The kinds of budget. */
    public enum Kind {
        /** The per-layer sum at most {@code dense / value}. */
        SPEEDUP,
        /** The per-layer sum at most {@code value} ms. */
        MILLISECONDS,
        /** The largest saving whose predicted accuracy drop is at most {@code value}. */
        MAX_DROP
    }

    /** Validates the value for its kind. */
    public LatencyBudget {
        if (kind == null) {
            throw new IllegalArgumentException("a latency budget needs a kind");
        }
        switch (kind) {
            case SPEEDUP -> {
                if (!(value >= 1) || Double.isInfinite(value)) {
                    throw new IllegalArgumentException(
                            "the target speed-up must be >= 1 (1.5 = 1.5x faster), got " + value);
                }
            }
            case MILLISECONDS -> {
                if (!(value > 0) || Double.isInfinite(value)) {
                    throw new IllegalArgumentException("the target time must be > 0 ms, got " + value);
                }
            }
            case MAX_DROP -> {
                if (!(value >= 0 && value <= 1)) {
                    throw new IllegalArgumentException(
                            "the accuracy drop must be a fraction in [0, 1] (0.01 = 1 point), " + "got " + value);
                }
            }
        }
    }

    /** Returns a speed-up budget. */
    public static LatencyBudget speedup(double x) {
        return new LatencyBudget(Kind.SPEEDUP, x);
    }

    /** Returns a time budget in ms. */
    public static LatencyBudget millis(double ms) {
        return new LatencyBudget(Kind.MILLISECONDS, ms);
    }

    /** Returns an accuracy-drop budget (a fraction). */
    public static LatencyBudget maxDrop(double drop) {
        return new LatencyBudget(Kind.MAX_DROP, drop);
    }

    /** Returns the time budget for a dense sum of {@code denseMs} (NaN for an accuracy budget). */
    public double targetMs(double denseMs) {
        return switch (kind) {
            case SPEEDUP -> denseMs / value;
            case MILLISECONDS -> value;
            case MAX_DROP -> Double.NaN;
        };
    }
}
