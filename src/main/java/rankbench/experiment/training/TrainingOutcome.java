package rankbench.experiment.training;

/**
 * How a run ended.
 *
 * @param status completed, cancelled or diverged (the loop itself never fails; errors propagate)
 * @param epochsCompleted number of whole epochs finished
 * @param steps optimizer steps taken (after a divergence: the step of the restored weights)
 * @param validationAccuracy last validation accuracy, NaN if none
 * @param validationLoss last validation loss, NaN if none
 * @param wallSeconds elapsed time
 * @param message human-readable summary
 */
public record TrainingOutcome(
        RunStatus status,
        int epochsCompleted,
        long steps,
        double validationAccuracy,
        double validationLoss,
        double wallSeconds,
        String message) {}
