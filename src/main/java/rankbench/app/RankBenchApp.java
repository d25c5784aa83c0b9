package rankbench.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The RankBench window. */
public final class RankBenchApp extends Application {

    @Override
    public void start(Stage stage) {
        BorderPane root = new BorderPane(new Label("RankBench"));
        root.setId("mainWindow");
        stage.setTitle("RankBench");
        stage.setScene(new Scene(root, 1200, 800));
        stage.show();
    }
}
