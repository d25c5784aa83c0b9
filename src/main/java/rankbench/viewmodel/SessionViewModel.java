package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
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

    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final SessionStore store;
    private Host host;
    private Consumer<String> status = s -> {};

    private final ReadOnlyObjectWrapper<ExperimentSession> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "RankBench");
    private final ReadOnlyObjectWrapper<Run> selectedRun = new ReadOnlyObjectWrapper<>(this, "selectedRun");
    private final ObservableList<Run> runs = FXCollections.observableArrayList();
    private final ObservableList<Run> runsView = FXCollections.unmodifiableObservableList(runs);
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ObservableList<Path> recentView = FXCollections.unmodifiableObservableList(recent);
    private final Command newCommand;
    private final Command saveCommand;
    private long version;
    private final Autosave autosave;

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
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.store = store;
        this.autosave = new Autosave(this, tasks, ui, dialogs, recovery, scheduler, autosaveMinutes);
        newCommand = new Command(this::newSession, busy.not());
        saveCommand = new Command(this::save, busy.not().and(session.isNotNull()));
        title.bind(Bindings.createStringBinding(this::titleText, file, dirty, session));
    }

    /** Connects the workbench (once, before any command runs); {@code status} receives status-line text. */
    void connect(Host h, Consumer<String> statusLine) {
        this.host = h;
        this.status = statusLine;
        autosave.setStatus(statusLine);
    }

    private String titleText() {
        String name = file.get() != null
                ? String.valueOf(file.get().getFileName())
                : session.get() == null ? "" : "Untitled" + EXTENSION;
        if (name.isEmpty()) {
            return "RankBench";
        }
        return "RankBench \u2014 " + name + (dirty.get() ? " \u2022" : "");
    }

    // ---------------------------------------------------------------- the document

    /**
     * Starts a new document holding {@code s} (no file, no unsaved changes), e.g. when a model is loaded.
     * The runs list shows its runs; nothing is selected unless the session says so.
     */
    public void start(ExperimentSession s) {
        install(s, null);
    }

    private void install(ExperimentSession s, Path f) {
        session.set(s);
        runs.setAll(s.runs());
        selectedRun.set(s.selectedRunId() == null ? null : s.run(s.selectedRunId()));
        file.set(f);
        dirty.set(false);
        version++;
    }

    /** Changes the session (a new plan, dataset, title) and marks it unsaved; nothing happens without one. */
    public void edit(UnaryOperator<ExperimentSession> change) {
        ExperimentSession s = session.get();
        if (s == null) {
            return;
        }
        ExperimentSession n = change.apply(s);
        if (!n.equals(s)) {
            session.set(n);
            dirty.set(true);
            version++;
        }
    }

    /**
     * Changes the session without marking it unsaved: facts the window learns that the user did not change
     * (the dataset reference once the data has loaded).
     */
    void amend(UnaryOperator<ExperimentSession> change) {
        ExperimentSession s = session.get();
        if (s != null) {
            session.set(change.apply(s));
        }
    }

    /**
     * Adds a run to the session, whatever its status, with a fresh id ({@code run-N}); returns it as stored.
     * Marks the session unsaved.
     */
    public Run addRun(Run run) {
        ExperimentSession s = session.get();
        if (s == null) {
            throw new IllegalStateException("no session: load a model first");
        }
        Run stored = run.withId(s.nextRunId());
        edit(x -> x.withRun(stored));
        runs.add(stored);
        return stored;
    }

    /**
     * Replaces the run with the same id (a figure measured later, e.g. the test accuracy); the selection
     * follows. Marks the session unsaved.
     */
    public Run updateRun(Run run) {
        edit(x -> x.withUpdatedRun(run));
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).id().equals(run.id())) {
                runs.set(i, run);
            }
        }
        if (selectedRun.get() != null && selectedRun.get().id().equals(run.id())) {
            selectedRun.set(run);
        }
        return run;
    }

    /**
     * Selects {@code run} and restores its model, plan and figures in the window (what the run archive
     * calls). The selection is saved with the session but is not by itself an unsaved change. A run not in
     * this session is ignored.
     */
    public void restore(Run run) {
        ExperimentSession s = session.get();
        if (run == null || s == null || s.run(run.id()) == null) {
            return;
        }
        Run stored = s.run(run.id());
        // looking at a run is not an unsaved change; the selection and plan are saved with the next save
        amend(x -> x.withSelectedRunId(run.id()).withCurrentPlan(stored.plan()));
        selectedRun.set(stored);
        if (host != null) {
            host.show(stored);
        }
    }

    /** Deselects the run on screen (an edit starts a new plan on the base model; the edit marks the change). */
    public void clearSelection() {
        if (selectedRun.get() != null) {
            selectedRun.set(null);
            amend(x -> x.withSelectedRunId(null));
        }
    }

    // ---------------------------------------------------------------- file commands

    /** Starts a new session on the default model, after asking about unsaved changes. */
    public void newSession() {
        whenSafeToDiscard("starting a new session", () -> {
            if (host != null) {
                host.startNew();
            }
        });
    }

    /** Opens a session file in the background, after asking about unsaved changes; on failure keeps the current one. */
    public void open(Path f) {
        whenSafeToDiscard("opening another session", () -> openNow(f, null));
    }

    private void openNow(Path f, ExperimentSession recoveredSession) {
        boolean recovered = recoveredSession != null;
        String name = String.valueOf(recovered ? "the autosaved session" : f.getFileName());
        busy.set(true);
        status.accept("Opening " + name + "\u2026");
        tasks.submit("Open " + name, () -> {
                    ExperimentSession s = recovered ? recoveredSession : store.read(f);
                    Runnable show = host == null ? () -> {} : host.prepare(s);
                    return new Object[] {s, show};
                })
                .whenComplete((r, err) -> ui.execute(() -> {
                    busy.set(false);
                    if (err != null) {
                        status.accept("Could not open " + name + "; kept the current session");
                        dialogs.showError("Cannot open the session", WorkbenchViewModel.message(err));
                        if (!recovered && f != null) {
                            recent.remove(f.toAbsolutePath());
                        }
                        return;
                    }
                    ExperimentSession s = (ExperimentSession) r[0];
                    install(s, recovered ? null : f);
                    ((Runnable) r[1]).run();
                    if (recovered) {
                        dirty.set(true); // recovered work is not saved anywhere yet
                        autosave.discardPending(); // taken: the next autosave keeps it from now on
                    } else {
                        addRecent(f);
                    }
                    status.accept((recovered ? "Recovered the autosaved session" : "Opened " + name) + ": "
                            + s.runs().size() + " run" + (s.runs().size() == 1 ? "" : "s"));
                }));
    }

    /** Saves to the session's file, or asks for one if it has none. */
    public void save() {
        Path f = file.get();
        if (f == null) {
            f = dialogs.chooseSaveFile("Save Session", suggestedName());
            if (f == null) {
                return;
            }
        }
        saveAs(f, () -> {});
    }

    /** Saves to {@code f} in the background and makes it the session's file. */
    public void saveAs(Path f) {
        saveAs(f, () -> {});
    }

    private void saveAs(Path target, Runnable then) {
        ExperimentSession s = session.get();
        if (s == null) {
            return;
        }
        Path f = target.getFileName().toString().contains(".")
                ? target
                : target.resolveSibling(target.getFileName() + EXTENSION);
        long saving = version;
        busy.set(true);
        status.accept("Saving " + f.getFileName() + "\u2026");
        tasks.submit("Save " + f.getFileName(), () -> {
                    store.write(s, f);
                    return f;
                })
                .whenComplete((ok, err) -> ui.execute(() -> {
                    busy.set(false);
                    if (err != null) {
                        status.accept("Could not save " + f.getFileName() + "; nothing was lost");
                        dialogs.showError("Cannot save the session", WorkbenchViewModel.message(err));
                        return;
                    }
                    file.set(f);
                    if (version == saving) {
                        dirty.set(false);
                    }
                    addRecent(f);
                    status.accept("Saved " + f.getFileName());
                    then.run();
                }));
    }

    /** A file name for an unsaved session. */
    public String suggestedName() {
        ExperimentSession s = session.get();
        String t = s == null ? "session" : s.title().replaceAll("[^A-Za-z0-9._-]+", "-");
        return (t.isBlank() ? "session" : t) + EXTENSION;
    }

    /**
     * Runs {@code then} if the session has no unsaved changes, or after asking: Save (then runs once the
     * save succeeded), Don't Save (runs at once), Cancel (does nothing).
     *
     * @param action what would discard the changes, for the question
     */
    public void whenSafeToDiscard(String action, Runnable then) {
        String running = host == null ? null : host.workInProgress();
        if (running != null && !action.startsWith("closing")) {
            dialogs.showError(
                    "Cannot replace the session now",
                    running + ": its run belongs to this session. "
                            + "Wait until it ends or cancel it, then try again.");
            return;
        }
        if (running != null
                && !dialogs.confirm(
                        "Quit while a run is in progress?",
                        running + " is still running. Quitting cancels it, and the run it would add to the "
                                + "session is lost. Quit anyway?")) {
            return;
        }
        if (!dirty.get() || session.get() == null) {
            then.run();
            return;
        }
        DiscardChoice c = dialogs.confirmDiscard(titleName(), action);
        if (c == DiscardChoice.DISCARD) {
            then.run();
        } else if (c == DiscardChoice.SAVE) {
            Path f = file.get() != null ? file.get() : dialogs.chooseSaveFile("Save Session", suggestedName());
            if (f != null) {
                saveAs(f, then);
            }
        }
    }

    private String titleName() {
        return file.get() != null ? String.valueOf(file.get().getFileName()) : "Untitled" + EXTENSION;
    }

    /**
     * Closes the document: asks about unsaved changes, and if the user goes on, stops autosave, deletes the
     * recovery file, records a clean exit and runs {@code close} (which closes the window).
     */
    public void requestClose(Runnable close) {
        whenSafeToDiscard("closing RankBench", () -> {
            autosave.close();
            close.run();
        });
    }

    // ---------------------------------------------------------------- recent sessions

    /** Recently opened or saved session files, newest first (the app keeps them in its preferences). */
    public ObservableList<Path> recentSessions() {
        return recentView;
    }

    /** Replaces the recent list (from the app's preferences). */
    public void setRecentSessions(List<Path> paths) {
        List<Path> l = new ArrayList<>();
        for (Path p : paths) {
            Path a = p.toAbsolutePath();
            if (!l.contains(a) && l.size() < MAX_RECENT) {
                l.add(a);
            }
        }
        recent.setAll(l);
    }

    private void addRecent(Path f) {
        List<Path> l = new ArrayList<>(recent);
        l.remove(f.toAbsolutePath());
        l.add(0, f.toAbsolutePath());
        setRecentSessions(l);
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
        whenSafeToDiscard("recovering the autosaved session", () -> openNow(null, s));
    }

    // ---------------------------------------------------------------- properties

    /** The session (null until a model is loaded). */
    public ReadOnlyObjectProperty<ExperimentSession> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    /** The session's file (null until saved or opened). */
    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    /** True if the session has changes not saved to its file. */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    /** True while a session file is read or written. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The window title: {@code RankBench — name.rbsession •} (the dot marks unsaved changes). */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Every run of the session, oldest first (read-only; use {@link #addRun} and {@link #updateRun}). */
    public ObservableList<Run> runs() {
        return runsView;
    }

    /** The run whose model and figures are on screen (null: the base model with the plan on screen). */
    public ReadOnlyObjectProperty<Run> selectedRunProperty() {
        return selectedRun.getReadOnlyProperty();
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
