package rankbench.app;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
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
        TableColumn<SensitivityViewModel.Row, String> saved = column("MACs saved", 110,
                r -> r.saved(), "Cost saved by factorising only this layer at this rank (per image)");
        vm.savedUnitProperty().addListener((o, a, b) -> ((Label) saved.getGraphic()).setText(b));
        ((Label) saved.getGraphic()).setText(vm.savedUnitProperty().get());
        t.getColumns().addAll(List.of(
                column("Layer", 140, SensitivityViewModel.Row::layer, "Layer (PyTorch name)"),
                column("Rank", 70, SensitivityViewModel.Row::rank,
                        "Candidate rank: r, or Ro, Ri under Tucker-2 (a fraction of the break-even rank)"),
                column("Accuracy", 85, SensitivityViewModel.Row::accuracy,
                        "Accuracy on the held-out validation images with only this layer at this rank"),
                column("Drop", 80, SensitivityViewModel.Row::drop,
                        "Dense accuracy minus this row's accuracy, in percentage points"),
                saved,
                column("Chosen", 60, r -> r.chosen() ? "\u2713" : "", "Rank the greedy plan took for this layer")));
        t.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(SensitivityViewModel.Row item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(CHOSEN, !empty && item != null && item.chosen());
            }
        });
        return t;
    }

    private static TableColumn<SensitivityViewModel.Row, String> column(String title, double width,
            Function<SensitivityViewModel.Row, String> value, String tip) {
        TableColumn<SensitivityViewModel.Row, String> c = new TableColumn<>();
        Label header = new Label(title);
        header.setTooltip(new Tooltip(tip));
        c.setGraphic(header);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        c.setPrefWidth(width);
        if (!title.equals("Layer")) {
            c.getStyleClass().add("number");
        }
        return c;
    }

    /** The pane (summary line and table), for embedding. */
    BorderPane node() {
        return root;
    }

    /** Shows the table in its own window next to {@code owner} (created once, then brought to the front). */
    void show(Window owner) {
        if (stage == null) {
            stage = new Stage();
            stage.setTitle("Sensitivity table");
            if (owner != null) {
                stage.initOwner(owner);
            }
            Scene scene = new Scene(root, 620, 520);
            if (owner != null && owner.getScene() != null) {
                scene.getStylesheets().addAll(owner.getScene().getStylesheets());
            }
            stage.setScene(scene);
            if (owner != null) { // over the charts at the owner's bottom right, clear of the layer table and summary
                stage.setX(owner.getX() + Math.max(0, owner.getWidth() - 640));
                stage.setY(owner.getY() + Math.max(0, owner.getHeight() - 560));
            }
        }
        stage.show();
        stage.toFront();
    }
}
