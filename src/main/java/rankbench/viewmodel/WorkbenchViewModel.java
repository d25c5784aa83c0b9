package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;

/**
 * State of the main window: the loaded model, its compressible layers and the status line.
 * Loading happens in the background; a model that fails to load is reported and the current one kept.
 */
public final class WorkbenchViewModel {

    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final Callable<SavedModel> defaultModel;

    private final ReadOnlyObjectWrapper<SavedModel> model = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper modelName = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<LayerRow> layers = FXCollections.observableArrayList();

    /** Creates a view model once the window's dialog service exists. */
    @FunctionalInterface
    public interface Factory {
        /** Creates the view model. */
        WorkbenchViewModel create(DialogService dialogs);
    }

    /** Creates the view model; {@code defaultModel} supplies the embedded model. */
    public WorkbenchViewModel(TaskExecutor tasks, UiExecutor ui, DialogService dialogs,
            Callable<SavedModel> defaultModel) {
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.defaultModel = defaultModel;
    }

    /** Creates the view model with the embedded default model. */
    public WorkbenchViewModel(TaskExecutor tasks, UiExecutor ui, DialogService dialogs) {
        this(tasks, ui, dialogs, ModelFiles::readDefault);
    }

    /** Loads the embedded default model in the background. */
    public void loadDefaultModel() {
        load("embedded default model", defaultModel);
    }

    /** Loads a model file in the background; on failure the current model stays. */
    public void openModel(Path file) {
        load(file.getFileName().toString(), () -> ModelFiles.read(file));
    }

    private void load(String name, Callable<SavedModel> loader) {
        busy.set(true);
        status.set("Loading " + name + "\u2026");
        tasks.submit("Load " + name, loader).whenComplete((m, err) -> ui.execute(() -> {
            busy.set(false);
            if (err != null) {
                Throwable cause = err.getCause() != null && err instanceof java.util.concurrent.CompletionException
                        ? err.getCause() : err;
                status.set("Could not load " + name);
                dialogs.showError("Cannot open model", message(cause));
            } else {
                setModel(name, m);
            }
        }));
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private void setModel(String name, SavedModel m) {
        model.set(m);
        modelName.set(name);
        var list = NetworkSpec.layers(m.manifest().network(), m.manifest().input());
        layers.setAll(list.stream().map(LayerRow::of).toList());
        long params = NetworkSpec.parameterCount(m.manifest().network());
        long macs = list.stream().mapToLong(LayerInfo::macs).sum();
        summary.set(String.format(Locale.ROOT, "%s \u2014 %s, input %s, %d classes, %,d parameters, %,d MACs/image",
                name, m.manifest().architecture(), m.manifest().input(), m.manifest().classes().size(), params, macs));
        status.set("Loaded " + name);
    }

    /** The loaded model (null until the first load finishes). */
    public ReadOnlyObjectProperty<SavedModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    /** The loaded model's display name. */
    public ReadOnlyStringProperty modelNameProperty() {
        return modelName.getReadOnlyProperty();
    }

    /** One-line description of the loaded model. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The status line. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True while a model loads. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The compressible layers of the loaded model. */
    public ObservableList<LayerRow> layers() {
        return FXCollections.unmodifiableObservableList(layers);
    }
}
