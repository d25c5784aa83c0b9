package rankbench.experiment.methods;

/**
 * Hyperparameters of SVD training with rank pruning during training (S1; the formulation of Yang et
 * al. 2020; docs/METHODS.md §3). The pruning points are fractions of the run, so any number of epochs
 * prunes. Most defaults are RankBench choices (no reference code); see docs/METHODS.md.
 */
public class SvdTrainParams {

    private double orthWeight = 1e-2;
    private double sparsityWeight = 1e-4;
    private double energyEps = 0.05;
    private double absThreshold = 1e-3;
    private double warmup = 0.2;
    private double finalFraction = 0.2;
    private int pruningEvents = 4;
    private boolean decaySingularValues = false;
    private boolean balancedSteps = false;
    private double reduction = 0;

    /** Returns the orthogonality weight {@code lambda_o}. */
    @Param(
            description = "Orthogonality weight lambda_o on (||U^T U - I||_F^2 + ||V^T V - I||_F^2) / r^2 "
                    + "(Yang et al.'s normalization). Default 1e-2.",
            unit = "loss weight",
            category = "Regularization")
    public double getOrthWeight() {
        return orthWeight;
    }

    /** Sets the orthogonality weight. */
    public void setOrthWeight(double orthWeight) {
        this.orthWeight = orthWeight;
    }

    /** Returns the sparsity weight {@code lambda_s}. */
    @Param(
            description = "Sparsity weight lambda_s on ||s||_1, the pressure that shrinks singular values. "
                    + "Default 1e-4.",
            unit = "loss weight",
            category = "Regularization")
    public double getSparsityWeight() {
        return sparsityWeight;
    }

    /** Sets the sparsity weight. */
    public void setSparsityWeight(double sparsityWeight) {
        this.sparsityWeight = sparsityWeight;
    }

    /** Returns the energy fraction pruned at each event. */
    @Param(
            description = "Energy eps pruned at each event: a layer keeps the fewest components holding (1 - eps) "
                    + "of sum s_k^2. Default 0.05, so that the default four events compress within any run (at 0.01 a "
                    + "trained ResNet-20 layer, whose smallest component holds more than 1 % of the energy, loses nothing "
                    + "until L1 has shrunk it, which takes far longer than a short run).",
            unit = "fraction, [0, 1)",
            category = "Ranks")
    public double getEnergyEps() {
        return energyEps;
    }

    /** Sets the pruned energy fraction. */
    public void setEnergyEps(double energyEps) {
        this.energyEps = energyEps;
    }

    /** Returns the absolute threshold on {@code |s_k|}. */
    @Param(
            description = "Components with |s_k| below this are dropped too at each event. Default 1e-3.",
            unit = "singular value",
            category = "Ranks")
    public double getAbsThreshold() {
        return absThreshold;
    }

    /** Sets the absolute threshold. */
    public void setAbsThreshold(double absThreshold) {
        this.absThreshold = absThreshold;
    }

    /** Returns the share of the run before the first pruning event. */
    @Param(
            description = "Warm-up: share of the run's batches trained at full rank before the first pruning event. "
                    + "Default 0.2.",
            unit = "fraction of the run, [0, 1)",
            category = "Schedule")
    public double getWarmup() {
        return warmup;
    }

    /** Sets the warm-up share. */
    public void setWarmup(double warmup) {
        this.warmup = warmup;
    }

    /** Returns the share of the run after the last pruning event (fixed ranks). */
    @Param(
            description =
                    "Share of the run's batches trained at fixed ranks after the last pruning event. " + "Default 0.2.",
            unit = "fraction of the run, [0, 1)",
            category = "Schedule")
    public double getFinalFraction() {
        return finalFraction;
    }

    /** Sets the fixed-rank share. */
    public void setFinalFraction(double finalFraction) {
        this.finalFraction = finalFraction;
    }

    /** Returns the number of pruning events. */
    @Param(
            description = "Pruning events, evenly spaced from the end of the warm-up to the start of the fixed-rank "
                    + "part (measured in batches, so one epoch can prune several times). Default 4; for the paper-style "
                    + "'every epoch after warm-up' give the number of epochs in between.",
            unit = "events",
            category = "Schedule")
    public int getPruningEvents() {
        return pruningEvents;
    }

    /** Sets the number of pruning events. */
    public void setPruningEvents(int pruningEvents) {
        this.pruningEvents = pruningEvents;
    }

    /** Returns whether weight decay also applies to {@code s}. */
    @Param(
            description = "Also apply weight decay to s (off: the L1 term is the only shrinkage of s, so it is not "
                    + "counted twice).",
            category = "Regularization")
    public boolean isDecaySingularValues() {
        return decaySingularValues;
    }

    /** Sets whether s is decayed. */
    public void setDecaySingularValues(boolean decaySingularValues) {
        this.decaySingularValues = decaySingularValues;
    }

    /** Returns whether each component's U and V gradients are scaled by {@code 1 / max(1, s_k^2)}. */
    @Param(
            description = "Scale component k's U and V gradients by 1 / max(1, s_k^2), so that a step moves the "
                    + "kernel U diag(s) V^T no more than the dense layer's step would (RankBench option). Off (default): the "
                    + "plain SVD form, whose effective learning rate on a component is up to 2 s_k^2 + 1 times the dense "
                    + "one.",
            category = "Schedule")
    public boolean isBalancedSteps() {
        return balancedSteps;
    }

    /** Sets the gradient balancing. */
    public void setBalancedSteps(boolean balancedSteps) {
        this.balancedSteps = balancedSteps;
    }

    /** Returns the MAC reduction of the budget mode (0 = off). */
    @Param(
            description = "Budget mode (RankBench addition): if > 0, each pruning event also applies a global "
                    + "threshold on |s| so that the exported model needs at most 1/reduction of the dense MACs; the first "
                    + "event already meets the budget. 0 = off.",
            unit = "x fewer MACs, 0 or >= 1",
            category = "Ranks")
    public double getReduction() {
        return reduction;
    }

    /** Sets the MAC reduction of the budget mode. */
    public void setReduction(double reduction) {
        this.reduction = reduction;
    }
}
