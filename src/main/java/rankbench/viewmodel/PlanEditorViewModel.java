package rankbench.viewmodel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * debounced into settled plans, and undo/redo of whole plans (a burst of slider moves is one step).
 * Costs go to the {@link SummaryViewModel} synchronously on every edit.
 *
 * <p>Singular values of schemes a layer does not use yet come from a {@link SpectraWorker}: after a model is
 * shown it warms every scheme of every layer in the background; a scheme the user picks, or a plan applied
 * programmatically (rules, undo/redo, a run or session shown, a plan file), whose values are not cached yet is
 * computed there first and shown when ready, so the UI thread never decomposes a large matrix.
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

    private static final Logger LOG = LoggerFactory.getLogger(PlanEditorViewModel.class);

    private final Scheduler scheduler;
    private final UiExecutor ui;
    private final long debounceMs;
    private final SummaryViewModel summary;
    private final Listener listener;
    private final ObservableList<LayerViewModel> layers = FXCollections.observableArrayList();
    private final ObservableList<LayerViewModel> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ObjectProperty<LayerViewModel> selectedLayer = new SimpleObjectProperty<>(this, "selectedLayer");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final Deque<RankPlan> undo = new ArrayDeque<>();
    private final Deque<RankPlan> redo = new ArrayDeque<>();
    private final Command undoCommand;
    private final Command redoCommand;
    private RankPlan settledPlan = RankPlan.empty();
    private long baseParams;
    private long editGeneration;
    private long editStartedNanos;
    private Runnable pendingSettle;
    private final SpectraWorker spectra;
    private List<SpectraWorker.Target> warmTargets = List.of();
    private long modelGeneration;
    private long planTicket;

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
        this.spectra = new SpectraWorker(spectraWorker, ui);
        this.scheduler = scheduler;
        this.ui = ui;
        this.debounceMs = debounceMs;
        this.summary = summary;
        this.listener = listener;
        undoCommand = new Command(this::undo, canUndo);
        redoCommand = new Command(this::redo, canRedo);
    }

    /** Shows the layers of a newly loaded base model, every one dense; clears undo and redo. */
    void setModel(SavedModel m, List<LayerInfo> infos, SpectrumCache cache) {
        cancelPending();
        undo.clear();
        redo.clear();
        spectra.newModel(cache);
        modelGeneration++;
        planTicket++;
        editGeneration++; // a debounce tick of the previous model's last edit settles nothing
        List<LayerViewModel> vms = new ArrayList<>();
        List<SpectraWorker.Target> targets = new ArrayList<>();
        for (LayerInfo l : infos) {
            Tensor w = m.weights().get(l.name() + ".weight");
            vms.add(new LayerViewModel(l, spectra.source(l.name(), w), this::onLayerEdit));
            targets.add(new SpectraWorker.Target(l.name(), w, LayerViewModel.schemes(l)));
        }
        warmTargets = List.copyOf(targets);
        baseParams = NetworkSpec.parameterCount(m.manifest().network());
        layers.setAll(vms);
        selectedLayer.set(vms.isEmpty() ? null : vms.get(0));
        settledPlan = currentPlan();
        updateUndoState();
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
        long gen = modelGeneration;
        List<SpectraWorker.Target> targets = warmTargets;
        Runnable start = () -> ui.execute(() -> {
            if (gen == modelGeneration) {
                spectra.warmUp(targets);
            }
        });
        if (after == null) {
            start.run();
        } else {
            after.execute(start);
        }
    }

    /**
     * Runs {@code action}, which applies {@code plan} to the layers, now if every scheme the plan needs is in
     * use or cached, else once the spectra worker has computed the missing ones (back on the UI thread). A
     * later plan or another model supersedes a waiting one; if a computation fails the plan is not applied.
     */
    private void whenReady(RankPlan plan, Runnable action) {
        long ticket = ++planTicket;
        List<LayerViewModel> missing = new ArrayList<>();
        for (LayerViewModel l : layers) {
            if (!l.ready(plan.get(l.getName()))) {
                missing.add(l);
            }
        }
        if (missing.isEmpty()) {
            action.run();
            return;
        }
        int[] left = {missing.size()};
        Throwable[] failure = {null};
        for (LayerViewModel l : missing) {
            l.prepare(plan.get(l.getName()), (views, err) -> {
                if (err != null && failure[0] == null) {
                    failure[0] = err;
                }
                if (--left[0] > 0 || ticket != planTicket) {
                    return;
                }
                if (failure[0] != null) {
                    LOG.error(
                            "could not compute the singular values a plan needs; the plan was not applied", failure[0]);
                    return;
                }
                action.run();
            });
        }
    }

    /** True while the background warm-up of the other schemes runs. */
    ReadOnlyBooleanProperty warmingProperty() {
        return spectra.warmingProperty();
    }

    /** Progress of the warm-up, 0..1. */
    ReadOnlyDoubleProperty warmProgressProperty() {
        return spectra.progressProperty();
    }

    /** Stops the warm-up (scheme changes are then computed when picked). */
    Command cancelWarmUpCommand() {
        return spectra.cancelWarmUpCommand();
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
        if (!plan.equals(settledPlan)) {
            undo.push(settledPlan);
            redo.clear();
            settledPlan = plan;
            updateUndoState();
        }
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
        whenReady(plan, () -> {
            flushPending();
            setLayers(plan);
            editGeneration++;
            editStartedNanos = System.nanoTime();
            updateCosts();
            listener.edited(false);
            settle();
        });
    }

    /**
     * Shows a plan without evaluating it (a restored run shows its own figures): one undoable step; the
     * listener is not told.
     */
    void showPlan(RankPlan plan) {
        whenReady(plan, () -> {
            cancelPending();
            setLayers(plan);
            RankPlan now = currentPlan();
            if (!now.equals(settledPlan)) {
                undo.push(settledPlan);
                redo.clear();
                settledPlan = now;
                updateUndoState();
            }
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

    private void restoreSettled(RankPlan plan) {
        settledPlan = plan;
        updateUndoState();
        setLayers(plan);
        editGeneration++;
        editStartedNanos = System.nanoTime();
        updateCosts();
        listener.edited(true);
        listener.settled(plan);
    }

    private void undo() {
        flushPending();
        if (!undo.isEmpty()) {
            whenReady(undo.peek(), () -> {
                flushPending();
                if (!undo.isEmpty()) {
                    redo.push(settledPlan);
                    restoreSettled(undo.pop());
                }
            });
        }
    }

    private void redo() {
        flushPending();
        if (!redo.isEmpty()) {
            whenReady(redo.peek(), () -> {
                flushPending();
                if (!redo.isEmpty()) {
                    undo.push(settledPlan);
                    restoreSettled(redo.pop());
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

    private void updateUndoState() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
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
