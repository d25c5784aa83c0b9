package rankbench.experiment.methods;

/**
 * Hyperparameters of TRP, Trained Rank Pruning (Xu et al. 2020; docs/METHODS.md §7). Defaults are the
 * reference code's CIFAR values unless the description says otherwise.
 */
public class TrpParams {

    private TrpScheme scheme = TrpScheme.CHANNEL;
    private double energyKeep = 0.9;
    private int period = 5;
    private boolean projection = true;
    private double nuclearWeight = 3e-4;
    private NuclearMode nuclearMode = NuclearMode.TRUNCATED;
    private double exportThreshold = 5e-2;
    private boolean splitStrided = true;
    private double reduction = 0;

    /** Returns the matrix view: channel (TRP "NC", R1) or spatial-vh (TRP "VH", R2'). */
    @Param(
            description = "Matrix view of each kernel: channel (TRP \"NC\", R1: kh x kw conv then 1x1) or spatial-vh "
                    + "(TRP \"VH\", R2': kh x 1 then 1 x kw). Default channel.",
            category = "Ranks")
    public TrpScheme getScheme() {
        return scheme;
    }

    /** Sets the scheme. */
    public void setScheme(TrpScheme scheme) {
        this.scheme = scheme;
    }

    /** Returns the energy fraction kept at each projection, {@code e_keep}. */
    @Param(
            description = "Energy fraction e_keep kept at each projection: the smallest rank with at least this share "
                    + "of sum s_i^2. Reference code: 0.9 (an older commit used 0.99).",
            unit = "fraction, (0, 1]",
            category = "Ranks")
    public double getEnergyKeep() {
        return energyKeep;
    }

    /** Sets the kept energy fraction. */
    public void setEnergyKeep(double energyKeep) {
        this.energyKeep = energyKeep;
    }

    /** Returns the projection period {@code m} in batches. */
    @Param(
            description = "Projection period m: every target kernel is projected before the forward pass of every "
                    + "m-th batch of an epoch. Default 5 (the reference's ND script; its code default 1 costs an SVD of "
                    + "every layer every step).",
            unit = "batches",
            category = "Schedule")
    public int getPeriod() {
        return period;
    }

    /** Sets the projection period. */
    public void setPeriod(int period) {
        this.period = period;
    }

    /** Returns whether weights are projected (false: nuclear regularization only). */
    @Param(
            description = "Project the weights on projection batches (off: nuclear-norm regularization only). "
                    + "Default on.",
            category = "Ranks")
    public boolean isProjection() {
        return projection;
    }

    /** Enables or disables the projection. */
    public void setProjection(boolean projection) {
        this.projection = projection;
    }

    /** Returns the nuclear-norm weight {@code lambda_nuc}. */
    @Param(
            description = "Weight lambda_nuc of the nuclear-norm sub-gradient added to the gradient on projection "
                    + "batches only. Reference: 3e-4; 0 turns it off.",
            unit = "per unit of nuclear norm",
            category = "Regularization")
    public double getNuclearWeight() {
        return nuclearWeight;
    }

    /** Sets the nuclear-norm weight. */
    public void setNuclearWeight(double nuclearWeight) {
        this.nuclearWeight = nuclearWeight;
    }

    /** Returns the nuclear sub-gradient mode. */
    @Param(
            description = "Nuclear sub-gradient: truncated (U_r V_r^T of the kept components, the reference code) or "
                    + "full (U V^T over all nonzero singular values, the paper). Default truncated.",
            category = "Regularization")
    public NuclearMode getNuclearMode() {
        return nuclearMode;
    }

    /** Sets the nuclear sub-gradient mode. */
    public void setNuclearMode(NuclearMode nuclearMode) {
        this.nuclearMode = nuclearMode;
    }

    /** Returns the export threshold {@code t_val}. */
    @Param(
            description = "Export threshold t_val: each layer keeps its singular values >= t_val when it is split "
                    + "into two layers. Reference code: 5e-2.",
            unit = "singular value",
            category = "Export")
    public double getExportThreshold() {
        return exportThreshold;
    }

    /** Sets the export threshold. */
    public void setExportThreshold(double exportThreshold) {
        this.exportThreshold = exportThreshold;
    }

    /** Returns whether stride-2 target layers are also split at export. */
    @Param(
            description = "Also split stride-2 target layers at export (the reference splits only stride-1 layers; "
                    + "the layer pair places the stride exactly). Default on.",
            category = "Export")
    public boolean isSplitStrided() {
        return splitStrided;
    }

    /** Sets whether strided layers are split. */
    public void setSplitStrided(boolean splitStrided) {
        this.splitStrided = splitStrided;
    }

    /** Returns the MAC reduction of the budget mode (0 = off). */
    @Param(
            description = "Budget mode (RankBench addition): if > 0, the export threshold is raised (never lowered) "
                    + "until the model needs at most 1/reduction of the dense MACs. 0 = off (the method's own ranks).",
            unit = "x fewer MACs, 0 or >= 1",
            category = "Export")
    public double getReduction() {
        return reduction;
    }

    /** Sets the MAC reduction of the budget mode. */
    public void setReduction(double reduction) {
        this.reduction = reduction;
    }
}
