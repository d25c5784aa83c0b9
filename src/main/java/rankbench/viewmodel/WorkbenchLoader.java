package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;

/**
 * Loads the workbench's base model and dataset in the background and holds what is loaded: the model, its
 * name and one-line summary, the data with its validation images held out. A model or dataset that fails
 * to load is one error and the current one stays; what was loaded goes to the {@link Listener} on the UI
 * thread (the workbench installs it in the editor, the session and the evaluation).
 */
final class WorkbenchLoader {

    /** A loaded model with its compressible layers (spectra warmed off the UI thread). */
    record Loaded(String name, SavedModel model, List<LayerInfo> layers) {}

    /** What the workbench does with what was loaded (UI thread). */
    interface Listener {
        /** A model was loaded (the properties are not yet updated; call {@link #install}). */
        void modelLoaded(Loaded loaded);

        /** A dataset was loaded (the properties are updated). */
        void dataLoaded(HeldOutData data);
    }

    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final WorkbenchSettings settings;
    private final SpectrumCache cache;
    private final Consumer<String> status;
    private Listener listener;

    private final ReadOnlyObjectWrapper<SavedModel> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyStringWrapper modelName = new ReadOnlyStringWrapper(this, "modelName", "");
    private final ReadOnlyStringWrapper summaryLine = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyObjectWrapper<DataSource> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final ReadOnlyObjectWrapper<HeldOutData> heldOut = new ReadOnlyObjectWrapper<>(this, "heldOut");
    private final ReadOnlyStringWrapper dataName = new ReadOnlyStringWrapper(this, "dataName", "loading data\u2026");
    private String dataSpec;

    WorkbenchLoader(
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            WorkbenchSettings settings,
            SpectrumCache cache,
            Consumer<String> status) {
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.settings = settings;
        this.cache = cache;
        this.status = status;
    }

    void setListener(Listener l) {
        listener = l;
    }

    /** Reads a model's layers and warms its spectra (call off the UI thread). */
    static Loaded prepare(String name, SavedModel m, SpectrumCache cache) {
        List<LayerInfo> ls =
                NetworkSpec.layers(m.manifest().network(), m.manifest().input());
        PlanEditorViewModel.warm(m, ls, cache);
        return new Loaded(name, m, ls);
    }

    /**
     * Prepares a session's base model off the UI thread: its layers, the default spectra and those of the
     * session's plan and its selected run's plan, so showing them computes nothing on the UI thread.
     */
    static Loaded prepare(ExperimentSession s, SpectrumCache cache) {
        Loaded loaded = prepare(s.baseModelName(), s.baseModel(), cache);
        List<RankPlan> plans = new ArrayList<>();
        plans.add(s.currentPlan());
        Run shown = s.selectedRunId() == null ? null : s.run(s.selectedRunId());
        if (shown != null && shown.plan() != null) {
            plans.add(shown.plan());
        }
        SpectraWorker.warmPlans(s.baseModel(), loaded.layers(), cache, plans);
        return loaded;
    }

    /** Loads a model in the background; on failure the current one stays. */
    void loadModel(String name, Callable<SavedModel> loader) {
        busy.set(true);
        status.accept("Loading " + name + "\u2026");
        tasks.submit("Load " + name, () -> prepare(name, loader.call(), cache))
                .whenComplete((loaded, err) -> ui.execute(() -> {
                    busy.set(false);
                    if (err != null) {
                        status.accept("Could not load " + name + "; kept "
                                + (modelName.get().isEmpty() ? "no model" : modelName.get()));
                        SafetensorsOpener.showLoadError(dialogs, err);
                        return;
                    }
                    listener.modelLoaded(loaded);
                    status.accept("Loaded " + loaded.name());
                }));
    }

    /** Makes {@code loaded} the base model: its properties and summary line (UI thread). */
    void install(Loaded loaded) {
        SavedModel m = loaded.model();
        model.set(m);
        modelName.set(loaded.name());
        long macs = loaded.layers().stream().mapToLong(LayerInfo::macs).sum();
        summaryLine.set(String.format(
                Locale.ROOT,
                "%s \u2014 %s, input %s, %d classes, %,d parameters, %,d MACs/image",
                loaded.name(),
                m.manifest().architecture(),
                m.manifest().input(),
                m.manifest().classes().size(),
                NetworkSpec.parameterCount(m.manifest().network()),
                macs));
    }

    /** Loads the dataset {@code spec} in the background (with its validation split); on failure the current one stays. */
    void loadData(String name, String spec) {
        tasks.submit("Load " + name, () -> HeldOutData.of(Datasets.load(spec), spec, settings))
                .whenComplete((d, err) -> ui.execute(() -> {
                    if (err != null) {
                        dialogs.showError("Cannot open dataset", WorkbenchViewModel.message(err));
                        status.accept("Could not load dataset " + name);
                        if (data.get() == null) {
                            dataName.set("no data");
                        }
                        return;
                    }
                    dataSpec = spec;
                    data.set(d.source());
                    heldOut.set(d);
                    dataName.set(d.describe());
                    listener.dataLoaded(d);
                }));
    }

    /** The spec of the loaded dataset (null before the first). */
    String dataSpec() {
        return dataSpec;
    }

    ReadOnlyObjectProperty<SavedModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    ReadOnlyStringProperty modelNameProperty() {
        return modelName.getReadOnlyProperty();
    }

    ReadOnlyStringProperty summaryProperty() {
        return summaryLine.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<DataSource> dataProperty() {
        return data.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<HeldOutData> heldOutProperty() {
        return heldOut.getReadOnlyProperty();
    }

    ReadOnlyStringProperty dataNameProperty() {
        return dataName.getReadOnlyProperty();
    }
}
