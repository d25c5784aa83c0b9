package rankbench.experiment.training;

import java.util.List;
import java.util.Locale;

/** A learning rate as a function of the optimizer step. */
@FunctionalInterface
public interface LearningRateSchedule {

    /** Returns the learning rate for step {@code step} of {@code totalSteps} (zero-based). */
    double at(long step, long totalSteps);

    /** A constant rate. */
    static LearningRateSchedule constant(double lr) {
        return (s, t) -> lr;
    }

    /** Multiplies {@code lr} by {@code gamma} at each milestone (given as a fraction of the run, e.g. 0.5). */
    static LearningRateSchedule step(double lr, List<Double> milestoneFractions, double gamma) {
        return (s, t) -> {
            double progress = t <= 0 ? 0 : (double) s / t;
            double v = lr;
            for (double m : milestoneFractions) {
                if (progress >= m) {
                    v *= gamma;
                }
            }
            return v;
        };
    }

    /** Cosine annealing from {@code lr} to 0 over the run. */
    static LearningRateSchedule cosine(double lr) {
        return (s, t) -> t <= 1 ? lr : 0.5 * lr * (1 + Math.cos(Math.PI * s / (t - 1)));
    }

    /**
     * One-cycle (Smith 2018, PyTorch OneCycleLR defaults): cosine warm-up from {@code max/25} to
     * {@code max} over the first 30 % of steps, then cosine annealing to {@code max/25e4}.
     */
    static LearningRateSchedule oneCycle(double maxLr) {
        double initial = maxLr / 25;
        double fin = initial / 1e4;
        return (s, t) -> {
            double up = Math.max(1, 0.3 * t - 1);
            if (s <= up) {
                return cosAnneal(initial, maxLr, s / up);
            }
            double down = Math.max(1, t - 1 - up);
            return cosAnneal(maxLr, fin, Math.min(1, (s - up) / down));
        };
    }

    private static double cosAnneal(double from, double to, double pct) {
        return to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1);
    }

    /** Parses {@code constant|step|cosine|onecycle}; step drops by 10x at 50 % and 75 %. */
    static LearningRateSchedule parse(String name, double lr) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "constant" -> constant(lr);
            case "step" -> step(lr, List.of(0.5, 0.75), 0.1);
            case "cosine" -> cosine(lr);
            case "onecycle", "one-cycle" -> oneCycle(lr);
            default -> throw new IllegalArgumentException(
                    "Unknown schedule '" + name + "'; known: constant, step, cosine, onecycle");
        };
    }
}
