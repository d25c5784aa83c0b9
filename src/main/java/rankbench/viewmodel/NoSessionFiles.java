package rankbench.viewmodel;

import java.io.IOException;
import java.nio.file.Path;
import rankbench.experiment.session.ExperimentSession;

/**
 * The session store of a workbench configured without session files ({@link WorkbenchViewModel.Storage#none}):
 * every read and write fails with one message saying so.
 *
 * <p>Threading: stateless; any thread.
 */
final class NoSessionFiles implements SessionStore {

    private static final String UNAVAILABLE = "session files are not available in this configuration";

    @Override
    public ExperimentSession read(Path file) throws IOException {
        throw new IOException(UNAVAILABLE);
    }

    @Override
    public void write(ExperimentSession session, Path file) throws IOException {
        throw new IOException(UNAVAILABLE);
    }
}
