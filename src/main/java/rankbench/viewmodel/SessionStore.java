package rankbench.viewmodel;

import java.io.IOException;
import java.nio.file.Path;
import rankbench.experiment.session.ExperimentSession;

/**
 * Reads and writes session files ({@code SessionFiles} in production). Both calls run on a background
 * thread; a failure throws with a message naming the file and the problem.
 */
public interface SessionStore {

    /** Reads the session in {@code file}. */
    ExperimentSession read(Path file) throws IOException;

    /** Writes {@code session} to {@code file} (atomically: a failed write leaves the old file). */
    void write(ExperimentSession session, Path file) throws IOException;
}
