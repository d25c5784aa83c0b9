package rankbench.experiment.lowrank;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a weight tensor is turned into a matrix (and a rank-r factorization into real layers); see
 * docs/METHODS.md §1.1–1.2.
 */
public enum Scheme {
    /** R1 channel-wise: {@code Cout x (Cin*kh*kw)}; layers {@code kh x kw Cin->r}, {@code 1x1 r->Cout}. */
    CHANNEL("channel"),
    /** R2 spatial, out-major: {@code (Cout*kh) x (Cin*kw)}; layers {@code 1 x kw Cin->r}, {@code kh x 1 r->Cout}. */
    SPATIAL("spatial"),
    /** R2' spatial, in-major (TRP "VH"): {@code (Cin*kh) x (Cout*kw)}; layers {@code kh x 1}, then {@code 1 x kw}. */
    SPATIAL_VH("spatial-vh"),
    /** R3 input-side: {@code (Cout*kh*kw) x Cin}; layers {@code 1x1 Cin->r}, {@code kh x kw r->Cout}. */
    INPUT("input"),
    /** Tucker-2 with ranks (Ro, Ri): three layers {@code 1x1 Cin->Ri}, {@code kh x kw Ri->Ro}, {@code 1x1 Ro->Cout}. */
    TUCKER2("tucker2"),
    /** A fully connected layer as its {@code out x in} matrix (the only scheme for linear layers). */
    LINEAR("linear");

    private final String id;

    Scheme(String id) {
        this.id = id;
    }

    /** Returns the command-line and JSON name, e.g. {@code spatial-vh}. */
    @JsonValue
    public String id() {
        return id;
    }

    /** Returns true if the scheme factorizes one matrix with one rank (all but Tucker-2). */
    public boolean isMatrix() {
        return this != TUCKER2;
    }

    /** Finds a scheme by its name (case-insensitive; {@code _} accepted for {@code -}), with a clear error. */
    @JsonCreator
    public static Scheme fromId(String id) {
        String key = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Scheme s : values()) {
            if (s.id.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown scheme '" + id + "'; known: "
                + Arrays.stream(values()).map(Scheme::id).toList());
    }
}
