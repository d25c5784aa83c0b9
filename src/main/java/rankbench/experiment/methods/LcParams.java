package rankbench.experiment.methods;

/**
 * Hyperparameters of the LC algorithm with learned ranks (Idelbayev and Carreira-Perpiñán 2020;
 * METHODS.md §6). Defaults are the CIFAR ResNet values of the reference run scripts unless noted.
 */
public class LcParams {

    private int steps = 50;
    private double mu0 = 1e-3;
    private double muGrowth = 1.25;
    private double alpha = 2e-9;
    private String cost = "macs";
    private String scheme = "channel";
    private int epochsPerStep = 15;
    private double stepLearningRate = 7e-4;
    private boolean multipliers = true;
    private boolean normalize = true;
    private double reduction = 0;

    /** Number of LC steps {@code K} (reference: 50). Step 0 skips the L step. */
    public int getSteps() {
        return steps;
    }

    /** Sets the number of LC steps. */
    public void setSteps(int steps) {
        this.steps = steps;
    }

    /** Initial penalty {@code mu_0} (reference: 1e-3). */
    public double getMu0() {
        return mu0;
    }

    /** Sets the initial penalty. */
    public void setMu0(double mu0) {
        this.mu0 = mu0;
    }

    /** Penalty growth per LC step, {@code mu_k = mu_0 * growth^k} (reference: 1.25). */
    public double getMuGrowth() {
        return muGrowth;
    }

    /** Sets the penalty growth. */
    public void setMuGrowth(double muGrowth) {
        this.muGrowth = muGrowth;
    }

    /**
     * Cost weight {@code alpha} in code units (paper lambda x 1e-6). Default 2e-9: the reference's
     * smallest CIFAR value 1e-9 counted FLOPs = 2 x MACs, and RankBench counts MACs.
     */
    public double getAlpha() {
        return alpha;
    }

    /** Sets alpha. */
    public void setAlpha(double alpha) {
        this.alpha = alpha;
    }

    /** Rank cost: {@code macs} (reference CIFAR criterion, FLOPs) or {@code params} (storage). */
    public String getCost() {
        return cost;
    }

    /** Sets the cost kind. */
    public void setCost(String cost) {
        this.cost = cost;
    }

    /** Matrix view of conv weights: {@code channel} (R1, CIFAR default) or another matrix scheme. */
    public String getScheme() {
        return scheme;
    }

    /** Sets the scheme. */
    public void setScheme(String scheme) {
        this.scheme = scheme;
    }

    /** Epochs per L step (reference: 15). */
    public int getEpochsPerStep() {
        return epochsPerStep;
    }

    /** Sets the epochs per L step. */
    public void setEpochsPerStep(int epochsPerStep) {
        this.epochsPerStep = epochsPerStep;
    }

    /**
     * Learning rate of each L step, reset at the start of every L step (reference: 7e-4, x0.99 per
     * epoch; [GUESS] here constant within an L step).
     */
    public double getStepLearningRate() {
        return stepLearningRate;
    }

    /** Sets the L-step learning rate. */
    public void setStepLearningRate(double stepLearningRate) {
        this.stepLearningRate = stepLearningRate;
    }

    /** Augmented Lagrangian multipliers (true, reference) or the pure quadratic penalty (false). */
    public boolean isMultipliers() {
        return multipliers;
    }

    /** Enables or disables the multipliers. */
    public void setMultipliers(boolean multipliers) {
        this.multipliers = multipliers;
    }

    /** Normalise the C-step error by {@code ||X||_F^2} (true in all reference CIFAR setups). */
    public boolean isNormalize() {
        return normalize;
    }

    /** Sets the normalisation. */
    public void setNormalize(boolean normalize) {
        this.normalize = normalize;
    }

    /**
     * Budget mode (RankBench addition, 0 = off): if &gt; 0, each C step uses the alpha (bisection) at
     * which the model needs at most {@code 1/reduction} of its dense MACs, instead of {@link #getAlpha()}.
     */
    public double getReduction() {
        return reduction;
    }

    /** Sets the MAC reduction of the budget mode. */
    public void setReduction(double reduction) {
        this.reduction = reduction;
    }
}
