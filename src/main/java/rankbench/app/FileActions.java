package rankbench.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.prefs.Preferences;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.input.TransferMode;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
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
        s.recentSessions().addListener((ListChangeListener<Path>) c -> prefs.put("recentSessions",
                String.join("\n", s.recentSessions().stream().map(Path::toString).toList())));
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
        Path p = remember(chooser("Export Model", MODELS, "factorised.rbm").showSaveDialog(stage));
        if (p != null) {
            vm.exportFactorised(p);
        }
    }

    void exportPyTorch() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Export for PyTorch (writes model.safetensors and model.json into a directory)");
        String last = prefs.get("lastDir", null);
        if (last != null && new File(last).isDirectory()) {
            dc.setInitialDirectory(new File(last));
        }
        File d = dc.showDialog(stage);
        if (d != null) {
            prefs.put("lastDir", d.getPath());
            vm.exportPyTorch(d.toPath());
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
