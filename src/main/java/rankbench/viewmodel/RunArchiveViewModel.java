package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;

/**
 * The run archive: a filtered view of a session's runs, the selection, restoring one run, the Pareto chart's
 * data and the comparison of two or more selected runs (per-layer ranks and spectra).
 *
 * <p>Filters: a text (every word must occur in the run's id, method, label, kind, status or a
 * hyperparameter {@code name=value}), a status filter and a kind filter (null: any kind). Sorting is the
 * table's business. The Pareto chart shows the filtered runs; its y axis is the validation accuracy (never
 * test). Spectra are computed on the {@link TaskExecutor} and arrive through the {@link UiExecutor}; a newer
 * request makes older results stale, and they are dropped.
 */
public final class RunArchiveViewModel {

    private final ObservableList<Run> runs;
    private final Consumer<Run> restore;
    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final RunLayerSpectra spectraCalculator = new RunLayerSpectra();

    private final StringProperty filterText = new SimpleStringProperty("");
    private final ObjectProperty<RunStatusFilter> statusFilter = new SimpleObjectProperty<>(RunStatusFilter.ANY);
    private final ObjectProperty<RunKind> kindFilter = new SimpleObjectProperty<>();
    private final FilteredList<Run> filtered;
    private final ObservableList<Run> selected = FXCollections.observableArrayList();
    private final Command restoreCommand;

    private final ObjectProperty<ParetoAxis> paretoAxis = new SimpleObjectProperty<>(ParetoAxis.MACS);
    private final ObservableList<RunPoint> points = FXCollections.observableArrayList();
    private final ObservableList<ExcludedRun> excluded = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper xAxisLabel = new ReadOnlyStringWrapper(ParetoAxis.MACS.label(null));
    private final ReadOnlyStringWrapper paretoNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Integer> latencyBatch = new ReadOnlyObjectWrapper<>();

    private final ObservableList<Run> compared = FXCollections.observableArrayList();
    private final ObservableList<RankRow> rankRows = FXCollections.observableArrayList();
    private final ObservableList<String> comparisonLayers = FXCollections.observableArrayList();
    private final ObjectProperty<String> spectrumLayer = new SimpleObjectProperty<>();
    private final ObservableList<RunSpectrum> spectra = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper spectraComputing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper spectraMessage = new ReadOnlyStringWrapper("");
    private long spectraRequest;

    /**
     * Creates the archive over {@code runs}, computing spectra on the calling thread (for callers without
     * a worker; the window uses {@link #RunArchiveViewModel(ObservableList, Consumer, TaskExecutor, UiExecutor)}).
     *
     * @param runs the session's runs (observed, never modified)
     * @param restore called with the one selected run when the user restores it
     */
    public RunArchiveViewModel(ObservableList<Run> runs, Consumer<Run> restore) {
        this(runs, restore, TaskExecutor.currentThread(), Runnable::run);
    }

    /**
     * Creates the archive over {@code runs}; spectra are computed on {@code tasks} and published through
     * {@code ui}.
     */
    public RunArchiveViewModel(ObservableList<Run> runs, Consumer<Run> restore, TaskExecutor tasks, UiExecutor ui) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.restore = Objects.requireNonNull(restore, "restore");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.ui = Objects.requireNonNull(ui, "ui");
        filtered = new FilteredList<>(runs, r -> true);
        restoreCommand = new Command(
                this::restoreSelected,
                Bindings.createBooleanBinding(
                        () -> selected.size() == 1 && selected.get(0).hasResult(), selected));
        filterText.addListener(o -> refilter());
        statusFilter.addListener(o -> refilter());
        kindFilter.addListener(o -> refilter());
        filtered.addListener((ListChangeListener<Run>) c -> refreshPareto());
        paretoAxis.addListener(o -> refreshPareto());
        selected.addListener((ListChangeListener<Run>) c -> refreshComparison());
        runs.addListener((ListChangeListener<Run>) c -> followRuns());
        spectrumLayer.addListener(o -> refreshSpectra());
        refreshPareto();
    }

    // --- filters -------------------------------------------------------------------------------------------

    /** The text filter (words, all of which must occur; case-insensitive). */
    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** Which statuses are shown. */
    public ObjectProperty<RunStatusFilter> statusFilterProperty() {
        return statusFilter;
    }

    /** Which kind of run is shown (null: every kind). */
    public ObjectProperty<RunKind> kindFilterProperty() {
        return kindFilter;
    }

    /** Every run of the session (unfiltered, read-only use). */
    public ObservableList<Run> allRuns() {
        return runs;
    }

    /** The runs passing the filters, in session order (wrap in a SortedList to sort). */
    public ObservableList<Run> filteredRuns() {
        return filtered;
    }

    private void refilter() {
        String[] words = filterText.get() == null
                ? new String[0]
                : filterText.get().toLowerCase(Locale.ROOT).trim().split("\\s+");
        RunStatusFilter status = statusFilter.get() == null ? RunStatusFilter.ANY : statusFilter.get();
        RunKind kind = kindFilter.get();
        Predicate<Run> p = r -> status.test(r.status()) && (kind == null || r.kind() == kind) && matches(r, words);
        filtered.setPredicate(p);
    }

    private static boolean matches(Run r, String[] words) {
        StringBuilder hay = new StringBuilder();
        hay.append(r.id())
                .append(' ')
                .append(r.method())
                .append(' ')
                .append(r.label())
                .append(' ')
                .append(r.kind().id())
                .append(' ')
                .append(r.status().id());
        r.hyperparameters()
                .forEach((k, v) -> hay.append(' ').append(k).append('=').append(v));
        String text = hay.toString().toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (!w.isEmpty() && !text.contains(w)) {
                return false;
            }
        }
        return true;
    }

    // --- selection and restore -----------------------------------------------------------------------------

    /** The selected runs (set by the view from the table's selection). */
    public ObservableList<Run> selected() {
        return selected;
    }

    /** Selects exactly the run with this id (a click on the chart); does nothing for an unknown id. */
    public void select(String runId) {
        for (Run r : runs) {
            if (r.id().equals(runId)) {
                selected.setAll(List.of(r));
                return;
            }
        }
    }

    /** Restores the one selected run's model and plan; executable when exactly one run with a result is selected. */
    public Command restoreCommand() {
        return restoreCommand;
    }

    /**
     * Keeps the selection on the session's runs when they change: a run replaced by a newer record with the
     * same id (a test accuracy measured later) stays selected as the new record; a removed run is dropped.
     */
    private void followRuns() {
        Map<String, Run> byId = new HashMap<>();
        runs.forEach(r -> byId.put(r.id(), r));
        List<Run> next = new ArrayList<>();
        for (Run r : selected) {
            Run now = byId.get(r.id());
            if (now != null) {
                next.add(now);
            }
        }
        if (sameRuns(next, selected)) {
            refreshComparison();
        } else {
            selected.setAll(next); // the selection listener refreshes the comparison
        }
    }

    private void restoreSelected() {
        if (selected.size() == 1) {
            restore.accept(selected.get(0));
        }
    }

    // --- Pareto chart --------------------------------------------------------------------------------------

    /** The cost on the chart's x axis. */
    public ObjectProperty<ParetoAxis> paretoAxisProperty() {
        return paretoAxis;
    }

    /** The chart's points (runs with a result only). */
    public ObservableList<RunPoint> points() {
        return points;
    }

    /** Runs that are not points (diverged, failed, missing figures), with the reason. */
    public ObservableList<ExcludedRun> excluded() {
        return excluded;
    }

    /** The x axis label with its unit. */
    public ReadOnlyStringProperty xAxisLabelProperty() {
        return xAxisLabel.getReadOnlyProperty();
    }

    /** One line counting the runs left out of the chart ("" if none). */
    public ReadOnlyStringProperty paretoNoteProperty() {
        return paretoNote.getReadOnlyProperty();
    }

    /** The latency batch on the x axis (LATENCY only, else null). */
    public ReadOnlyObjectProperty<Integer> latencyBatchProperty() {
        return latencyBatch.getReadOnlyProperty();
    }

    private void refreshPareto() {
        ParetoAxis axis = paretoAxis.get() == null ? ParetoAxis.MACS : paretoAxis.get();
        RunPareto.Result r = RunPareto.compute(List.copyOf(filtered), axis);
        latencyBatch.set(r.latencyBatch());
        xAxisLabel.set(axis.label(r.latencyBatch()));
        paretoNote.set(r.note());
        excluded.setAll(r.excluded());
        points.setAll(r.points());
    }

    // --- comparison ----------------------------------------------------------------------------------------

    /** The runs being compared: the selected ones in session order when two or more are selected, else empty. */
    public ObservableList<Run> comparedRuns() {
        return compared;
    }

    /** Per-layer ranks of the compared runs (layers in forward order, cells in {@link #comparedRuns()} order). */
    public ObservableList<RankRow> rankRows() {
        return rankRows;
    }

    /** The layers the spectrum chooser offers (the rows of {@link #rankRows()}). */
    public ObservableList<String> comparisonLayers() {
        return comparisonLayers;
    }

    /** The layer whose spectra are overlaid. */
    public ObjectProperty<String> spectrumLayerProperty() {
        return spectrumLayer;
    }

    /** The spectra of {@link #spectrumLayerProperty()} in each compared run. */
    public ObservableList<RunSpectrum> spectra() {
        return spectra;
    }

    /** True while spectra are being computed. */
    public ReadOnlyBooleanProperty spectraComputingProperty() {
        return spectraComputing.getReadOnlyProperty();
    }

    /** Problems with the spectra (a run without a model, a failed computation), or "". */
    public ReadOnlyStringProperty spectraMessageProperty() {
        return spectraMessage.getReadOnlyProperty();
    }

    private void refreshComparison() {
        List<Run> next = new ArrayList<>();
        if (selected.size() >= 2) {
            next.addAll(selected);
            IdentityHashMap<Run, Integer> order = new IdentityHashMap<>();
            for (int i = 0; i < runs.size(); i++) {
                order.put(runs.get(i), i);
            }
            next.sort(Comparator.comparingInt(r -> order.getOrDefault(r, Integer.MAX_VALUE)));
        }
        if (sameRuns(next, compared)) {
            return;
        }
        compared.setAll(next);
        rankRows.setAll(RunComparison.rows(next));
        List<String> layers = RunComparison.layers(next);
        String keep = spectrumLayer.get();
        comparisonLayers.setAll(layers);
        String layer = layers.contains(keep) ? keep : (layers.isEmpty() ? null : layers.get(0));
        if (Objects.equals(layer, spectrumLayer.get())) {
            refreshSpectra();
        } else {
            spectrumLayer.set(layer); // the listener refreshes the spectra
        }
    }

    /** Runs are compared by identity: equal records would compare every weight. */
    private static boolean sameRuns(List<Run> a, List<Run> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private void refreshSpectra() {
        long request = ++spectraRequest;
        List<Run> runsNow = List.copyOf(compared);
        String layer = spectrumLayer.get();
        if (runsNow.size() < 2 || layer == null) {
            spectra.clear();
            spectraMessage.set("");
            spectraComputing.set(false);
            return;
        }
        spectraComputing.set(true);
        tasks.submit("Spectra of " + layer, () -> spectraCalculator.compute(runsNow, layer))
                .whenComplete((result, error) -> ui.execute(() -> {
                    if (request != spectraRequest) {
                        return; // a newer selection or layer superseded this one
                    }
                    spectraComputing.set(false);
                    if (error != null) {
                        spectra.clear();
                        Throwable c = error.getCause() != null ? error.getCause() : error;
                        spectraMessage.set("Spectra of " + layer + " could not be computed: " + c.getMessage());
                        return;
                    }
                    spectra.setAll(result);
                    List<String> problems = new ArrayList<>();
                    result.stream()
                            .filter(s -> s.problem() != null)
                            .forEach(s -> problems.add(s.runId() + ": " + s.problem()));
                    spectraMessage.set(problems.isEmpty() ? "" : "No spectrum for " + String.join("; ", problems));
                }));
    }
}
