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
 * images, seed), start, the result line and the live loss and accuracy charts.
 */
final class FineTunePane {

    private FineTunePane() {}

    static Node create(FineTuneViewModel ft) {
        GridPane settings = RunSettingsPane.create(ft.settings(), "fineTune", "epochsSpinner",
                false, ft.runningProperty());
        settings.setId("fineTuneSettings");
        Button start = Controls.button("Fine-tune", "fineTuneButton", ft.startCommand(),
                "Fine-tune for N epochs in the background (Ctrl+T): the model of the run on screen, or else the "
                        + "base model factorised at the plan on screen; the result is kept as a new run");
        Label result = new Label();
        result.setId("fineTuneResult");
        result.textProperty().bind(ft.resultTextProperty());
        result.setWrapText(true);
        VBox controls = new VBox(6, settings, start, result);
        controls.setPadding(new Insets(6, 8, 6, 8));
        controls.setMinWidth(260);
        controls.setPrefWidth(300); // the settings' two columns show their values whole
        LiveChart loss = new LiveChart("Training loss", "step", "loss");
        loss.addSeries("loss", ft.loss(), false);
        loss.node().setId("lossChart");
        LiveChart acc = new LiveChart("Accuracy", "step", "accuracy");
        acc.addSeries("train (batch)", ft.trainAccuracy(), false);
        acc.addSeries("validation (epoch end)", ft.validationAccuracy(), true);
        acc.node().setId("fineTuneAccuracyChart");
        ChartExportMenu.attach(loss.node(), "fine-tune-loss");
        ChartExportMenu.attach(acc.node(), "fine-tune-accuracy");
        HBox charts = new HBox(4, loss.node(), acc.node());
        HBox.setHgrow(loss.node(), Priority.ALWAYS);
        HBox.setHgrow(acc.node(), Priority.ALWAYS);
        loss.node().setPrefWidth(300);
        acc.node().setPrefWidth(300);
        HBox box = new HBox(controls, charts);
        HBox.setHgrow(charts, Priority.ALWAYS);
        return box;
    }
}
