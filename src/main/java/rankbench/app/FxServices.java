package rankbench.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Window;
import rankbench.viewmodel.DialogService;
import rankbench.viewmodel.TaskExecutor;
import rankbench.viewmodel.UiExecutor;

/** The JavaFX implementations of the view-model services. */
final class FxServices {

    private FxServices() {}

    /** Runs on the FX thread. */
    static final UiExecutor UI = Platform::runLater;

    /** Background tasks on daemon threads. */
    static final class Tasks implements TaskExecutor {
        private final AtomicInteger n = new AtomicInteger();
        private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rankbench-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });

        @Override
        public <T> CompletableFuture<T> submit(String title, Callable<T> work) {
            CompletableFuture<T> f = new CompletableFuture<>();
            pool.execute(() -> {
                try {
                    f.complete(work.call());
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
            return f;
        }
    }

    /** Error dialogs owned by the main window; notifications through the window's notification pane. */
    static final class Dialogs implements DialogService {
        private final Window owner;
        private final Consumer<String> notifier;

        Dialogs(Window owner, Consumer<String> notifier) {
            this.owner = owner;
            this.notifier = notifier;
        }

        @Override
        public void showError(String title, String message) {
            Alert a = new Alert(Alert.AlertType.ERROR);
            a.initOwner(owner);
            a.setTitle(title);
            a.setHeaderText(title);
            a.setContentText(message);
            a.getDialogPane().setId("errorDialog");
            a.show();
        }

        @Override
        public void notify(String message) {
            notifier.accept(message);
        }
    }
}
