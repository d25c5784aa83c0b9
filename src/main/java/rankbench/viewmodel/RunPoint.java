package rankbench.viewmodel;

/**
 * One point of the run archive's Pareto chart, as plain values (charts never see domain types).
 *
 * @param runId the run's id
 * @param method the run's method or rule (chooses color and marker)
 * @param label the run's label
 * @param status the run's status ({@code completed} or {@code cancelled}: only runs with a result are points)
 * @param cancelled true for a cancelled run (drawn with its own marker and labeled)
 * @param x the cost on the chosen axis (MACs, parameters or ms)
 * @param y validation accuracy in [0, 1] (compress-only or fine-tuned, see {@code fineTuned})
 * @param fineTuned true for the fine-tuned accuracy (filled marker), false for compress-only (hollow)
 * @param paired true if the run has both points (they are joined by a line)
 * @param onFront true if this is the run's final point and no other run dominates it
 * @param details several lines describing the run's figures (for tooltips)
 */
public record RunPoint(
        String runId,
        String method,
        String label,
        String status,
        boolean cancelled,
        double x,
        double y,
        boolean fineTuned,
        boolean paired,
        boolean onFront,
        String details) {}
