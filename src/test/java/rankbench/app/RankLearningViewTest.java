package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.controlsfx.control.PropertySheet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.methods.TrpParams;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.training.RunStatus;
import rankbench.viewmodel.RankLearningViewModel;
import rankbench.viewmodel.WorkbenchSettings;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

/** The rank-learning tab, headless: the real default model, a tiny data subset, a real TRP run, cancelled. */
@ExtendWith(ApplicationExtension.class)
class RankLearningViewTest {

    private static final WorkbenchSettings SETTINGS =
            new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 50, 50, 50, 128, 16, 50);

    private MainWindow window;
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        Preferences prefs = Preferences.userRoot().node("rankbench-test/" + System.nanoTime());
        prefs.putDouble("width", 1200);
        prefs.putDouble("height", 760);
        prefs.putDouble("x", 0);
        prefs.putDouble("y", 0);
        prefs.putInt("tab", 2);
        window = MainWindow.show(
                stage,
                dialogs -> new WorkbenchViewModel(
                        new FxServices.Tasks(),
                        FxServices.UI,
                        dialogs,
                        ModelFiles::readDefault,
                        SETTINGS,
                        Workers.background(SETTINGS.evalBatch(), false)),
                prefs);
        vm = window.viewModel();
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void pickAMethodStartSeeProgressAndHeatMapThenCancel(FxRobot robot) throws Exception {
        RankLearningViewModel rl = vm.rankLearning();
        waitUntil(() -> vm.modelProperty().get() != null && vm.dataProperty().get() != null);
        assertEquals(
                Workspace.RANK_LEARNING,
                window.workspaces().currentProperty().get(),
                "the rank-learning tab of earlier versions opens the rank-learning workspace");

        ComboBox<String> picker = robot.lookup("#methodPicker").queryComboBox();
        assertEquals(rl.methods(), picker.getItems());
        robot.interact(() -> picker.getSelectionModel().select("lra"));
        PropertySheet sheet = (PropertySheet) robot.lookup("#hyperparameters").query();
        assertTrue(
                sheet.getItems().stream()
                        .anyMatch(i -> i.getName().equalsIgnoreCase("rank rule")
                                || i.getName().equalsIgnoreCase("rankRule")),
                sheet.getItems().toString());
        robot.interact(() -> picker.getSelectionModel().select("trp"));
        assertTrue(rl.parametersProperty().get() instanceof TrpParams);

        // an invalid value entered through the sheet disables Start and shows why
        PropertySheet.Item period = sheet.getItems().stream()
                .filter(i -> i.getName().equalsIgnoreCase("period"))
                .findFirst()
                .orElseThrow();
        robot.interact(() -> period.setValue(0));
        Button learn = robot.lookup("#learnButton").queryButton();
        assertTrue(learn.isDisabled());
        assertFalse(robot.lookup("#validationMessage")
                .queryAs(Label.class)
                .getText()
                .isEmpty());
        robot.interact(() -> period.setValue(2));
        assertFalse(learn.isDisabled());
        robot.interact(() -> rl.epochsProperty().set(50));

        robot.clickOn("#learnButton");
        assertTrue(rl.runningProperty().get());
        waitUntil(() ->
                window.rankLearningView().heatMap().columns() >= 2 && rl.loss().size() >= 2);
        assertTrue(window.rankLearningView().heatMap().rows() > 5);
        ProgressBar progress = (ProgressBar) robot.lookup("#learnProgress").query();
        assertTrue(progress.getProgress() > 0 && progress.getProgress() < 1, "progress " + progress.getProgress());
        assertTrue(window.rankLearningView().spectrumChart().valueCount() > 0);
        assertTrue(robot.lookup("#rankHeatMap").query().isVisible());

        robot.clickOn("#cancelLearnButton");
        waitUntil(() -> !rl.runningProperty().get());
        String text = robot.lookup("#learnResult").queryAs(Label.class).getText();
        assertTrue(text.contains("cancelled"), text);
        assertFalse(learn.isDisabled());
        waitUntil(() -> vm.session().runs().size() == 1);
        assertEquals(RunStatus.CANCELLED, vm.session().runs().get(0).status(), "a cancelled run is kept, as cancelled");
    }
}
