package rankbench.app;

import javafx.application.Application;
import javafx.stage.Stage;
import rankbench.viewmodel.WorkbenchViewModel;

/** The RankBench window application. */
public final class RankBenchApp extends Application {

    private final FxServices.Tasks tasks = new FxServices.Tasks();

    @Override
    public void start(Stage stage) {
        MainWindow.show(stage, dialogs -> new WorkbenchViewModel(tasks, FxServices.UI, dialogs));
    }
}
