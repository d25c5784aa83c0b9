package rankbench.app;

import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.Callback;
import javafx.util.StringConverter;
import rankbench.experiment.lowrank.Scheme;
import rankbench.viewmodel.LayerViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/** The layer table: one row per compressible layer, with scheme, rank slider and spinner, costs and warnings. */
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
                                            + "(the selected row first) and cached per scheme and rank";
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
        TableColumn<LayerViewModel, LayerViewModel> c = new TableColumn<>();
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue()));
        c.setCellFactory(col -> new SchemeCell());
        c.setPrefWidth(110);
        c.setSortable(false);
        header(
                c,
                "Scheme",
                "How the weight becomes a matrix and which factor layers replace it: channel (R1, "
                        + "Cout \u00d7 Cin\u00b7kH\u00b7kW), spatial, spatial-vh, input, or tucker2 (two ranks Ro, Ri)");
        return c;
    }

    private static TableColumn<LayerViewModel, LayerViewModel> rankColumn() {
        TableColumn<LayerViewModel, LayerViewModel> c = new TableColumn<>();
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue()));
        c.setCellFactory(col -> new RankCell());
        c.setPrefWidth(200);
        c.setSortable(false);
        header(
                c,
                "Rank",
                "Rank kept (1 .. full; full keeps the layer dense); under Tucker-2 the output rank Ro "
                        + "and the input rank Ri");
        return c;
    }

    private static TableColumn<LayerViewModel, LayerViewModel> warningColumn() {
        TableColumn<LayerViewModel, LayerViewModel> c = new TableColumn<>();
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue()));
        c.setCellFactory(col -> new WarningCell());
        c.setPrefWidth(32);
        c.setSortable(false);
        header(
                c,
                "\u26a0",
                "Warnings: a rank at or above break-even, or a factorized layer measured slower than dense");
        return c;
    }

    /** A combo box bound to the row's scheme. */
    static final class SchemeCell extends TableCell<LayerViewModel, LayerViewModel> {
        private static final String TIP = "How the weight is turned into a matrix (and the factor layers)";
        private final ComboBox<Scheme> combo = new ComboBox<>();
        private final Tooltip tip = new Tooltip(TIP);
        private final ChangeListener<Scheme> pending = (o, a, b) -> showPending();
        private LayerViewModel bound;

        SchemeCell() {
            combo.setId("schemeBox");
            combo.setMaxWidth(Double.MAX_VALUE);
            combo.setTooltip(tip);
            combo.setConverter(new StringConverter<>() {
                @Override
                public String toString(Scheme s) {
                    return s == null ? "" : s.id();
                }

                @Override
                public Scheme fromString(String s) {
                    return Scheme.fromId(s);
                }
            });
        }

        @Override
        protected void updateItem(LayerViewModel item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                combo.valueProperty().unbindBidirectional(bound.schemeProperty());
                bound.pendingSchemeProperty().removeListener(pending);
                bound = null;
            }
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            bound = item;
            combo.getItems().setAll(item.schemes());
            combo.setDisable(item.schemes().size() < 2);
            combo.valueProperty().bindBidirectional(item.schemeProperty());
            item.pendingSchemeProperty().addListener(pending);
            showPending();
            setGraphic(combo);
        }

        /**
         * While a picked scheme's singular values are computed the box shows it and its tooltip says the layer
         * keeps its scheme; afterwards the box shows the scheme in use (the old one if the computation failed).
         */
        private void showPending() {
            Scheme p = bound == null ? null : bound.pendingSchemeProperty().get();
            if (p != null) {
                tip.setText("Computing the singular values of " + p.id() + "\u2026 (the layer keeps "
                        + bound.getScheme().id() + " until they are ready)");
                return;
            }
            tip.setText(TIP);
            if (bound != null && combo.getValue() != bound.getScheme()) {
                combo.setValue(bound.getScheme());
            }
        }
    }

    /**
     * A slider and a spinner bound to the row's rank (keyboard: arrows on the slider, typing in the spinner);
     * under Tucker-2 the slider and first spinner are the output rank Ro and a second spinner the input rank Ri.
     */
    static final class RankCell extends TableCell<LayerViewModel, LayerViewModel> {
        private final Slider slider = new Slider(1, 1, 1);
        private final SpinnerValueFactory.IntegerSpinnerValueFactory factory =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 1, 1);
        private final Spinner<Integer> spinner = new Spinner<>(factory);
        private final SpinnerValueFactory.IntegerSpinnerValueFactory inFactory =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 1, 1);
        private final Spinner<Integer> inSpinner = new Spinner<>(inFactory);
        private final HBox box = new HBox(6, slider, spinner, inSpinner);
        private final ChangeListener<Number> listener = (o, a, b) -> sync();
        private LayerViewModel bound;
        private boolean syncing;

        RankCell() {
            slider.setId("rankSlider");
            spinner.setId("rankSpinner");
            slider.setBlockIncrement(1);
            slider.setMajorTickUnit(1);
            slider.setMinorTickCount(0);
            slider.setTooltip(new Tooltip("Rank: drag, or use the arrow keys; at full rank the layer stays dense"));
            spinner.setEditable(true);
            spinner.setPrefWidth(78);
            spinner.setTooltip(new Tooltip("Exact rank (Tucker-2: the output rank Ro)"));
            inSpinner.setId("inRankSpinner");
            inSpinner.setEditable(true);
            inSpinner.setPrefWidth(78);
            inSpinner.setTooltip(new Tooltip("Tucker-2 input rank Ri"));
            inSpinner.managedProperty().bind(inSpinner.visibleProperty());
            inFactory.valueProperty().addListener((o, a, b) -> {
                if (!syncing && bound != null && b != null && bound.getFullInRank() > 0) {
                    bound.setInRank(b);
                }
            });
            inSpinner.focusedProperty().addListener((o, a, focused) -> {
                if (!focused) {
                    try {
                        inFactory.setValue(
                                Integer.parseInt(inSpinner.getEditor().getText().trim()));
                    } catch (NumberFormatException e) {
                        inSpinner.getEditor().setText(String.valueOf(inFactory.getValue()));
                    }
                }
            });
            HBox.setHgrow(slider, Priority.ALWAYS);
            box.setAlignment(Pos.CENTER_LEFT);
            slider.valueProperty().addListener((o, a, b) -> {
                if (!syncing && bound != null) {
                    bound.setRank((int) Math.round(b.doubleValue()));
                }
            });
            factory.valueProperty().addListener((o, a, b) -> {
                if (!syncing && bound != null && b != null) {
                    bound.setRank(b);
                }
            });
            spinner.focusedProperty().addListener((o, a, focused) -> {
                if (!focused) {
                    commitSpinnerText();
                }
            });
        }

        private void commitSpinnerText() {
            try {
                factory.setValue(Integer.parseInt(spinner.getEditor().getText().trim()));
            } catch (NumberFormatException e) {
                spinner.getEditor().setText(String.valueOf(factory.getValue()));
            }
        }

        private void sync() {
            if (bound == null) {
                return;
            }
            syncing = true;
            try {
                int full = bound.getFullRank();
                slider.setMax(Math.max(1.0001, full));
                slider.setValue(bound.getRank());
                factory.setMax(full);
                factory.setValue(bound.getRank());
                int fullIn = bound.getFullInRank();
                inSpinner.setVisible(fullIn > 0);
                if (fullIn > 0) {
                    inFactory.setMax(fullIn);
                    inFactory.setValue(bound.getInRank());
                }
            } finally {
                syncing = false;
            }
        }

        @Override
        protected void updateItem(LayerViewModel item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                bound.rankProperty().removeListener(listener);
                bound.fullRankProperty().removeListener(listener);
                bound.inRankProperty().removeListener(listener);
                bound.fullInRankProperty().removeListener(listener);
                bound = null;
            }
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            bound = item;
            item.rankProperty().addListener(listener);
            item.fullRankProperty().addListener(listener);
            item.inRankProperty().addListener(listener);
            item.fullInRankProperty().addListener(listener);
            sync();
            setGraphic(box);
        }
    }

    /** A warning icon with the reason as tooltip. */
    static final class WarningCell extends TableCell<LayerViewModel, LayerViewModel> {
        private final Label icon = new Label("\u26a0");
        private final Tooltip tip = new Tooltip();

        WarningCell() {
            icon.getStyleClass().add("warning-icon");
            icon.setTooltip(tip);
            setAlignment(Pos.CENTER);
        }

        @Override
        protected void updateItem(LayerViewModel item, boolean empty) {
            super.updateItem(item, empty);
            icon.visibleProperty().unbind();
            tip.textProperty().unbind();
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            icon.visibleProperty().bind(item.warnedProperty());
            tip.textProperty().bind(item.warningProperty());
            setGraphic(icon);
        }
    }
}
