package rankbench.app;

import java.util.Optional;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import rankbench.experiment.model.ModelFiles;
import rankbench.viewmodel.WorkbenchSettings;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

/** The RankBench window application. */
public final class RankBenchApp extends Application {

    private final FxServices.Tasks tasks = new FxServices.Tasks();

    @Override
    public void start(Stage stage) {
        Optional<String> deviceWarning = DeviceSetting.application().applyAtStart(); // before any network
        Theme.stored(Preferences.userNodeForPackage(MainWindow.class)).apply();
        WorkbenchSettings settings = WorkbenchSettings.defaults();
        MainWindow.show(
                stage,
                dialogs -> new WorkbenchViewModel(
                        tasks,
                        FxServices.UI,
                        dialogs,
                        ModelFiles::readDefault,
                        settings,
                        Workers.background(settings.evalBatch()),
                        SessionStorage.application()));
        deviceWarning.ifPresent(w -> {
            Alert a = new Alert(Alert.AlertType.WARNING, w);
            a.initOwner(stage);
            a.setHeaderText("No GPU");
            a.show();
        });
    }
}
