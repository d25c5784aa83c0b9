package rankbench.viewmodel;

import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/**
 * Computes the compress-only accuracy of a rank plan: the model with its planned layers replaced by
 * their truncated reconstructions, evaluated on held-out images (the window passes validation images
 * taken from the training split, never test images). Called on one worker thread only.
 */
@FunctionalInterface
public interface PlanEvaluator {

    /**
     * Returns the top-1 accuracy of {@code model} under {@code plan} on {@code images}; may return early
     * (with a meaningless value) once {@code cancel} is set.
     */
    double accuracy(SavedModel model, ImageDataset images, RankPlan plan, CancellationToken cancel);
}
