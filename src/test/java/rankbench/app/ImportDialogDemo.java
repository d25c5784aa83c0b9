package rankbench.app;

import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.ModelFiles;
import rankbench.viewmodel.ImportAnswers;
import rankbench.viewmodel.WorkbenchSettings;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

/**
 * A throwaway look at the safetensors import: the window as the application starts it (with scratch
 * preferences), which opens {@code -Ddemo.open=FILE.safetensors} once the default model is loaded, as
 * File ▸ Open Model does ({@code -Ddemo.remembered=true}: with answers remembered for it). Screenshots are taken from outside (Xvfb + {@code import}).
 */
public final class ImportDialogDemo extends Application {

    @Override
    public void start(Stage stage) {
        WorkbenchSettings settings = WorkbenchSettings.defaults();
        Preferences prefs = Preferences.userRoot().node("rankbench-demo/" + System.nanoTime());
        Path file = Path.of(System.getProperty("demo.open"));
        if (Boolean.getBoolean("demo.remembered")) { // straight to the import, e.g. to see a mismatch
            new PrefsImportAnswers(prefs.node("safetensorsImport"))
                    .remember(
                            file,
                            new ImportAnswers(
                                    Architecture.RESNET20,
                                    new FeatureShape(1, 28, 28),
                                    List.of(),
                                    new float[] {0f},
                                    new float[] {1f},
                                    null));
        }
        WorkbenchViewModel vm = MainWindow.show(
                        stage,
                        dialogs -> new WorkbenchViewModel(
                                new FxServices.Tasks(),
                                FxServices.UI,
                                dialogs,
                                ModelFiles::readDefault,
                                settings,
                                Workers.background(settings.evalBatch()),
                                SessionStorage.filesOnly()),
                        prefs)
                .viewModel();
        boolean[] opened = {false};
        vm.busyProperty().addListener((o, was, now) -> {
            if (was && !now && !opened[0]) { // once, after the default model
                opened[0] = true;
                Platform.runLater(() -> vm.openModel(file));
            }
        });
    }

    /** Starts the demo. */
    public static void main(String[] args) {
        launch(args);
    }
}
