package rankbench.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.stage.Stage;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.model.ModelFiles;
import rankbench.viewmodel.DialogService;
import rankbench.viewmodel.WorkbenchSettings;
import rankbench.viewmodel.WorkbenchViewModel;
import rankbench.viewmodel.Workers;

/**
 * A main for {@link OfflineWindowTest}: opens the real window headless (Monocle), waits until the embedded
 * model and the bundled data are loaded and the first compress-only accuracy is on screen, then exits 0;
 * exits 1 if an error dialog appeared or nothing was shown within the time limit.
 */
public final class OfflineWindowProbe {

    private OfflineWindowProbe() {}

    /** Runs the probe; prints one line saying what happened. */
    public static void main(String[] args) throws Exception {
        List<String> errors = new ArrayList<>();
        AtomicReference<WorkbenchViewModel> vm = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(() -> {
            Preferences prefs = Preferences.userRoot().node("rankbench-offline-probe/" + System.nanoTime());
            prefs.putDouble("width", 1200);
            prefs.putDouble("height", 760);
            WorkbenchSettings s = new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 100, 100, 50, 256, 32, 4);
            MainWindow w = MainWindow.show(
                    new Stage(),
                    dialogs -> new WorkbenchViewModel(
                            new FxServices.Tasks(),
                            FxServices.UI,
                            recording(dialogs, errors),
                            ModelFiles::readDefault,
                            s,
                            Workers.background(s.evalBatch(), false)),
                    prefs);
            vm.set(w.viewModel());
            started.countDown();
        });
        started.await(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            AtomicReference<Boolean> ready = new AtomicReference<>(false);
            CountDownLatch checked = new CountDownLatch(1);
            Platform.runLater(() -> {
                WorkbenchViewModel v = vm.get();
                ready.set(!v.layers().isEmpty()
                        && !Double.isNaN(v.summary().accuracyProperty().get())
                        && !v.summary().evaluatingProperty().get());
                checked.countDown();
            });
            checked.await(10, TimeUnit.SECONDS);
            if (!errors.isEmpty()) {
                System.out.println("error shown: " + errors.get(0));
                System.exit(1);
            }
            if (ready.get()) {
                System.out.println("window ready with " + vm.get().layers().size() + " layers");
                System.exit(0);
            }
            Thread.sleep(250);
        }
        System.out.println("the window did not become ready");
        System.exit(1);
    }

    private static DialogService recording(DialogService real, List<String> errors) {
        return new DialogService() {
            @Override
            public void showError(String title, String message) {
                synchronized (errors) {
                    errors.add(title + ": " + message);
                }
            }

            @Override
            public void notify(String message) {
                real.notify(message);
            }
        };
    }
}
