package rankbench.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.prefs.Preferences;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.input.TransferMode;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import rankbench.experiment.session.Run;
import rankbench.viewmodel.SessionExports;
import rankbench.viewmodel.SessionViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/**
 * The window's file dialogs and file drops: sessions, models, datasets, plans, exports; remembers the
 * last directory and the recent sessions in the preferences. The work itself is the view models'.
 */
final class FileActions {

    private static final FileChooser.ExtensionFilter SESSIONS =
            new FileChooser.ExtensionFilter("RankBench sessions (*.rbsession)", "*" + SessionViewModel.EXTENSION);
    private static final FileChooser.ExtensionFilter MODELS =
            new FileChooser.ExtensionFilter("RankBench models (*.rbm)", "*.rbm");
    private static final FileChooser.ExtensionFilter MODELS_AND_WEIGHTS = new FileChooser.ExtensionFilter(
            "Models (*.rbm) and PyTorch weights (*.safetensors)", "*.rbm", "*.safetensors");
    private static final FileChooser.ExtensionFilter HTML =
            new FileChooser.ExtensionFilter("HTML report (*.html)", "*.html");
    private static final FileChooser.ExtensionFilter CSV = new FileChooser.ExtensionFilter("CSV (*.csv)", "*.csv");
    private static final FileChooser.ExtensionFilter PLANS =
            new FileChooser.ExtensionFilter("Rank plans (*.json)", "*.json");

    private final Stage stage;
    private final Preferences prefs;
    private final WorkbenchViewModel vm;

    FileActions(Stage stage, Preferences prefs, WorkbenchViewModel vm) {
        this.stage = stage;
        this.prefs = prefs;
        this.vm = vm;
        vm.setImportAnswers(new PrefsImportAnswers(prefs.node("safetensorsImport")));
        SessionViewModel s = vm.session();
        String r = prefs.get("recentSessions", "");
        List<Path> recent = new ArrayList<>();
        for (String p : r.isEmpty() ? List.<String>of() : Arrays.asList(r.split("\n"))) {
            recent.add(Path.of(p));
        }
        s.setRecentSessions(recent);
        s.recentSessions().addListener((ListChangeListener<Path>) c -> prefs.put(
                "recentSessions",
                String.join(
                        "\n", s.recentSessions().stream().map(Path::toString).toList())));
    }

    private FileChooser chooser(String title, FileChooser.ExtensionFilter filter, String initialName) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(filter);
        if (initialName != null) {
            fc.setInitialFileName(initialName);
        }
        String last = prefs.get("lastDir", null);
        if (last != null && new File(last).isDirectory()) {
            fc.setInitialDirectory(new File(last));
        }
        return fc;
    }

    private Path remember(File f) {
        if (f == null) {
            return null;
        }
        prefs.put("lastDir", f.getParent());
        return f.toPath();
    }

    /** A save dialog for a session file (null if cancelled); also the dialog service's choice. */
    Path chooseSessionFile(String title, String suggested) {
        return remember(chooser(title, SESSIONS, suggested).showSaveDialog(stage));
    }

    void openSession() {
        Path p = remember(chooser("Open Session", SESSIONS, null).showOpenDialog(stage));
        if (p != null) {
            vm.session().open(p);
        }
    }

    void saveSessionAs() {
        Path p = chooseSessionFile("Save Session As", vm.session().suggestedName());
        if (p != null) {
            vm.session().saveAs(p);
        }
    }

    void openModel() {
        Path p = remember(chooser("Open Model", MODELS_AND_WEIGHTS, null).showOpenDialog(stage));
        if (p != null) {
            vm.openModel(p);
        }
    }

    void openDataset() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open Dataset (IDX, CIFAR binaries or image folders)");
        File d = dc.showDialog(stage);
        if (d != null) {
            vm.openDataset(d.toPath());
        }
    }

    void export() {
        Path p = remember(chooser("Export Model", MODELS, "factorized.rbm").showSaveDialog(stage));
        if (p != null) {
            vm.exportFactorized(p);
        }
    }

    void exportPyTorch() {
        Path d =
                directoryPicker.choose("Export for PyTorch (writes model.safetensors and model.json into a directory)");
        if (d != null) {
            vm.exportPyTorch(d);
        }
    }

    /** Asks where to save (a file chooser in the window; replaced in tests). */
    @FunctionalInterface
    interface SaveChooser {
        /** Returns the file to write ({@code extension} appended if missing), or null if cancelled. */
        Path choose(String title, FileChooser.ExtensionFilter filter, String suggestedName, String extension);
    }

    /** Asks for a directory (null if cancelled); replaced in tests. */
    @FunctionalInterface
    interface DirectoryPicker {
        /** Returns the chosen directory, or null. */
        Path choose(String title);
    }

    private SaveChooser saveChooser = this::saveDialog;
    private DirectoryPicker directoryPicker = this::directoryDialog;

    private Path saveDialog(String title, FileChooser.ExtensionFilter filter, String name, String ext) {
        Path p = remember(chooser(title, filter, name).showSaveDialog(stage));
        return p == null || p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)
                ? p
                : p.resolveSibling(p.getFileName() + ext);
    }

    private Path directoryDialog(String title) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(title);
        String last = prefs.get("lastDir", null);
        if (last != null && new File(last).isDirectory()) {
            dc.setInitialDirectory(new File(last));
        }
        File d = dc.showDialog(stage);
        if (d != null) {
            prefs.put("lastDir", d.toString());
        }
        return d == null ? null : d.toPath();
    }

    /** Replaces the file dialogs of the exports (tests). */
    void setExportChoosers(SaveChooser save, DirectoryPicker directory) {
        this.saveChooser = save;
        this.directoryPicker = directory;
    }

    private String sessionStem() {
        String n = vm.session().suggestedName();
        return n.endsWith(SessionViewModel.EXTENSION)
                ? n.substring(0, n.length() - SessionViewModel.EXTENSION.length())
                : n;
    }

    /** File ▸ Export ▸ Session Report (HTML)…. */
    void exportReport() {
        Path p = saveChooser.choose("Export Session Report", HTML, sessionStem() + ".html", ".html");
        if (p != null) {
            vm.exports().exportReport(p);
        }
    }

    /** File ▸ Export ▸ Runs as CSV… (the runs table and, next to it, their events). */
    void exportRunsCsv() {
        Path p = saveChooser.choose("Export Runs as CSV", CSV, "runs.csv", ".csv");
        if (p != null) {
            vm.exports().exportRunsCsv(p);
        }
    }

    /** Exports the models of the runs selected in the Runs tab (one file, or a folder for several). */
    void exportRunModels(List<Run> selected) {
        List<Run> runs = List.copyOf(selected);
        if (runs.isEmpty()) {
            vm.exports().exportRunModels(runs, null); // says what to do
            return;
        }
        String refused = runs.stream()
                .map(SessionExports::modelRefusal)
                .filter(m -> !m.isEmpty())
                .findFirst()
                .orElse("");
        if (!refused.isEmpty()) {
            vm.exports().exportRunModels(runs, null); // refused before any dialog
            return;
        }
        Path p = runs.size() == 1
                ? saveChooser.choose("Export Run Model", MODELS, runs.get(0).id() + ".rbm", ".rbm")
                : directoryPicker.choose("Export the models of " + runs.size() + " runs to a folder");
        if (p != null) {
            vm.exports().exportRunModels(runs, p);
        }
    }

    /** Exports the runs selected in the Runs tab as CSV (row, events, plan per run). */
    void exportRunsAsCsv(List<Run> selected) {
        List<Run> runs = List.copyOf(selected);
        if (runs.isEmpty()) {
            vm.exports().exportRunsAsCsv(runs, null);
            return;
        }
        Path p = runs.size() == 1
                ? saveChooser.choose("Export Run as CSV", CSV, runs.get(0).id() + ".csv", ".csv")
                : directoryPicker.choose("Export " + runs.size() + " runs as CSV to a folder");
        if (p != null) {
            vm.exports().exportRunsAsCsv(runs, p);
        }
    }

    void openPlan() {
        Path p = remember(chooser("Open Plan", PLANS, null).showOpenDialog(stage));
        if (p != null) {
            vm.openPlan(p);
        }
    }

    void savePlan() {
        Path p = remember(chooser("Save Plan", PLANS, "plan.json").showSaveDialog(stage));
        if (p != null) {
            vm.savePlan(p);
        }
    }

    /** Dropped files: a session opens, a directory is a dataset, anything else a model. */
    void enableDrop(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok) {
                Path p = files.get(0).toPath();
                if (Files.isDirectory(p)) {
                    vm.openDataset(p);
                } else if (p.toString().endsWith(SessionViewModel.EXTENSION)) {
                    vm.session().open(p);
                } else {
                    vm.openModel(p);
                }
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }
}
