package rankbench.viewmodel;

/**
 * A run the Pareto chart leaves out, and why.
 *
 * @param runId the run's id
 * @param label the run's label
 * @param category the short reason used to count ({@code diverged}, {@code no measured latency})
 * @param reason one line for the user ({@code "run-4 (trp): diverged: loss became NaN at step 120"})
 */
public record ExcludedRun(String runId, String label, String category, String reason) {}
