package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import rankbench.experiment.session.ExperimentSession;

/**
 * The session file commands of the {@link SessionDocument}: new, open, save, save as, recover and close,
 * each replacing the document only after the question before unsaved changes (or a run still in progress)
 * are discarded. It owns the busy flag, set while a session file is read or written, and keeps the
 * {@link RecentSessions} up to date. A failed open or save shows one error and keeps what the user had.
 *
 * <p>Threading: called on the UI thread. Reading and writing files (and the host's preparation of an opened
 * session) run on the {@link TaskExecutor}; their outcome is installed back on the UI thread through the
 * {@link UiExecutor}.
 */
final class SessionFileCommands {

    private final SessionDocument document;
    private final RecentSessions recent;
    private final Autosave autosave;
    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final SessionStore store;
    final ReadOnlyBooleanWrapper busy;
    private SessionViewModel.Host host;
    private Consumer<String> status = s -> {};

    SessionFileCommands(
            Object bean,
            SessionDocument document,
            RecentSessions recent,
            Autosave autosave,
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            SessionStore store) {
        this.document = document;
        this.recent = recent;
        this.autosave = autosave;
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.store = store;
        this.busy = new ReadOnlyBooleanWrapper(bean, "busy");
    }

    /** Connects the workbench; {@code statusLine} receives status-line text. */
    void connect(SessionViewModel.Host h, Consumer<String> statusLine) {
        this.host = h;
        this.status = statusLine;
    }

    /** See {@link SessionViewModel#newSession()}. */
    void newSession() {
        whenSafeToDiscard("starting a new session", () -> {
            if (host != null) {
                host.startNew();
            }
        });
    }

    /** See {@link SessionViewModel#open(Path)}. */
    void open(Path f) {
        whenSafeToDiscard("opening another session", () -> openNow(f, null));
    }

    /** Opens a recovered session as an unsaved document (after asking about the current one's changes). */
    void openRecovered(ExperimentSession s) {
        whenSafeToDiscard("recovering the autosaved session", () -> openNow(null, s));
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
                            recent.remove(f);
                        }
                        return;
                    }
                    ExperimentSession s = (ExperimentSession) r[0];
                    document.install(s, recovered ? null : f);
                    ((Runnable) r[1]).run();
                    if (recovered) {
                        document.markDirty(); // recovered work is not saved anywhere yet
                        autosave.discardPending(); // taken: the next autosave keeps it from now on
                    } else {
                        recent.add(f);
                    }
                    status.accept((recovered ? "Recovered the autosaved session" : "Opened " + name) + ": "
                            + s.runs().size() + " run" + (s.runs().size() == 1 ? "" : "s"));
                }));
    }

    /** See {@link SessionViewModel#save()}. */
    void save() {
        Path f = document.file.get();
        if (f == null) {
            f = dialogs.chooseSaveFile("Save Session", document.suggestedName());
            if (f == null) {
                return;
            }
        }
        saveAs(f, () -> {});
    }

    /** Saves to {@code target} in the background, makes it the session's file, then runs {@code then}. */
    void saveAs(Path target, Runnable then) {
        ExperimentSession s = document.session.get();
        if (s == null) {
            return;
        }
        Path f = target.getFileName().toString().contains(".")
                ? target
                : target.resolveSibling(target.getFileName() + SessionViewModel.EXTENSION);
        long saving = document.version();
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
                    document.saved(f, saving);
                    recent.add(f);
                    status.accept("Saved " + f.getFileName());
                    then.run();
                }));
    }

    /** See {@link SessionViewModel#whenSafeToDiscard(String, Runnable)}. */
    void whenSafeToDiscard(String action, Runnable then) {
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
        if (!document.dirty.get() || document.session.get() == null) {
            then.run();
            return;
        }
        DiscardChoice c = dialogs.confirmDiscard(document.titleName(), action);
        if (c == DiscardChoice.DISCARD) {
            then.run();
        } else if (c == DiscardChoice.SAVE) {
            Path f = document.file.get() != null
                    ? document.file.get()
                    : dialogs.chooseSaveFile("Save Session", document.suggestedName());
            if (f != null) {
                saveAs(f, then);
            }
        }
    }

    /** See {@link SessionViewModel#requestClose(Runnable)}. */
    void requestClose(Runnable close) {
        whenSafeToDiscard("closing RankBench", () -> {
            autosave.close();
            close.run();
        });
    }
}
