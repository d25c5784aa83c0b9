package rankbench.experiment.methods;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How periodic projection fixes its ranks from the starting weights. */
public enum LraRankRule {
    /** The LC cost rule with MAC cost at the alpha meeting the MAC reduction (Tucker-2: a uniform parameter ratio). */
    BUDGET("budget"),
    /** A uniform parameter ratio per layer. */
    RATIO("ratio"),
    /** The smallest rank keeping a fraction of the spectrum's energy. */
    ENERGY("energy"),
    /** EVBMF's rank estimate (times a multiplier). */
    EVBMF("evbmf");

    private final String id;

    LraRankRule(String id) {
        this.id = id;
    }

    /** Returns the lower-case identifier used on the command line and in JSON. */
    @JsonValue
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /** Parses an identifier (case-insensitive). */
    @JsonCreator
    public static LraRankRule fromId(String s) {
        return Choice.parse(LraRankRule.class, s, "rank rule");
    }
}
