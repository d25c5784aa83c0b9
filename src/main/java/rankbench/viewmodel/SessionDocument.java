package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;

/**
 * The state of the document, as observables: the current {@link ExperimentSession}, the file it was
 * opened from or saved to, whether it has unsaved changes, the window title, its runs as an observable list
 * and the selected run. It also counts edits, so that a save which finishes after a later edit leaves the
 * session marked unsaved.
 *
 * <p>It reads and writes no files and asks the user nothing: {@link SessionViewModel} edits it and
 * {@link SessionFileCommands} installs what was opened and records what was saved.
 *
 * <p>Threading: UI thread only.
 */
final class SessionDocument {

    final ReadOnlyObjectWrapper<ExperimentSession> session;
    final ReadOnlyObjectWrapper<Path> file;
    final ReadOnlyBooleanWrapper dirty;
    final ReadOnlyStringWrapper title;
    final ReadOnlyObjectWrapper<Run> selectedRun;
    private final ObservableList<Run> runs = FXCollections.observableArrayList();
    final ObservableList<Run> runsView = FXCollections.unmodifiableObservableList(runs);
    private long version;

    /** Creates an empty document whose properties name {@code bean} as their bean. */
    SessionDocument(Object bean) {
        session = new ReadOnlyObjectWrapper<>(bean, "session");
        file = new ReadOnlyObjectWrapper<>(bean, "file");
        dirty = new ReadOnlyBooleanWrapper(bean, "dirty");
        title = new ReadOnlyStringWrapper(bean, "title", "RankBench");
        selectedRun = new ReadOnlyObjectWrapper<>(bean, "selectedRun");
        title.bind(Bindings.createStringBinding(this::titleText, file, dirty, session));
    }

    private String titleText() {
        String name = file.get() != null
                ? String.valueOf(file.get().getFileName())
                : session.get() == null ? "" : "Untitled" + SessionViewModel.EXTENSION;
        if (name.isEmpty()) {
            return "RankBench";
        }
        return "RankBench \u2014 " + name + (dirty.get() ? " \u2022" : "");
    }

    /** The name of the document in questions: its file name, or {@code Untitled.rbsession}. */
    String titleName() {
        return file.get() != null ? String.valueOf(file.get().getFileName()) : "Untitled" + SessionViewModel.EXTENSION;
    }

    /** A file name for an unsaved session. */
    String suggestedName() {
        ExperimentSession s = session.get();
        String t = s == null ? "session" : s.title().replaceAll("[^A-Za-z0-9._-]+", "-");
        return (t.isBlank() ? "session" : t) + SessionViewModel.EXTENSION;
    }

    /** Makes {@code s}, from file {@code f} (null: none), the document, with no unsaved changes. */
    void install(ExperimentSession s, Path f) {
        session.set(s);
        runs.setAll(s.runs());
        selectedRun.set(s.selectedRunId() == null ? null : s.run(s.selectedRunId()));
        file.set(f);
        dirty.set(false);
        version++;
    }

    /** The edit count, taken when a save starts (see {@link #saved}). */
    long version() {
        return version;
    }

    /**
     * Records that the session as it was at edit count {@code savedVersion} was written to {@code f}: the
     * file becomes the document's, and the changes are saved unless it was edited since.
     */
    void saved(Path f, long savedVersion) {
        file.set(f);
        if (version == savedVersion) {
            dirty.set(false);
        }
    }

    /** Marks the document unsaved (recovered work is saved nowhere yet). */
    void markDirty() {
        dirty.set(true);
    }

    /** Changes the session and marks it unsaved if it changed; nothing happens without one. */
    void edit(UnaryOperator<ExperimentSession> change) {
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

    /** Changes the session without marking it unsaved. */
    void amend(UnaryOperator<ExperimentSession> change) {
        ExperimentSession s = session.get();
        if (s != null) {
            session.set(change.apply(s));
        }
    }

    /** Adds a run with a fresh id, marks the session unsaved and returns the run as stored. */
    Run addRun(Run run) {
        ExperimentSession s = session.get();
        if (s == null) {
            throw new IllegalStateException("no session: load a model first");
        }
        Run stored = run.withId(s.nextRunId());
        edit(x -> x.withRun(stored));
        runs.add(stored);
        return stored;
    }

    /** Replaces the run with the same id in the session, the runs list and the selection. */
    Run updateRun(Run run) {
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
     * Selects the stored run with {@code run}'s id and makes its plan the current one, without marking the
     * session unsaved; returns the stored run, or null (and changes nothing) if it is not in this session.
     */
    Run select(Run run) {
        ExperimentSession s = session.get();
        if (run == null || s == null || s.run(run.id()) == null) {
            return null;
        }
        Run stored = s.run(run.id());
        // looking at a run is not an unsaved change; the selection and plan are saved with the next save
        amend(x -> x.withSelectedRunId(run.id()).withCurrentPlan(stored.plan()));
        selectedRun.set(stored);
        return stored;
    }

    /** Deselects the run on screen. */
    void clearSelection() {
        if (selectedRun.get() != null) {
            selectedRun.set(null);
            amend(x -> x.withSelectedRunId(null));
        }
    }
}
