package rankbench.viewmodel;

import rankbench.experiment.lowrank.RankPlan;

/**
 * One evaluated configuration for the accuracy-versus-MACs scatter.
 *
 * @param plan the rank plan (restored when the point is clicked)
 * @param params parameters under the plan
 * @param macs MACs per image under the plan
 * @param accuracy compress-only accuracy on the held-out subset
 * @param onFront true if no other point has at most these MACs and at least this accuracy (one strictly)
 */
public record ParetoPoint(RankPlan plan, long params, long macs, double accuracy, boolean onFront) {

    /** Returns this point with another front flag. */
    public ParetoPoint withFront(boolean front) {
        return new ParetoPoint(plan, params, macs, accuracy, front);
    }

    /** Returns true if this point dominates {@code o} (no worse in both, better in one). */
    public boolean dominates(ParetoPoint o) {
        return macs <= o.macs && accuracy >= o.accuracy && (macs < o.macs || accuracy > o.accuracy);
    }
}
