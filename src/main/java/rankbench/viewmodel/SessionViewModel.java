package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ObservableList;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;

/**
 * The document of the window: the current {@link ExperimentSession}, the file it was opened from or saved
 * to, whether it has unsaved changes, the window title, its runs as an observable list, the selected run,
 * the session file commands (new, open, save, save as, recent sessions), the question before unsaved
 * changes are discarded, and autosave to a recovery file.
 *
 * <p>Threading: UI thread only; reading and writing files run on the {@link TaskExecutor}. A failed open
 * or save shows one error and keeps what the user had. What a session <em>contains</em> on screen (model,
 * layers, plan) is installed by the {@link Host}, the workbench.
 *
 * <p>This is the public face of the document. Its state lives in a {@link SessionDocument}, the file
 * commands and the question before discarding changes in {@link SessionFileCommands}, the recent list in
 * {@link RecentSessions} and autosave in {@link Autosave}.
 */
public final class SessionViewModel {

    /** Extension of session files. */
    public static final String EXTENSION = ".rbsession";
    /** Most recent session files remembered. */
    public static final int MAX_RECENT = 8;

    /** What the document needs from the window's state: installing a session and showing a run. */
    public interface Host {
        /**
         * Prepares {@code session} for display on a background thread (spectra, layer tables) and returns
         * what installs it on the UI thread.
         */
        Runnable prepare(ExperimentSession session) throws Exception;

        /** Shows {@code run}'s model, plan and figures (UI thread). */
        void show(Run run);

        /** Starts a new session (e.g. loads the default model); UI thread. */
        void startNew();

        /** What is still running and would add a run to the session (null if nothing). */
        default String workInProgress() {
            return null;
        }
    }

    private final SessionDocument document = new SessionDocument(this);
    private final RecentSessions recent = new RecentSessions();
    private final Autosave autosave;
    private final SessionFileCommands files;
    private final Command newCommand;
    private final Command saveCommand;
    private Host host;

    /**
     * Creates the document.
     *
     * @param store reads and writes session files
     * @param recovery the autosave file (null: no autosave)
     * @param scheduler timer for autosave
     * @param autosaveMinutes minutes between autosaves (0: none)
     */
    public SessionViewModel(
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            SessionStore store,
            RecoveryStore recovery,
            Scheduler scheduler,
            double autosaveMinutes) {
        this.autosave = new Autosave(this, tasks, ui, dialogs, recovery, scheduler, autosaveMinutes);
        this.files = new SessionFileCommands(this, document, recent, autosave, tasks, ui, dialogs, store);
        newCommand = new Command(this::newSession, files.busy.not());
        saveCommand = new Command(this::save, files.busy.not().and(document.session.isNotNull()));
    }

    /** Connects the workbench (once, before any command runs); {@code status} receives status-line text. */
    void connect(Host h, Consumer<String> statusLine) {
        this.host = h;
        files.connect(h, statusLine);
        autosave.setStatus(statusLine);
    }

    // ---------------------------------------------------------------- the document

    /**
     * Starts a new document holding {@code s} (no file, no unsaved changes), e.g. when a model is loaded.
     * The runs list shows its runs; nothing is selected unless the session says so.
     */
    public void start(ExperimentSession s) {
        document.install(s, null);
    }

    /** Changes the session (a new plan, dataset, title) and marks it unsaved; nothing happens without one. */
    public void edit(UnaryOperator<ExperimentSession> change) {
        document.edit(change);
    }

    /**
     * Changes the session without marking it unsaved: facts the window learns that the user did not change
     * (the dataset reference once the data has loaded).
     */
    void amend(UnaryOperator<ExperimentSession> change) {
        document.amend(change);
    }

    /**
     * Adds a run to the session, whatever its status, with a fresh id ({@code run-N}); returns it as stored.
     * Marks the session unsaved.
     */
    public Run addRun(Run run) {
        return document.addRun(run);
    }

    /**
     * Replaces the run with the same id (a figure measured later, e.g. the test accuracy); the selection
     * follows. Marks the session unsaved.
     */
    public Run updateRun(Run run) {
        return document.updateRun(run);
    }

    /**
     * Selects {@code run} and restores its model, plan and figures in the window (what the run archive
     * calls). The selection is saved with the session but is not by itself an unsaved change. A run not in
     * this session is ignored.
     */
    public void restore(Run run) {
        Run stored = document.select(run);
        if (stored != null && host != null) {
            host.show(stored);
        }
    }

    /** Deselects the run on screen (an edit starts a new plan on the base model; the edit marks the change). */
    public void clearSelection() {
        document.clearSelection();
    }

    // ---------------------------------------------------------------- file commands

    /** Starts a new session on the default model, after asking about unsaved changes. */
    public void newSession() {
        files.newSession();
    }

    /** Opens a session file in the background, after asking about unsaved changes; on failure keeps the current one. */
    public void open(Path f) {
        files.open(f);
    }

    /** Saves to the session's file, or asks for one if it has none. */
    public void save() {
        files.save();
    }

    /** Saves to {@code f} in the background and makes it the session's file. */
    public void saveAs(Path f) {
        files.saveAs(f, () -> {});
    }

    /** A file name for an unsaved session. */
    public String suggestedName() {
        return document.suggestedName();
    }

    /**
     * Runs {@code then} if the session has no unsaved changes, or after asking: Save (then runs once the
     * save succeeded), Don't Save (runs at once), Cancel (does nothing).
     *
     * @param action what would discard the changes, for the question
     */
    public void whenSafeToDiscard(String action, Runnable then) {
        files.whenSafeToDiscard(action, then);
    }

    /**
     * Closes the document: asks about unsaved changes, and if the user goes on, stops autosave, deletes the
     * recovery file, records a clean exit and runs {@code close} (which closes the window).
     */
    public void requestClose(Runnable close) {
        files.requestClose(close);
    }

    // ---------------------------------------------------------------- recent sessions

    /** Recently opened or saved session files, newest first (the app keeps them in its preferences). */
    public ObservableList<Path> recentSessions() {
        return recent.view();
    }

    /** Replaces the recent list (from the app's preferences). */
    public void setRecentSessions(List<Path> paths) {
        recent.setAll(paths);
    }

    // ---------------------------------------------------------------- autosave and recovery

    /**
     * Claims the recovery file and schedules autosave every few minutes; call once the window is up. If
     * a previous window left an autosave without a clean exit, asks whether to recover it (it opens as an
     * unsaved session) or discard it.
     */
    public void startAutosaveAndOfferRecovery() {
        autosave.start();
    }

    /** Writes the session to the recovery file in the background if it has unsaved changes. */
    public void autosave() {
        autosave.saveNow();
    }

    /** Opens a recovered session as an unsaved document (after asking about the current one's changes). */
    void openRecovered(ExperimentSession s) {
        files.openRecovered(s);
    }

    // ---------------------------------------------------------------- properties

    /** The session (null until a model is loaded). */
    public ReadOnlyObjectProperty<ExperimentSession> sessionProperty() {
        return document.session.getReadOnlyProperty();
    }

    /** The session's file (null until saved or opened). */
    public ReadOnlyObjectProperty<Path> fileProperty() {
        return document.file.getReadOnlyProperty();
    }

    /** True if the session has changes not saved to its file. */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return document.dirty.getReadOnlyProperty();
    }

    /** True while a session file is read or written. */
    public ReadOnlyBooleanProperty busyProperty() {
        return files.busy.getReadOnlyProperty();
    }

    /** The window title: {@code RankBench — name.rbsession •} (the dot marks unsaved changes). */
    public ReadOnlyStringProperty titleProperty() {
        return document.title.getReadOnlyProperty();
    }

    /** Every run of the session, oldest first (read-only; use {@link #addRun} and {@link #updateRun}). */
    public ObservableList<Run> runs() {
        return document.runsView;
    }

    /** The run whose model and figures are on screen (null: the base model with the plan on screen). */
    public ReadOnlyObjectProperty<Run> selectedRunProperty() {
        return document.selectedRun.getReadOnlyProperty();
    }

    /** File ▸ New Session. */
    public Command newCommand() {
        return newCommand;
    }

    /** File ▸ Save. */
    public Command saveCommand() {
        return saveCommand;
    }
}
