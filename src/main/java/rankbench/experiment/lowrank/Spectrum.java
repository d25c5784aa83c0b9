package rankbench.experiment.lowrank;

/**
 * The singular values of one layer's matrix view.
 *
 * @param layer PyTorch-style layer name
 * @param scheme the view ({@link Scheme#LINEAR} for linear layers)
 * @param mode for Tucker-2 the unfolding (0 = output side, 1 = input side); -1 otherwise
 * @param rows rows of the matrix
 * @param cols columns of the matrix
 * @param singularValues all {@code min(rows, cols)} values, descending
 */
public record Spectrum(String layer, Scheme scheme, int mode, int rows, int cols, double[] singularValues) {

    /** Returns the number of singular values. */
    public int fullRank() {
        return singularValues.length;
    }

    /** Returns the fraction of energy ({@code sum s_i^2}) kept by the first {@code r} values. */
    public double energyKept(int r) {
        double total = 0;
        double kept = 0;
        for (int i = 0; i < singularValues.length; i++) {
            double e = singularValues[i] * singularValues[i];
            total += e;
            if (i < r) {
                kept += e;
            }
        }
        return total == 0 ? 1.0 : kept / total;
    }
}
