package rankbench.experiment.training;

import ai.djl.ndarray.NDArray;

/**
 * Extension points through which rank-learning methods change training without the loop knowing
 * them. All hooks run on the training thread, in this order per batch: {@link #beforeBatch},
 * forward, {@link #extraLoss} (inside the gradient tape), backward, {@link #beforeOptimizerStep}
 * (gradients may be edited), the optimizer step, {@link #afterOptimizerStep} (weights may be
 * modified in place). Every method has a no-op default.
 */
public interface TrainingHooks {

    /** Called once before the first batch. */
    default void onRunStart(TrainingContext ctx) {}

    /** Called before a batch's forward pass (e.g. to project weights). */
    default void beforeBatch(TrainingContext ctx) {}

    /**
     * Returns a scalar to add to the loss (recorded by autograd), or null. Create it in
     * {@link TrainingContext#batchManager()} so it is freed after the batch.
     */
    default NDArray extraLoss(TrainingContext ctx) {
        return null;
    }

    /** Called after backward, before the optimizer step: gradients may be edited in place. */
    default void beforeOptimizerStep(TrainingContext ctx) {}

    /** Called after the optimizer step: weights may be modified in place. */
    default void afterOptimizerStep(TrainingContext ctx) {}

    /** Called after each epoch's validation. */
    default void onEpochEnd(TrainingContext ctx, TrainingEvent.EpochEnded epoch) {}

    /** Called once when the run ends for any reason (not after a failure). */
    default void onRunEnd(TrainingContext ctx, TrainingOutcome outcome) {}

    /** Hooks that do nothing. */
    static TrainingHooks none() {
        return new TrainingHooks() {};
    }
}
