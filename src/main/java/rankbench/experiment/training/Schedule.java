package rankbench.experiment.training;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The named learning-rate schedules of a training run (what {@code --schedule} and the window offer). */
public enum Schedule {
    /** The same rate at every step. */
    CONSTANT("constant"),
    /** Multiplied by 0.1 at 50 % and again at 75 % of the run. */
    STEP("step"),
    /** Cosine annealing from the rate to 0 over the run. */
    COSINE("cosine"),
    /** One-cycle: cosine warm-up over 30 % of the run to the rate, then cosine annealing. */
    ONECYCLE("onecycle"),
    /** Multiplied by the configured decay once per epoch, continuously per step (the LC L step). */
    EXPONENTIAL("exponential");

    private final String id;

    Schedule(String id) {
        this.id = id;
    }

    /** Returns the lower-case identifier ({@code cosine}). */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /** Parses an identifier (case-insensitive; {@code one-cycle} is accepted for one-cycle). */
    public static Schedule fromId(String s) {
        String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        if (k.equals("one-cycle")) {
            return ONECYCLE;
        }
        for (Schedule v : values()) {
            if (v.id.equals(k)) {
                return v;
            }
        }
        throw new IllegalArgumentException("Unknown schedule '" + s + "'; known: "
                + Arrays.stream(values()).map(Schedule::id).collect(Collectors.joining(", ")));
    }

    /**
     * Creates the schedule at peak (or initial) rate {@code lr}; {@code decayPerEpoch} and
     * {@code stepsPerEpoch} are used by {@link #EXPONENTIAL} only.
     */
    public LearningRateSchedule create(double lr, double decayPerEpoch, long stepsPerEpoch) {
        return switch (this) {
            case CONSTANT -> LearningRateSchedule.constant(lr);
            case STEP -> LearningRateSchedule.step(lr, List.of(0.5, 0.75), 0.1);
            case COSINE -> LearningRateSchedule.cosine(lr);
            case ONECYCLE -> LearningRateSchedule.oneCycle(lr);
            case EXPONENTIAL -> LearningRateSchedule.exponential(lr, decayPerEpoch, stepsPerEpoch);
        };
    }
}
