package rankbench.experiment.training;

/**
 * How a run ended.
 *
 * @param status completed, cancelled or diverged
 * @param epochsCompleted number of whole epochs finished
 * @param steps optimizer steps taken (after a divergence: the step of the restored weights)
 * @param validationAccuracy last validation accuracy, NaN if none
 * @param validationLoss last validation loss, NaN if none
 * @param wallSeconds elapsed time
 * @param message human-readable summary
 */
public record TrainingOutcome(Status status, int epochsCompleted, long steps, double validationAccuracy,
        double validationLoss, double wallSeconds, String message) {

    /** How a run ended. */
    public enum Status {
        /** All epochs ran. */
        COMPLETED,
        /** Cancelled between batches; the network holds the weights after the last full step. */
        CANCELLED,
        /** Loss became NaN/infinite or exploded; the network holds the last good weights. */
        DIVERGED
    }
}
