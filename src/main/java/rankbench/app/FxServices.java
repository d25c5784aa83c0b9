package rankbench.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.Window;
import rankbench.viewmodel.DialogService;
import rankbench.viewmodel.DiscardChoice;
import rankbench.viewmodel.SafetensorsImportViewModel;
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
        private BiFunction<String, String, Path> saveChooser = (t, n) -> null;

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
        public void showError(String title, String message, List<String> details) {
            if (details.isEmpty()) {
                showError(title, message);
                return;
            }
            Alert a = new Alert(Alert.AlertType.ERROR);
            a.initOwner(owner);
            a.setTitle(title);
            a.setHeaderText(title);
            a.setContentText(message);
            a.getDialogPane().setId("errorDialog");
            TextArea list = new TextArea(String.join("\n", details));
            list.setId("errorDetails");
            list.setEditable(false);
            list.setWrapText(false);
            list.setPrefRowCount(Math.min(14, details.size() + 1));
            list.setPrefColumnCount(70);
            a.getDialogPane().setExpandableContent(list);
            a.getDialogPane().setExpanded(true);
            a.setResizable(true);
            a.show();
        }

        @Override
        public boolean askSafetensorsImport(SafetensorsImportViewModel form) {
            return SafetensorsImportDialog.ask(owner, form);
        }

        @Override
        public void notify(String message) {
            notifier.accept(message);
        }

        /** Sets the file dialog behind {@link #chooseSaveFile} (title, suggested name → path or null). */
        void setSaveChooser(BiFunction<String, String, Path> chooser) {
            saveChooser = chooser;
        }

        @Override
        public DiscardChoice confirmDiscard(String documentName, String action) {
            ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
            ButtonType discard = new ButtonType("Don't Save", ButtonBar.ButtonData.NO);
            ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", save, discard, cancel);
            a.initOwner(owner);
            a.setTitle("Unsaved changes");
            a.setHeaderText("Save the changes to " + documentName + " before " + action + "?");
            a.setContentText("If you don't save, the runs and edits made since the last save are lost.");
            a.getDialogPane().setId("confirmDiscardDialog");
            ButtonType answer = a.showAndWait().orElse(cancel);
            return answer == save
                    ? DiscardChoice.SAVE
                    : answer == discard ? DiscardChoice.DISCARD : DiscardChoice.CANCEL;
        }

        @Override
        public boolean confirm(String title, String message) {
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, message, ButtonType.YES, ButtonType.NO);
            a.initOwner(owner);
            a.setTitle(title);
            a.setHeaderText(title);
            a.getDialogPane().setId("confirmDialog");
            return a.showAndWait().orElse(ButtonType.NO) == ButtonType.YES;
        }

        @Override
        public Path chooseSaveFile(String title, String suggestedName) {
            return saveChooser.apply(title, suggestedName);
        }
    }
}
