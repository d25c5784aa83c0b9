package rankbench.experiment.methods;

/**
 * Hyperparameters of TRP, Trained Rank Pruning (Xu et al. 2020; METHODS.md §7). Defaults are the
 * reference code's CIFAR values unless marked [GUESS] (see docs/METHODS-CHOICES.md).
 */
public class TrpParams {

    private String scheme = "channel";
    private double energyKeep = 0.9;
    private int period = 5;
    private boolean projection = true;
    private double nuclearWeight = 3e-4;
    private String nuclearMode = "truncated";
    private double exportThreshold = 5e-2;
    private boolean splitStrided = true;
    private double reduction = 0;

    /** Matrix view: {@code channel} (TRP "NC", R1) or {@code spatial-vh} (TRP "VH", R2'). Default channel. */
    public String getScheme() {
        return scheme;
    }

    /** Sets the scheme. */
    public void setScheme(String scheme) {
        this.scheme = scheme;
    }

    /** Energy fraction kept at each projection, {@code e_keep} (code HEAD: 0.9; an older commit used 0.99). */
    public double getEnergyKeep() {
        return energyKeep;
    }

    /** Sets the kept energy fraction. */
    public void setEnergyKeep(double energyKeep) {
        this.energyKeep = energyKeep;
    }

    /**
     * Projection period {@code m} in batches (projection when {@code batch % m == 0}, before the forward
     * pass). [GUESS] 5 (train_TPR.sh); the code default is 1.
     */
    public int getPeriod() {
        return period;
    }

    /** Sets the projection period. */
    public void setPeriod(int period) {
        this.period = period;
    }

    /** Whether weights are projected (false: nuclear regularisation only). Default true. */
    public boolean isProjection() {
        return projection;
    }

    /** Enables or disables the projection. */
    public void setProjection(boolean projection) {
        this.projection = projection;
    }

    /** Nuclear-norm weight {@code lambda_nuc} (README: 3e-4); the sub-gradient is added on projection batches. */
    public double getNuclearWeight() {
        return nuclearWeight;
    }

    /** Sets the nuclear-norm weight. */
    public void setNuclearWeight(double nuclearWeight) {
        this.nuclearWeight = nuclearWeight;
    }

    /** {@code truncated} ({@code U_r V_r^T}, the code) or {@code full} ({@code U V^T} over nonzero values, the paper). */
    public String getNuclearMode() {
        return nuclearMode;
    }

    /** Sets the nuclear sub-gradient mode. */
    public void setNuclearMode(String nuclearMode) {
        this.nuclearMode = nuclearMode;
    }

    /** Export threshold {@code t_val}: a layer keeps its singular values {@code >= t_val} (code HEAD: 5e-2). */
    public double getExportThreshold() {
        return exportThreshold;
    }

    /** Sets the export threshold. */
    public void setExportThreshold(double exportThreshold) {
        this.exportThreshold = exportThreshold;
    }

    /**
     * Whether stride-2 target layers are also split at export (the reference splits only stride-1
     * layers). [GUESS] true: the layer pairs place the stride exactly (METHODS §1.2).
     */
    public boolean isSplitStrided() {
        return splitStrided;
    }

    /** Sets whether strided layers are split. */
    public void setSplitStrided(boolean splitStrided) {
        this.splitStrided = splitStrided;
    }

    /**
     * Budget mode (RankBench addition, 0 = off): if &gt; 0 the export threshold is raised (never lowered)
     * until the model needs at most {@code 1/reduction} of the dense MACs.
     */
    public double getReduction() {
        return reduction;
    }

    /** Sets the MAC reduction of the budget mode. */
    public void setReduction(double reduction) {
        this.reduction = reduction;
    }
}
