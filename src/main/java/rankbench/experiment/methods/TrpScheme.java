package rankbench.experiment.methods;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import rankbench.experiment.lowrank.Scheme;

/** The matrix views TRP trains with: channel-wise (the paper's "NC") or spatial-wise (the paper's "VH"). */
public enum TrpScheme {
    /** TRP "NC": the {@code Cout x Cin kh kw} view (R1); export kh x kw then 1x1. */
    CHANNEL("channel", Scheme.CHANNEL),
    /** TRP "VH": the {@code Cin kh x Cout kw} view (R2'); export kh x 1 then 1 x kw. */
    SPATIAL_VH("spatial-vh", Scheme.SPATIAL_VH);

    private final String id;
    private final Scheme scheme;

    TrpScheme(String id, Scheme scheme) {
        this.id = id;
        this.scheme = scheme;
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
    public static TrpScheme fromId(String s) {
        return Choice.parse(TrpScheme.class, s, "TRP scheme");
    }

    /** Returns the matrix view. */
    public Scheme scheme() {
        return scheme;
    }
}
