package rankbench.experiment.methods;

import rankbench.experiment.lowrank.LatencyBudget;
import rankbench.experiment.lowrank.Scheme;

/**
 * The checks of {@link OneShotRules.Settings}: what every rule needs and, one method per rule, what that
 * rule's settings must satisfy. Each problem throws an {@link IllegalArgumentException} with one message in
 * the words of both the command line and the window.
 */
final class OneShotChecks {

    private OneShotChecks() {}

    /** Rule, scheme, targets and cost given, a conv scheme, and a budget (reduction) of at least 1 if any. */
    static void common(OneShotRules.Kind kind, Scheme scheme, Targets targets, CostKind cost, Double reduction) {
        if (kind == null || scheme == null || targets == null || cost == null) {
            throw new IllegalArgumentException("rule, scheme, targets and cost are required");
        }
        if (scheme == Scheme.LINEAR) {
            throw new IllegalArgumentException("scheme linear is implied for linear layers; choose a conv scheme");
        }
        if (reduction != null && !(reduction >= 1)) {
            throw new IllegalArgumentException(
                    "the budget (reduction) must be >= 1, e.g. 2 for half the cost; got " + reduction);
        }
    }

    /** EVBMF: a positive multiplier, a minimum rank of at least 1, and a multiplier or a budget, not both. */
    static void evbmf(double multiplier, int minRank, Double reduction) {
        if (!(multiplier > 0)) {
            throw new IllegalArgumentException("the EVBMF multiplier must be > 0, got " + multiplier);
        }
        if (minRank < 1) {
            throw new IllegalArgumentException("the minimum rank must be >= 1, got " + minRank);
        }
        if (reduction != null && multiplier != 1) {
            throw new IllegalArgumentException("evbmf takes a multiplier or a budget (reduction), not both");
        }
    }

    /** LC: a matrix scheme, exactly one of alpha (at least 0) and a budget, and a positive mu. */
    static void lc(Scheme scheme, Double alpha, double mu, Double reduction) {
        if (!scheme.isMatrix()) {
            throw new IllegalArgumentException("the lc rule needs a matrix scheme, not " + scheme.id());
        }
        if ((alpha == null) == (reduction == null)) {
            throw new IllegalArgumentException("lc needs exactly one of alpha or a budget (reduction)");
        }
        if (alpha != null && !(alpha >= 0)) {
            throw new IllegalArgumentException("lc needs alpha >= 0, got " + alpha);
        }
        if (!(mu > 0)) {
            throw new IllegalArgumentException("lc needs mu > 0, got " + mu);
        }
    }

    /** Sensitivity: a budget and at least one candidate fraction, each in (0, 1]. */
    static void sensitivity(Double reduction, double[] fractions) {
        if (reduction == null) {
            throw new IllegalArgumentException("sensitivity needs a budget (reduction, e.g. 2 for half " + "the cost)");
        }
        if (fractions.length == 0) {
            throw new IllegalArgumentException("sensitivity needs at least one candidate fraction");
        }
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("candidate fractions must be in (0, 1], got " + f);
            }
        }
    }

    /** Latency: a latency budget and a measurement setup, and no cost reduction. */
    static void latency(LatencyBudget latency, LatencyRule.Setup staircase, Double reduction) {
        if (latency == null || staircase == null) {
            throw new IllegalArgumentException("latency needs a budget (a speed-up, a time or a maximum "
                    + "accuracy drop) and a measurement setup");
        }
        if (reduction != null) {
            throw new IllegalArgumentException(
                    "latency takes a speed-up, a time or a maximum accuracy " + "drop, not a cost reduction");
        }
    }

    /** A latency budget or measurement setup only with the latency rule. */
    static void latencyOnly(OneShotRules.Kind kind, LatencyBudget latency, LatencyRule.Setup staircase) {
        if (kind != OneShotRules.Kind.LATENCY && (latency != null || staircase != null)) {
            throw new IllegalArgumentException("a latency budget is for the latency rule only, not " + kind.id());
        }
    }
}
