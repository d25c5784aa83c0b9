package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
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
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.session.Run;
import rankbench.experiment.training.RunStatus;
import rankbench.viewmodel.ChartPoint;
import rankbench.viewmodel.RankLearningViewModel;
import rankbench.viewmodel.WorkbenchSettings;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

/**
 * The workspaces, the status bar's jobs and the notifications, headless: the real default model, a tiny
 * data subset (128 training images in batches of 16), real runs.
 */
@ExtendWith(ApplicationExtension.class)
class WorkspacesTest {

    private static final WorkbenchSettings SETTINGS =
            new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 100, 100, 50, 128, 16, 8);

    private final List<Notifier.Notice> notices = new ArrayList<>();
    /** Whether the window has the focus, as the test plays it (Monocle gives every window the focus). */
    private volatile boolean focused = true;

    private Preferences prefs;
    private Stage stage;
    private MainWindow window;
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        prefs = Preferences.userRoot().node("rankbench-test/" + System.nanoTime());
        prefs.putDouble("width", 1200); // within Monocle's 1280x800 headless screen
        prefs.putDouble("height", 760);
        prefs.putDouble("x", 0);
        prefs.putDouble("y", 0);
        window = open(stage);
        vm = window.viewModel();
    }

    private MainWindow open(Stage s) {
        MainWindow w = MainWindow.show(
                s,
                dialogs -> new WorkbenchViewModel(
                        new FxServices.Tasks(),
                        FxServices.UI,
                        dialogs,
                        ModelFiles::readDefault,
                        SETTINGS,
                        Workers.background(SETTINGS.evalBatch(), false)),
                prefs);
        w.setNotifier(notices::add, () -> focused);
        return w;
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages(); // the node stays: a window hidden later still writes its layout there
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitForModelAndData() throws Exception {
        waitUntil(() -> vm.modelProperty().get() != null
                && vm.heldOutProperty().get() != null
                && !vm.summary().evaluatingProperty().get());
    }

    private Workspace current() {
        return window.workspaces().currentProperty().get();
    }

    @Test
    void theToggleTheViewMenuAndItsKeysSwitchWorkspacesAndHelpListsTheKeys(FxRobot robot) throws Exception {
        assertEquals(Workspace.COMPRESS, current(), "the first start shows the Compress workspace");
        assertTrue(robot.lookup("#layerTable").tryQuery().isPresent());
        robot.clickOn("#rankLearningWorkspaceButton");
        assertEquals(Workspace.RANK_LEARNING, current());
        assertTrue(robot.lookup("#hyperparameters").query().isVisible());
        assertFalse(robot.lookup("#layerTable").tryQuery().isPresent(), "one workspace on screen at a time");
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT3);
        assertEquals(Workspace.RUNS, current());
        assertTrue(robot.lookup("#archiveTable").query().isVisible());
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        assertEquals(Workspace.COMPRESS, current());
        robot.clickOn("#compressWorkspaceButton"); // pressing the pressed button keeps it
        assertEquals(Workspace.COMPRESS, current());

        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        List<String> keys = HelpMenu.shortcuts(bar.getMenus());
        for (Workspace w : Workspace.values()) {
            assertTrue(
                    keys.stream().anyMatch(k -> k.startsWith("View \u25b8 " + w.title() + " \u2014 ")),
                    keys.toString());
        }
    }

    @Test
    void switchingWorkspacesKeepsARankLearningRunGoingUntilItCompletes(FxRobot robot) throws Exception {
        waitForModelAndData();
        RankLearningViewModel rl = vm.rankLearning();
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT2);
        robot.interact(() -> {
            rl.selectedMethodProperty().set("trp");
            rl.epochsProperty().set(3);
            rl.fineTuneEpochsProperty().set(0);
        });
        robot.clickOn("#learnButton");
        assertTrue(rl.runningProperty().get());
        int switchesWhileRunning = 0;
        KeyCode[] keys = {KeyCode.DIGIT1, KeyCode.DIGIT3, KeyCode.DIGIT2, KeyCode.DIGIT1, KeyCode.DIGIT2};
        for (KeyCode k : keys) {
            int before = rl.loss().size();
            boolean wasRunning = rl.runningProperty().get();
            robot.push(KeyCode.CONTROL, k);
            if (wasRunning) {
                switchesWhileRunning++;
            }
            // the run goes on in whatever workspace is on screen: more batches arrive, or it has ended
            waitUntil(() -> rl.loss().size() > before || !rl.runningProperty().get());
        }
        waitUntil(() -> !rl.runningProperty().get());
        assertTrue(switchesWhileRunning >= 2, "switched " + switchesWhileRunning + " times while running");
        waitUntil(() -> vm.session().runs().size() == 1);
        Run run = vm.session().runs().get(0);
        assertEquals(RunStatus.COMPLETED, run.status(), run.statusMessage());
        assertEquals(1, vm.session().runs().size(), "one run, never restarted");
        List<ChartPoint> loss = List.copyOf(rl.loss());
        assertEquals(3 * 8, loss.size(), "every batch of the 3 epochs, once");
        for (int i = 1; i < loss.size(); i++) {
            assertTrue(loss.get(i).x() > loss.get(i - 1).x(), "steps go on, never start again: " + loss);
        }
        assertEquals(Workspace.RANK_LEARNING, current());
        assertTrue(
                robot.lookup("#learnResult").queryAs(Label.class).getText().startsWith("trp"),
                robot.lookup("#learnResult").queryAs(Label.class).getText());
    }

    @Test
    void theWorkspaceAndTheDividersComeBackInANewWindow(FxRobot robot) throws Exception {
        SplitPane compress = (SplitPane) robot.lookup("#compressWorkspace").query();
        robot.interact(() -> compress.setDividerPosition(0, 0.42));
        robot.clickOn("#rankLearningWorkspaceButton");
        SplitPane learn =
                (SplitPane) robot.lookup("#rankLearning > .split-pane").query();
        robot.interact(() -> learn.setDividerPosition(0, 0.33));
        WaitForAsyncUtils.waitForFxEvents();
        double learnAt = learn.getDividerPositions()[0];
        robot.interact(() -> stage.hide());
        assertEquals(Workspace.RANK_LEARNING.name(), prefs.get(Workspaces.KEY, null));

        robot.interact(() -> {
            window = open(new Stage());
            vm = window.viewModel();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Workspace.RANK_LEARNING, current());
        SplitPane learn2 = (SplitPane) robot.lookup("#rankLearning > .split-pane").queryAll().stream()
                .filter(n -> n != learn)
                .findFirst()
                .orElseThrow();
        assertEquals(learnAt, learn2.getDividerPositions()[0], 0.01);
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        WaitForAsyncUtils.waitForFxEvents();
        SplitPane compress2 = (SplitPane) robot.lookup("#compressWorkspace").queryAll().stream()
                .filter(n -> n != compress)
                .findFirst()
                .orElseThrow();
        assertEquals(0.42, compress2.getDividerPositions()[0], 0.01);
    }

    @Test
    void aRunThatEndsInTheBackgroundIsAnnouncedWithItsOwnStatus(FxRobot robot) throws Exception {
        waitForModelAndData();
        robot.interact(() -> {
            vm.fineTune().epochsProperty().set(2);
            vm.fineTune().learningRateProperty().set(1e6); // diverges within a few batches
        });
        focused = false; // another window has the focus
        robot.interact(() -> vm.fineTune().startCommand().execute());
        waitUntil(() -> !vm.fineTune().runningProperty().get() && !notices.isEmpty());
        Notifier.Notice diverged = notices.get(0);
        assertEquals(RunStatus.DIVERGED, diverged.status());
        assertEquals(RunStatus.DIVERGED, vm.session().runs().get(0).status());
        assertTrue(diverged.title().startsWith("Fine-tuning diverged"), diverged.title());
        assertFalse(diverged.title().contains("completed"), diverged.title());
        assertTrue(diverged.text().startsWith(vm.session().runs().get(0).id()), diverged.text());
        String status = vm.statusProperty().get();
        assertTrue(status.contains("diverged"), status);

        robot.interact(() -> vm.fineTune().learningRateProperty().set(0.01));
        robot.interact(() -> vm.fineTune().startCommand().execute());
        waitUntil(() -> !vm.fineTune().runningProperty().get() && notices.size() == 2);
        Notifier.Notice completed = notices.get(1);
        assertEquals(RunStatus.COMPLETED, completed.status());
        assertEquals("Fine-tuning completed", completed.title());
        assertTrue(completed.text().contains("Validation accuracy"), completed.text());

        focused = true;
        robot.interact(() -> vm.fineTune().startCommand().execute());
        waitUntil(() ->
                !vm.fineTune().runningProperty().get() && vm.session().runs().size() == 3);
        assertEquals(2, notices.size(), "no notification while the window has the focus");
    }

    @Test
    void theStatusBarListsRunningJobsAndTheirCancelCancelsThem(FxRobot robot) throws Exception {
        waitForModelAndData();
        // a one-shot task of the window's task executor, blocked until interrupted
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CompletableFuture<?>[] future = {null};
        robot.interact(() -> future[0] = vm.tasks().submit("Slow export", () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return null;
        }));
        waitUntil(() -> robot.lookup("#jobs .job").queryAll().stream()
                .anyMatch(n -> n.getUserData().toString().equals("Slow export")));
        robot.clickOn(MainWindowTest.jobChip(robot, "Slow export").lookup(".job-cancel"));
        waitUntil(() -> future[0].isDone() && interrupted.get());
        assertTrue(future[0].isCompletedExceptionally());
        Throwable why = future[0].handle((r, e) -> e).get();
        assertTrue(why instanceof CancellationException, String.valueOf(why));
        waitUntil(() -> robot.lookup("#jobs .job").queryAll().stream()
                .noneMatch(n -> n.getUserData().toString().equals("Slow export")));

        // a rank-learning run: listed with its progress while it runs, cancelled from the status bar
        RankLearningViewModel rl = vm.rankLearning();
        robot.interact(() -> {
            rl.selectedMethodProperty().set("trp");
            rl.epochsProperty().set(50);
        });
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT2);
        robot.clickOn("#learnButton");
        waitUntil(() -> rl.loss().size() >= 2);
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1); // the status bar is there in every workspace
        Node chip = MainWindowTest.jobChip(robot, "Rank learning (trp)");
        double p = ((ProgressBar) chip.lookup(".progress-bar")).getProgress();
        assertTrue(p > 0 && p < 1, "progress " + p);
        robot.clickOn(chip.lookup(".job-cancel"));
        waitUntil(() -> !rl.runningProperty().get() && vm.session().runs().size() == 1);
        assertEquals(RunStatus.CANCELLED, vm.session().runs().get(0).status());
        assertTrue(robot.lookup("#jobs .job").queryAll().stream()
                .noneMatch(n -> n.getUserData().toString().startsWith("Rank learning")));
    }
}
