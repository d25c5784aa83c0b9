package rankbench.app;

import java.io.IOException;
import java.nio.file.Path;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.SessionFiles;
import rankbench.viewmodel.SessionStore;
import rankbench.viewmodel.WorkbenchViewModel;

/** The window's session storage: {@link SessionFiles} for session files. */
final class SessionStorage {

    private SessionStorage() {}

    /** Session files through {@link SessionFiles}. */
    static final SessionStore FILES = new SessionStore() {
        @Override
        public ExperimentSession read(Path file) throws IOException {
            return SessionFiles.read(file);
        }

        @Override
        public void write(ExperimentSession session, Path file) throws IOException {
            SessionFiles.write(session, file);
        }
    };

    /** The storage of the application. */
    static WorkbenchViewModel.Storage application() {
        return new WorkbenchViewModel.Storage(FILES, null);
    }
}
