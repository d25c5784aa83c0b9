/**
 * The experiment as a document: an {@link rankbench.experiment.session.ExperimentSession} holds the base
 * model, the dataset it is measured on, the plan on screen and every {@link rankbench.experiment.session.Run}
 * (pinned compress-only evaluations, fine-tunes, rank-learning runs, trainings) with what it made. Plain
 * records with no JavaFX: this is what a session file stores, what the window edits and what the CLI reads
 * and appends to. {@link rankbench.experiment.session.SessionFiles} saves and opens session files
 * ({@code .rbsession}, described in docs/SESSION_FORMAT.md); {@link rankbench.experiment.session.SessionRecovery}
 * keeps an autosave for crash recovery.
 */
package rankbench.experiment.session;
