package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
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
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.viewmodel.LayerViewModel;
import rankbench.viewmodel.WorkbenchSettings;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

/** The window, headless (Monocle): the real default model, a small evaluation subset, real workers. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    private static final WorkbenchSettings SETTINGS =
            new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 100, 100, 50, 256, 32, 4);

    private MainWindow window;
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        Preferences prefs = Preferences.userRoot().node("rankbench-test/" + System.nanoTime());
        prefs.putDouble("width", 1200); // within Monocle's 1280x800 headless screen
        prefs.putDouble("height", 760);
        prefs.putDouble("x", 0);
        prefs.putDouble("y", 0);
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
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitForModelAndAccuracy() throws Exception {
        waitUntil(() -> !vm.layers().isEmpty()
                && !Double.isNaN(vm.summary().accuracyProperty().get())
                && !vm.summary().evaluatingProperty().get());
    }

    private TableRow<?> rowOf(FxRobot robot, LayerViewModel layer) {
        return robot.lookup("#layerTable .table-row-cell").queryAll().stream()
                .map(n -> (TableRow<?>) n)
                .filter(r -> r.getItem() == layer)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void startsWithTheDefaultModel(FxRobot robot) throws Exception {
        waitForModelAndAccuracy();
        TableView<?> table = robot.lookup("#layerTable").queryTableView();
        assertEquals(vm.layers().size(), table.getItems().size());
        assertTrue(table.getItems().size() > 10);
        assertTrue(robot.lookup("#modelSummary").queryAs(Label.class).getText().contains("resnet20"));
        assertTrue(robot.lookup("#accuracyLabel").queryAs(Label.class).getText().contains("%"));
        assertTrue(((StatusBar) robot.lookup("#status").query()).getText().startsWith("Loaded"));
        assertEquals(vm.layers().get(0).getFullRank(), window.spectrumChart().valueCount());
    }

    @Test
    void helpListsTheMenuShortcutsAndTheVersions(FxRobot robot) throws Exception {
        waitForModelAndAccuracy();
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        List<String> keys = HelpMenu.shortcuts(bar.getMenus());
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("File \u25b8 Save \u2014 ")), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("Run \u25b8 Pin as Run \u2014 ")), keys.toString());
        assertTrue(
                keys.stream().anyMatch(k -> k.startsWith("File \u25b8 Export \u25b8 Model on Screen (.rbm)")),
                keys.toString());
        assertEquals(
                "Help", bar.getMenus().get(bar.getMenus().size() - 1).getText().replace("_", ""));
        String about = HelpMenu.about();
        assertTrue(
                about.contains("PyTorch (libtorch) 2.7.1")
                        && about.contains("OpenMP: ")
                        && about.contains("Java " + System.getProperty("java.version")),
                about);
    }

    @Test
    void draggingASliderChangesTheRowCostsAndTheSpectrumMarker(FxRobot robot) throws Exception {
        waitForModelAndAccuracy();
        LayerViewModel layer = vm.layers().get(7); // a 32-channel layer: a long slider range
        robot.interact(() -> vm.selectedLayerProperty().set(layer));
        TableRow<?> row = rowOf(robot, layer);
        Slider slider = (Slider) row.lookup("#rankSlider");
        Label params = robot.lookup("#paramsLabel").queryAs(Label.class);
        String paramsBefore = params.getText();
        assertEquals(layer.getFullRank(), (int) window.spectrumChart().rankMarkerValue());

        robot.drag(slider.lookup(".thumb")).dropBy(-slider.getWidth() * 0.6, 0);
        WaitForAsyncUtils.waitForFxEvents();

        assertTrue(layer.getRank() < layer.getFullRank(), "rank " + layer.getRank());
        assertTrue(layer.paramsProperty().get() < layer.getDenseParams());
        assertTrue(layer.macsProperty().get() < layer.getDenseMacs());
        assertTrue(layer.macsTextProperty().get().contains("\u2192"));
        assertNotEquals(paramsBefore, params.getText());
        assertEquals(layer.getRank(), (int) window.spectrumChart().rankMarkerValue());

        robot.clickOn(slider.lookup(".thumb")).type(KeyCode.LEFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(layer.getRank(), (int) window.spectrumChart().rankMarkerValue(), "keyboard-operable");
    }

    @Test
    void theAccuracyUpdatesAfterAnEdit(FxRobot robot) throws Exception {
        waitForModelAndAccuracy();
        LayerViewModel layer = vm.layers().get(1);
        boolean[] evaluatingAfterEdit = new boolean[1];
        robot.interact(() -> {
            layer.setRank(2);
            evaluatingAfterEdit[0] = vm.summary().evaluatingProperty().get(); // at once, before the result
        });
        assertTrue(evaluatingAfterEdit[0]);

        waitUntil(() -> !vm.summary().evaluatingProperty().get());
        double shown = vm.summary().accuracyProperty().get();
        String text = robot.lookup("#accuracyLabel").queryAs(Label.class).getText();
        assertTrue(text.startsWith(String.format(Locale.ROOT, "%.2f %%", 100 * shown)), text);
        assertTrue(text.contains("validation images"), text);
        assertEquals(
                "Validation accuracy (compress-only)",
                robot.lookup("#accuracyKindLabel").queryAs(Label.class).getText());

        robot.clickOn("#pinButton"); // the pinned run measures the factorized model itself: the same figure
        waitUntil(() -> vm.session().runs().size() == 1);
        assertEquals(shown, vm.session().runs().get(0).metrics().compressOnlyValidationAccuracy(), 1e-12);
    }

    @Test
    void theEnergyRuleChangesAllRanksAndUndoRestoresThem(FxRobot robot) throws Exception {
        waitForModelAndAccuracy();
        robot.doubleClickOn("#energyRuleField").eraseText(4).write("60");
        robot.clickOn("#applyEnergyButton");
        WaitForAsyncUtils.waitForFxEvents();
        for (LayerViewModel l : vm.layers()) {
            assertEquals(Svd.energyRank(l.singularValuesProperty().get(), 0.6), l.getRank(), l.getName());
        }
        assertTrue(vm.layers().stream().anyMatch(l -> l.getRank() < l.getFullRank()));

        robot.clickOn("#layerTable");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        for (LayerViewModel l : vm.layers()) {
            assertEquals(l.getFullRank(), l.getRank(), l.getName());
        }
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.layers().stream().anyMatch(l -> l.getRank() < l.getFullRank()), "redo");
        robot.clickOn("#undoButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.layers().stream().allMatch(l -> l.getRank() == l.getFullRank()), "undo button");
    }

    @Test
    void aShortFineTuneShowsProgressAndCanBeCancelled(FxRobot robot) throws Exception {
        waitForModelAndAccuracy();
        waitUntil(() -> vm.dataProperty().get() != null);
        robot.interact(() -> {
            vm.fineTune().epochsProperty().set(50);
            vm.rules().energyInputProperty().set("80");
            vm.rules().energyCommand().execute();
        });
        robot.clickOn("#compressWorkspaceButton");
        robot.clickOn("#fineTuneButton");
        assertTrue(vm.fineTune().runningProperty().get());
        waitUntil(() -> vm.fineTune().loss().size() >= 2);
        Node chip = jobChip(robot, "Fine-tuning");
        double progress = chip.lookup(".progress-bar") instanceof ProgressBar p ? p.getProgress() : -2;
        assertTrue(progress > 0 && progress < 1, "progress " + progress);

        robot.clickOn(chip.lookup(".job-cancel"));
        waitUntil(() -> !vm.fineTune().runningProperty().get());
        assertTrue(
                robot.lookup("#fineTuneResult").queryAs(Label.class).getText().startsWith("Cancel"),
                robot.lookup("#fineTuneResult").queryAs(Label.class).getText());
        assertTrue(vm.fineTune().loss().size() < 50 * 4, "stopped early");
        assertTrue(
                robot.lookup("#jobs .job").queryAll().stream()
                        .noneMatch(n -> n.getUserData().toString().equals("Fine-tuning")),
                "the job left the status bar");
    }

    @Test
    void aJobGetsItsStatusBarChipOnlyIfItRunsLongerThanHalfASecond(FxRobot robot) throws Exception {
        waitForModelAndAccuracy();
        List<String> everShown = new CopyOnWriteArrayList<>();
        HBox box = robot.lookup("#jobs").queryAs(HBox.class);
        robot.interact(() -> box.getChildren().addListener((ListChangeListener<Node>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(n -> everShown.add(String.valueOf(n.getUserData())));
            }
        }));
        CountDownLatch release = new CountDownLatch(1);
        robot.interact(() -> {
            vm.tasks().submit("Quick save", () -> {
                Thread.sleep(100);
                return null;
            });
            vm.tasks().submit("Slow save", () -> release.await(30, TimeUnit.SECONDS));
        });
        Node slow = jobChip(robot, "Slow save");
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(everShown.contains("Quick save"), "a job ending within 0.5 s never shows a chip: " + everShown);
        assertTrue(everShown.contains("Slow save"));
        assertTrue(slow.lookup(".job-cancel") != null);
        release.countDown();
        waitUntil(() -> robot.lookup("#jobs .job").queryAll().stream()
                .noneMatch(n -> n.getUserData().toString().equals("Slow save")));
    }

    /** The status bar's chip of the running job called {@code name} (listed half a second after it started). */
    static Node jobChip(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> robot.lookup("#jobs .job").queryAll().stream()
                        .anyMatch(n -> n.getUserData().toString().equals(name)));
        return robot.lookup("#jobs .job").queryAll().stream()
                .filter(n -> n.getUserData().toString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no job " + name + " in the status bar"));
    }

    @Test
    void openingACorruptModelShowsAnErrorAndKeepsTheCurrentModel(FxRobot robot, @TempDir Path dir) throws Exception {
        waitForModelAndAccuracy();
        SavedModel before = vm.modelProperty().get();
        int rows = vm.layers().size();
        Path bad = Files.write(dir.resolve("corrupt.rbm"), new byte[] {'P', 'K', 3, 4, 0, 1, 2, 3, 4, 5, 6});

        robot.interact(() -> window.openModel(bad));
        waitUntil(() -> robot.lookup("#errorDialog").tryQuery().isPresent());

        Node dialog = robot.lookup("#errorDialog").query();
        String text = ((DialogPane) dialog).getContentText();
        assertTrue(text.contains("corrupt.rbm"), text);
        assertFalse(text.contains("at rankbench."), "no stack trace");
        assertSame(before, vm.modelProperty().get());
        assertEquals(
                rows, robot.lookup("#layerTable").queryTableView().getItems().size());
        assertEquals("embedded default model", vm.modelNameProperty().get());
        robot.interact(() -> dialog.getScene().getWindow().hide());
    }
}
