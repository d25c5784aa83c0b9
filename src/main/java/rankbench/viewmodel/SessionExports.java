package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.export.SessionCsv;
import rankbench.experiment.session.export.SessionReport;

/**
 * The window's exports of the session (File ▸ Export and the run archive): the HTML report of the session,
 * all runs as CSV, and selected runs as a model file ({@code .rbm}) or as CSV. Every export runs on the
 * {@link TaskExecutor}, says what it does in the status line, and on failure shows one error naming the
 * file; the writers are atomic, so a failed export leaves any existing file untouched and nothing in the
 * session changes. A diverged or failed run has no result and its model is never exported.
 */
public final class SessionExports {

    private final SessionViewModel session;
    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final Consumer<String> status;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    /** Creates the exports of {@code session}; {@code status} receives status-line text. */
    public SessionExports(
            SessionViewModel session,
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            Consumer<String> status) {
        this.session = session;
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.status = status;
    }

    /**
     * Returns why {@code run}'s model cannot be exported, or "" if it can: a diverged or failed run has no
     * result, and a run without weights (cancelled before it started) has nothing to write.
     */
    public static String modelRefusal(Run run) {
        if (!run.hasResult()) {
            return run.id() + " " + run.status().id() + " (" + run.statusMessage() + "): it has no result, so its "
                    + "model is not exported";
        }
        if (run.model() == null) {
            return run.id() + " has no model to export (it " + run.status().id() + " before training made one)";
        }
        return "";
    }

    /** Writes the session's HTML report (runs table, Pareto chart, per-layer ranks, data, software). */
    public void exportReport(Path file) {
        ExperimentSession s = session.sessionProperty().get();
        if (s == null) {
            dialogs.showError("Nothing to export", "There is no session yet.");
            return;
        }
        run("Export report", "the session report", file, () -> {
            SessionReport.write(s, file);
            return List.of(file);
        });
    }

    /** Writes every run as CSV: {@code file} (the runs table) and {@code file-events.csv} (their histories). */
    public void exportRunsCsv(Path file) {
        ExperimentSession s = session.sessionProperty().get();
        if (s == null) {
            dialogs.showError("Nothing to export", "There is no session yet.");
            return;
        }
        run("Export runs as CSV", "the runs", file, () -> SessionCsv.writeSession(s, file));
    }

    /**
     * Writes the models of {@code runs}: to {@code target} for one run, else as {@code run-3.rbm} files in
     * the directory {@code target}. A run without a result is refused with one message before anything is
     * written.
     */
    public void exportRunModels(List<Run> runs, Path target) {
        if (runs.isEmpty()) {
            dialogs.showError("Nothing to export", "Select a run in the Runs tab first.");
            return;
        }
        List<String> refused = runs.stream()
                .map(SessionExports::modelRefusal)
                .filter(m -> !m.isEmpty())
                .toList();
        if (!refused.isEmpty()) {
            status.accept("Model export refused: " + refused.get(0));
            dialogs.showError("Cannot export the model", String.join("\n", refused));
            return;
        }
        List<Run> copy = List.copyOf(runs);
        run("Export run model", describe(copy, "the model of "), target, () -> {
            List<Path> written = new ArrayList<>();
            for (Run r : copy) {
                Path f = copy.size() == 1 ? target : target.resolve(fileName(r, ".rbm"));
                ModelFiles.write(r.model(), f);
                written.add(f);
            }
            return written;
        });
    }

    /**
     * Writes {@code runs} as CSV: for one run {@code target}, {@code target-events.csv} and
     * {@code target-plan.csv}; for several, those three files per run in the directory {@code target}.
     * Runs of any status are written (the status is a column).
     */
    public void exportRunsAsCsv(List<Run> runs, Path target) {
        ExperimentSession s = session.sessionProperty().get();
        if (s == null || runs.isEmpty()) {
            dialogs.showError("Nothing to export", "Select a run in the Runs tab first.");
            return;
        }
        List<Run> copy = List.copyOf(runs);
        run("Export run as CSV", describe(copy, ""), target, () -> {
            List<Path> written = new ArrayList<>();
            for (Run r : copy) {
                written.addAll(SessionCsv.writeRun(
                        s, r.id(), copy.size() == 1 ? target : target.resolve(fileName(r, ".csv"))));
            }
            return written;
        });
    }

    /** True while an export runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** {@code run-3.rbm}: the run's id as a file name (characters other than letters, digits, '-', '_' become '_'). */
    static String fileName(Run run, String extension) {
        return run.id().replaceAll("[^A-Za-z0-9_-]", "_") + extension;
    }

    private static String describe(List<Run> runs, String prefix) {
        return runs.size() == 1 ? prefix + runs.get(0).id() : runs.size() + " runs";
    }

    private void run(String title, String what, Path target, Callable<List<Path>> work) {
        busy.set(true);
        status.accept("Exporting " + what + " to " + target.getFileName() + "\u2026");
        tasks.submit(title, work)
                .whenComplete((files, err) -> ui.execute(() -> {
                    busy.set(false);
                    if (err != null) {
                        status.accept("Export of " + what + " failed; nothing was changed");
                        dialogs.showError("Cannot export " + what, target + ": " + WorkbenchViewModel.message(err));
                        return;
                    }
                    status.accept(String.format(
                            Locale.ROOT,
                            "Exported %s: %s",
                            what,
                            String.join(
                                    ", ",
                                    files.stream()
                                            .map(p -> String.valueOf(p.getFileName()))
                                            .toList())));
                }));
    }
}
