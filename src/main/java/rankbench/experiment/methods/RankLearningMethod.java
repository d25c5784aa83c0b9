package rankbench.experiment.methods;

import java.util.List;

/**
 * A rank-learning method: trains (or fine-tunes) a model on the training loop so that its weights
 * become low-rank, chooses the ranks, and ends with a factorized model. Implementations are
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
     * Checks a hyperparameter bean before a run of {@code epochs} epochs of rank learning (including the
     * checks the method would otherwise make only once the run has started).
     *
     * @throws IllegalArgumentException naming the first invalid value and what would work
     */
    void validate(H parameters, int epochs);

    /** Returns the described hyperparameters of {@link #parametersType()} (for --list-params and the window). */
    default List<ParamInfo> parameterInfo() {
        return ParamInfo.of(parametersType());
    }

    /**
     * Runs the method on the calling thread (the training service's thread in the window). Progress,
     * per-layer ranks and spectra are published to the run's listener. The result carries the status of
     * its phases: a diverged phase ends the run (no later phase runs), a cancelled one ends it with the
     * factorized model of its last complete step. Errors propagate as exceptions.
     */
    MethodResult run(MethodRun run, H parameters);
}
