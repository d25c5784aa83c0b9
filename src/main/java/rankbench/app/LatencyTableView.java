package rankbench.app;

import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import rankbench.viewmodel.LatencyRuleViewModel;

/**
 * What the latency rule chose, in its own window: for every compressible layer the chosen form (scheme and
 * rank) or dense with the reason, its measured dense time, the time of the chosen form and the form's
 * predicted accuracy drop; factorized layers are marked. Opened when a latency rule finishes and from the
 * tool bar's "Latency table" button.
 */
final class LatencyTableView {

    private static final PseudoClass CHOSEN = PseudoClass.getPseudoClass("chosen");

    private final LatencyRuleViewModel vm;
    private final BorderPane root = new BorderPane();
    private Stage stage;

    LatencyTableView(LatencyRuleViewModel vm) {
        this.vm = vm;
        createView();
    }

    private void createView() {
        root.setId("latencyPane");
        root.getStyleClass().add("latency-table");
        Label summary = new Label();
        summary.setId("latencySummary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        summary.setPadding(new Insets(6, 8, 6, 8));
        root.setTop(summary);
        root.setCenter(table());
    }

    private TableView<LatencyRuleViewModel.Row> table() {
        TableView<LatencyRuleViewModel.Row> t = new TableView<>(vm.rows());
        t.setId("latencyTable");
        t.setPlaceholder(new Label("Run the latency rule to measure the table"));
        t.getColumns()
                .addAll(List.of(
                        TableWindow.column("Layer", 130, LatencyRuleViewModel.Row::layer, "Layer (PyTorch name)", true),
                        chosen(),
                        TableWindow.column(
                                "Dense ms",
                                90,
                                LatencyRuleViewModel.Row::denseMs,
                                "The layer's dense time on this CPU, alone, per batch (median of the timed runs)",
                                false),
                        TableWindow.column(
                                "Chosen ms",
                                85,
                                LatencyRuleViewModel.Row::ms,
                                "The time of the chosen form (its factor layers, alone, per batch); dense if kept dense",
                                false),
                        TableWindow.column(
                                "Drop pp",
                                70,
                                LatencyRuleViewModel.Row::drop,
                                "Held-out accuracy drop with only this layer in the chosen form, in percentage points "
                                        + "(a measured gain counts as 0)",
                                false)));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(LatencyRuleViewModel.Row item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(CHOSEN, !empty && item != null && item.factorized());
            }
        });
        return t;
    }

    /** The chosen form, or dense and why (the whole reason in the cell's tooltip). */
    private static TableColumn<LatencyRuleViewModel.Row, String> chosen() {
        TableColumn<LatencyRuleViewModel.Row, String> c = TableWindow.column(
                "Chosen",
                330,
                LatencyRuleViewModel.Row::choice,
                "The form the rule chose: scheme and rank (Ro, Ri under Tucker-2), or dense and why",
                true);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null ? null : new Tooltip(item));
            }
        });
        return c;
    }

    /** The pane (summary line and table), for embedding. */
    BorderPane node() {
        return root;
    }

    /** Shows the table in its own window next to {@code owner} (created once, then brought to the front). */
    void show(Window owner) {
        stage = TableWindow.show(stage, "Latency table", root, 780, 560, owner);
    }
}
