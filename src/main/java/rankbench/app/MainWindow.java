package rankbench.app;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.prefs.Preferences;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.PropertyValueFactory;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import rankbench.viewmodel.LayerRow;
import rankbench.viewmodel.WorkbenchViewModel;

/** The main window: menus, the layer table, the status bar. Built in code; binds to the view model. */
final class MainWindow {

    private static final Preferences PREFS = Preferences.userNodeForPackage(MainWindow.class);

    private final Stage stage;
    private final WorkbenchViewModel vm;
    private final BorderPane root = new BorderPane();
    private final Label statusLabel = new Label();

    private MainWindow(Stage stage, WorkbenchViewModel.Factory factory) {
        this.stage = stage;
        this.vm = factory.create(new FxServices.Dialogs(stage, statusLabel));
    }

    /** Builds the window on {@code stage}, shows it and starts loading the default model. */
    static MainWindow show(Stage stage, WorkbenchViewModel.Factory factory) {
        MainWindow w = new MainWindow(stage, factory);
        w.createView();
        w.vm.loadDefaultModel();
        return w;
    }

    WorkbenchViewModel viewModel() {
        return vm;
    }

    private void createView() {
        root.setId("mainWindow");
        root.setTop(new VBox(createMenus(), createSummary()));
        root.setCenter(createLayerTable());
        root.setBottom(createStatusBar());
        Scene scene = new Scene(root, PREFS.getDouble("width", 1200), PREFS.getDouble("height", 800));
        scene.getStylesheets().add(MainWindow.class.getResource("rankbench.css").toExternalForm());
        enableDrop(scene);
        stage.setTitle("RankBench");
        stage.titleProperty().bind(Bindings.when(vm.modelNameProperty().isEmpty()).then("RankBench")
                .otherwise(Bindings.concat(vm.modelNameProperty(), " \u2014 RankBench")));
        stage.setScene(scene);
        stage.setOnHiding(e -> {
            PREFS.putDouble("width", scene.getWidth());
            PREFS.putDouble("height", scene.getHeight());
        });
        stage.show();
    }

    private MenuBar createMenus() {
        MenuItem open = new MenuItem("Open Model\u2026");
        open.setId("openModel");
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseModel());
        open.disableProperty().bind(vm.busyProperty());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> stage.close());
        Menu file = new Menu("_File", null, open, new SeparatorMenuItem(), quit);
        MenuBar bar = new MenuBar(file);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private Label createSummary() {
        Label summary = new Label();
        summary.setId("modelSummary");
        summary.getStyleClass().add("summary");
        summary.textProperty().bind(vm.summaryProperty());
        summary.setPadding(new Insets(6, 10, 6, 10));
        summary.setMaxWidth(Double.MAX_VALUE);
        return summary;
    }

    private TableView<LayerRow> createLayerTable() {
        TableView<LayerRow> table = new TableView<>(vm.layers());
        table.setId("layerTable");
        table.setPlaceholder(new Label("Loading model\u2026"));
        table.getColumns().addAll(List.of(
                column("Layer", "name", 180),
                column("Kind", "kind", 70),
                column("Weight", "weightShape", 120),
                column("Feature maps", "featureMaps", 140),
                numberColumn("Params", "params"),
                numberColumn("MACs", "macs")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return table;
    }

    private static TableColumn<LayerRow, String> column(String title, String property, double width) {
        TableColumn<LayerRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(new PropertyValueFactory<>(property));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<LayerRow, Long> numberColumn(String title, String property) {
        TableColumn<LayerRow, Long> c = new TableColumn<>(title);
        c.setCellValueFactory(new PropertyValueFactory<>(property));
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Long v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : String.format(Locale.ROOT, "%,d", v));
            }
        });
        c.getStyleClass().add("number");
        c.setPrefWidth(110);
        if (title.equals("MACs")) {
            Label header = new Label("MACs");
            header.setTooltip(new Tooltip("Multiply-accumulates per image (FLOPs = 2 \u00d7 MACs)"));
            c.setText(null);
            c.setGraphic(header);
        }
        return c;
    }

    private HBox createStatusBar() {
        statusLabel.setId("status");
        statusLabel.textProperty().bind(vm.statusProperty());
        ProgressBar progress = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        progress.visibleProperty().bind(vm.busyProperty());
        progress.setPrefWidth(120);
        HBox bar = new HBox(10, statusLabel, progress);
        HBox.setHgrow(statusLabel, Priority.ALWAYS);
        statusLabel.setMaxWidth(Double.MAX_VALUE);
        bar.getStyleClass().add("status-bar");
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }

    private void chooseModel() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open Model");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("RankBench models (*.rbm)", "*.rbm"));
        String last = PREFS.get("lastDir", null);
        if (last != null && new File(last).isDirectory()) {
            fc.setInitialDirectory(new File(last));
        }
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            PREFS.put("lastDir", f.getParent());
            vm.openModel(f.toPath());
        }
    }

    private void enableDrop(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok) {
                vm.openModel(Path.of(files.get(0).getAbsolutePath()));
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }
}
