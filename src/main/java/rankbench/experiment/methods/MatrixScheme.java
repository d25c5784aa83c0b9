package rankbench.experiment.methods;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import rankbench.experiment.lowrank.Scheme;

/** The matrix views of a conv weight that a rank-r factorization into two layers can use. */
public enum MatrixScheme {
    /** R1, {@code Cout x Cin kh kw}: kh x kw conv then 1x1. */
    CHANNEL("channel", Scheme.CHANNEL),
    /** R2, {@code Cout kh x Cin kw}: 1 x kw conv then kh x 1. */
    SPATIAL("spatial", Scheme.SPATIAL),
    /** R2', {@code Cin kh x Cout kw}: kh x 1 conv then 1 x kw. */
    SPATIAL_VH("spatial-vh", Scheme.SPATIAL_VH),
    /** R3, {@code Cout kh kw x Cin}: 1x1 conv then kh x kw. */
    INPUT("input", Scheme.INPUT);

    private final String id;
    private final Scheme scheme;

    MatrixScheme(String id, Scheme scheme) {
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
    public static MatrixScheme fromId(String s) {
        return Choice.parse(MatrixScheme.class, s, "matrix scheme");
    }

    /** Returns the matrix view. */
    public Scheme scheme() {
        return scheme;
    }
}
