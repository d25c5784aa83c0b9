package rankbench.experiment.training;

import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;

/**
 * The data a run trains and validates on.
 *
 * @param train training images
 * @param validation validation images (may be empty)
 * @param normalization input normalization the network expects
 */
public record TrainingData(ImageDataset train, ImageDataset validation, Normalization normalization) {}
