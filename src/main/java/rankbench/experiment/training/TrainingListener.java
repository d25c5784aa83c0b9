package rankbench.experiment.training;

/** Receives {@link TrainingEvent}s on the training thread; must return quickly and never block. */
@FunctionalInterface
public interface TrainingListener {
    /** Handles one event. */
    void onEvent(TrainingEvent event);

    /** A listener that ignores everything. */
    static TrainingListener none() {
        return e -> {};
    }
}
