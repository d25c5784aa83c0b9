package rankbench.experiment.lowrank;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * What to do with one layer: factorize it with a scheme and a rank ({@code rank}, or {@code ranks =
 * [Ro, Ri]} for Tucker-2), or keep it dense.
 *
 * <p>JSON: {@code {"scheme":"channel","rank":8}}, {@code {"scheme":"tucker2","ranks":[12,8]}},
 * {@code {"keepDense":true,"reason":"..."}}. A missing scheme means "the default scheme" and is
 * filled in by {@link RankPlan#resolve}. Ranks are always at least 1; to leave a layer alone use
 * {@code keepDense}.
 *
 * @param scheme the factorization scheme (null: the default one)
 * @param rank the rank of a matrix scheme (null for Tucker-2)
 * @param ranks {@code [Ro, Ri]} for Tucker-2 (null otherwise)
 * @param keepDense true to leave the layer unfactorized (scheme and rank, if present, are informative)
 * @param reason why the layer is kept dense (may be null)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerPlan(Scheme scheme, Integer rank, List<Integer> ranks, boolean keepDense, String reason) {

    /** Validates ranks (all at least 1). */
    public LayerPlan {
        if (rank != null && rank < 1) {
            throw new IllegalArgumentException("rank must be >= 1, got " + rank + " (use keepDense to skip a layer)");
        }
        if (ranks != null) {
            if (ranks.size() != 2 || ranks.stream().anyMatch(Objects::isNull) || ranks.get(0) < 1 || ranks.get(1) < 1) {
                throw new IllegalArgumentException("Tucker-2 ranks must be [Ro, Ri], each >= 1, got " + ranks);
            }
            ranks = List.copyOf(ranks);
        }
    }

    /** Factorizes with a matrix scheme at rank {@code r}. */
    public static LayerPlan of(Scheme scheme, int r) {
        if (scheme == Scheme.TUCKER2) {
            throw new IllegalArgumentException("Tucker-2 needs two ranks; use LayerPlan.tucker2(ro, ri)");
        }
        return new LayerPlan(scheme, r, null, false, null);
    }

    /** Factorizes with Tucker-2 at ranks (Ro, Ri). */
    public static LayerPlan tucker2(int outRank, int inRank) {
        return new LayerPlan(Scheme.TUCKER2, null, List.of(outRank, inRank), false, null);
    }

    /** Keeps the layer dense, saying why. */
    public static LayerPlan dense(String reason) {
        return new LayerPlan(null, null, null, true, reason);
    }

    /** Returns this plan kept dense for {@code why}, retaining scheme and ranks as information. */
    public LayerPlan keptDense(String why) {
        return new LayerPlan(scheme, rank, ranks, true, why);
    }

    /** Returns this plan with the given scheme. */
    public LayerPlan withScheme(Scheme s) {
        return new LayerPlan(s, rank, ranks, keepDense, reason);
    }

    /** Returns true if the layer is factorized. */
    @JsonIgnore
    public boolean factorized() {
        return !keepDense;
    }

    /** Returns Ro for Tucker-2. */
    @JsonIgnore
    public int outRank() {
        return ranks.get(0);
    }

    /** Returns Ri for Tucker-2. */
    @JsonIgnore
    public int inRank() {
        return ranks.get(1);
    }
}
