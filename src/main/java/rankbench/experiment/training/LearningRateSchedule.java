package rankbench.experiment.training;

import java.util.List;

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

    /**
     * Exponential decay: {@code lr * decayPerEpoch^(step / stepsPerEpoch)}, i.e. multiplied by
     * {@code decayPerEpoch} once per epoch, spread evenly over the epoch's steps.
     */
    static LearningRateSchedule exponential(double lr, double decayPerEpoch, long stepsPerEpoch) {
        long per = Math.max(1, stepsPerEpoch);
        return (s, t) -> lr * Math.pow(decayPerEpoch, (double) s / per);
    }

    /**
     * Returns this schedule seen through a window: step {@code s} of a run of {@code t} steps gets the
     * rate of step {@code offset + s} of a run of {@code total} steps. A run split into several loops
     * (a method that rebuilds the network between segments) thus follows one schedule across them.
     */
    default LearningRateSchedule window(long offset, long total) {
        return (s, t) -> at(offset + s, total);
    }

    private static double cosAnneal(double from, double to, double pct) {
        return to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1);
    }

    /**
     * Parses a {@link Schedule} id; step drops by 10x at 50 % and 75 %; exponential decays by 0.99 per
     * step here (the loop uses the configured per-epoch decay).
     */
    static LearningRateSchedule parse(String name, double lr) {
        return Schedule.fromId(name).create(lr, 0.99, 1);
    }
}
