package rankbench.experiment.session;

import java.util.Locale;

/** What kind of work produced a run. */
public enum RunKind {
    /** A plan applied to the base model's weights without training (a rule or hand-picked ranks), pinned by the user. */
    COMPRESS,
    /** Fine-tuning of a factorized model. */
    FINE_TUNE,
    /** One of the rank-learning methods (rank learning, factorization, optional fine-tuning). */
    RANK_LEARNING,
    /** Training a dense model from scratch. */
    TRAIN;

    /** Returns the identifier used in JSON ({@code "rank-learning"}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@link #id()} (case-insensitive). */
    public static RunKind fromId(String id) {
        for (RunKind k : values()) {
            if (k.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "unknown run kind '" + id + "'; known: compress, fine-tune, rank-learning, train");
    }
}
