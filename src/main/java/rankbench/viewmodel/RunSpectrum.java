package rankbench.viewmodel;

/**
 * The singular values of one layer of one compared run's model.
 *
 * @param runId the run's id
 * @param runName the run's id, with its status when it has no result ({@code "run-7 (diverged)"})
 * @param runLabel the run's label
 * @param layer PyTorch-style layer name
 * @param view which matrix of the weight ({@code "channel view, 16 x 72"})
 * @param values all singular values, descending (empty if {@code problem} is set)
 * @param numericalRank how many values are above float precision ({@code s_max * max(m, n) * eps32});
 *     the rest are zero up to rounding and are not drawn
 * @param problem why there are no values (no model, no such layer), or null
 * @param method the run's method or rule id (chooses the run's color in charts); null if unknown
 */
public record RunSpectrum(
        String runId,
        String runName,
        String runLabel,
        String layer,
        String view,
        double[] values,
        int numericalRank,
        String problem,
        String method) {

    /** A spectrum whose run's method is unknown. */
    public RunSpectrum(
            String runId,
            String runName,
            String runLabel,
            String layer,
            String view,
            double[] values,
            int numericalRank,
            String problem) {
        this(runId, runName, runLabel, layer, view, values, numericalRank, problem, null);
    }
}
