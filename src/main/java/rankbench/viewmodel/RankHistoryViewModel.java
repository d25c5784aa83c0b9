package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.experiment.methods.RankSnapshot;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.TrainingEvent;
import rankbench.viewmodel.RankLearningViewModel.RankStep;

/**
 * What a rank-learning run's rank updates ({@link RankSnapshot}s) show in the window: the per-layer rank
 * history (the heat map), the parameters and MACs of the starting model factorized at each update's ranks,
 * and the selected layer's latest spectrum with the method's cut-off. UI-thread state, fed by the
 * {@link TrainingRunViewModel}'s events.
 */
final class RankHistoryViewModel {

    private final Supplier<SavedModel> model;
    private final ObservableList<ChartPoint> params = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> macs = FXCollections.observableArrayList();
    private final ObservableList<RankStep> rankHistory = FXCollections.observableArrayList();
    private final ObservableList<String> layerNames = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> paramsView = FXCollections.unmodifiableObservableList(params);
    private final ObservableList<ChartPoint> macsView = FXCollections.unmodifiableObservableList(macs);
    private final ObservableList<RankStep> rankHistoryView = FXCollections.unmodifiableObservableList(rankHistory);
    private final ObservableList<String> layerNamesView = FXCollections.unmodifiableObservableList(layerNames);
    private final StringProperty selectedLayer = new SimpleStringProperty(this, "selectedLayer");
    private final ReadOnlyObjectWrapper<double[]> spectrum = new ReadOnlyObjectWrapper<>(this, "spectrum");
    private final ReadOnlyIntegerWrapper cutoff = new ReadOnlyIntegerWrapper(this, "cutoff", 0);
    private final ReadOnlyStringWrapper spectrumTitle = new ReadOnlyStringWrapper(this, "spectrumTitle", "");
    private final Map<String, RankSnapshot.Layer> latestLayers = new LinkedHashMap<>();
    private final List<ChartPoint> pendingParams = new ArrayList<>();
    private final List<ChartPoint> pendingMacs = new ArrayList<>();
    private final List<RankStep> pendingSteps = new ArrayList<>();
    private boolean layersChanged;

    /** Creates the history; {@code model} gives the starting model the costs are computed on. */
    RankHistoryViewModel(Supplier<SavedModel> model) {
        this.model = model;
        selectedLayer.addListener((o, a, b) -> showSpectrum());
    }

    /** Clears everything (a new run). */
    void clear() {
        params.clear();
        macs.clear();
        rankHistory.clear();
        layerNames.clear();
        latestLayers.clear();
        pendingParams.clear();
        pendingMacs.clear();
        pendingSteps.clear();
        spectrum.set(null);
        cutoff.set(0);
        spectrumTitle.set("");
    }

    /** Takes one event of the run (rank updates only; the rest is ignored). */
    void accept(TrainingRunViewModel.Step step) {
        if (!(step.event() instanceof TrainingEvent.MethodUpdate u) || !(u.payload() instanceof RankSnapshot s)) {
            return;
        }
        for (RankSnapshot.Layer layer : s.layers()) {
            if (!layerNames.contains(layer.name())) {
                layerNames.add(layer.name());
                layersChanged = true;
            }
            latestLayers.put(layer.name(), layer);
        }
        int k = layerNames.size();
        int[] ranks = new int[k];
        int[] full = new int[k];
        int[] inRanks = new int[k];
        int[] fullIn = new int[k];
        Arrays.fill(ranks, -1);
        Arrays.fill(inRanks, -1);
        for (RankSnapshot.Layer layer : s.layers()) {
            int i = layerNames.indexOf(layer.name());
            ranks[i] = layer.rank().get(0);
            full[i] = layer.fullRank().get(0);
            if (layer.rank().size() > 1 && layer.fullRank().size() > 1) { // Tucker-2: Ro and Ri
                inRanks[i] = layer.rank().get(1);
                fullIn[i] = layer.fullRank().get(1);
            }
        }
        pendingSteps.add(new RankStep(
                rankHistory.size() + pendingSteps.size(),
                step.step(),
                s.phase(),
                ranks,
                full,
                inRanks,
                fullIn,
                s.epoch()));
        long[] cost = cost(s);
        if (cost != null) {
            pendingParams.add(new ChartPoint(step.step(), cost[0]));
            pendingMacs.add(new ChartPoint(step.step(), cost[1]));
        }
    }

    /** Publishes the updates taken since the last call as one list change each (a chart redraws once). */
    void flush() {
        boolean any = !pendingSteps.isEmpty();
        params.addAll(pendingParams);
        macs.addAll(pendingMacs);
        rankHistory.addAll(pendingSteps);
        pendingParams.clear();
        pendingMacs.clear();
        pendingSteps.clear();
        if (layersChanged && (selectedLayer.get() == null || !layerNames.contains(selectedLayer.get()))) {
            selectedLayer.set(layerNames.get(0));
        }
        layersChanged = false;
        if (any) {
            showSpectrum();
        }
    }

    /** Parameters and MACs of the starting model factorized at a snapshot's ranks, or null. */
    private long[] cost(RankSnapshot s) {
        SavedModel m = model.get();
        return m == null
                ? null
                : s.costOn(m).map(c -> new long[] {c.params(), c.macs()}).orElse(null);
    }

    private void showSpectrum() {
        RankSnapshot.Layer l = selectedLayer.get() == null ? null : latestLayers.get(selectedLayer.get());
        if (l == null) {
            spectrum.set(null);
            cutoff.set(0);
            spectrumTitle.set("");
            return;
        }
        spectrum.set(l.spectrum());
        cutoff.set(l.rank().get(0));
        spectrumTitle.set(l.name() + " \u2014 " + l.scheme() + " view, rank "
                + l.rank().get(0) + " of " + l.fullRank().get(0));
    }

    ObservableList<ChartPoint> params() {
        return paramsView;
    }

    ObservableList<ChartPoint> macs() {
        return macsView;
    }

    ObservableList<RankStep> rankHistory() {
        return rankHistoryView;
    }

    ObservableList<String> layerNames() {
        return layerNamesView;
    }

    StringProperty selectedLayerProperty() {
        return selectedLayer;
    }

    ReadOnlyObjectProperty<double[]> spectrumProperty() {
        return spectrum.getReadOnlyProperty();
    }

    ReadOnlyIntegerProperty cutoffProperty() {
        return cutoff.getReadOnlyProperty();
    }

    ReadOnlyStringProperty spectrumTitleProperty() {
        return spectrumTitle.getReadOnlyProperty();
    }
}
