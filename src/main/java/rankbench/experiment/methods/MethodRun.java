package rankbench.experiment.methods;

import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingData;
import rankbench.experiment.training.TrainingListener;

/**
 * Everything a rank-learning run needs besides its hyperparameters.
 *
 * @param model the starting (usually pretrained, dense) model
 * @param data training and validation data with the model's normalization
 * @param test images for the reported accuracies (never trained on)
 * @param training the configuration of the rank-learning phase (epochs, optimizer, learning rate)
 * @param fineTune the configuration of fine-tuning the factorized model, or null to skip it
 * @param targets the layers to compress
 * @param latency meter for whole-network latency, or null to skip the measurement
 * @param listener receives training events and method updates
 * @param cancel checked between batches
 */
public record MethodRun(
        SavedModel model,
        TrainingData data,
        ImageDataset test,
        TrainingConfig training,
        TrainingConfig fineTune,
        Targets targets,
        LatencyMeter latency,
        TrainingListener listener,
        CancellationToken cancel) {

    /** Fills nulls with defaults (default targets, no-op listener and token). */
    public MethodRun {
        targets = targets == null ? Targets.defaults() : targets;
        listener = listener == null ? TrainingListener.none() : listener;
        cancel = cancel == null ? CancellationToken.none() : cancel;
    }
}
