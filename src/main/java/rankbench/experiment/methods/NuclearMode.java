package rankbench.experiment.methods;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which nuclear-norm sub-gradient TRP adds on projection batches. */
public enum NuclearMode {
    /** {@code U_r V_r^T} over the kept components (the reference code). */
    TRUNCATED("truncated"),
    /** {@code U V^T} over every nonzero singular value (the exact sub-gradient of the nuclear norm). */
    FULL("full");

    private final String id;

    NuclearMode(String id) {
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
    public static NuclearMode fromId(String s) {
        return Choice.parse(NuclearMode.class, s, "nuclear mode");
    }
}
