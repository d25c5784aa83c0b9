package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.training.Evaluator;
import rankbench.experiment.training.RunStatus;
import rankbench.viewmodel.WorkbenchSettings;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

/**
 * Sessions in the window, headless: runs made in the window (a pin, a short fine-tune on 256 images, a
 * short rank-learning run) are saved to a real session file, reopened in a new window, listed again, and
 * restore their own models' accuracies.
 */
@ExtendWith(ApplicationExtension.class)
class SessionWindowTest {

    private static final WorkbenchSettings SETTINGS =
            new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 100, 100, 50, 256, 32, 4);

    private Preferences prefs;
    private MainWindow window;
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        prefs = Preferences.userRoot().node("rankbench-test/" + System.nanoTime());
        prefs.putDouble("width", 1200);
        prefs.putDouble("height", 760);
        prefs.putDouble("x", 0);
        prefs.putDouble("y", 0);
        window = open(stage);
        vm = window.viewModel();
    }

    private MainWindow open(Stage stage) {
        return MainWindow.show(
                stage,
                dialogs -> new WorkbenchViewModel(
                        new FxServices.Tasks(),
                        FxServices.UI,
                        dialogs,
                        ModelFiles::readDefault,
                        SETTINGS,
                        Workers.background(SETTINGS.evalBatch(), false),
                        SessionStorage.filesOnly()),
                prefs);
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitForModelDataAndAccuracy() throws Exception {
        waitUntil(() -> !vm.layers().isEmpty()
                && vm.heldOutProperty().get() != null
                && !Double.isNaN(vm.summary().accuracyProperty().get())
                && !vm.summary().evaluatingProperty().get());
    }

    private static double accuracyOf(SavedModel m, ImageDataset images) {
        try (Network net = m.toNetwork()) {
            return Evaluator.evaluate(
                            net,
                            images,
                            new Normalization(m.manifest().mean(), m.manifest().std()),
                            100)
                    .accuracy();
        }
    }

    private void showRunsTab(FxRobot robot) {
        robot.interact(() -> window.workspaces().select(Workspace.RUNS));
    }

    /** Selects a run as a user does: a double click on its row of the run archive's table. */
    private void clickRun(FxRobot robot, String id) {
        Node row = robot.lookup("#archiveTable .table-row-cell").queryAll().stream()
                .filter(n -> ((TableRow<?>) n).getItem() instanceof Run r && r.id().equals(id))
                .findFirst()
                .orElseThrow();
        robot.doubleClickOn(row);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The run ids the run archive lists. */
    private List<String> listedRuns(FxRobot robot) {
        return robot.lookup("#archiveTable").queryTableView().getItems().stream()
                .map(r -> ((Run) r).id())
                .toList();
    }

    @Test
    void pinAndFineTuneThenSaveAndReopenInANewWindowWithTheSameRunsAndTheRestoredModel(FxRobot robot, @TempDir Path dir)
            throws Exception {
        waitForModelDataAndAccuracy();
        robot.interact(() -> {
            vm.rules().energyInputProperty().set("80");
            vm.rules().energyCommand().execute();
        });
        waitUntil(() -> !vm.summary().evaluatingProperty().get());
        robot.clickOn("#pinButton");
        waitUntil(() -> vm.session().runs().size() == 1);
        robot.interact(() -> vm.fineTune().epochsProperty().set(1));
        robot.interact(() -> vm.fineTune().startCommand().execute());
        waitUntil(() ->
                !vm.fineTune().runningProperty().get() && vm.session().runs().size() == 2);
        Stage stage = (Stage) robot.lookup("#mainWindow").query().getScene().getWindow();
        assertTrue(stage.getTitle().endsWith(" \u2022"), stage.getTitle());
        List<Run> made = List.copyOf(vm.session().runs());
        assertEquals(
                List.of(RunKind.COMPRESS, RunKind.FINE_TUNE),
                made.stream().map(Run::kind).toList());
        assertEquals(RunStatus.COMPLETED, made.get(1).status(), made.get(1).statusMessage());

        Path file = dir.resolve("exp.rbsession");
        robot.interact(() -> vm.session().saveAs(file));
        waitUntil(() -> !vm.session().dirtyProperty().get());
        assertEquals("RankBench \u2014 exp.rbsession", stage.getTitle());
        robot.interact(() -> window.requestClose());
        assertFalse(stage.isShowing(), "saved: closes without asking");

        robot.interact(() -> window = open(new Stage()));
        vm = window.viewModel();
        waitForModelDataAndAccuracy();
        robot.interact(() -> vm.session().open(file));
        waitUntil(() -> vm.session().runs().size() == 2);
        showRunsTab(robot);
        assertEquals(
                made.stream().map(Run::id).toList(),
                listedRuns(robot).stream().sorted().toList());
        // The reopened Pareto chart draws both runs: the pin as one compress-only point, the fine-tune as
        // its compress-only and fine-tuned pair.
        waitUntil(() -> window.runArchiveView().paretoChart().pointCount() == 3);
        assertTrue(window.runArchiveView().paretoChart().frontCount() >= 1);

        clickRun(robot, made.get(1).id());
        Run tuned = vm.session().selectedRunProperty().get();
        assertEquals(made.get(1).id(), tuned.id());
        double own = accuracyOf(tuned.model(), vm.heldOutProperty().get().validation());
        assertEquals(own, vm.summary().accuracyProperty().get(), 0, "the restored model's own accuracy");
        assertEquals(made.get(1).metrics().fineTunedValidationAccuracy(), own, 0);
        String text = robot.lookup("#accuracyLabel").queryAs(Label.class).getText();
        assertTrue(text.startsWith(String.format(Locale.ROOT, "%.2f %%", 100 * own)), text);
        assertTrue(robot.lookup("#accuracyKindLabel")
                .queryAs(Label.class)
                .getText()
                .contains("fine-tuned"));
        assertEquals(made.get(1).plan(), vm.currentPlan());
    }

    private void answer(FxRobot robot, String button) throws Exception {
        waitUntil(() -> robot.lookup("#confirmDiscardDialog").tryQuery().isPresent());
        DialogPane pane = robot.lookup("#confirmDiscardDialog").queryAs(DialogPane.class);
        assertTrue(pane.getHeaderText().contains("Untitled.rbsession"), pane.getHeaderText());
        ButtonType type = pane.getButtonTypes().stream()
                .filter(t -> t.getText().equals(button))
                .findFirst()
                .orElseThrow();
        robot.clickOn(pane.lookupButton(type));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void closingWithUnsavedChangesAsksSaveDontSaveOrCancel(FxRobot robot) throws Exception {
        waitForModelDataAndAccuracy();
        robot.clickOn("#pinButton");
        waitUntil(() -> vm.session().runs().size() == 1);
        Stage stage = (Stage) robot.lookup("#mainWindow").query().getScene().getWindow();

        Platform.runLater(window::requestClose); // the question blocks in its own event loop
        answer(robot, "Cancel");
        assertTrue(stage.isShowing(), "Cancel keeps the window and its runs");
        assertEquals(1, vm.session().runs().size());

        Platform.runLater(window::requestClose);
        answer(robot, "Don't Save");
        assertFalse(stage.isShowing());
    }

    @Test
    void selectingALearnedRunShowsTheAccuracyOfItsExportedModel(FxRobot robot, @TempDir Path dir) throws Exception {
        waitForModelDataAndAccuracy();
        robot.interact(() -> {
            vm.rankLearning().selectedMethodProperty().set("trp");
            vm.rankLearning().epochsProperty().set(1);
            vm.rankLearning().fineTuneEpochsProperty().set(0);
            vm.rankLearning().startCommand().execute();
        });
        waitUntil(() -> !vm.rankLearning().runningProperty().get()
                && vm.session().runs().size() == 1);
        Run learned = vm.session().runs().get(0);
        assertEquals(RunKind.RANK_LEARNING, learned.kind());
        assertEquals(RunStatus.COMPLETED, learned.status(), learned.statusMessage());
        showRunsTab(robot);

        clickRun(robot, learned.id());

        Path exported = dir.resolve("learned.rbm");
        robot.interact(() -> vm.exportFactorized(exported));
        waitUntil(() -> vm.statusProperty().get().startsWith("Exported learned.rbm"));
        double exact =
                accuracyOf(ModelFiles.read(exported), vm.heldOutProperty().get().validation());
        assertEquals(exact, vm.summary().accuracyProperty().get(), 0);
        String text = robot.lookup("#accuracyLabel").queryAs(Label.class).getText();
        assertTrue(text.startsWith(String.format(Locale.ROOT, "%.2f %%", 100 * exact)), text);
        assertTrue(text.contains("validation images"), text);
    }
}
