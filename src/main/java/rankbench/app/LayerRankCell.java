package rankbench.app;

import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import rankbench.viewmodel.LayerViewModel;

/**
 * The rank cell of the {@link LayerTable}: a slider and a spinner bound to the row's rank (keyboard: arrows on
 * the slider, typing in the spinner); under Tucker-2 the slider and first spinner are the output rank Ro and a
 * second spinner the input rank Ri.
 */
final class LayerRankCell extends TableCell<LayerViewModel, LayerViewModel> {
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

    LayerRankCell() {
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
        commitTextOnFocusLost(inSpinner);
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
        commitTextOnFocusLost(spinner);
    }

    /** When {@code s} loses the focus, its typed text becomes its value (text that is no number is reverted). */
    private static void commitTextOnFocusLost(Spinner<Integer> s) {
        s.focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                try {
                    s.getValueFactory()
                            .setValue(Integer.parseInt(s.getEditor().getText().trim()));
                } catch (NumberFormatException e) {
                    s.getEditor().setText(String.valueOf(s.getValueFactory().getValue()));
                }
            }
        });
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
