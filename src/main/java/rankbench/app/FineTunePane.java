package rankbench.app;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import rankbench.charts.LiveChart;
import rankbench.viewmodel.FineTuneViewModel;

/**
 * The fine-tune tab: the typed run settings (epochs, learning rate, schedule, weight decay, batch, training
 * images, seed), start, the result line and the live loss and accuracy chart (accuracy on the right axis).
 */
final class FineTunePane {

    private FineTunePane() {}

    static Node create(FineTuneViewModel ft) {
        GridPane settings =
                RunSettingsPane.create(ft.settings(), "fineTune", "epochsSpinner", false, ft.runningProperty());
        settings.setId("fineTuneSettings");
        Button start = Controls.button(
                "Fine-tune",
                "fineTuneButton",
                ft.startCommand(),
                "Fine-tune for N epochs in the background (Ctrl+T): the model of the run on screen, or else the "
                        + "base model factorized at the plan on screen; the result is kept as a new run");
        Label result = new Label();
        result.setId("fineTuneResult");
        result.textProperty().bind(ft.resultTextProperty());
        result.setWrapText(true);
        VBox controls = new VBox(6, settings, start, result);
        controls.setPadding(new Insets(6, 8, 6, 8));
        controls.setMinWidth(260);
        controls.setPrefWidth(300); // the settings' two columns show their values whole
        // one step axis: loss on the left, accuracy (batch, and validation at the step it was measured) on the right
        LiveChart loss = new LiveChart("Loss and accuracy", "step", "loss", "accuracy");
        loss.addSeries("loss", ft.loss(), false);
        loss.addRightSeries("train accuracy (batch)", ft.trainAccuracy(), false);
        loss.addRightSeries("validation accuracy (epoch end)", ft.validationAccuracy(), true);
        loss.node().setId("lossChart");
        ChartExportMenu.attach(loss.node(), "fine-tune-loss-accuracy");
        HBox charts = new HBox(4, loss.node());
        HBox.setHgrow(loss.node(), Priority.ALWAYS);
        loss.node().setPrefWidth(600);
        HBox box = new HBox(controls, charts);
        HBox.setHgrow(charts, Priority.ALWAYS);
        return box;
    }
}
