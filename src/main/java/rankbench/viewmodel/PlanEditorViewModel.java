package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

/**
 * The plan on screen: one {@link LayerViewModel} per compressible layer, the selected layer, edits
 * debounced into settled plans, and undo/redo of whole plans ({@link PlanHistory}; a burst of slider moves
 * is one step). Costs go to the {@link SummaryViewModel} synchronously on every edit.
 *
 * <p>Singular values of schemes a layer does not use yet come from a {@link SpectraWorker} (through
 * {@link PlanSpectra}): after a model is shown it warms every scheme of every layer in the background; a
 * scheme the user picks, or a plan applied programmatically (rules, undo/redo, a run or session shown, a plan
 * file), whose values are not cached yet is computed there first and shown when ready, so the UI thread never
 * decomposes a large matrix.
 *
 * <p>Threading: UI thread only; the debounce timer hands its tick back through the {@link UiExecutor}.
 */
public final class PlanEditorViewModel {

    /** What the editor tells its owner. */
    public interface Listener {
        /** A rank or scheme changed (by the user or by a plan being applied); the accuracy on screen is stale. */
        void edited(boolean byUser);

        /** Edits paused: {@code plan} is the plan on screen (evaluate it). */
        void settled(RankPlan plan);

        /**
         * A user edit after a pause (a key press, a click on the slider's track, the first move of a drag):
         * {@code plan} is on screen and may be evaluated at once, so that a single edit has its figure without
         * waiting for the pause that settles it; {@link #settled} follows (for the same plan, or a later one
         * if the edit was the start of a drag).
         */
        default void editedAfterPause(RankPlan plan) {}
    }

    private final Scheduler scheduler;
    private final UiExecutor ui;
    private final long debounceMs;
    private final SummaryViewModel summary;
    private final Listener listener;
    private final ObservableList<LayerViewModel> layers = FXCollections.observableArrayList();
    private final ObservableList<LayerViewModel> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ObjectProperty<LayerViewModel> selectedLayer = new SimpleObjectProperty<>(this, "selectedLayer");
    private final PlanHistory history = new PlanHistory(this);
    private final Command undoCommand;
    private final Command redoCommand;
    private long baseParams;
    private long editGeneration;
    private long editStartedNanos;
    private Runnable pendingSettle;
    private final PlanSpectra spectra;

    /** An editor computing singular values where asked (no spectra worker, no warm-up). */
    PlanEditorViewModel(
            Scheduler scheduler, UiExecutor ui, long debounceMs, SummaryViewModel summary, Listener listener) {
        this(scheduler, ui, debounceMs, summary, listener, null);
    }

    /**
     * An editor whose singular values are computed and warmed on {@code spectraWorker}.
     *
     * @param spectraWorker the thread singular values are computed on ({@link Workers#spectra()}; null: where
     *     asked, no warm-up)
     */
    PlanEditorViewModel(
            Scheduler scheduler,
            UiExecutor ui,
            long debounceMs,
            SummaryViewModel summary,
            Listener listener,
            Executor spectraWorker) {
        this.spectra = new PlanSpectra(spectraWorker, ui);
        this.scheduler = scheduler;
        this.ui = ui;
        this.debounceMs = debounceMs;
        this.summary = summary;
        this.listener = listener;
        undoCommand = new Command(() -> step(true), history.canUndoProperty());
        redoCommand = new Command(() -> step(false), history.canRedoProperty());
    }

    /** Shows the layers of a newly loaded base model, every one dense; clears undo and redo. */
    void setModel(SavedModel m, List<LayerInfo> infos, SpectrumCache cache) {
        cancelPending();
        history.reset(RankPlan.empty()); // the previous model's steps are gone
        spectra.newModel(cache);
        editGeneration++; // a debounce tick of the previous model's last edit settles nothing
        List<LayerViewModel> vms = new ArrayList<>();
        for (LayerInfo l : infos) {
            Tensor w = m.weights().get(l.name() + ".weight");
            vms.add(new LayerViewModel(l, spectra.source(l, w), this::onLayerEdit));
        }
        baseParams = NetworkSpec.parameterCount(m.manifest().network());
        layers.setAll(vms);
        selectedLayer.set(vms.isEmpty() ? null : vms.get(0));
        history.reset(currentPlan());
        updateCosts();
    }

    /** Returns the plan on screen: every layer, factorized or kept dense at full rank. */
    public RankPlan currentPlan() {
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerViewModel l : layers) {
            m.put(l.getName(), l.plan());
        }
        return new RankPlan(m);
    }

    /** Warm-up for the spectrum cache off the UI thread. */
    static void warm(SavedModel m, List<LayerInfo> infos, SpectrumCache cache) {
        for (LayerInfo l : infos) {
            cache.values(
                    l.name(),
                    m.weights().get(l.name() + ".weight"),
                    l.isConv() ? Scheme.CHANNEL : Scheme.LINEAR,
                    -1,
                    true);
        }
    }

    /**
     * Starts the background warm-up of every scheme of every layer of the model on screen, once the work
     * queued on {@code after} now has run (the first evaluation goes first); a newer model supersedes it.
     */
    void warmUp(Executor after) {
        spectra.warmUp(after);
    }

    /** True while the background warm-up of the other schemes runs. */
    ReadOnlyBooleanProperty warmingProperty() {
        return spectra.worker().warmingProperty();
    }

    /** Progress of the warm-up, 0..1. */
    ReadOnlyDoubleProperty warmProgressProperty() {
        return spectra.worker().progressProperty();
    }

    /** Stops the warm-up (scheme changes are then computed when picked). */
    Command cancelWarmUpCommand() {
        return spectra.worker().cancelWarmUpCommand();
    }

    private void onLayerEdit() {
        boolean afterPause = pendingSettle == null;
        editGeneration++;
        editStartedNanos = System.nanoTime();
        updateCosts();
        listener.edited(true);
        if (afterPause) {
            listener.editedAfterPause(currentPlan());
        } else {
            pendingSettle.run();
        }
        long gen = editGeneration;
        pendingSettle = scheduler.schedule(
                debounceMs,
                () -> ui.execute(() -> {
                    if (gen == editGeneration) {
                        settle();
                    }
                }));
    }

    private void settle() {
        pendingSettle = null;
        RankPlan plan = currentPlan();
        history.settle(plan);
        listener.settled(plan);
    }

    /** Settles a pending edit now (before rules, undo, pinning, fine-tuning). */
    void flushPending() {
        if (pendingSettle != null) {
            pendingSettle.run();
            settle();
        }
    }

    private void cancelPending() {
        if (pendingSettle != null) {
            pendingSettle.run();
            pendingSettle = null;
        }
    }

    /** Applies a whole plan as one undoable step and settles it (rules, reset). */
    void applyPlan(RankPlan plan) {
        spectra.whenReady(layers, plan, () -> {
            flushPending();
            showEdit(plan, false);
            settle();
        });
    }

    /**
     * Shows a plan without evaluating it (a restored run shows its own figures): one undoable step; the
     * listener is not told.
     */
    void showPlan(RankPlan plan) {
        spectra.whenReady(layers, plan, () -> {
            cancelPending();
            setLayers(plan);
            history.settle(currentPlan());
            editGeneration++;
            updateCosts();
        });
    }

    private void setLayers(RankPlan plan) {
        for (LayerViewModel l : layers) {
            l.apply(plan.get(l.getName()));
        }
    }

    /** Sets every layer back to dense (undoable). */
    void reset() {
        for (LayerViewModel l : layers) {
            l.setRuleRank(0);
        }
        applyPlan(RankPlan.empty());
    }

    /** Puts {@code plan} on the layers as an edit: its costs are shown and the listener is told. */
    private void showEdit(RankPlan plan, boolean byUser) {
        setLayers(plan);
        editGeneration++;
        editStartedNanos = System.nanoTime();
        updateCosts();
        listener.edited(byUser);
    }

    /** Undoes ({@code back}) or redoes one step once its plan's singular values are ready, and settles it. */
    private void step(boolean back) {
        flushPending();
        RankPlan target = history.next(back);
        if (target != null) {
            spectra.whenReady(layers, target, () -> {
                flushPending();
                if (history.next(back) != null) {
                    RankPlan plan = history.step(back);
                    showEdit(plan, true);
                    listener.settled(plan);
                }
            });
        }
    }

    /** Recomputes parameters and MACs of the plan on screen into the summary. */
    void updateCosts() {
        long params = baseParams;
        long baseMacs = 0;
        long macs = 0;
        for (LayerViewModel l : layers) {
            params += l.paramsProperty().get() - l.getDenseParams();
            baseMacs += l.getDenseMacs();
            macs += l.macsProperty().get();
        }
        summary.setCosts(baseParams, params, baseMacs, macs);
    }

    /** Nanoseconds since the last edit started ({@code System.nanoTime()} then), for latency measurements. */
    long editStartedNanos() {
        return editStartedNanos;
    }

    /** The compressible layers of the base model. */
    public ObservableList<LayerViewModel> layers() {
        return layersView;
    }

    /** The layer shown in the spectrum chart (input from the table selection). */
    public ObjectProperty<LayerViewModel> selectedLayerProperty() {
        return selectedLayer;
    }

    /** Restores the previous rank plan. */
    public Command undoCommand() {
        return undoCommand;
    }

    /** Re-applies an undone rank plan. */
    public Command redoCommand() {
        return redoCommand;
    }
}
