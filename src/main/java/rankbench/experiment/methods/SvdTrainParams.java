package rankbench.experiment.methods;

/**
 * Hyperparameters of SVD training with dynamic rank pruning (S1: Sharma et al. 2024, filled in from
 * Yang et al. 2020; METHODS.md §3). Nearly every default is a [GUESS] (no primary source reachable);
 * see docs/METHODS-CHOICES.md.
 */
public class SvdTrainParams {

    private double orthWeight = 1e-2;
    private double sparsityWeight = 1e-4;
    private double energyEps = 0.01;
    private double absThreshold = 1e-3;
    private int warmupEpochs = 10;
    private int finalEpochs = 20;
    private boolean decaySingularValues = false;
    private double reduction = 0;

    /** Orthogonality weight {@code lambda_o} on {@code ||X^T X - I||_F^2 / r^2} for U and V ([GUESS] 1e-2). */
    public double getOrthWeight() {
        return orthWeight;
    }

    /** Sets the orthogonality weight. */
    public void setOrthWeight(double orthWeight) {
        this.orthWeight = orthWeight;
    }

    /** Sparsity weight {@code lambda_s} on {@code ||s||_1} ([GUESS] 1e-4). */
    public double getSparsityWeight() {
        return sparsityWeight;
    }

    /** Sets the sparsity weight. */
    public void setSparsityWeight(double sparsityWeight) {
        this.sparsityWeight = sparsityWeight;
    }

    /** Energy pruned at each event, {@code eps}: keep the smallest set with {@code (1 - eps)} of {@code sum s^2} ([GUESS] 0.01). */
    public double getEnergyEps() {
        return energyEps;
    }

    /** Sets the pruned energy fraction. */
    public void setEnergyEps(double energyEps) {
        this.energyEps = energyEps;
    }

    /** Components with {@code |s_k| < absThreshold} are dropped too ([GUESS] 1e-3). */
    public double getAbsThreshold() {
        return absThreshold;
    }

    /** Sets the absolute threshold. */
    public void setAbsThreshold(double absThreshold) {
        this.absThreshold = absThreshold;
    }

    /** Epochs before the first pruning event, {@code E_w} ([GUESS] 10). */
    public int getWarmupEpochs() {
        return warmupEpochs;
    }

    /** Sets the warm-up epochs. */
    public void setWarmupEpochs(int warmupEpochs) {
        this.warmupEpochs = warmupEpochs;
    }

    /** Last epochs without pruning (fixed ranks), {@code E_f} ([GUESS] 20). */
    public int getFinalEpochs() {
        return finalEpochs;
    }

    /** Sets the final fixed-rank epochs. */
    public void setFinalEpochs(int finalEpochs) {
        this.finalEpochs = finalEpochs;
    }

    /** Whether weight decay also applies to {@code s} ([GUESS] false: L1 is the shrinkage of s). */
    public boolean isDecaySingularValues() {
        return decaySingularValues;
    }

    /** Sets whether s is decayed. */
    public void setDecaySingularValues(boolean decaySingularValues) {
        this.decaySingularValues = decaySingularValues;
    }

    /**
     * Budget mode (RankBench addition, 0 = off): if &gt; 0, each pruning event also applies a global
     * threshold on {@code |s|} so that the exported model needs at most {@code 1/reduction} of the dense MACs.
     */
    public double getReduction() {
        return reduction;
    }

    /** Sets the MAC reduction of the budget mode. */
    public void setReduction(double reduction) {
        this.reduction = reduction;
    }
}
