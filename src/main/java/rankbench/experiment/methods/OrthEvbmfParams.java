package rankbench.experiment.methods;

/**
 * Hyperparameters of S2: over-parameterise + orthogonal regularization, then EVBMF Tucker-2 ranks,
 * decomposition and fine-tuning (He, Jiang, Wu 2024, with the EVBMF ranks of Kim et al. 2016;
 * docs/METHODS.md §4). The over-parameterisation and the regularizer are RankBench's interpretation.
 */
public class OrthEvbmfParams {

    private int expansion = 4;
    private double orthWeight = 1e-4;
    private double evbmfMultiplier = 1.0;
    private int minRank = 1;
    private boolean exactTau = false;
    private int hooiSweeps = 2;
    private double reduction = 0;
    private long seed = 1;

    /** Returns the expansion factor {@code e}. */
    @Param(
            description = "Expansion e: each conv becomes 1x1 Cin -> e Cin, k x k, 1x1 e Cout -> Cout, a linear chain "
                    + "that collapses back to one kernel (ExpandNets' usual 4).",
            unit = "factor, >= 1",
            category = "Over-parameterisation")
    public int getExpansion() {
        return expansion;
    }

    /** Sets the expansion factor. */
    public void setExpansion(int expansion) {
        this.expansion = expansion;
    }

    /** Returns the orthogonality weight {@code lambda_orth}. */
    @Param(
            description = "Weight lambda_orth of ||Q_in^T Q_in - I||_F^2 + ||Q_out Q_out^T - I||_F^2. Default 1e-4.",
            unit = "loss weight",
            category = "Over-parameterisation")
    public double getOrthWeight() {
        return orthWeight;
    }

    /** Sets the orthogonality weight. */
    public void setOrthWeight(double orthWeight) {
        this.orthWeight = orthWeight;
    }

    /** Returns the multiplier on each EVBMF rank. */
    @Param(
            description = "Multiplier on each EVBMF rank (1 = plain EVBMF), rounded up.",
            unit = "factor, > 0",
            category = "Ranks")
    public double getEvbmfMultiplier() {
        return evbmfMultiplier;
    }

    /** Sets the EVBMF multiplier. */
    public void setEvbmfMultiplier(double evbmfMultiplier) {
        this.evbmfMultiplier = evbmfMultiplier;
    }

    /** Returns the smallest Tucker-2 rank. */
    @Param(description = "Smallest Tucker-2 rank (EVBMF may return 0).", unit = "rank, >= 1", category = "Ranks")
    public int getMinRank() {
        return minRank;
    }

    /** Sets the smallest rank. */
    public void setMinRank(int minRank) {
        this.minRank = minRank;
    }

    /** Returns whether the exact tau root is used. */
    @Param(
            description = "Use the exact root of the EVBMF threshold equation instead of the reference constant "
                    + "2.5129 sqrt(alpha).",
            category = "Ranks")
    public boolean isExactTau() {
        return exactTau;
    }

    /** Sets the tau option. */
    public void setExactTau(boolean exactTau) {
        this.exactTau = exactTau;
    }

    /** Returns the number of HOOI sweeps after the HOSVD. */
    @Param(
            description = "HOOI sweeps refining the truncated HOSVD of each Tucker-2 layer (0 = HOSVD only); a sweep "
                    + "never increases the approximation error. Default 2.",
            unit = "sweeps, >= 0",
            category = "Ranks")
    public int getHooiSweeps() {
        return hooiSweeps;
    }

    /** Sets the number of HOOI sweeps. */
    public void setHooiSweeps(int hooiSweeps) {
        this.hooiSweeps = hooiSweeps;
    }

    /** Returns the MAC reduction of the budget mode (0 = off). */
    @Param(
            description = "Budget mode (RankBench addition): if > 0, the EVBMF multiplier is chosen (bisection) so "
                    + "that the model needs at most 1/reduction of the dense MACs. 0 = off (EVBMF's own ranks).",
            unit = "x fewer MACs, 0 or >= 1",
            category = "Ranks")
    public double getReduction() {
        return reduction;
    }

    /** Sets the MAC reduction of the budget mode. */
    public void setReduction(double reduction) {
        this.reduction = reduction;
    }

    /** Returns the seed of the random orthonormal expansion factors. */
    @Param(
            description = "Seed of the random orthonormal expansion factors.",
            unit = "seed",
            category = "Over-parameterisation")
    public long getSeed() {
        return seed;
    }

    /** Sets the seed. */
    public void setSeed(long seed) {
        this.seed = seed;
    }
}
