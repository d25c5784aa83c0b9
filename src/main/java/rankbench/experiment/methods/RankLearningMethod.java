package rankbench.experiment.methods;

/**
 * A rank-learning method: trains (or fine-tunes) a model on the training loop so that its weights
 * become low-rank, chooses the ranks, and ends with a factorised model. Implementations are
 * stateless; each run gets its hyperparameters as a bean of {@link #parametersType()}.
 *
 * @param <H> the hyperparameter bean
 */
public interface RankLearningMethod<H> {

    /** Returns the identifier used on the command line ({@code trp}, {@code lc}, ...). */
    String id();

    /** Returns a one-line description. */
    String description();

    /** Returns the hyperparameter bean class (getters/setters, documented defaults). */
    Class<H> parametersType();

    /** Returns a bean holding the defaults. */
    H defaultParameters();

    /**
     * Runs the method on the calling thread (the training service's thread in the window). Progress,
     * per-layer ranks and spectra are published to the run's listener.
     */
    MethodResult run(MethodRun run, H parameters);
}
