package rankbench.app;

import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.HBox;
import rankbench.viewmodel.Command;
import rankbench.viewmodel.RulesViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/** The tool bar: the global rank rules with their inputs, reset, undo, redo, and "Pin as run". */
final class RulesToolBar {

    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private RulesToolBar() {}

    static ToolBar create(WorkbenchViewModel vm) {
        RulesViewModel r = vm.rules();
        ObservableBooleanValue hasModel = vm.modelProperty().isNotNull();
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar(
                new Label("Energy %"),
                field("energyRuleField", r.energyInputProperty(), r.energyCommand(), hasModel,
                        "Keep at least this share of each layer's spectral energy (0\u2013100)"),
                Controls.button("Apply", "applyEnergyButton", r.energyCommand(), "Set every rank by kept energy"),
                new Separator(Orientation.VERTICAL),
                new Label("\u03c3 \u2265"),
                field("thresholdRuleField", r.thresholdInputProperty(), r.thresholdCommand(), hasModel,
                        "Keep the singular values at or above this value"),
                Controls.button("Apply", "applyThresholdButton", r.thresholdCommand(), "Set every rank by threshold"),
                new Separator(Orientation.VERTICAL),
                new Label("Param ratio"),
                field("ratioRuleField", r.ratioInputProperty(), r.ratioCommand(), hasModel,
                        "Largest rank whose factor layers have at most this share of the dense parameters"),
                Controls.button("Apply", "applyRatioButton", r.ratioCommand(), "Set every rank by parameter ratio"),
                new Separator(Orientation.VERTICAL),
                new Label("Round to"),
                field("roundRuleField", r.roundInputProperty(), r.roundCommand(), hasModel,
                        "Round every rank up to a multiple of this (hardware-friendly shapes)"),
                Controls.button("Apply", "applyRoundButton", r.roundCommand(), "Round every rank"),
                new Separator(Orientation.VERTICAL),
                Controls.button("Reset", "resetButton", r.resetCommand(), "Every layer back to dense (Ctrl+R)"),
                Controls.button("Undo", "undoButton", vm.undoCommand(), "Undo the last rank edit (Ctrl+Z)"),
                Controls.button("Redo", "redoButton", vm.redoCommand(), "Redo (Ctrl+Shift+Z)"),
                spacer,
                Controls.button("Pin as run", "pinButton", vm.pinCommand(), "Keep the plan on screen as a run: "
                        + "factorise the base weights, measure its exact validation accuracy, parameters, MACs "
                        + "and latency (Ctrl+P)"));
        bar.getStyleClass().add("rules");
        return bar;
    }

    private static TextField field(String id, StringProperty p, Command c, ObservableBooleanValue hasModel,
            String tip) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(4);
        f.textProperty().bindBidirectional(p);
        f.setTooltip(new Tooltip(tip));
        f.setOnAction(e -> c.execute());
        ObservableBooleanValue bad = javafx.beans.binding.Bindings.createBooleanBinding(
                () -> !c.executableProperty().get() && hasModel.get(), c.executableProperty(), hasModel);
        bad.addListener((o, a, b) -> f.pseudoClassStateChanged(INVALID, b));
        return f;
    }
}
