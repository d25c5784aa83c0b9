package rankbench.experiment.training;

import java.util.List;

/**
 * Immutable progress records published by a training run, in this order: one {@link RunStarted},
 * then {@link BatchEnded}s interleaved with one {@link EpochEnded} per epoch and any
 * {@link MethodUpdate}s, and finally exactly one {@link RunEnded} or {@link RunFailed}. They carry no
 * engine objects, so they may cross threads freely.
 */
public sealed interface TrainingEvent {

    /** Returns the id of the run that published this event. */
    String runId();

    /** The run has started. */
    record RunStarted(
            String runId,
            String description,
            int epochs,
            int batchesPerEpoch,
            int trainSamples,
            int validationSamples,
            long startedAtMillis)
            implements TrainingEvent {}

    /**
     * One optimizer step has finished.
     *
     * @param loss training cross-entropy of the batch
     * @param accuracy training top-1 accuracy of the batch
     * @param imagesPerSecond smoothed training throughput
     * @param etaSeconds estimated time until the run ends
     */
    record BatchEnded(
            String runId,
            int epoch,
            int batch,
            long step,
            long totalSteps,
            double loss,
            double accuracy,
            double learningRate,
            double imagesPerSecond,
            double etaSeconds)
            implements TrainingEvent {}

    /** An epoch has finished; validation metrics are NaN when there is no validation set. */
    record EpochEnded(
            String runId,
            int epoch,
            double trainLoss,
            double trainAccuracy,
            double validationLoss,
            double validationAccuracy,
            double seconds)
            implements TrainingEvent {}

    /** A method-specific update (ranks, spectra, parameter counts), published by a training hook. */
    record MethodUpdate(String runId, long step, String kind, Object payload) implements TrainingEvent {}

    /** The run ended normally, was cancelled, or stopped on divergence. */
    record RunEnded(String runId, TrainingOutcome outcome) implements TrainingEvent {}

    /** The run failed with an error; the network keeps the last good weights. */
    record RunFailed(String runId, String message, List<String> details) implements TrainingEvent {}
}
