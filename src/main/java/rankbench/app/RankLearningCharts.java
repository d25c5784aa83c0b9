package rankbench.app;

import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import rankbench.charts.ChartExport;
import rankbench.charts.LiveChart;
import rankbench.charts.RankHeatMap;
import rankbench.charts.SpectrumChart;
import rankbench.viewmodel.RankLearningViewModel;

/**
 * The live charts of the rank-learning workspace: loss, accuracy, parameters and MACs in a 2×2 grid on
 * the left; the rank heat map above the selected layer's spectrum (with the method's cut-off) on the
 * right, in split panes whose dividers the window remembers. Each chart can be exported (right click).
 */
final class RankLearningCharts {

    private final RankLearningViewModel vm;
    private final SpectrumChart spectrum = new SpectrumChart(false);
    private final RankHeatMap heatMap;
    private final SplitPane split = new SplitPane();
    private final SplitPane maps = new SplitPane();

    RankLearningCharts(RankLearningViewModel vm) {
        this.vm = vm;
        this.heatMap = new RankHeatMap(vm.rankHistory(), vm.layerNames());
        createView();
        initListeners();
    }

    Node node() {
        return split;
    }

    RankHeatMap heatMap() {
        return heatMap;
    }

    SpectrumChart spectrumChart() {
        return spectrum;
    }

    /** Restores (and later saves) the dividers: the grid | maps split and the heat map | spectrum split. */
    void rememberLayout(Dividers dividers) {
        dividers.restore("learnChartsDivider", split, 0.56);
        dividers.restore("learnMapsDivider", maps, 0.5);
    }

    private void createView() {
        LiveChart loss = new LiveChart("Loss", "step", "loss");
        loss.addSeries("train (batch)", vm.loss(), false);
        loss.node().setId("learnLossChart");
        LiveChart acc = new LiveChart("Accuracy", "step", "accuracy");
        acc.addSeries("train (batch)", vm.trainAccuracy(), false);
        acc.addSeries("validation (epoch end)", vm.validationAccuracy(), true);
        acc.node().setId("learnAccuracyChart");
        LiveChart params = new LiveChart("Parameters", "step", "parameters");
        params.addSeries("parameters at current ranks", vm.params(), true);
        params.node().setId("learnParamsChart");
        LiveChart macs = new LiveChart("MACs", "step", "MACs / image");
        macs.addSeries("MACs at current ranks", vm.macs(), true);
        macs.node().setId("learnMacsChart");
        ChartExportMenu.attach(loss.node(), "rank-learning-loss");
        ChartExportMenu.attach(acc.node(), "rank-learning-accuracy");
        ChartExportMenu.attach(params.node(), "rank-learning-params");
        ChartExportMenu.attach(macs.node(), "rank-learning-macs");
        ChartExportMenu.attach(spectrum.node(), "rank-learning-spectrum");
        attachHeatMapExport(ChartExportMenu.FILE_CHOOSER);

        GridPane grid = new GridPane();
        grid.setId("learnCharts");
        grid.setHgap(4);
        grid.setVgap(4);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            c.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(c);
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(50);
            r.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(r);
        }
        grid.add(loss.node(), 0, 0);
        grid.add(acc.node(), 1, 0);
        grid.add(params.node(), 0, 1);
        grid.add(macs.node(), 1, 1);

        VBox heatBox = new VBox(2, heatMap.node()); // the heat map has its own title and color scale
        VBox.setVgrow(heatMap.node(), Priority.ALWAYS);
        heatMap.node().setId("rankHeatMap");

        ComboBox<String> layer = new ComboBox<>(vm.layerNames());
        layer.setId("rankLayerPicker");
        layer.setPromptText("layer");
        layer.valueProperty().bindBidirectional(vm.selectedLayerProperty());
        layer.setTooltip(new Tooltip("The layer whose spectrum is shown"));
        Label layerLabel = new Label("Spectrum of");
        layerLabel.setLabelFor(layer);
        HBox picker = new HBox(6, layerLabel, layer);
        picker.setAlignment(Pos.CENTER_LEFT);
        spectrum.node().setId("learnSpectrumChart");
        VBox spectrumBox = new VBox(2, picker, spectrum.node());
        VBox.setVgrow(spectrum.node(), Priority.ALWAYS);

        for (Node n : List.of(loss.node(), acc.node(), params.node(), macs.node(), heatMap.node(), spectrum.node())) {
            if (n instanceof Region r) {
                r.setMinSize(120, 90);
                r.setPrefSize(300, 220);
            }
        }
        for (VBox b : List.of(heatBox, spectrumBox)) {
            b.setPadding(new Insets(2, 4, 2, 4));
        }
        maps.setOrientation(Orientation.VERTICAL);
        maps.getItems().addAll(heatBox, spectrumBox);
        split.getItems().addAll(grid, maps);
        split.setDividerPositions(0.56);
        maps.setDividerPositions(0.5);
    }

    private void initListeners() {
        InvalidationListener redraw = o -> spectrum.batch(() -> {
            spectrum.setTitle(vm.spectrumTitleProperty().get());
            spectrum.setSpectrum(vm.spectrumProperty().get());
            spectrum.setRuleRank(vm.cutoffProperty().get(), "cut-off");
            spectrum.setRank(vm.cutoffProperty().get());
        });
        vm.spectrumProperty().addListener(redraw);
        vm.cutoffProperty().addListener(redraw);
        vm.spectrumTitleProperty().addListener(redraw);
    }

    /** Gives the heat map its "Export as PNG / SVG" menu (PNG: a snapshot of the canvas; SVG: vector cells). */
    void attachHeatMapExport(ChartExportMenu.Chooser chooser) {
        ChartExportMenu.attach(
                heatMap.node(),
                null,
                "rank-heat-map",
                (file, format) -> {
                    if (format == ChartExport.Format.PNG) {
                        heatMap.writePng(file);
                    } else {
                        heatMap.writeSvg(file);
                    }
                },
                chooser);
    }
}
