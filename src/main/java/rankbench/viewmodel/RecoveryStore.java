package rankbench.viewmodel;

import java.io.IOException;
import rankbench.experiment.session.ExperimentSession;

/**
 * The autosave ("recovery") file of the window ({@code SessionRecovery} in production): written every few
 * minutes while the session has unsaved changes, offered back after a crash, discarded on a clean exit.
 * Calls other than {@link #markCleanExit()} run on a background thread.
 */
public interface RecoveryStore {

    /** Writes {@code session} to the recovery file. */
    void save(ExperimentSession session) throws IOException;

    /** Returns the session left by a run that did not exit cleanly, or null if there is none. */
    ExperimentSession pending() throws IOException;

    /** Deletes the recovery file. */
    void discard() throws IOException;

    /** Records that the window closed cleanly (so the next start offers nothing). */
    void markCleanExit() throws IOException;

    /** Marks this run as started: until {@link #markCleanExit()}, a recovery file counts as left by a crash. */
    void markStarted() throws IOException;
}
