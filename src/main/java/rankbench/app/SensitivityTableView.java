package rankbench.app;

import java.util.List;
import java.util.function.Function;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import rankbench.viewmodel.SensitivityViewModel;

/**
 * The sensitivity table in its own window: for every target layer and candidate rank the held-out accuracy
 * with only that layer at that rank, the drop from the dense model, and the cost saved; the rows the greedy
 * plan took are marked. Opened when a sensitivity rule finishes and from the tool bar's "Table" button.
 */
final class SensitivityTableView {

    private static final PseudoClass CHOSEN = PseudoClass.getPseudoClass("chosen");

    private final SensitivityViewModel vm;
    private final BorderPane root = new BorderPane();
    private Stage stage;

    SensitivityTableView(SensitivityViewModel vm) {
        this.vm = vm;
        createView();
    }

    private void createView() {
        root.setId("sensitivityPane");
        root.getStyleClass().add("sensitivity");
        Label summary = new Label();
        summary.setId("sensitivitySummary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        summary.setPadding(new Insets(6, 8, 6, 8));
        root.setTop(summary);
        root.setCenter(table());
    }

    private TableView<SensitivityViewModel.Row> table() {
        TableView<SensitivityViewModel.Row> t = new TableView<>(vm.rows());
        t.setId("sensitivityTable");
        t.setPlaceholder(new Label("Run the sensitivity rule to measure the table"));
        TableColumn<SensitivityViewModel.Row, String> saved = column(
                "MACs saved",
                110,
                r -> r.saved(),
                "Cost saved by factorizing only this layer at this rank (per image)");
        vm.savedUnitProperty().addListener((o, a, b) -> ((Label) saved.getGraphic()).setText(b));
        ((Label) saved.getGraphic()).setText(vm.savedUnitProperty().get());
        t.getColumns()
                .addAll(List.of(
                        column("Layer", 140, SensitivityViewModel.Row::layer, "Layer (PyTorch name)"),
                        column(
                                "Rank",
                                70,
                                SensitivityViewModel.Row::rank,
                                "Candidate rank: r, or Ro, Ri under Tucker-2 (a fraction of the break-even rank)"),
                        column(
                                "Accuracy",
                                85,
                                SensitivityViewModel.Row::accuracy,
                                "Accuracy on the held-out validation images with only this layer at this rank"),
                        column(
                                "Drop",
                                80,
                                SensitivityViewModel.Row::drop,
                                "Dense accuracy minus this row's accuracy, in percentage points"),
                        saved,
                        column(
                                "Chosen",
                                60,
                                r -> r.chosen() ? "\u2713" : "",
                                "Rank the greedy plan took for this layer")));
        t.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(SensitivityViewModel.Row item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(CHOSEN, !empty && item != null && item.chosen());
            }
        });
        return t;
    }

    private static TableColumn<SensitivityViewModel.Row, String> column(
            String title, double width, Function<SensitivityViewModel.Row, String> value, String tip) {
        return TableWindow.column(title, width, value, tip, title.equals("Layer"));
    }

    /** The pane (summary line and table), for embedding. */
    BorderPane node() {
        return root;
    }

    /** Shows the table in its own window next to {@code owner} (created once, then brought to the front). */
    void show(Window owner) {
        stage = TableWindow.show(stage, "Sensitivity table", root, 620, 520, owner);
    }
}
