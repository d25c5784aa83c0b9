package rankbench.app;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import rankbench.experiment.lowrank.LatencyBudget;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.methods.CostKind;
import rankbench.experiment.methods.OneShotRules;
import rankbench.viewmodel.Command;
import rankbench.viewmodel.LatencyRuleViewModel;
import rankbench.viewmodel.LayerViewModel;
import rankbench.viewmodel.OneShotRuleViewModel;
import rankbench.viewmodel.RulesViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/**
 * The tool bar, in two rows: the spectrum rules with their inputs, reset, undo, redo and "Pin as run"; and
 * the one-shot rules (EVBMF, LC, sensitivity, latency) with the inputs of the chosen rule, progress, cancel,
 * what the rule chose or why not, and the sensitivity and latency tables.
 */
final class RulesToolBar {

    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final PseudoClass RESULT = PseudoClass.getPseudoClass("result");

    private RulesToolBar() {}

    /**
     * Creates the bar: a {@code VBox} styled as a tool bar (not a {@code ToolBar}, whose overflow menu would
     * swallow both rows whole in a narrow window; here a row that does not fit is cut at the right).
     */
    static VBox create(WorkbenchViewModel vm) {
        RulesViewModel r = vm.rules();
        ObservableBooleanValue hasModel = vm.modelProperty().isNotNull();
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox spectrum = row(
                new Label("Energy %"),
                field(
                        "energyRuleField",
                        r.energyInputProperty(),
                        r.energyCommand(),
                        hasModel,
                        "Keep at least this share of each layer's spectral energy (0\u2013100)"),
                Controls.button("Apply", "applyEnergyButton", r.energyCommand(), "Set every rank by kept energy"),
                new Separator(Orientation.VERTICAL),
                new Label("\u03c3 \u2265"),
                field(
                        "thresholdRuleField",
                        r.thresholdInputProperty(),
                        r.thresholdCommand(),
                        hasModel,
                        "Keep the singular values at or above this value"),
                Controls.button("Apply", "applyThresholdButton", r.thresholdCommand(), "Set every rank by threshold"),
                new Separator(Orientation.VERTICAL),
                new Label("Param ratio"),
                field(
                        "ratioRuleField",
                        r.ratioInputProperty(),
                        r.ratioCommand(),
                        hasModel,
                        "Largest rank whose factor layers have at most this share of the dense parameters"),
                Controls.button("Apply", "applyRatioButton", r.ratioCommand(), "Set every rank by parameter ratio"),
                new Separator(Orientation.VERTICAL),
                new Label("Round to"),
                field(
                        "roundRuleField",
                        r.roundInputProperty(),
                        r.roundCommand(),
                        hasModel,
                        "Round every rank up to a multiple of this (hardware-friendly shapes)"),
                Controls.button("Apply", "applyRoundButton", r.roundCommand(), "Round every rank"),
                new Separator(Orientation.VERTICAL),
                Controls.button("Reset", "resetButton", r.resetCommand(), "Every layer back to dense (Ctrl+R)"),
                Controls.button("Undo", "undoButton", vm.undoCommand(), "Undo the last rank edit (Ctrl+Z)"),
                Controls.button("Redo", "redoButton", vm.redoCommand(), "Redo (Ctrl+Shift+Z)"),
                spacer,
                Controls.button(
                        "Pin as run",
                        "pinButton",
                        vm.pinCommand(),
                        "Keep the plan on screen as a run: "
                                + "factorize the base weights, measure its exact validation accuracy, parameters, MACs "
                                + "and latency (Ctrl+P)"));
        VBox bar = new VBox(2, spectrum, oneShotRow(r.oneShot()));
        bar.setId("rulesBar");
        bar.getStyleClass().addAll("tool-bar", "rules");
        bar.setMinWidth(0);
        return bar;
    }

    private static HBox row(Node... nodes) {
        HBox h = new HBox(6, nodes);
        h.setMinWidth(0);
        h.setAlignment(Pos.CENTER_LEFT);
        h.setFillHeight(false);
        HBox.setHgrow(h, Priority.ALWAYS);
        return h;
    }

    /** The one-shot rules: rule, scheme, the chosen rule's inputs, apply, progress, cancel, table. */
    private static HBox oneShotRow(OneShotRuleViewModel o) {
        ComboBox<OneShotRules.Kind> kind = combo(
                "oneShotRuleBox",
                List.of(OneShotRules.Kind.values()),
                o.kindProperty(),
                "evbmf: EVBMF rank per layer (Nakajima et al. 2013), optionally scaled; lc: the LC cost rule "
                        + "(Idelbayev and Carreira-Perpi\u00f1\u00e1n 2020); sensitivity: per-layer accuracy at "
                        + "candidate ranks on held-out validation images, then greedy under a budget; latency: "
                        + "each layer's scheme and rank timed on this CPU and its accuracy drop on held-out images, "
                        + "then the smallest predicted drop that meets a speed-up, a time or the fastest plan within "
                        + "a drop (rankbench select --rule latency)");
        ComboBox<Scheme> scheme = combo(
                "oneShotSchemeBox",
                LayerViewModel.CONV_SCHEMES,
                o.schemeProperty(),
                "Scheme of every conv layer (tucker2 keeps an output and an input rank; lc needs a matrix scheme)");
        scheme.setConverter(new SchemeConverter());
        scheme.disableProperty().bind(o.kindProperty().isEqualTo(OneShotRules.Kind.LATENCY)); // it times them all
        Map<OneShotRules.Kind, List<Node>> inputs = new EnumMap<>(OneShotRules.Kind.class);
        inputs.put(
                OneShotRules.Kind.EVBMF,
                List.of(
                        new Label("rank \u00d7"),
                        input(
                                "evbmfMultiplierField",
                                o.multiplierProperty(),
                                3,
                                "Multiply every EVBMF rank by this (1 = plain EVBMF); leave the budget empty to use it"),
                        new Label("or MACs \u00f7"),
                        input(
                                "evbmfBudgetField",
                                o.evbmfReductionProperty(),
                                3,
                                "Scale EVBMF's ranks to at most 1/X of the dense MACs (X \u2265 1; empty = no budget)")));
        inputs.put(
                OneShotRules.Kind.LC,
                List.of(
                        new Label("\u03b1"),
                        input(
                                "lcAlphaField",
                                o.alphaProperty(),
                                5,
                                "Cost weight alpha (code units = paper lambda \u00d7 1e-6); empty = use the budget"),
                        new Label("\u03bc"),
                        input("lcMuField", o.muProperty(), 3, "Penalty mu (> 0)"),
                        costBox("lcCostBox", o),
                        new Label("or budget \u00f7"),
                        input(
                                "lcBudgetField",
                                o.lcReductionProperty(),
                                3,
                                "Total cost at most 1/X of the dense model (X \u2265 1); empty = use alpha")));
        inputs.put(
                OneShotRules.Kind.SENSITIVITY,
                List.of(
                        new Label("budget \u00f7"),
                        input(
                                "sensitivityBudgetField",
                                o.sensitivityReductionProperty(),
                                3,
                                "Total cost at most 1/X of the dense model (X \u2265 1)"),
                        costBox("sensitivityCostBox", o),
                        new Label("images"),
                        input(
                                "sensitivityImagesField",
                                o.heldOutImagesProperty(),
                                4,
                                "Held-out validation images to measure on: the first N of the validation split (the images "
                                        + "of the interactive accuracy); never test images"),
                        new Label("fractions"),
                        input(
                                "sensitivityFractionsField",
                                o.fractionsProperty(),
                                12,
                                "Candidate ranks as fractions of each layer's break-even rank, comma separated")));
        LatencyTableView latencyView = new LatencyTableView(o.latency());
        inputs.put(OneShotRules.Kind.LATENCY, latencyInputs(o, latencyView));
        HBox fields = new HBox(6); // the chosen rule's inputs, at their own width
        fields.setAlignment(Pos.CENTER_LEFT);
        fields.getChildren().setAll(inputs.get(o.kindProperty().get()));
        o.kindProperty().addListener((x, a, b) -> fields.getChildren().setAll(inputs.get(b)));
        Command apply = o.applyCommand();
        Button run = Controls.button(
                "Apply rule",
                "applyOneShotButton",
                apply,
                "Run the rule in the background (the code of rankbench select) and apply its plan (undoable)");
        ProgressBar progress = new ProgressBar();
        progress.setId("oneShotProgress");
        progress.setPrefWidth(110);
        progress.progressProperty().bind(o.progressProperty());
        progress.visibleProperty().bind(apply.runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        Tooltip progressTip = new Tooltip();
        progressTip.textProperty().bind(o.progressTextProperty());
        progress.setTooltip(progressTip);
        Button cancel = Controls.button(
                "Cancel", "cancelOneShotButton", o.cancelCommand(), "Stop the running rule; the plan stays as it was");
        cancel.visibleProperty().bind(apply.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        SensitivityTableView tableView = new SensitivityTableView(o.sensitivity());
        Button table = new Button("Sensitivity table\u2026");
        table.setId("sensitivityTableButton");
        table.setTooltip(new Tooltip("The last sensitivity measurement: layer, rank, accuracy, drop, saved"));
        table.disableProperty().bind(o.sensitivity().availableProperty().not());
        table.visibleProperty().bind(o.kindProperty().isNotEqualTo(OneShotRules.Kind.LATENCY));
        table.managedProperty().bind(table.visibleProperty());
        table.setOnAction(e -> tableView.show(table.getScene().getWindow()));
        o.sensitivity().summaryProperty().addListener((x, a, b) -> {
            if (b != null && !b.isEmpty() && table.getScene() != null) {
                tableView.show(table.getScene().getWindow());
            }
        });
        Label error = new Label();
        error.setId("oneShotError");
        error.getStyleClass().add("validation-message");
        error.textProperty()
                .bind(Bindings.when(o.progressTextProperty().isEmpty())
                        .then(Bindings.when(o.inputErrorProperty().isEmpty())
                                .then(o.messageProperty())
                                .otherwise(o.inputErrorProperty()))
                        .otherwise(o.progressTextProperty()));
        error.textProperty()
                .addListener((x, a, b) -> error.pseudoClassStateChanged(
                        RESULT, // progress or a result
                        !o.progressTextProperty().get().isEmpty()
                                || o.inputErrorProperty().get().isEmpty()
                                        && !o.messageWarnsProperty().get()));
        error.setMinWidth(0);
        error.setPrefWidth(240); // a long message is cut, never pushes the bar into its overflow menu
        error.setMaxWidth(Double.MAX_VALUE);
        Tooltip errorTip = new Tooltip();
        errorTip.textProperty().bind(error.textProperty());
        error.setTooltip(errorTip);
        HBox.setHgrow(error, Priority.ALWAYS);
        return row(new Label("One-shot rule"), kind, scheme, fields, run, progress, cancel, table, error);
    }

    /** The latency rule's inputs: budget kind and value, batch, held-out images, and its table. */
    private static List<Node> latencyInputs(OneShotRuleViewModel o, LatencyTableView view) {
        LatencyRuleViewModel l = o.latency();
        ComboBox<LatencyBudget.Kind> kind = combo(
                "latencyBudgetBox",
                List.of(LatencyBudget.Kind.values()),
                l.budgetKindProperty(),
                "speed-up \u00d7: the measured per-layer sum at most dense / X; target ms: "
                        + "at most T ms; max drop pp: the fastest plan whose predicted held-out accuracy drop is at "
                        + "most D percentage points (select's --max-drop takes D / 100)");
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(LatencyBudget.Kind k) {
                return k == null ? "" : LatencyRuleViewModel.label(k);
            }

            @Override
            public LatencyBudget.Kind fromString(String s) {
                return List.of(LatencyBudget.Kind.values()).stream()
                        .filter(k -> LatencyRuleViewModel.label(k).equals(s))
                        .findFirst()
                        .orElse(null);
            }
        });
        Button table = new Button("Latency table\u2026");
        table.setId("latencyTableButton");
        table.setTooltip(new Tooltip("What the last latency rule chose per layer: form or dense and why, dense and "
                + "chosen ms, predicted drop"));
        table.disableProperty().bind(l.availableProperty().not());
        table.setOnAction(e -> view.show(table.getScene().getWindow()));
        l.summaryProperty().addListener((x, a, b) -> {
            if (b != null && !b.isEmpty() && table.getScene() != null) {
                view.show(table.getScene().getWindow());
            }
        });
        return List.of(
                kind,
                input(
                        "latencyBudgetField",
                        l.budgetValueProperty(),
                        4,
                        "The budget's value: X \u2265 1 (speed-up), T > 0 (ms) or D in 0\u2013100 (pp); another "
                                + "budget after a measurement is planned at once, without measuring again"),
                new Label("batch"),
                input(
                        "latencyBatchField",
                        l.batchProperty(),
                        3,
                        "Images per timed forward pass (select's --latency-batch); staircases are kept per batch size "
                                + "in ~/.rankbench/latency"),
                new Label("images"),
                input(
                        "latencyImagesField",
                        o.heldOutImagesProperty(),
                        4,
                        "Held-out validation images the accuracy drops are measured on (the first N of the validation "
                                + "split); never test images"),
                table);
    }

    private static ComboBox<CostKind> costBox(String id, OneShotRuleViewModel o) {
        return combo(
                id,
                List.of(CostKind.values()),
                o.costProperty(),
                "What a rank costs in the budget: params (weights stored) or macs (multiply-accumulates per image)");
    }

    private static <T> ComboBox<T> combo(String id, List<T> items, ObjectProperty<T> value, String tip) {
        ComboBox<T> c = new ComboBox<>();
        c.setId(id);
        c.getItems().setAll(items);
        c.valueProperty().bindBidirectional(value);
        c.setTooltip(new Tooltip(tip));
        return c;
    }

    private static TextField input(String id, StringProperty p, int columns, String tip) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(columns);
        f.textProperty().bindBidirectional(p);
        f.setTooltip(new Tooltip(tip));
        return f;
    }

    private static TextField field(
            String id, StringProperty p, Command c, ObservableBooleanValue hasModel, String tip) {
        TextField f = input(id, p, 4, tip);
        f.setOnAction(e -> c.execute());
        ObservableBooleanValue bad = Bindings.createBooleanBinding(
                () -> !c.executableProperty().get() && hasModel.get(), c.executableProperty(), hasModel);
        bad.addListener((o, a, b) -> f.pseudoClassStateChanged(INVALID, b));
        return f;
    }
}
