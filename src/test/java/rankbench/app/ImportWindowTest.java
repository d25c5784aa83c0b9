package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.PyTorchExport;
import rankbench.experiment.model.SafeTensors;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.viewmodel.ClassNamePreset;
import rankbench.viewmodel.WorkbenchSettings;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

/**
 * PyTorch weights in the window, headless: a {@code .safetensors} state dict (the default model's
 * weights) is opened, the import dialog answered (an invalid shape disables OK), the model loads into
 * the layer table, reopening does not ask again, and File ▸ Export ▸ PyTorch writes the export.
 */
@ExtendWith(ApplicationExtension.class)
class ImportWindowTest {

    private static final WorkbenchSettings SETTINGS =
            new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 100, 100, 50, 256, 32, 4);

    private Preferences prefs;
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        prefs = Preferences.userRoot().node("rankbench-test/" + System.nanoTime());
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
                                Workers.background(SETTINGS.evalBatch(), false),
                                SessionStorage.filesOnly()),
                        prefs)
                .viewModel();
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        prefs.removeNode();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void type(FxRobot robot, String id, String text) {
        robot.clickOn(id);
        robot.interact(() -> robot.lookup(id).queryTextInputControl().selectAll());
        robot.write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aStateDictOpensThroughTheImportDialogLoadsIntoTheLayerTableAndExportsForPyTorch(
            FxRobot robot, @TempDir Path dir) throws Exception {
        waitUntil(() -> !vm.layers().isEmpty());
        SavedModel defaults = ModelFiles.readDefault();
        Path weights = dir.resolve("weights.safetensors");
        Files.write(weights, SafeTensors.toBytes(defaults.weights(), null));

        robot.interact(() -> vm.openModel(weights));
        waitUntil(() -> robot.lookup("#importDialog").tryQuery().isPresent());
        ComboBox<?> arch = robot.lookup("#importArchitecture").queryComboBox();
        assertEquals(Architecture.RESNET20, arch.getValue());
        Button ok = robot.lookup("#importOk").queryButton();
        assertFalse(
                ok.isDisabled(),
                robot.lookup("#importMessage").queryAs(Label.class).getText());

        type(robot, "#importHeight", "x");
        assertTrue(ok.isDisabled());
        assertTrue(robot.lookup("#importMessage").queryAs(Label.class).getText().contains("Input shape"));
        type(robot, "#importHeight", "28");
        robot.interact(() -> robot.lookup("#importClassPreset")
                .<ClassNamePreset>queryComboBox()
                .setValue(ClassNamePreset.CUSTOM));
        type(robot, "#importClassNames", "a, b, c");
        assertTrue(ok.isDisabled());
        assertTrue(robot.lookup("#importMessage").queryAs(Label.class).getText().contains("10 outputs"));
        type(robot, "#importClassNames", "c0, c1, c2, c3, c4, c5, c6, c7, c8, c9");
        assertFalse(
                ok.isDisabled(),
                robot.lookup("#importMessage").queryAs(Label.class).getText());
        robot.clickOn("#importOk");

        waitUntil(() -> "weights.safetensors".equals(vm.modelNameProperty().get())
                && !vm.busyProperty().get());
        assertEquals(
                List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"),
                vm.modelProperty().get().manifest().classes());
        TableView<?> table = robot.lookup("#layerTable").queryTableView();
        assertEquals(
                defaults.manifest().network(),
                vm.modelProperty().get().manifest().network());
        assertEquals(vm.layers().size(), table.getItems().size());
        assertTrue(table.getItems().size() > 10);

        robot.interact(() -> vm.openModel(weights)); // remembered: loads without asking
        waitUntil(() -> !vm.busyProperty().get() && vm.statusProperty().get().startsWith("Loaded"));
        assertFalse(robot.lookup("#importDialog").tryQuery().isPresent());

        Path out = dir.resolve("torch");
        robot.interact(() -> vm.exportPyTorch(out));
        waitUntil(() -> vm.statusProperty().get().contains("rankbench_torch.py"));
        assertTrue(Files.size(out.resolve(PyTorchExport.WEIGHTS_FILE)) > 0);
        assertTrue(Files.readString(out.resolve(PyTorchExport.DESCRIPTION_FILE)).contains("\"c9\""));
    }

    @Test
    void aMismatchedStateDictShowsEveryProblemInAScrollableListAndKeepsTheModel(FxRobot robot, @TempDir Path dir)
            throws Exception {
        waitUntil(() -> !vm.layers().isEmpty() && !vm.busyProperty().get());
        SavedModel before = vm.modelProperty().get();
        LinkedHashMap<String, Tensor> w =
                new LinkedHashMap<>(ModelFiles.readDefault().weights());
        w.remove("linear.bias");
        w.remove("layer3.2.bn2.running_var");
        Path weights = dir.resolve("broken.safetensors");
        Files.write(weights, SafeTensors.toBytes(w, null));

        robot.interact(() -> vm.openModel(weights));
        waitUntil(() -> robot.lookup("#importDialog").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#importArchitecture")
                .<Architecture>queryComboBox()
                .setValue(Architecture.RESNET20));
        type(robot, "#importChannels", "1");
        robot.clickOn("#importOk");
        waitUntil(() -> robot.lookup("#errorDetails").tryQuery().isPresent());
        String details = robot.lookup("#errorDetails").queryAs(TextArea.class).getText();
        assertEquals(
                List.of("missing 'layer3.2.bn2.running_var' [64]", "missing 'linear.bias' [10]"),
                details.lines().sorted().toList());
        assertEquals(before, vm.modelProperty().get());
    }
}
