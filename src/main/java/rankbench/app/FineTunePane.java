package rankbench.app;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import rankbench.charts.LiveChart;
import rankbench.viewmodel.FineTuneViewModel;

/** The fine-tune tab: epochs, learning rate, start, the result line and the live loss and accuracy charts. */
final class FineTunePane {

    private FineTunePane() {}

    static Node create(FineTuneViewModel ft) {
        Spinner<Integer> epochs = new Spinner<>(1, 100, ft.epochsProperty().get());
        epochs.setId("epochsSpinner");
        epochs.setEditable(true);
        epochs.setPrefWidth(80);
        epochs.valueProperty().addListener((o, a, b) -> ft.epochsProperty().set(b));
        Spinner<Double> lr = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(1e-5, 10,
                ft.learningRateProperty().get(), 0.005));
        lr.setId("learningRateSpinner");
        lr.setEditable(true);
        lr.setPrefWidth(90);
        lr.valueProperty().addListener((o, a, b) -> ft.learningRateProperty().set(b));
        Button start = Controls.button("Fine-tune", "fineTuneButton", ft.startCommand(),
                "Fine-tune for N epochs in the background (Ctrl+T): the model of the run on screen, or else the "
                        + "base model factorised at the plan on screen; the result is kept as a new run");
        Label result = new Label();
        result.setId("fineTuneResult");
        result.textProperty().bind(ft.resultTextProperty());
        result.setWrapText(true);
        HBox controls = new HBox(8, new Label("Epochs"), epochs, new Label("Learning rate"), lr, start, result);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setPadding(new Insets(6, 8, 6, 8));
        LiveChart loss = new LiveChart("Training loss", "step", "loss");
        loss.addSeries("loss", ft.loss(), false);
        loss.node().setId("lossChart");
        LiveChart acc = new LiveChart("Accuracy", "step / epoch", "accuracy");
        acc.addSeries("train (batch)", ft.trainAccuracy(), false);
        acc.addSeries("validation (epoch end, x = epoch)", ft.validationAccuracy(), true);
        acc.node().setId("fineTuneAccuracyChart");
        HBox charts = new HBox(4, loss.node(), acc.node());
        HBox.setHgrow(loss.node(), Priority.ALWAYS);
        HBox.setHgrow(acc.node(), Priority.ALWAYS);
        loss.node().setPrefWidth(300);
        acc.node().setPrefWidth(300);
        VBox box = new VBox(controls, charts);
        VBox.setVgrow(charts, Priority.ALWAYS);
        return box;
    }
}
