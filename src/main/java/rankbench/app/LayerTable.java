package rankbench.app;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.util.Callback;
import rankbench.viewmodel.LayerViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/**
 * The layer table: one row per compressible layer, with scheme ({@link LayerSchemeCell}), rank slider and
 * spinner ({@link LayerRankCell}), costs and warnings ({@link LayerWarningCell}); a tooltip on every header.
 */
final class LayerTable {

    private LayerTable() {}

    static TableView<LayerViewModel> create(WorkbenchViewModel vm) {
        TableView<LayerViewModel> table = new TableView<>(vm.layers());
        table.setId("layerTable");
        table.setPlaceholder(new Label("Loading model\u2026"));
        TableColumn<LayerViewModel, String> latency =
                number("Latency", 120, c -> c.getValue().latencyTextProperty(), "");
        ((Label) latency.getGraphic())
                .getTooltip()
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> {
                            int batch = vm.summary().latencyBatchProperty().get();
                            return batch == 0
                                    ? "Latency is not measured in this configuration"
                                    : "Measured forward time of the layer on this CPU, dense / factorized: median ms per batch of "
                                            + batch
                                            + " images, in inference mode. Every row is measured in the background "
                                            + "(the selected row first) when nothing else runs (an evaluation, "
                                            + "a rule, fine-tuning), and cached per scheme and rank";
                        },
                        vm.summary().latencyBatchProperty()));
        table.getColumns()
                .addAll(List.of(
                        text(
                                "Layer",
                                125,
                                c -> new ReadOnlyObjectWrapper<>(c.getValue().getName()),
                                "Layer name as in PyTorch (e.g. layer1.0.conv1)"),
                        text(
                                "Kind",
                                50,
                                c -> new ReadOnlyObjectWrapper<>(c.getValue().getKind()),
                                "conv or linear"),
                        text(
                                "Weight",
                                100,
                                c -> new ReadOnlyObjectWrapper<>(c.getValue().getWeightShape()),
                                "Weight shape: Cout \u00d7 Cin \u00d7 kH \u00d7 kW for a conv, out \u00d7 in for a linear "
                                        + "layer"),
                        schemeColumn(),
                        rankColumn(),
                        number(
                                "Full",
                                45,
                                c -> Bindings.createStringBinding(
                                        () -> c.getValue().getFullInRank() > 0
                                                ? c.getValue().getFullRank() + "/"
                                                        + c.getValue().getFullInRank()
                                                : String.valueOf(c.getValue().getFullRank()),
                                        c.getValue().fullRankProperty(),
                                        c.getValue().fullInRankProperty()),
                                "Full rank: the number of singular values of the layer's view under its scheme (Tucker-2: "
                                        + "Cout/Cin of the mode-0 and mode-1 unfoldings); at full rank the layer stays dense"),
                        number(
                                "Break-even",
                                92,
                                c -> Bindings.createStringBinding(
                                        () -> String.format(
                                                Locale.ROOT,
                                                "%.1f",
                                                c.getValue().breakEvenProperty().get()),
                                        c.getValue().breakEvenProperty()),
                                "Break-even rank: at or above it the factor layers have at least as many weights as the "
                                        + "dense layer (no saving)"),
                        number(
                                "Energy",
                                65,
                                c -> Bindings.createStringBinding(
                                        () -> String.format(
                                                Locale.ROOT,
                                                "%.1f %%",
                                                100
                                                        * c.getValue()
                                                                .energyKeptProperty()
                                                                .get()),
                                        c.getValue().energyKeptProperty()),
                                "Energy kept: the share of sum s_i\u00b2 (squared singular values) within the rank; under "
                                        + "Tucker-2 at least 1 \u2212 (lost mode-0 + lost mode-1 energy)"),
                        number(
                                "Params",
                                130,
                                c -> c.getValue().paramsTextProperty(),
                                "Parameters (weights and bias): dense \u2192 planned"),
                        number(
                                "MACs",
                                165,
                                c -> c.getValue().macsTextProperty(),
                                "Multiply-accumulates per image, dense \u2192 planned (FLOPs = 2 \u00d7 MACs)"),
                        latency,
                        warningColumn()));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedLayerProperty().set(b);
            }
        });
        vm.selectedLayerProperty().addListener((o, a, b) -> {
            if (b != null && table.getSelectionModel().getSelectedItem() != b) {
                table.getSelectionModel().select(b);
                table.scrollTo(b); // a layer chosen elsewhere (spectra grid, tests) comes into view
            }
        });
        return table;
    }

    private static TableColumn<LayerViewModel, String> text(
            String title,
            double width,
            Callback<TableColumn.CellDataFeatures<LayerViewModel, String>, ObservableValue<String>> f,
            String tip) {
        TableColumn<LayerViewModel, String> c = new TableColumn<>();
        c.setCellValueFactory(f);
        c.setPrefWidth(width);
        c.setSortable(false);
        header(c, title, tip);
        return c;
    }

    /** Puts the title in a header label with a tooltip explaining the column. */
    private static void header(TableColumn<LayerViewModel, ?> c, String title, String tip) {
        Label header = new Label(title);
        header.setTooltip(new Tooltip(tip));
        c.setText(null);
        c.setGraphic(header);
    }

    private static TableColumn<LayerViewModel, String> number(
            String title,
            double width,
            Callback<TableColumn.CellDataFeatures<LayerViewModel, String>, ObservableValue<String>> f,
            String tip) {
        TableColumn<LayerViewModel, String> c = text(title, width, f, tip);
        c.getStyleClass().add("number");
        return c;
    }

    private static TableColumn<LayerViewModel, LayerViewModel> schemeColumn() {
        return rowColumn(
                "Scheme",
                110,
                LayerSchemeCell::new,
                "How the weight becomes a matrix and which factor layers replace it: channel (R1, "
                        + "Cout \u00d7 Cin\u00b7kH\u00b7kW), spatial, spatial-vh, input, or tucker2 (two ranks Ro, Ri)");
    }

    private static TableColumn<LayerViewModel, LayerViewModel> rankColumn() {
        return rowColumn(
                "Rank",
                200,
                LayerRankCell::new,
                "Rank kept (1 .. full; full keeps the layer dense); under Tucker-2 the output rank Ro "
                        + "and the input rank Ri");
    }

    private static TableColumn<LayerViewModel, LayerViewModel> warningColumn() {
        return rowColumn(
                "\u26a0",
                32,
                LayerWarningCell::new,
                "Warnings: a rank at or above break-even, or a factorized layer measured slower than dense");
    }

    /** A column whose cells get the whole row, shown by the cells {@code cell} makes. */
    private static TableColumn<LayerViewModel, LayerViewModel> rowColumn(
            String title, double width, Supplier<TableCell<LayerViewModel, LayerViewModel>> cell, String tip) {
        TableColumn<LayerViewModel, LayerViewModel> c = new TableColumn<>();
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue()));
        c.setCellFactory(col -> cell.get());
        c.setPrefWidth(width);
        c.setSortable(false);
        header(c, title, tip);
        return c;
    }
}
