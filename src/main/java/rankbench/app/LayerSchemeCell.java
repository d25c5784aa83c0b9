package rankbench.app;

import javafx.beans.value.ChangeListener;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import rankbench.experiment.lowrank.Scheme;
import rankbench.viewmodel.LayerViewModel;

/**
 * The scheme cell of the {@link LayerTable}: a combo box bound to the row's scheme, disabled when the layer
 * has only one; while a picked scheme's singular values are computed its tooltip says so.
 */
final class LayerSchemeCell extends TableCell<LayerViewModel, LayerViewModel> {
    private static final String TIP = "How the weight is turned into a matrix (and the factor layers)";
    private final ComboBox<Scheme> combo = new ComboBox<>();
    private final Tooltip tip = new Tooltip(TIP);
    private final ChangeListener<Scheme> pending = (o, a, b) -> showPending();
    private LayerViewModel bound;

    LayerSchemeCell() {
        combo.setId("schemeBox");
        combo.setMaxWidth(Double.MAX_VALUE);
        combo.setTooltip(tip);
        combo.setConverter(new SchemeConverter());
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
