package rankbench.experiment.methods;

/**
 * Hyperparameters of S2: over-parameterise + orthogonal regularisation, then EVBMF Tucker-2 ranks,
 * decomposition and fine-tuning (He, Jiang, Wu 2024; METHODS.md §4). The over-parameterisation and
 * the regulariser are an interpretation [GUESS]; see docs/METHODS-CHOICES.md.
 */
public class OrthEvbmfParams {

    private int expansion = 4;
    private double orthWeight = 1e-4;
    private double evbmfMultiplier = 1.0;
    private int minRank = 1;
    private boolean exactTau = false;
    private double reduction = 0;
    private long seed = 1;

    /** Expansion factor {@code e}: each conv becomes {@code 1x1 Cin->e Cin}, {@code k x k}, {@code 1x1 e Cout->Cout} ([GUESS] 4, ExpandNets). */
    public int getExpansion() {
        return expansion;
    }

    /** Sets the expansion factor. */
    public void setExpansion(int expansion) {
        this.expansion = expansion;
    }

    /** Weight {@code lambda_orth} of {@code ||Q_in^T Q_in - I||^2 + ||Q_out Q_out^T - I||^2} ([GUESS] 1e-4). */
    public double getOrthWeight() {
        return orthWeight;
    }

    /** Sets the orthogonality weight. */
    public void setOrthWeight(double orthWeight) {
        this.orthWeight = orthWeight;
    }

    /** Multiplier on each EVBMF rank (1 = plain EVBMF; METHODS §2 knob). */
    public double getEvbmfMultiplier() {
        return evbmfMultiplier;
    }

    /** Sets the EVBMF multiplier. */
    public void setEvbmfMultiplier(double evbmfMultiplier) {
        this.evbmfMultiplier = evbmfMultiplier;
    }

    /** Smallest Tucker-2 rank (EVBMF may return 0). */
    public int getMinRank() {
        return minRank;
    }

    /** Sets the smallest rank. */
    public void setMinRank(int minRank) {
        this.minRank = minRank;
    }

    /** Use the exact tau root instead of the reference constant 2.5129 sqrt(alpha). */
    public boolean isExactTau() {
        return exactTau;
    }

    /** Sets the tau option. */
    public void setExactTau(boolean exactTau) {
        this.exactTau = exactTau;
    }

    /**
     * Budget mode (RankBench addition, 0 = off): if &gt; 0, the EVBMF multiplier is chosen (bisection)
     * so that the model needs at most {@code 1/reduction} of the dense MACs.
     */
    public double getReduction() {
        return reduction;
    }

    /** Sets the MAC reduction of the budget mode. */
    public void setReduction(double reduction) {
        this.reduction = reduction;
    }

    /** Seed of the random orthonormal expansion factors. */
    public long getSeed() {
        return seed;
    }

    /** Sets the seed. */
    public void setSeed(long seed) {
        this.seed = seed;
    }
}
