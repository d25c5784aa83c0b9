package rankbench.viewmodel;

import java.io.IOException;
import rankbench.experiment.session.ExperimentSession;

/**
 * The autosave ("recovery") file of the window ({@code SessionRecovery} in production): written every few
 * minutes while the session has unsaved changes, offered back after a crash, deleted on a clean exit.
 * Every call but {@link #closeCleanly()} (at exit, on the UI thread) runs on a background thread.
 */
public interface RecoveryStore {

    /**
     * Claims the recovery file for this window and returns the session a previous window left behind when
     * it did not exit cleanly (null if there is none).
     *
     * @throws IOException if the autosave left behind cannot be read (it is kept)
     */
    ExperimentSession start() throws IOException;

    /** Writes {@code session} to the recovery file (atomically). */
    void save(ExperimentSession session) throws IOException;

    /** Deletes the session left behind by a crash, once recovered or declined. */
    void discard() throws IOException;

    /** Records a clean exit: deletes the autosave, so the next start offers nothing. */
    void closeCleanly() throws IOException;
}
