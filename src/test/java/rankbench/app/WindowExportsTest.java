package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.controlsfx.control.PropertySheet;
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
import rankbench.experiment.methods.TrpParams;
import rankbench.experiment.methods.TrpScheme;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.session.Run;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.Schedule;
import rankbench.viewmodel.WorkbenchSettings;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

/**
 * The window's exports and run settings, headless: File ▸ Export from the menu bar with the file dialogs
 * replaced, a diverged run's model refused, the Runs table following a restored run, and the typed
 * settings (an enum hyperparameter through its drop-down, the schedule drop-down).
 */
@ExtendWith(ApplicationExtension.class)
class WindowExportsTest {

    private static final WorkbenchSettings SETTINGS =
            new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 50, 50, 50, 128, 16, 50);

    @TempDir
    Path dir;

    private MainWindow window;
    private WorkbenchViewModel vm;
    private final List<String> asked = new ArrayList<>();

    @Start
    void start(Stage stage) {
        Preferences prefs = Preferences.userRoot().node("rankbench-test/" + System.nanoTime());
        prefs.putDouble("width", 1400);
        prefs.putDouble("height", 900);
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
        window.fileActions()
                .setExportChoosers(
                        (title, filter, name, ext) -> {
                            asked.add(name);
                            return dir.resolve(name);
                        },
                        title -> {
                            asked.add(title);
                            return dir;
                        });
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static MenuItem item(FxRobot robot, String id) {
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        for (Menu m : bar.getMenus()) {
            MenuItem found = find(m, id);
            if (found != null) {
                return found;
            }
        }
        throw new AssertionError("no menu item #" + id);
    }

    private static MenuItem find(Menu menu, String id) {
        for (MenuItem i : menu.getItems()) {
            if (id.equals(i.getId())) {
                return i;
            }
            if (i instanceof Menu sub && find(sub, id) != null) {
                return find(sub, id);
            }
        }
        return null;
    }

    private Run pinned() throws Exception {
        waitUntil(() -> vm.modelProperty().get() != null
                && vm.heldOutProperty().get() != null
                && vm.pinCommand().executableProperty().get());
        WaitForAsyncUtils.asyncFx(() -> vm.pinCommand().execute());
        waitUntil(() -> vm.session().runs().size() == 1);
        return vm.session().runs().get(0);
    }

    @Test
    void theSessionReportExportedFromTheMenuIsHtmlWithItsCharts(FxRobot robot) throws Exception {
        Run r = pinned();
        MenuItem report = item(robot, "exportReport");
        assertFalse(report.isDisable());
        robot.interact(report::fire);
        assertEquals(1, asked.size(), "one file asked for");
        assertTrue(asked.get(0).endsWith(".html"), asked.get(0));
        Path f = dir.resolve(asked.get(0));
        waitUntil(() -> Files.exists(f) && !vm.exports().busyProperty().get());
        String html = Files.readString(f);
        assertTrue(html.startsWith("<!DOCTYPE html>") || html.contains("<html"), html.substring(0, 80));
        assertTrue(html.contains("<svg"), "the report's charts are inline SVG");
        assertTrue(html.contains(r.id()));
        assertTrue(
                vm.statusProperty().get().startsWith("Exported the session report"),
                vm.statusProperty().get());

        robot.interact(() -> item(robot, "exportRunsCsv").fire());
        waitUntil(() -> Files.exists(dir.resolve("runs-events.csv")));
        assertEquals(2, Files.readAllLines(dir.resolve("runs.csv")).size(), "header and the pinned run");
    }

    @Test
    void aDivergedRunsModelIsRefusedAndTheRunsTableFollowsARestoredRun(FxRobot robot) throws Exception {
        Run good = pinned();
        Run diverged = new Run(
                good.id(),
                good.kind(),
                "trp",
                "trp, lr 5",
                good.hyperparameters(),
                good.seed(),
                good.data(),
                good.software(),
                RunStatus.DIVERGED,
                "loss became NaN at step 12",
                good.startedAt(),
                good.wallSeconds(),
                null,
                good.plan(),
                good.metrics(),
                good.events(),
                good.model());
        Run[] stored = new Run[1];
        robot.interact(() -> stored[0] = vm.session().addRun(diverged));

        // a run restored from elsewhere is selected in the Runs table
        robot.interact(() -> vm.session().restore(good));
        robot.interact(() -> window.workspaces().select(Workspace.RUNS));
        TableView<?> table = robot.lookup("#archiveTable").queryAs(TableView.class);
        assertEquals(1, table.getSelectionModel().getSelectedItems().size());
        assertEquals(good.id(), ((Run) table.getSelectionModel().getSelectedItem()).id());

        MenuItem export = item(robot, "exportRunModel");
        assertFalse(export.isDisable());
        robot.interact(export::fire);
        waitUntil(() -> Files.exists(dir.resolve(good.id() + ".rbm")));
        assertEquals(
                good.model().weights().keySet(),
                ModelFiles.read(dir.resolve(good.id() + ".rbm")).weights().keySet());

        asked.clear();
        robot.interact(() -> {
            table.getSelectionModel().clearSelection();
            table.getSelectionModel().select(table.getItems().indexOf(stored[0]));
        });
        robot.interact(export::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(asked.isEmpty(), "no file is asked for: the export is refused first");
        assertFalse(Files.exists(dir.resolve(stored[0].id() + ".rbm")));
        assertTrue(robot.lookup("#errorDialog").tryQuery().isPresent(), "one clear error");
        assertTrue(
                vm.statusProperty().get().contains("diverged"),
                vm.statusProperty().get());
    }

    @Test
    void anEnumHyperparameterIsEditedThroughItsDropDownAndTheScheduleIsADropDown(FxRobot robot) throws Exception {
        waitUntil(() -> vm.modelProperty().get() != null);
        robot.interact(() -> vm.rankLearning().selectedMethodProperty().set("trp"));
        WaitForAsyncUtils.waitForFxEvents();
        TrpParams p = (TrpParams) vm.rankLearning().parametersProperty().get();
        TrpScheme before = p.getScheme();
        @SuppressWarnings("unchecked")
        ComboBox<Object> scheme = robot.lookup("#hp-scheme").queryAs(ComboBox.class);
        assertEquals(List.of(TrpScheme.values()), scheme.getItems());
        TrpScheme other = before == TrpScheme.values()[0] ? TrpScheme.values()[1] : TrpScheme.values()[0];
        robot.interact(() -> scheme.getSelectionModel().select(other));
        assertEquals(other, p.getScheme());
        assertNotEquals(before, p.getScheme());
        PropertySheet sheet = robot.lookup("#hyperparameters").queryAs(PropertySheet.class);
        PropertySheet.Item energy = sheet.getItems().stream()
                .filter(i -> i.getName().equals("energyKeep"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                energy.getDescription().contains("Energy")
                        && energy.getDescription().contains("["),
                "description with its unit: " + energy.getDescription());

        @SuppressWarnings("unchecked")
        ComboBox<Schedule> schedule = robot.lookup("#learnSchedule").queryAs(ComboBox.class);
        assertEquals(List.of(Schedule.values()), schedule.getItems());
        robot.interact(() -> schedule.getSelectionModel().select(Schedule.ONECYCLE));
        assertEquals(
                Schedule.ONECYCLE,
                vm.rankLearning().settings().scheduleProperty().get());
        assertEquals(Schedule.ONECYCLE, vm.rankLearning().settings().config().scheduleKind());
        TextField lr = robot.lookup("#learnLearningRate").queryAs(TextField.class);
        robot.interact(() -> {
            lr.setText("0.05");
            lr.commitValue();
        });
        assertEquals(0.05, vm.rankLearning().settings().config().learningRate());
        robot.interact(() -> {
            lr.setText("fast");
            lr.commitValue();
        });
        assertEquals(0.05, vm.rankLearning().settings().learningRateProperty().get(), "bad text reverts");
        assertEquals("0.05", lr.getText());
    }
}
