package rankbench.app;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import javafx.stage.Window;

/** What the rule tables (sensitivity, latency) share: text columns with a header tooltip, and their own window. */
final class TableWindow {

    private TableWindow() {}

    /** A text column whose header explains itself; columns other than {@code textual} are right-aligned numbers. */
    static <R> TableColumn<R, String> column(
            String title, double width, Function<R, String> value, String tip, boolean textual) {
        TableColumn<R, String> c = new TableColumn<>();
        Label header = new Label(title);
        header.setTooltip(new Tooltip(tip));
        c.setGraphic(header);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        c.setPrefWidth(width);
        if (!textual) {
            c.getStyleClass().add("number");
        }
        return c;
    }

    /**
     * Shows {@code root} in its own window next to {@code owner}: created on the first call (with the owner's
     * style sheets, over the charts at its bottom right, clear of the layer table and summary), then brought to
     * the front; returns the window to pass again.
     */
    static Stage show(Stage stage, String title, Parent root, double width, double height, Window owner) {
        Stage s = stage;
        if (s == null) {
            s = new Stage();
            s.setTitle(title);
            if (owner != null) {
                s.initOwner(owner);
            }
            Scene scene = new Scene(root, width, height);
            if (owner != null && owner.getScene() != null) {
                scene.getStylesheets().addAll(owner.getScene().getStylesheets());
            }
            s.setScene(scene);
            if (owner != null) {
                s.setX(owner.getX() + Math.max(0, owner.getWidth() - width - 20));
                s.setY(owner.getY() + Math.max(0, owner.getHeight() - height - 40));
            }
        }
        s.show();
        s.toFront();
        return s;
    }
}
