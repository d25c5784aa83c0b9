package rankbench.viewmodel;

/**
 * The rank of one layer in one compared run.
 *
 * @param runId the run's id
 * @param runName the run's id, with its status when it has no result ({@code "run-7 (diverged)"})
 * @param text {@code "8"}, {@code "12/8"} (Tucker-2: Ro/Ri) or {@code "dense"}
 * @param rank the rank of a matrix scheme or Ro of Tucker-2; null when dense
 * @param inRank Ri of Tucker-2; null otherwise
 * @param scheme the scheme id ({@code channel}, {@code tucker2}); null when dense
 * @param method the run's method or rule id (chooses the run's color in charts); null if unknown
 */
public record RankCell(
        String runId, String runName, String text, Integer rank, Integer inRank, String scheme, String method) {

    /** A cell whose run's method is unknown. */
    public RankCell(String runId, String runName, String text, Integer rank, Integer inRank, String scheme) {
        this(runId, runName, text, rank, inRank, scheme, null);
    }

    /** Returns true for a layer the run keeps dense. */
    public boolean dense() {
        return rank == null;
    }
}
