package rankbench.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import rankbench.charts.RankComparisonChart;
import rankbench.charts.RunParetoChart;
import rankbench.charts.SpectraOverlayChart;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.viewmodel.ExcludedRun;
import rankbench.viewmodel.ParetoAxis;
import rankbench.viewmodel.RankRow;
import rankbench.viewmodel.RunArchiveViewModel;
import rankbench.viewmodel.RunFormat;
import rankbench.viewmodel.RunStatusFilter;

/**
 * The run archive: filters, the table of runs, the Pareto chart with an axis chooser, and the comparison of
 * two or more selected runs (ranks table, rank bars, spectra of a chosen layer); Restore (or a double click,
 * or Enter) restores the one selected run. Built in code; it only binds to the {@link RunArchiveViewModel}.
 */
final class RunArchiveView {

    private static final String ANY_KIND = "any kind";

    private final RunArchiveViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<Run> table;
    private final TableView<RankRow> rankTable = new TableView<>();
    private final RunParetoChart pareto;
    private final RankComparisonChart rankChart;
    private final SpectraOverlayChart spectraChart;
    private final TextField filter = new TextField();
    private final ComboBox<RunStatusFilter> statusFilter = new ComboBox<>();
    private final ComboBox<String> kindFilter = new ComboBox<>();
    private final ComboBox<ParetoAxis> axisChooser = new ComboBox<>();
    private final ComboBox<String> layerChooser = new ComboBox<>();
    private final Button restore = new Button("Restore");
    private final Label count = new Label();
    private final Label paretoNote = new Label();
    private final Label comparePlaceholder = new Label(
            "Select two or more runs (Ctrl- or Shift-click) to compare " + "their per-layer ranks and spectra");
    private final TabPane comparison = new TabPane();
    private boolean syncing;

    /** Creates the view of {@code vm}. */
    RunArchiveView(RunArchiveViewModel vm) {
        this.vm = vm;
        table = RunArchiveViewTable.create(() -> vm.restoreCommand().execute());
        pareto = new RunParetoChart(vm.points(), vm.xAxisLabelProperty(), vm.paretoAxisProperty());
        rankChart = new RankComparisonChart(vm.rankRows());
        spectraChart = new SpectraOverlayChart(vm.spectra());
        createView();
        initListeners();
    }

    /** The pane to add to the window. */
    Node node() {
        return root;
    }

    TableView<Run> table() {
        return table;
    }

    RunParetoChart paretoChart() {
        return pareto;
    }

    private void createView() {
        root.setId("runArchive");
        root.getStyleClass().add("run-archive");

        filter.setId("archiveFilter");
        filter.setPromptText("Filter: method, label, hyperparameter (lr=0.01)\u2026");
        filter.setPrefColumnCount(26);
        filter.setTooltip(new Tooltip("Every word must occur in the run's id, method, label, kind, status or a "
                + "hyperparameter written name=value"));
        statusFilter.setId("archiveStatusFilter");
        statusFilter.getItems().setAll(RunStatusFilter.values());
        kindFilter.setId("archiveKindFilter");
        kindFilter.getItems().add(ANY_KIND);
        for (RunKind k : RunKind.values()) {
            kindFilter.getItems().add(k.id());
        }
        kindFilter.setValue(ANY_KIND);
        restore.setId("restoreRunButton");
        restore.setTooltip(new Tooltip("Make the selected run's model and plan the current ones (the run itself "
                + "is kept unchanged); also: double-click a run or press Enter"));
        count.setId("archiveCount");
        count.getStyleClass().add("muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, new Label("Runs"), filter, statusFilter, kindFilter, count, spacer, restore);
        bar.getStyleClass().add("filter-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        root.setTop(bar);

        SortedList<Run> sorted = new SortedList<>(vm.filteredRuns());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);

        axisChooser.setId("paretoAxisChooser");
        axisChooser.getItems().setAll(ParetoAxis.values());
        axisChooser.setTooltip(new Tooltip("The cost on the x axis; y is always the validation accuracy"));
        paretoNote.setId("paretoNote");
        paretoNote.getStyleClass().add("pareto-note");
        paretoNote.setWrapText(true);
        HBox axisBar = new HBox(6, new Label("Accuracy vs"), axisChooser, paretoNote);
        axisBar.setAlignment(Pos.CENTER_LEFT);
        axisBar.setPadding(new Insets(4, 8, 2, 8));
        HBox.setHgrow(paretoNote, Priority.ALWAYS);
        pareto.node().setId("archivePareto");
        ChartExportMenu.attach(pareto.node(), "pareto");
        VBox paretoPane = new VBox(axisBar, pareto.node());
        VBox.setVgrow(pareto.node(), Priority.ALWAYS);

        rankTable.setId("rankTable");
        rankTable.setPlaceholder(new Label("No plan names a layer"));
        rankTable.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        rankTable.setItems(vm.rankRows());
        rankChart.node().setId("rankComparisonChart");
        ChartExportMenu.attach(rankChart.node(), "ranks");
        SplitPane ranks = new SplitPane(rankTable, rankChart.node());
        ranks.setOrientation(Orientation.VERTICAL);
        ranks.setDividerPositions(0.42);

        layerChooser.setId("spectrumLayerChooser");
        layerChooser.setItems(vm.comparisonLayers());
        layerChooser.setTooltip(new Tooltip("The layer whose singular values are overlaid"));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.spectraComputingProperty());
        Label spectraMessage = new Label();
        spectraMessage.setId("spectraMessage");
        spectraMessage.getStyleClass().add("validation-message");
        spectraMessage.setWrapText(true);
        spectraMessage.textProperty().bind(vm.spectraMessageProperty());
        HBox layerBar = new HBox(6, new Label("Layer"), layerChooser, busy, spectraMessage);
        layerBar.setAlignment(Pos.CENTER_LEFT);
        layerBar.setPadding(new Insets(4, 8, 2, 8));
        spectraChart.node().setId("spectraOverlayChart");
        ChartExportMenu.attach(spectraChart.node(), "spectra");
        VBox spectra = new VBox(layerBar, spectraChart.node());
        VBox.setVgrow(spectraChart.node(), Priority.ALWAYS);

        Tab ranksTab = new Tab("Ranks", ranks);
        ranksTab.setId("ranksTab");
        Tab spectraTab = new Tab("Spectra", spectra);
        spectraTab.setId("spectraTab");
        comparison.getTabs().setAll(ranksTab, spectraTab);
        comparison.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        comparison.setId("comparisonPane");
        comparePlaceholder.getStyleClass().add("placeholder");
        comparePlaceholder.setWrapText(true);
        comparePlaceholder.setMaxWidth(320);
        StackPane compareStack = new StackPane(comparePlaceholder, comparison);

        SplitPane charts = new SplitPane(paretoPane, compareStack);
        charts.setDividerPositions(0.55);
        SplitPane main = new SplitPane(table, charts);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.38);
        root.setCenter(main);
    }

    private void initListeners() {
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        statusFilter.valueProperty().bindBidirectional(vm.statusFilterProperty());
        kindFilter
                .valueProperty()
                .addListener((o, a, b) ->
                        vm.kindFilterProperty().set(b == null || b.equals(ANY_KIND) ? null : RunKind.fromId(b)));
        axisChooser.valueProperty().bindBidirectional(vm.paretoAxisProperty());
        layerChooser.valueProperty().bindBidirectional(vm.spectrumLayerProperty());
        count.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.filteredRuns().size() + " of " + vm.allRuns().size() + " runs",
                        vm.filteredRuns(),
                        vm.allRuns()));
        restore.disableProperty().bind(vm.restoreCommand().executableProperty().not());
        restore.setOnAction(e -> vm.restoreCommand().execute());

        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<Run>) c -> {
            if (!syncing) {
                syncing = true;
                vm.selected().setAll(new ArrayList<>(table.getSelectionModel().getSelectedItems()));
                syncing = false;
            }
        });
        vm.selected().addListener((ListChangeListener<Run>) c -> {
            pareto.setSelected(vm.selected().stream().map(Run::id).toList());
            if (!syncing) {
                syncing = true;
                table.getSelectionModel().clearSelection();
                for (Run r : vm.selected()) {
                    int i = table.getItems().indexOf(r);
                    if (i >= 0) {
                        table.getSelectionModel().select(i);
                        table.scrollTo(i);
                    }
                }
                syncing = false;
            }
        });
        pareto.setOnRunClicked(vm::select);
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.restoreCommand().execute();
            }
        });

        vm.excluded().addListener((ListChangeListener<ExcludedRun>) c -> updateNote());
        vm.paretoNoteProperty().addListener(o -> updateNote());
        updateNote();
        vm.comparedRuns().addListener((ListChangeListener<Run>) c -> updateComparison());
        updateComparison();
    }

    private void updateNote() {
        paretoNote.setText(vm.paretoNoteProperty().get());
        List<String> lines = vm.excluded().stream().map(ExcludedRun::reason).toList();
        paretoNote.setTooltip(lines.isEmpty() ? null : new Tooltip(String.join("\n", lines)));
    }

    /** One column per compared run (header: id, tooltip: label), the layer first. */
    private void updateComparison() {
        boolean on = vm.comparedRuns().size() >= 2;
        comparison.setVisible(on);
        comparePlaceholder.setVisible(!on);
        List<TableColumn<RankRow, String>> cols = new ArrayList<>();
        TableColumn<RankRow, String> layer = new TableColumn<>("Layer");
        layer.setPrefWidth(120);
        layer.setSortable(false);
        layer.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().layer()));
        cols.add(layer);
        for (int i = 0; i < vm.comparedRuns().size(); i++) {
            Run r = vm.comparedRuns().get(i);
            int index = i;
            TableColumn<RankRow, String> c = new TableColumn<>();
            Label header = new Label(RunFormat.name(r));
            header.setTooltip(new Tooltip(r.label() + " (" + r.method() + ")\nTucker-2 ranks are Ro/Ri"));
            c.setGraphic(header);
            c.setId("rank-" + r.id().toLowerCase(Locale.ROOT));
            c.setPrefWidth(70);
            c.setSortable(false);
            c.getStyleClass().add("number");
            c.setCellValueFactory(d ->
                    new ReadOnlyStringWrapper(d.getValue().cells().get(index).text()));
            cols.add(c);
        }
        rankTable.getColumns().setAll(cols);
    }
}
