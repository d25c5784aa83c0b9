/**
 * Supervised training and evaluation: the {@link rankbench.experiment.training.TrainingLoop} with its
 * {@link rankbench.experiment.training.TrainingHooks} (how rank-learning methods plug in), optimizers and
 * schedules, immutable {@link rankbench.experiment.training.TrainingEvent}s, the single-threaded
 * {@link rankbench.experiment.training.TrainingService}, and the
 * {@link rankbench.experiment.training.Evaluator}. Knows no method and no low-rank maths.
 */
package rankbench.experiment.training;
