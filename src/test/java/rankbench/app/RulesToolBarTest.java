package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.lowrank.LatencyBudget;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.model.ModelFiles;
import rankbench.viewmodel.WorkbenchSettings;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

/** The one-shot rules row of the tool bar and the layer table's header tooltips, headless (Monocle). */
@ExtendWith(ApplicationExtension.class)
class RulesToolBarTest {

    private static final WorkbenchSettings SETTINGS =
            new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 100, 100, 50, 256, 32, 4);

    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        Preferences prefs = Preferences.userRoot().node("rankbench-test/" + System.nanoTime());
        prefs.putDouble("width", 1200);
        prefs.putDouble("height", 760);
        prefs.putDouble("x", 0);
        prefs.putDouble("y", 0);
        vm = MainWindow.show(
                        stage,
                        dialogs -> new WorkbenchViewModel(
                                new FxServices.Tasks(),
                                FxServices.UI,
                                dialogs,
                                ModelFiles::readDefault,
                                SETTINGS,
                                Workers.background(SETTINGS.evalBatch(), false)),
                        prefs)
                .viewModel();
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void everyLayerTableHeaderExplainsItsColumn(FxRobot robot) throws Exception {
        waitUntil(() -> !vm.layers().isEmpty());
        TableView<?> table = robot.lookup("#layerTable").queryTableView();
        assertEquals(12, table.getColumns().size());
        for (TableColumn<?, ?> c : table.getColumns()) {
            Label header = (Label) c.getGraphic();
            assertNotNull(header.getTooltip(), header.getText());
            assertFalse(header.getTooltip().getText().isBlank(), header.getText());
        }
        String latencyTip = table.getColumns().stream()
                .map(c -> (Label) c.getGraphic())
                .filter(l -> l.getText().equals("Latency"))
                .findFirst()
                .orElseThrow()
                .getTooltip()
                .getText();
        assertTrue(latencyTip.contains("not measured"), latencyTip); // these workers measure no latency
    }

    @Test
    void theChosenRuleShowsItsInputsAndABadBudgetIsExplained(FxRobot robot) throws Exception {
        waitUntil(() -> vm.modelProperty().get() != null && vm.heldOutProperty().get() != null);
        robot.interact(() -> robot.lookup("#oneShotRuleBox")
                .queryAs(ComboBox.class)
                .getSelectionModel()
                .select(OneShotRules.Kind.SENSITIVITY));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#lcAlphaField").tryQuery().isEmpty());
        robot.interact(() ->
                robot.lookup("#sensitivityBudgetField").queryAs(TextField.class).setText("0.5"));
        String message = robot.lookup("#oneShotError").queryAs(Label.class).getText();
        assertTrue(message.contains("must be >= 1"), message);
        assertTrue(robot.lookup("#applyOneShotButton").queryAs(Button.class).isDisabled());
        robot.interact(() ->
                robot.lookup("#sensitivityBudgetField").queryAs(TextField.class).setText("2"));
        assertEquals("", robot.lookup("#oneShotError").queryAs(Label.class).getText());
        assertFalse(robot.lookup("#applyOneShotButton").queryAs(Button.class).isDisabled());
    }

    @Test
    void applyingEvbmfFromTheBarChangesThePlanUndoably(FxRobot robot) throws Exception {
        waitUntil(() -> vm.modelProperty().get() != null);
        robot.clickOn("#applyOneShotButton");
        waitUntil(() -> vm.rules().lastRulePlanProperty().get() != null
                && !vm.rules().oneShot().applyCommand().runningProperty().get());
        assertTrue(vm.layers().stream().anyMatch(l -> l.factorizedProperty().get()));
        assertFalse(robot.lookup("#undoButton").queryAs(Button.class).isDisabled());
        assertTrue(robot.lookup("#sensitivityTableButton").queryAs(Button.class).isDisabled()); // no table yet
    }

    @Test
    void theLatencyRuleShowsItsBudgetBatchAndImagesAndExplainsABadOne(FxRobot robot) throws Exception {
        waitUntil(() -> vm.modelProperty().get() != null && vm.heldOutProperty().get() != null);
        robot.interact(() -> robot.lookup("#oneShotRuleBox")
                .queryAs(ComboBox.class)
                .getSelectionModel()
                .select(OneShotRules.Kind.LATENCY));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#sensitivityBudgetField").tryQuery().isEmpty());
        for (String id : new String[] {
            "#latencyBudgetBox",
            "#latencyBudgetField",
            "#latencyBatchField",
            "#latencyImagesField",
            "#latencyTableButton"
        }) {
            assertTrue(robot.lookup(id).tryQuery().isPresent(), id);
        }
        assertTrue(robot.lookup("#oneShotSchemeBox").queryAs(ComboBox.class).isDisabled()); // it times every scheme
        assertFalse(
                robot.lookup("#sensitivityTableButton").queryAs(Button.class).isVisible());
        assertTrue(robot.lookup("#latencyTableButton").queryAs(Button.class).isDisabled()); // nothing measured yet
        assertFalse(robot.lookup("#applyOneShotButton").queryAs(Button.class).isDisabled());
        robot.interact(() ->
                robot.lookup("#latencyBatchField").queryAs(TextField.class).setText("0"));
        String message = robot.lookup("#oneShotError").queryAs(Label.class).getText();
        assertTrue(message.contains("batch size must be >= 1"), message);
        assertTrue(robot.lookup("#applyOneShotButton").queryAs(Button.class).isDisabled());
        robot.interact(() -> {
            robot.lookup("#latencyBatchField").queryAs(TextField.class).setText("32");
            robot.lookup("#latencyBudgetBox")
                    .queryAs(ComboBox.class)
                    .getSelectionModel()
                    .select(LatencyBudget.Kind.MAX_DROP);
            robot.lookup("#latencyBudgetField").queryAs(TextField.class).setText("150");
        });
        message = robot.lookup("#oneShotError").queryAs(Label.class).getText();
        assertTrue(message.contains("accuracy drop"), message);
        robot.interact(() ->
                robot.lookup("#latencyBudgetField").queryAs(TextField.class).setText("1"));
        assertEquals("", robot.lookup("#oneShotError").queryAs(Label.class).getText());
        assertEquals(0.01, vm.rules().oneShot().latency().budget().value(), 1e-12); // 1 pp = select's --max-drop 0.01
    }
}
