package rankbench.experiment.methods;

/**
 * Hyperparameters of periodic low-rank projection during training (Lee et al. 2019, "DeepTwist";
 * METHODS.md §5). Ranks are fixed at the start from the starting weights by {@link #getRankRule()}.
 */
public class LraParams {

    private int period = 200;
    private String scheme = "channel";
    private String rankRule = "budget";
    private double reduction = 2.0;
    private double ratio = 0.5;
    private double energyKeep = 0.9;
    private double evbmfMultiplier = 1.0;
    private int tiles = 1;

    /** Distortion period {@code S_D} in optimizer steps (paper, CIFAR-10 ResNet-32: 200). */
    public int getPeriod() {
        return period;
    }

    /** Sets the period. */
    public void setPeriod(int period) {
        this.period = period;
    }

    /** Per-layer scheme: {@code channel} (R1), {@code spatial} (R2), {@code spatial-vh} (R2'), {@code input} (R3) or {@code tucker2}. */
    public String getScheme() {
        return scheme;
    }

    /**
     * Column tiles of the matrix view (METHODS.md §5 "tiled"; 1 = no tiling). With {@code T > 1} each of
     * the T column blocks is projected at its own rank, chosen so the tiles store no more than one rank-r
     * factorisation ({@code r_t = floor(r (m + n) / (T m + n))}); tiled layers stay dense at export, so
     * they save no parameters or MACs in the exported model — tiling is a training-time distortion for
     * comparing reshapes, as in the paper. Default 1 [GUESS].
     */
    public int getTiles() {
        return tiles;
    }

    /** Sets the number of column tiles (>= 1). */
    public void setTiles(int tiles) {
        if (tiles < 1) {
            throw new IllegalArgumentException("tiles must be >= 1, got " + tiles);
        }
        this.tiles = tiles;
    }

    /** Sets the scheme. */
    public void setScheme(String scheme) {
        this.scheme = scheme;
    }

    /**
     * How the fixed ranks are chosen from the starting weights [GUESS: the paper does not choose ranks]:
     * {@code budget} (LC cost rule with MAC cost at the alpha meeting {@link #getReduction()}; for
     * Tucker-2 a uniform parameter ratio meeting it), {@code ratio} (uniform parameter ratio
     * {@link #getRatio()}), {@code energy} ({@link #getEnergyKeep()}) or {@code evbmf}.
     */
    public String getRankRule() {
        return rankRule;
    }

    /** Sets the rank rule. */
    public void setRankRule(String rankRule) {
        this.rankRule = rankRule;
    }

    /** MAC reduction of the {@code budget} rule (2 = half the dense MACs). */
    public double getReduction() {
        return reduction;
    }

    /** Sets the MAC reduction. */
    public void setReduction(double reduction) {
        this.reduction = reduction;
    }

    /** Parameter ratio of the {@code ratio} rule (factorised / dense weights per layer). */
    public double getRatio() {
        return ratio;
    }

    /** Sets the parameter ratio. */
    public void setRatio(double ratio) {
        this.ratio = ratio;
    }

    /** Energy kept by the {@code energy} rule. */
    public double getEnergyKeep() {
        return energyKeep;
    }

    /** Sets the kept energy. */
    public void setEnergyKeep(double energyKeep) {
        this.energyKeep = energyKeep;
    }

    /** Multiplier on EVBMF ranks of the {@code evbmf} rule (1 = off). */
    public double getEvbmfMultiplier() {
        return evbmfMultiplier;
    }

    /** Sets the EVBMF multiplier. */
    public void setEvbmfMultiplier(double evbmfMultiplier) {
        this.evbmfMultiplier = evbmfMultiplier;
    }
}
