package rankbench.experiment.methods;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a rank costs in the LC rule and in budgets: stored parameters or multiply-accumulates. */
public enum CostKind {
    /** Weights stored: {@code r (m + n)} for an {@code m x n} view. */
    PARAMS,
    /** MACs per image: {@code r (m + n) Hout Wout} for R1 (the exact factor-layer count for other schemes). */
    MACS;

    /** Returns the lower-case identifier ({@code params}, {@code macs}). */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }

    /** Parses {@code params} or {@code macs} (also {@code flops}, an alias of MACs up to a factor 2). */
    @JsonCreator
    public static CostKind parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "params", "parameters", "storage" -> PARAMS;
            case "macs", "flops" -> MACS;
            default -> throw new IllegalArgumentException("Unknown cost '" + s + "'; known: params, macs");
        };
    }
}
