package rankbench.app;

import java.io.IOException;
import java.util.prefs.Preferences;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.model.ModelFiles;
import rankbench.viewmodel.OneShotRuleViewModel;
import rankbench.viewmodel.WorkbenchSettings;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

/**
 * A throwaway look at the one-shot rules for screenshots under Xvfb: loads the window with latency
 * measurement on, runs the sensitivity rule ({@code -Ddemo.images=N} held-out images, default 1000) once the
 * model is loaded, and writes the screen to {@code demo.shot} when the table is shown, then quits. With
 * {@code -Ddemo.rule=latency} it runs the latency rule instead ({@code -Ddemo.budget=1.3} speed-up,
 * {@code -Ddemo.batch=N}).
 */
public final class RulesDemo extends Application {

    @Override
    public void start(Stage stage) {
        Preferences prefs = Preferences.userRoot().node("rankbench-demo/" + System.nanoTime());
        prefs.putDouble("width", 1600);
        prefs.putDouble("height", 1000);
        prefs.putDouble("x", 0);
        prefs.putDouble("y", 0);
        WorkbenchSettings settings = WorkbenchSettings.defaults();
        MainWindow w = MainWindow.show(
                stage,
                dialogs -> new WorkbenchViewModel(
                        new FxServices.Tasks(),
                        FxServices.UI,
                        dialogs,
                        ModelFiles::readDefault,
                        settings,
                        Workers.background(settings.evalBatch(), true)),
                prefs);
        OneShotRuleViewModel o = w.viewModel().rules().oneShot();
        boolean latency = "latency".equals(System.getProperty("demo.rule"));
        o.kindProperty().set(latency ? OneShotRules.Kind.LATENCY : OneShotRules.Kind.SENSITIVITY);
        o.heldOutImagesProperty().set(System.getProperty("demo.images", "1000"));
        o.latency().budgetValueProperty().set(System.getProperty("demo.budget", "1.3"));
        o.latency()
                .batchProperty()
                .set(System.getProperty(
                        "demo.batch", o.latency().batchProperty().get()));
        PauseTransition settle = new PauseTransition(Duration.seconds(Integer.getInteger("demo.settle", 10)));
        settle.setOnFinished(e -> o.applyCommand().execute());
        settle.play();
        (latency ? o.latency().summaryProperty() : o.sensitivity().summaryProperty()).addListener((x, a, b) -> {
            PauseTransition take = new PauseTransition(Duration.seconds(6));
            take.setOnFinished(y -> {
                String shot = System.getProperty("demo.shot");
                if (shot != null) {
                    try {
                        new ProcessBuilder("import", "-window", "root", shot)
                                .inheritIO()
                                .start()
                                .waitFor();
                    } catch (IOException | InterruptedException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
                Platform.exit();
            });
            take.play();
        });
        PauseTransition quit = new PauseTransition(Duration.seconds(Integer.getInteger("demo.seconds", 120)));
        quit.setOnFinished(e -> Platform.exit());
        quit.play();
    }

    /** Starts the demo (a class that is not an Application, so the class path suffices). */
    public static final class Launch {
        private Launch() {}

        /** Entry point. */
        public static void main(String[] args) {
            Application.launch(RulesDemo.class, args);
        }
    }
}
