package rankbench.experiment.methods;

import rankbench.experiment.lowrank.Scheme;

/**
 * Hyperparameters of periodic low-rank projection during training (Lee et al. 2019, "DeepTwist";
 * docs/METHODS.md §5). Ranks are fixed at the start from the starting weights by {@link #getRankRule()}.
 */
public class LraParams {

    private int period = 200;
    private Scheme scheme = Scheme.CHANNEL;
    private LraRankRule rankRule = LraRankRule.BUDGET;
    private double reduction = 2.0;
    private double ratio = 0.5;
    private double energyKeep = 0.9;
    private double evbmfMultiplier = 1.0;
    private int tiles = 1;

    /** Returns the distortion period {@code S_D} in optimizer steps. */
    @Param(
            description = "Distortion period S_D: every target layer is projected after every S_D-th optimizer step "
                    + "and once more after the last batch (paper, CIFAR-10 ResNet-32: 200).",
            unit = "batches",
            category = "Schedule")
    public int getPeriod() {
        return period;
    }

    /** Sets the period. */
    public void setPeriod(int period) {
        this.period = period;
    }

    /** Returns the per-layer scheme. */
    @Param(
            description = "Matrix view: channel (R1), spatial (R2), spatial-vh (R2'), input (R3) or tucker2.",
            category = "Ranks")
    public Scheme getScheme() {
        return scheme;
    }

    /** Sets the scheme. */
    public void setScheme(Scheme scheme) {
        this.scheme = scheme;
    }

    /** Returns the number of column tiles of the matrix view (1 = no tiling). */
    @Param(
            description = "Column tiles T of the matrix view (1 = none). With T > 1 each column block is projected "
                    + "at r_t = floor(r (m + n) / (T m + n)); tiled layers stay dense at export (they save nothing): "
                    + "tiling is a training-time distortion for comparing reshapes.",
            unit = "tiles, >= 1",
            category = "Ranks")
    public int getTiles() {
        return tiles;
    }

    /** Sets the number of column tiles (>= 1). */
    public void setTiles(int tiles) {
        this.tiles = tiles;
    }

    /** Returns how the fixed ranks are chosen. */
    @Param(
            description = "How the fixed ranks are chosen from the starting weights (the paper does not choose ranks): "
                    + "budget (the LC cost rule with MAC cost at the reduction; Tucker-2: a uniform parameter ratio meeting "
                    + "it), ratio, energy or evbmf. Default budget.",
            category = "Ranks")
    public LraRankRule getRankRule() {
        return rankRule;
    }

    /** Sets the rank rule. */
    public void setRankRule(LraRankRule rankRule) {
        this.rankRule = rankRule;
    }

    /** Returns the MAC reduction of the budget rule. */
    @Param(
            description = "MAC reduction of the budget rule (2 = half the dense MACs).",
            unit = "x fewer MACs, >= 1",
            category = "Ranks")
    public double getReduction() {
        return reduction;
    }

    /** Sets the MAC reduction. */
    public void setReduction(double reduction) {
        this.reduction = reduction;
    }

    /** Returns the parameter ratio of the ratio rule. */
    @Param(
            description = "Parameter ratio of the ratio rule: factorized / dense weights per layer.",
            unit = "fraction, (0, 1]",
            category = "Ranks")
    public double getRatio() {
        return ratio;
    }

    /** Sets the parameter ratio. */
    public void setRatio(double ratio) {
        this.ratio = ratio;
    }

    /** Returns the energy kept by the energy rule. */
    @Param(
            description = "Energy kept by the energy rule (share of sum s_i^2).",
            unit = "fraction, (0, 1]",
            category = "Ranks")
    public double getEnergyKeep() {
        return energyKeep;
    }

    /** Sets the kept energy. */
    public void setEnergyKeep(double energyKeep) {
        this.energyKeep = energyKeep;
    }

    /** Returns the multiplier on EVBMF ranks of the evbmf rule. */
    @Param(
            description = "Multiplier on the EVBMF ranks of the evbmf rule (1 = plain EVBMF).",
            unit = "factor, > 0",
            category = "Ranks")
    public double getEvbmfMultiplier() {
        return evbmfMultiplier;
    }

    /** Sets the EVBMF multiplier. */
    public void setEvbmfMultiplier(double evbmfMultiplier) {
        this.evbmfMultiplier = evbmfMultiplier;
    }
}
