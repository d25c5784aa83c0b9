package rankbench.viewmodel;

import java.util.stream.IntStream;
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

    /**
     * Returns the number of correct top-1 predictions on images {@code [from, to)} of {@code images}
     * (meaningless once {@code cancel} is set). By default the accuracy of that slice times its size.
     */
    default double correct(
            SavedModel model, ImageDataset images, RankPlan plan, int from, int to, CancellationToken cancel) {
        int[] idx = IntStream.range(from, to).toArray();
        return accuracy(model, images.subset(idx, images.name()), plan, cancel) * idx.length;
    }

    /**
     * Predicted seconds of an exact evaluation of {@code plan} on all {@code images} on this evaluator's
     * thread, or NaN if it cannot tell (then an early estimate is shown first).
     */
    default double predictedSeconds(SavedModel model, ImageDataset images, RankPlan plan) {
        return Double.NaN;
    }
}
