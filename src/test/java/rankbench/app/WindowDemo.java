package rankbench.app;

import java.io.IOException;
import java.util.prefs.Preferences;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import javafx.util.Duration;
import rankbench.experiment.model.ModelFiles;
import rankbench.viewmodel.WorkbenchSettings;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

/**
 * A throwaway look at the window for screenshots under Xvfb: {@code -Ddemo.tab=N} picks the chart tab,
 * {@code -Ddemo.menu=export} opens File ▸ Export, {@code -Ddemo.method=lc} picks a method; it quits after
 * {@code demo.seconds} (default 25).
 */
public final class WindowDemo extends Application {

    @Override
    public void start(Stage stage) {
        Preferences prefs = Preferences.userRoot().node("rankbench-demo/" + System.nanoTime());
        prefs.putDouble("width", 1600);
        prefs.putDouble("height", 1000);
        prefs.putDouble("x", 0);
        prefs.putDouble("y", 0);
        prefs.putDouble("mainDivider", Double.parseDouble(System.getProperty("demo.mainDivider", "0.56")));
        prefs.putInt("tab", Integer.getInteger("demo.tab", 2));
        WorkbenchSettings settings = WorkbenchSettings.defaults();
        MainWindow w = MainWindow.show(
                stage,
                dialogs -> new WorkbenchViewModel(
                        new FxServices.Tasks(),
                        FxServices.UI,
                        dialogs,
                        ModelFiles::readDefault,
                        settings,
                        Workers.background(settings.evalBatch(), false)),
                prefs);
        String method = System.getProperty("demo.method");
        if (method != null) {
            w.viewModel().rankLearning().selectedMethodProperty().set(method);
        }
        PauseTransition settle = new PauseTransition(Duration.seconds(Integer.getInteger("demo.settle", 12)));
        settle.setOnFinished(e -> {
            if (Boolean.getBoolean("demo.scroll")) {
                ScrollPane sp = (ScrollPane) stage.getScene().lookup("#learnForm");
                sp.applyCss();
                sp.layout();
                sp.setVvalue(sp.getVmax());
            }
            if ("export".equals(System.getProperty("demo.menu"))) {
                MenuBar bar = (MenuBar) stage.getScene().lookup(".menu-bar");
                Menu file = bar.getMenus().get(0);
                file.show();
                PauseTransition sub = new PauseTransition(Duration.seconds(1));
                sub.setOnFinished(x -> file.getItems().stream()
                        .filter(i -> "exportMenu".equals(i.getId()))
                        .findFirst()
                        .ifPresent(i -> ((Menu) i).show()));
                sub.play();
            }
            String shot = System.getProperty("demo.shot");
            if (shot != null) { // the screen as it is 2 s later, then quit
                PauseTransition take = new PauseTransition(Duration.seconds(2));
                take.setOnFinished(x -> {
                    try {
                        new ProcessBuilder("import", "-window", "root", shot)
                                .inheritIO()
                                .start()
                                .waitFor();
                    } catch (IOException | InterruptedException ex) {
                        throw new IllegalStateException(ex);
                    }
                    Platform.exit();
                });
                take.play();
            }
        });
        settle.play();
        PauseTransition quit = new PauseTransition(Duration.seconds(Integer.getInteger("demo.seconds", 25)));
        quit.setOnFinished(e -> Platform.exit());
        quit.play();
    }

    /** Starts the demo (a class that is not an Application, so the class path suffices). */
    public static final class Launch {
        private Launch() {}

        /** Entry point. */
        public static void main(String[] args) {
            Application.launch(WindowDemo.class, args);
        }
    }
}
