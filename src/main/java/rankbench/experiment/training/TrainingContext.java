package rankbench.experiment.training;

import ai.djl.ndarray.NDManager;
import rankbench.experiment.model.Network;

/** What hooks may see and touch during a run; valid only on the training thread. */
public interface TrainingContext {
    /** Returns the network being trained. */
    Network network();

    /** Returns the optimizer (its state may be inspected or reset). */
    Optimizer optimizer();

    /** Returns the current zero-based epoch. */
    int epoch();

    /** Returns the zero-based batch index within the epoch. */
    int batchInEpoch();

    /** Returns the number of optimizer steps taken so far. */
    long step();

    /** Returns the current learning rate. */
    double learningRate();

    /** Returns a manager whose arrays are freed at the end of the current batch. */
    NDManager batchManager();

    /** Publishes a method-specific update to the run's listener. */
    void publish(String kind, Object payload);
}
