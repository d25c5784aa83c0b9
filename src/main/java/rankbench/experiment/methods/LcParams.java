package rankbench.experiment.methods;

/**
 * Hyperparameters of the LC algorithm with learned ranks (Idelbayev and Carreira-Perpiñán 2020;
 * docs/METHODS.md §6). Defaults are the CIFAR ResNet values of the reference run scripts unless the
 * description says otherwise. The run's epochs are spread over the L steps (see {@link #getEpochsPerStep()}).
 */
public class LcParams {

    private int steps = 50;
    private double mu0 = 1e-3;
    private double muGrowth = 1.25;
    private double alpha = 2e-9;
    private CostKind cost = CostKind.MACS;
    private MatrixScheme scheme = MatrixScheme.CHANNEL;
    private double epochsPerStep = 0;
    private double stepLearningRate = 7e-4;
    private double stepLearningRateDecay = 0.99;
    private boolean multipliers = true;
    private boolean normalize = true;
    private double reduction = 2;

    /** Returns the number of LC steps {@code K}. */
    @Param(
            description = "Number of LC steps K (reference: 50); step 0 is a C step only, every later step an L step "
                    + "then a C step. If the run has fewer batches than L steps, K is lowered to one L step per batch and "
                    + "mu grows faster so that it still ends at mu0 * muGrowth^(K-1).",
            unit = "steps",
            category = "Schedule")
    public int getSteps() {
        return steps;
    }

    /** Sets the number of LC steps. */
    public void setSteps(int steps) {
        this.steps = steps;
    }

    /** Returns the initial penalty {@code mu_0}. */
    @Param(
            description = "Initial penalty mu_0 of the quadratic pull (reference: 1e-3).",
            unit = "penalty",
            category = "Penalty")
    public double getMu0() {
        return mu0;
    }

    /** Sets the initial penalty. */
    public void setMu0(double mu0) {
        this.mu0 = mu0;
    }

    /** Returns the penalty growth per LC step. */
    @Param(
            description = "Penalty growth per LC step, mu_k = mu_0 * growth^k (reference: 1.25).",
            unit = "factor per step, >= 1",
            category = "Penalty")
    public double getMuGrowth() {
        return muGrowth;
    }

    /** Sets the penalty growth. */
    public void setMuGrowth(double muGrowth) {
        this.muGrowth = muGrowth;
    }

    /** Returns the cost weight {@code alpha}. */
    @Param(
            description = "Cost weight alpha of the C step (paper lambda x 1e-6), used when reduction = 0. Default "
                    + "2e-9: the reference's smallest CIFAR value 1e-9 counted FLOPs = 2 x MACs.",
            unit = "per MAC or parameter",
            category = "Ranks")
    public double getAlpha() {
        return alpha;
    }

    /** Sets alpha. */
    public void setAlpha(double alpha) {
        this.alpha = alpha;
    }

    /** Returns the rank cost kind. */
    @Param(
            description = "What a rank costs in the C step: macs (the reference CIFAR criterion, FLOPs) or params "
                    + "(storage). Default macs.",
            category = "Ranks")
    public CostKind getCost() {
        return cost;
    }

    /** Sets the cost kind. */
    public void setCost(CostKind cost) {
        this.cost = cost;
    }

    /** Returns the matrix view of conv weights. */
    @Param(
            description = "Matrix view of conv weights: channel (R1, the CIFAR default), spatial (R2), spatial-vh "
                    + "(R2') or input (R3).",
            category = "Ranks")
    public MatrixScheme getScheme() {
        return scheme;
    }

    /** Sets the scheme. */
    public void setScheme(MatrixScheme scheme) {
        this.scheme = scheme;
    }

    /** Returns the length of each L step in epochs (0 = the run's epochs spread over the L steps). */
    @Param(
            description = "Length of each L step. 0 (default) = the run's epochs spread evenly over the K-1 L steps "
                    + "(fractions of an epoch, counted in batches). > 0 = this many epochs per L step (reference: 15); "
                    + "then (K-1) x epochsPerStep must not exceed the run's epochs.",
            unit = "epochs, 0 = auto",
            category = "Schedule")
    public double getEpochsPerStep() {
        return epochsPerStep;
    }

    /** Sets the epochs per L step (0 = auto). */
    public void setEpochsPerStep(double epochsPerStep) {
        this.epochsPerStep = epochsPerStep;
    }

    /** Returns the learning rate at the start of every L step. */
    @Param(
            description = "Learning rate at the start of every L step, reset at each L step (reference: 7e-4); "
                    + "0 = the run's learning rate. The run's schedule is not used by L steps.",
            unit = "learning rate",
            category = "Schedule")
    public double getStepLearningRate() {
        return stepLearningRate;
    }

    /** Sets the L-step learning rate. */
    public void setStepLearningRate(double stepLearningRate) {
        this.stepLearningRate = stepLearningRate;
    }

    /** Returns the L-step learning-rate decay per epoch. */
    @Param(
            description = "Factor applied to the L-step learning rate per epoch of the L step, continuously per "
                    + "batch (reference: 0.99).",
            unit = "factor per epoch, (0, 1]",
            category = "Schedule")
    public double getStepLearningRateDecay() {
        return stepLearningRateDecay;
    }

    /** Sets the L-step learning-rate decay per epoch. */
    public void setStepLearningRateDecay(double stepLearningRateDecay) {
        this.stepLearningRateDecay = stepLearningRateDecay;
    }

    /** Returns whether augmented-Lagrangian multipliers are used. */
    @Param(
            description = "Augmented-Lagrangian multipliers lambda (on, the reference) or the pure quadratic penalty "
                    + "(off).",
            category = "Penalty")
    public boolean isMultipliers() {
        return multipliers;
    }

    /** Enables or disables the multipliers. */
    public void setMultipliers(boolean multipliers) {
        this.multipliers = multipliers;
    }

    /** Returns whether the C-step error is normalized by {@code ||X||_F^2}. */
    @Param(
            description = "Normalize the C-step error by ||X||_F^2 (on in all reference CIFAR setups).",
            category = "Ranks")
    public boolean isNormalize() {
        return normalize;
    }

    /** Sets the normalization. */
    public void setNormalize(boolean normalize) {
        this.normalize = normalize;
    }

    /** Returns the MAC reduction of the budget mode (0 = off). */
    @Param(
            description = "Budget mode (RankBench addition): if > 0, every C step uses the alpha (bisection) at "
                    + "which the model needs at most 1/reduction of its dense MACs. Default 2: the alpha rule needs the "
                    + "reference's long schedule before the weights become low-rank; set 0 to use alpha.",
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
