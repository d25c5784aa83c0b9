package rankbench.app;

import java.io.IOException;
import java.nio.file.Path;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.SessionFiles;
import rankbench.experiment.session.SessionRecovery;
import rankbench.viewmodel.RecoveryStore;
import rankbench.viewmodel.SessionStore;
import rankbench.viewmodel.WorkbenchViewModel;

/** The window's session storage: {@link SessionFiles} for session files, {@link SessionRecovery} for autosave. */
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

    /** The recovery file through {@link SessionRecovery} in {@code directory}. */
    static RecoveryStore recovery(SessionRecovery r) {
        return new RecoveryStore() {
            @Override
            public ExperimentSession start() throws IOException {
                return r.start() && r.pending().isPresent() ? r.recover() : null;
            }

            @Override
            public void save(ExperimentSession session) throws IOException {
                r.save(session);
            }

            @Override
            public void discard() throws IOException {
                r.discard();
            }

            @Override
            public void closeCleanly() throws IOException {
                r.closeCleanly();
            }
        };
    }

    /** Session files, no recovery file (tests, second windows). */
    static WorkbenchViewModel.Storage filesOnly() {
        return new WorkbenchViewModel.Storage(FILES, null);
    }

    /** The storage of the application: session files, and autosave to {@code ~/.rankbench/recovery}. */
    static WorkbenchViewModel.Storage application() {
        return new WorkbenchViewModel.Storage(FILES, recovery(new SessionRecovery()));
    }
}
