/**
 * Rank selection and rank learning: one-shot {@link rankbench.experiment.methods.RankRule}s that fill a
 * rank plan from the current weights (EVBMF, the LC cost rule, per-layer sensitivity), and
 * {@link rankbench.experiment.methods.RankLearningMethod}s that learn low-rank weights on the
 * training loop through hooks (TRP, LC, periodic projection, SVD training with rank pruning,
 * over-parameterisation + EVBMF + Tucker-2), all registered in {@link rankbench.experiment.methods.Methods}.
 *
 * <p>The maths follows docs/METHODS.md sections 2 to 7, which also records every choice made where the
 * papers leave a gap and how each method maps a run's epochs onto its schedule. Every hyperparameter
 * bean property carries a {@link rankbench.experiment.methods.Param} description, read by
 * {@link rankbench.experiment.methods.ParamInfo}. This package may use lowrank, training, model and
 * data; never cli or any UI.
 */
package rankbench.experiment.methods;
