package rankbench.app;

import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import rankbench.viewmodel.SummaryViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/**
 * The summary above the layer table: the base model, what the figures are of (the plan on the base model
 * or a selected run with its status), parameters, MACs, the accuracies, each labeled with which
 * accuracy it is, and the measured whole-model latency with its speed-up.
 */
final class SummaryPane {

    private static final PseudoClass EVALUATING = PseudoClass.getPseudoClass("evaluating");
    private static final PseudoClass NO_RESULT = PseudoClass.getPseudoClass("no-result");

    private SummaryPane() {}

    static Node create(WorkbenchViewModel vm) {
        SummaryViewModel s = vm.summary();
        GridPane g = new GridPane();
        g.getStyleClass().add("summary");
        g.setHgap(12);
        g.setVgap(4);
        g.setPadding(new Insets(8, 12, 8, 12));
        Label model = new Label();
        model.setId("modelSummary");
        model.getStyleClass().add("summary-title");
        model.textProperty().bind(vm.summaryProperty());
        g.add(model, 0, 0, 6, 1);
        Label shown = Controls.value("shownLabel", s.shownTextProperty());
        shown.getStyleClass().add("shown");
        s.noResultProperty().addListener((o, a, b) -> shown.pseudoClassStateChanged(NO_RESULT, b));
        Label params = Controls.value("paramsLabel", s.paramsTextProperty());
        Label macs = Controls.value("macsLabel", s.macsTextProperty());
        Label acc = Controls.value("accuracyLabel", s.accuracyTextProperty());
        acc.setTooltip(new Tooltip("Validation images are held out of the training split. For the plan on the "
                + "base model: compress-only accuracy (planned layers replaced by their truncated "
                + "reconstructions, no fine-tuning), recomputed in the background after each edit. For a "
                + "selected run: the accuracy of that run's own model."));
        s.evaluatingProperty().addListener((o, a, b) -> acc.pseudoClassStateChanged(EVALUATING, b));
        s.noResultProperty().addListener((o, a, b) -> acc.pseudoClassStateChanged(NO_RESULT, b));
        Label accKind = Controls.key("");
        accKind.setId("accuracyKindLabel");
        accKind.textProperty().bind(s.accuracyKindProperty());
        Label test = Controls.value("testAccuracyLabel", s.testAccuracyTextProperty());
        test.setTooltip(new Tooltip("Test images are never used to choose ranks; the test accuracy of a run is "
                + "measured at the end of fine-tuning and rank learning, or on request (Run \u25b8 Measure Test "
                + "Accuracy)"));
        Label data = new Label();
        data.setId("dataLabel");
        data.getStyleClass().add("muted");
        data.textProperty().bind(vm.dataNameProperty());
        g.addRow(1, Controls.key("Showing"), shown);
        g.add(data, 2, 1, 4, 1);
        data.setMinWidth(0);
        Tooltip dataTip = new Tooltip();
        dataTip.textProperty().bind(vm.dataNameProperty());
        data.setTooltip(dataTip);
        Label latency = Controls.value("latencyLabel", s.latencyTextProperty());
        latency.setTooltip(new Tooltip("Whole-model forward time on this CPU, dense \u2192 the plan on screen (or the "
                + "shown run's model): median ms per batch in inference mode, measured in the background once "
                + "edits pause"));
        Label speedup = Controls.value("speedupLabel", s.speedupTextProperty());
        speedup.setTooltip(new Tooltip("Measured speed-up: dense ms / plan ms (fewer MACs need not mean faster)"));
        g.addRow(2, Controls.key("Parameters"), params, accKind, acc, Controls.key("Latency"), latency);
        g.addRow(3, Controls.key("MACs"), macs, Controls.key("Test accuracy"), test, Controls.key("Speed-up"), speedup);
        for (int i = 0; i < 6; i++) { // keys keep their width; long values are cut with an ellipsis
            ColumnConstraints c = new ColumnConstraints();
            c.setMinWidth(i % 2 == 0 ? Region.USE_PREF_SIZE : i == 1 ? Region.USE_COMPUTED_SIZE : 0);
            c.setHgrow(i == 3 ? Priority.ALWAYS : Priority.SOMETIMES);
            g.getColumnConstraints().add(c);
        }
        shown.setMinWidth(0);
        params.setMinWidth(Region.USE_PREF_SIZE); // short figures are never cut; the long texts beside them are
        macs.setMinWidth(Region.USE_PREF_SIZE);
        acc.setMinWidth(0);
        test.setMinWidth(0);
        speedup.setMinWidth(0);
        latency.setMinWidth(0);
        return g;
    }
}
