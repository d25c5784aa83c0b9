package rankbench.app;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import rankbench.viewmodel.LayerViewModel;

/** The warning cell of the {@link LayerTable}: a warning icon shown while the row is warned, the reason as tooltip. */
final class LayerWarningCell extends TableCell<LayerViewModel, LayerViewModel> {
    private final Label icon = new Label("\u26a0");
    private final Tooltip tip = new Tooltip();

    LayerWarningCell() {
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
