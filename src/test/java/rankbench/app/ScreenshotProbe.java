package rankbench.app;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import rankbench.experiment.model.ModelFiles;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

@ExtendWith(ApplicationExtension.class)
class ScreenshotProbe {
    private Preferences prefs;
    private MainWindow window;
    private WorkbenchViewModel vm;
    private Stage stage;

    @Start
    void start(Stage s) {
        prefs = Preferences.userRoot().node("rankbench-shot/" + System.nanoTime());
        prefs.putDouble("width", 1280);
        prefs.putDouble("height", 800);
        prefs.putDouble("x", 0);
        prefs.putDouble("y", 0);
        stage = s;
        window = open(s);
        vm = window.viewModel();
    }

    private MainWindow open(Stage s) {
        WorkbenchViewModel.Settings st = WorkbenchViewModel.Settings.defaults();
        return MainWindow.show(s, d -> new WorkbenchViewModel(new FxServices.Tasks(), FxServices.UI, d,
                ModelFiles::readDefault, st, Workers.background(st.evalBatch(), false), SessionStorage.application()),
                prefs);
    }

    private static void waitUntil(Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void shot(FxRobot robot, Stage s, String name) throws Exception {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = s.getScene().snapshot(null));
        int w = (int) img[0].getWidth(), h = (int) img[0].getHeight();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) b.setRGB(x, y, img[0].getPixelReader().getArgb(x, y));
        javax.imageio.ImageIO.write(b, "png", Path.of("/tmp/vmdoc/" + name).toFile());
        System.err.println("TITLE " + name + ": " + s.getTitle());
    }

    @Test
    void probe(FxRobot robot) throws Exception {
        waitUntil(() -> !vm.layers().isEmpty() && vm.heldOutProperty().get() != null
                && !Double.isNaN(vm.summary().accuracyProperty().get()) && !vm.summary().evaluatingProperty().get());
        robot.interact(() -> ((TabPane) robot.lookup("#chartTabs").query()).getSelectionModel().select(0));
        shot(robot, stage, "0-start.png");
        robot.interact(() -> { vm.rules().energyInputProperty().set("85"); vm.rules().energyCommand().execute(); });
        waitUntil(() -> !vm.summary().evaluatingProperty().get());
        robot.clickOn("#pinButton");
        waitUntil(() -> vm.session().runs().size() == 1);
        robot.interact(() -> { vm.rules().energyInputProperty().set("70"); vm.rules().energyCommand().execute(); });
        waitUntil(() -> !vm.summary().evaluatingProperty().get());
        robot.clickOn("#pinButton");
        waitUntil(() -> vm.session().runs().size() == 2);
        shot(robot, stage, "1-pinned.png");
        Path f = Path.of("/tmp/vmdoc/probe.rbsession");
        robot.interact(() -> vm.session().saveAs(f));
        waitUntil(() -> !vm.session().dirtyProperty().get());
        robot.interact(() -> window.requestClose());
        Stage s2 = new Stage[1] == null ? null : null;
        Stage[] st = new Stage[1];
        robot.interact(() -> { st[0] = new Stage(); window = open(st[0]); });
        vm = window.viewModel();
        waitUntil(() -> !vm.layers().isEmpty() && vm.heldOutProperty().get() != null
                && !vm.summary().evaluatingProperty().get());
        robot.interact(() -> vm.session().open(f));
        waitUntil(() -> vm.session().runs().size() == 2);
        robot.interact(() -> ((TabPane) robot.lookup("#chartTabs").query()).getSelectionModel().select(0));
        robot.interact(() -> vm.session().restore(vm.session().runs().get(0)));
        waitUntil(() -> true);
        shot(robot, st[0], "2-reopened.png");
        robot.interact(() -> vm.layers().get(3).setRank(3));
        waitUntil(() -> !vm.summary().evaluatingProperty().get());
        shot(robot, st[0], "3-edited.png");
    }
}
