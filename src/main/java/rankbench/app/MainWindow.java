package rankbench.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.prefs.Preferences;
import javafx.animation.PauseTransition;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;
import rankbench.charts.LiveChart;
import rankbench.charts.ParetoChart;
import rankbench.charts.SpectrumChart;
import rankbench.viewmodel.Command;
import rankbench.viewmodel.FineTuneViewModel;
import rankbench.viewmodel.LayerViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/**
 * The main window: menus, rule tool bar, model summary, layer table, spectrum chart, accuracy-versus-MACs
 * scatter, fine-tuning and the status bar. Built in code; binds to the view model and holds no state of
 * its own beyond window preferences.
 */
final class MainWindow {

    private static final PseudoClass EVALUATING = PseudoClass.getPseudoClass("evaluating");
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final int MAX_RECENT = 8;

    private final Stage stage;
    private final Preferences prefs;
    private final WorkbenchViewModel vm;
    private final BorderPane root = new BorderPane();
    private final NotificationPane notifications = new NotificationPane();
    private final PauseTransition hideNotification = new PauseTransition(Duration.seconds(4));
    private final SpectrumChart spectrum = new SpectrumChart(false);
    private final Menu recentMenu = new Menu("Open _Recent");
    private final SplitPane mainSplit = new SplitPane();
    private final SplitPane chartSplit = new SplitPane();
    private TableView<LayerViewModel> table;
    private LayerViewModel shown;
    private String spectrumTitle;
    private final InvalidationListener refreshSpectrum = o -> requestSpectrum();
    private boolean spectrumPending;
    private final List<InvalidationListener> refreshers = new ArrayList<>();
    private boolean allSpectraShowing;
    private boolean smallMultiplesDirty;
    private RankLearningView rankLearning;

    private MainWindow(Stage stage, WorkbenchViewModel.Factory factory, Preferences prefs) {
        this.stage = stage;
        this.prefs = prefs;
        this.vm = factory.create(new FxServices.Dialogs(stage, this::showNotification));
    }

    /** Builds the window on {@code stage}, shows it and starts loading the default model. */
    static MainWindow show(Stage stage, WorkbenchViewModel.Factory factory) {
        return show(stage, factory, Preferences.userNodeForPackage(MainWindow.class));
    }

    /** As {@link #show(Stage, WorkbenchViewModel.Factory)}, with the preferences node to remember layout in. */
    static MainWindow show(Stage stage, WorkbenchViewModel.Factory factory, Preferences prefs) {
        MainWindow w = new MainWindow(stage, factory, prefs);
        w.createView();
        w.initListeners();
        w.vm.loadDefaultModel();
        return w;
    }

    WorkbenchViewModel viewModel() {
        return vm;
    }

    SpectrumChart spectrumChart() {
        return spectrum;
    }

    RankLearningView rankLearningView() {
        return rankLearning;
    }

    private void createView() {
        root.setId("mainWindow");
        root.setTop(new VBox(createMenus(), createRules()));
        table = LayerTable.create(vm);
        VBox left = new VBox(createSummary(), table);
        VBox.setVgrow(table, Priority.ALWAYS);
        spectrum.node().setId("spectrumChart");
        spectrum.node().setMinHeight(200);
        spectrum.node().setMinWidth(300);
        chartSplit.getItems().addAll(spectrum.node(), createTabs());
        mainSplit.setOrientation(Orientation.VERTICAL);
        mainSplit.getItems().addAll(left, chartSplit);
        notifications.setContent(mainSplit);
        notifications.setShowFromTop(false);
        root.setCenter(notifications);
        root.setBottom(createStatusBar());
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(screen.getWidth(), prefs.getDouble("width", 1400)),
                Math.min(screen.getHeight(), prefs.getDouble("height", 900)));
        scene.getStylesheets().add(MainWindow.class.getResource("rankbench.css").toExternalForm());
        enableDrop(scene);
        stage.titleProperty().bind(Bindings.when(vm.modelNameProperty().isEmpty()).then("RankBench")
                .otherwise(Bindings.concat(vm.modelNameProperty(), " \u2014 RankBench")));
        stage.setScene(scene);
        double x = prefs.getDouble("x", Double.NaN);
        double y = prefs.getDouble("y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y) && screen.contains(x, y)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(prefs.getBoolean("maximized", false));
        mainSplit.setDividerPositions(prefs.getDouble("mainDivider", 0.56));
        chartSplit.setDividerPositions(prefs.getDouble("chartDivider", 0.42));
        stage.setOnHiding(e -> {
            prefs.putBoolean("maximized", stage.isMaximized());
            if (!stage.isMaximized()) {
                prefs.putDouble("width", scene.getWidth());
                prefs.putDouble("height", scene.getHeight());
                prefs.putDouble("x", stage.getX());
                prefs.putDouble("y", stage.getY());
            }
            prefs.putDouble("mainDivider", mainSplit.getDividerPositions()[0]);
            prefs.putDouble("chartDivider", chartSplit.getDividerPositions()[0]);
            vm.close();
        });
        stage.show();
    }

    private MenuBar createMenus() {
        MenuItem open = item("_Open Model\u2026", "Shortcut+O", this::chooseModel);
        open.setId("openModel");
        open.disableProperty().bind(vm.busyProperty());
        MenuItem openData = item("Open _Dataset\u2026", "Shortcut+Shift+O", this::chooseDataset);
        openData.setId("openDataset");
        MenuItem export = item("_Export Factorised Model\u2026", "Shortcut+E", this::chooseExport);
        export.setId("exportModel");
        export.disableProperty().bind(vm.modelProperty().isNull());
        MenuItem quit = item("_Quit", "Shortcut+Q", stage::close);
        updateRecent();
        Menu file = new Menu("_File", null, open, openData, recentMenu, new SeparatorMenuItem(), export,
                new SeparatorMenuItem(), quit);
        MenuItem undo = command(item("_Undo", "Shortcut+Z", null), vm.undoCommand());
        undo.setId("undoItem");
        MenuItem redo = command(item("_Redo", "Shortcut+Shift+Z", null), vm.redoCommand());
        redo.setId("redoItem");
        MenuItem reset = command(item("Reset _ranks", "Shortcut+R", null), vm.resetCommand());
        Menu edit = new Menu("_Edit", null, undo, redo, new SeparatorMenuItem(), reset);
        FineTuneViewModel ft = vm.fineTune();
        MenuItem tune = command(item("_Fine-tune", "Shortcut+T", null), ft.startCommand());
        MenuItem cancel = command(item("_Cancel fine-tuning", "Shortcut+Period", null), ft.cancelCommand());
        Menu run = new Menu("_Run", null, tune, cancel);
        MenuBar bar = new MenuBar(file, edit, run);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setMnemonicParsing(true);
        m.setAccelerator(KeyCombination.keyCombination(accelerator));
        if (action != null) {
            m.setOnAction(e -> action.run());
        }
        return m;
    }

    private static MenuItem command(MenuItem m, Command c) {
        m.setOnAction(e -> c.execute());
        m.disableProperty().bind(c.executableProperty().not());
        return m;
    }

    private static Button button(String text, String id, Command c, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> c.execute());
        b.disableProperty().bind(c.executableProperty().not());
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private TextField field(String id, javafx.beans.property.StringProperty p, Command c, String tip) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(4);
        f.textProperty().bindBidirectional(p);
        f.setTooltip(new Tooltip(tip));
        f.setOnAction(e -> c.execute());
        ObservableBooleanValue bad = c.executableProperty().not().and(vm.modelProperty().isNotNull());
        bad.addListener((o, a, b) -> f.pseudoClassStateChanged(INVALID, b));
        return f;
    }

    private ToolBar createRules() {
        ToolBar bar = new ToolBar(
                new Label("Energy %"),
                field("energyRuleField", vm.energyInputProperty(), vm.energyCommand(),
                        "Keep at least this share of each layer's spectral energy (0\u2013100)"),
                button("Apply", "applyEnergyButton", vm.energyCommand(), "Set every rank by kept energy"),
                new Separator(Orientation.VERTICAL),
                new Label("\u03c3 \u2265"),
                field("thresholdRuleField", vm.thresholdInputProperty(), vm.thresholdCommand(),
                        "Keep the singular values at or above this value"),
                button("Apply", "applyThresholdButton", vm.thresholdCommand(), "Set every rank by threshold"),
                new Separator(Orientation.VERTICAL),
                new Label("Param ratio"),
                field("ratioRuleField", vm.ratioInputProperty(), vm.ratioCommand(),
                        "Largest rank whose factor layers have at most this share of the dense parameters"),
                button("Apply", "applyRatioButton", vm.ratioCommand(), "Set every rank by parameter ratio"),
                new Separator(Orientation.VERTICAL),
                new Label("Round to"),
                field("roundRuleField", vm.roundInputProperty(), vm.roundCommand(),
                        "Round every rank up to a multiple of this (hardware-friendly shapes)"),
                button("Apply", "applyRoundButton", vm.roundCommand(), "Round every rank"),
                new Separator(Orientation.VERTICAL),
                button("Reset", "resetButton", vm.resetCommand(), "Every layer back to dense (Ctrl+R)"),
                button("Undo", "undoButton", vm.undoCommand(), "Undo the last rank edit (Ctrl+Z)"),
                button("Redo", "redoButton", vm.redoCommand(), "Redo (Ctrl+Shift+Z)"));
        bar.getStyleClass().add("rules");
        return bar;
    }

    private Node createSummary() {
        GridPane g = new GridPane();
        g.getStyleClass().add("summary");
        g.setHgap(12);
        g.setVgap(4);
        g.setPadding(new Insets(8, 12, 8, 12));
        Label model = new Label();
        model.setId("modelSummary");
        model.getStyleClass().add("summary-title");
        model.textProperty().bind(vm.summaryProperty());
        g.add(model, 0, 0, 4, 1);
        Label params = value("paramsLabel", vm.summary().paramsTextProperty());
        Label macs = value("macsLabel", vm.summary().macsTextProperty());
        Label acc = value("accuracyLabel", vm.summary().accuracyTextProperty());
        acc.setTooltip(new Tooltip("Compress-only accuracy: the planned layers replaced by their truncated "
                + "reconstructions, no fine-tuning; recomputed in the background after each edit"));
        vm.summary().evaluatingProperty().addListener((o, a, b) -> acc.pseudoClassStateChanged(EVALUATING, b));
        Label data = new Label();
        data.getStyleClass().add("muted");
        data.textProperty().bind(vm.dataNameProperty());
        g.addRow(1, key("Parameters"), params, key("Accuracy"), acc);
        g.addRow(2, key("MACs"), macs, new Label(), data);
        return g;
    }

    private static Label key(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("key");
        return l;
    }

    private static Label value(String id, javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("value");
        l.textProperty().bind(text);
        return l;
    }

    private TabPane createTabs() {
        ParetoChart pareto = new ParetoChart(vm.pareto());
        pareto.node().setId("paretoChart");
        pareto.setOnPointClicked(vm::restore);
        Tab paretoTab = new Tab("Accuracy vs MACs", pareto.node());
        paretoTab.setTooltip(new Tooltip("Every configuration evaluated so far; red: the Pareto front. "
                + "Click a point to restore its ranks."));
        Tab tuneTab = new Tab("Fine-tune", createFineTune());
        rankLearning = new RankLearningView(vm.rankLearning());
        Tab learnTab = new Tab("Rank learning", rankLearning.node());
        learnTab.setId("rankLearningTab");
        learnTab.setTooltip(new Tooltip("Learn the ranks during training with a method (TRP, LC, LRA, ...)"));
        Tab allTab = new Tab("All spectra", createSmallMultiples());
        TabPane tabs = new TabPane(paretoTab, tuneTab, learnTab, allTab);
        tabs.setId("chartTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().select(Math.max(0, Math.min(3, prefs.getInt("tab", 0))));
        allSpectraShowing = tabs.getSelectionModel().getSelectedItem() == allTab;
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            prefs.putInt("tab", tabs.getSelectionModel().getSelectedIndex());
            allSpectraShowing = b == allTab;
            if (allSpectraShowing && smallMultiplesDirty) {
                smallMultiplesDirty = false;
                refreshers.forEach(r -> r.invalidated(null));
            }
        });
        vm.fineTune().runningProperty().addListener((o, a, b) -> {
            if (b) {
                tabs.getSelectionModel().select(tuneTab);
            }
        });
        vm.rankLearning().runningProperty().addListener((o, a, b) -> {
            if (b) {
                tabs.getSelectionModel().select(learnTab);
            }
        });
        return tabs;
    }

    private Node createFineTune() {
        FineTuneViewModel ft = vm.fineTune();
        Spinner<Integer> epochs = new Spinner<>(1, 100, ft.epochsProperty().get());
        epochs.setId("epochsSpinner");
        epochs.setEditable(true);
        epochs.setPrefWidth(80);
        epochs.valueProperty().addListener((o, a, b) -> ft.epochsProperty().set(b));
        Button start = button("Fine-tune", "fineTuneButton", ft.startCommand(),
                "Factorise with the current ranks and fine-tune for N epochs in the background (Ctrl+T)");
        Label result = new Label();
        result.setId("fineTuneResult");
        result.textProperty().bind(ft.resultTextProperty());
        result.setWrapText(true);
        HBox controls = new HBox(8, new Label("Epochs"), epochs, start, result);
        controls.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
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

    private Node createSmallMultiples() {
        TilePane tiles = new TilePane(4, 4);
        tiles.setId("smallMultiples");
        tiles.setPadding(new Insets(4));
        tiles.setPrefTileWidth(190);
        tiles.setPrefTileHeight(120);
        Runnable rebuild = () -> {
            tiles.getChildren().clear();
            refreshers.clear();
            for (LayerViewModel l : vm.layers()) {
                SpectrumChart c = new SpectrumChart(true);
                c.setTitle(l.getName());
                InvalidationListener refresh = o -> {
                    if (tiles.getScene() == null || !tiles.isVisible() || tiles.getParent() == null
                            || !allSpectraShowing) {
                        smallMultiplesDirty = true;
                        return;
                    }
                    c.batch(() -> {
                        c.setSpectrum(l.singularValuesProperty().get());
                        c.setRank(l.getRank());
                        c.setBreakEven(l.breakEvenProperty().get());
                    });
                };
                refreshers.add(refresh);
                refresh.invalidated(null);
                l.rankProperty().addListener(refresh);
                l.singularValuesProperty().addListener(refresh);
                c.node().setPrefSize(190, 120);
                c.node().setOnMouseClicked(e -> vm.selectedLayerProperty().set(l));
                tiles.getChildren().add(c.node());
            }
        };
        vm.layers().addListener((javafx.collections.ListChangeListener<LayerViewModel>) c -> rebuild.run());
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(tiles);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private StatusBar createStatusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("status");
        bar.textProperty().bind(vm.statusProperty());
        FineTuneViewModel ft = vm.fineTune();
        bar.progressProperty().bind(Bindings.when(ft.runningProperty()).then(ft.progressProperty())
                .otherwise(Bindings.when(vm.busyProperty()).then(-1.0).otherwise(0.0)));
        Label eta = new Label();
        eta.setId("etaLabel");
        eta.textProperty().bind(ft.etaProperty());
        Label evaluating = new Label("evaluating\u2026");
        evaluating.getStyleClass().add("muted");
        evaluating.visibleProperty().bind(vm.summary().evaluatingProperty());
        Button cancel = button("Cancel", "cancelButton", ft.cancelCommand(), "Cancel fine-tuning (Ctrl+.)");
        cancel.visibleProperty().bind(ft.runningProperty());
        cancel.managedProperty().bind(ft.runningProperty());
        bar.getRightItems().addAll(evaluating, new Separator(Orientation.VERTICAL), eta, cancel);
        return bar;
    }

    private void initListeners() {
        spectrum.setOnRankDragged(r -> {
            if (shown != null) {
                shown.setRank(r);
            }
        });
        vm.selectedLayerProperty().addListener((o, a, b) -> {
            if (a != null) {
                for (javafx.beans.Observable p : observed(a)) {
                    p.removeListener(refreshSpectrum);
                }
            }
            shown = b;
            if (b != null) {
                for (javafx.beans.Observable p : observed(b)) {
                    p.addListener(refreshSpectrum);
                }
            }
            requestSpectrum();
        });
        vm.activeRuleProperty().addListener(refreshSpectrum);
        vm.modelNameProperty().addListener((o, a, b) -> table.getSelectionModel().select(vm.selectedLayerProperty()
                .get()));
    }

    private static List<javafx.beans.Observable> observed(LayerViewModel l) {
        return List.of(l.rankProperty(), l.schemeProperty(), l.singularValuesProperty(), l.breakEvenProperty(),
                l.ruleRankProperty());
    }

    /** Redraws the spectrum once after the current event (the canvas draws synchronously; edits come in bursts). */
    private void requestSpectrum() {
        if (!spectrumPending) {
            spectrumPending = true;
            javafx.application.Platform.runLater(() -> {
                spectrumPending = false;
                showSpectrum();
            });
        }
    }

    private void showSpectrum() {
        LayerViewModel l = shown;
        if (l == null) {
            spectrum.setSpectrum(new double[0]);
            return;
        }
        String title = l.getName() + " \u2014 " + l.getScheme().id() + " view, " + l.getFullRank()
                + " singular values";
        spectrum.batch(() -> {
            if (!title.equals(spectrumTitle)) {
                spectrum.setTitle(title);
                spectrumTitle = title;
            }
            spectrum.setSpectrum(l.singularValuesProperty().get());
            spectrum.setBreakEven(l.breakEvenProperty().get());
            spectrum.setRuleRank(l.ruleRankProperty().get(), vm.activeRuleProperty().get());
            spectrum.setRank(l.getRank());
        });
    }

    private void showNotification(String message) {
        notifications.setText(message);
        notifications.show();
        hideNotification.setOnFinished(e -> notifications.hide());
        hideNotification.playFromStart();
    }

    // ---------------------------------------------------------------- files

    private void chooseModel() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open Model");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("RankBench models (*.rbm)", "*.rbm"));
        String last = prefs.get("lastDir", null);
        if (last != null && new File(last).isDirectory()) {
            fc.setInitialDirectory(new File(last));
        }
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            prefs.put("lastDir", f.getParent());
            openModel(f.toPath());
        }
    }

    private void chooseExport() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export Factorised Model");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("RankBench models (*.rbm)", "*.rbm"));
        fc.setInitialFileName("factorised.rbm");
        String last = prefs.get("lastDir", null);
        if (last != null && new File(last).isDirectory()) {
            fc.setInitialDirectory(new File(last));
        }
        File f = fc.showSaveDialog(stage);
        if (f != null) {
            prefs.put("lastDir", f.getParent());
            vm.exportFactorised(f.toPath());
        }
    }

    private void chooseDataset() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open Dataset (IDX, CIFAR binaries or image folders)");
        File d = dc.showDialog(stage);
        if (d != null) {
            vm.openDataset(d.toPath());
        }
    }

    void openModel(Path file) {
        addRecent(file);
        vm.openModel(file);
    }

    private void addRecent(Path file) {
        List<String> list = new ArrayList<>(recent());
        String s = file.toAbsolutePath().toString();
        list.remove(s);
        list.add(0, s);
        prefs.put("recent", String.join("\n", list.subList(0, Math.min(MAX_RECENT, list.size()))));
        updateRecent();
    }

    private List<String> recent() {
        String r = prefs.get("recent", "");
        return r.isEmpty() ? List.of() : Arrays.asList(r.split("\n"));
    }

    private void updateRecent() {
        recentMenu.getItems().clear();
        for (String s : recent()) {
            MenuItem m = new MenuItem(s);
            m.setMnemonicParsing(false);
            m.setOnAction(e -> openModel(Path.of(s)));
            recentMenu.getItems().add(m);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
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
                Path p = files.get(0).toPath();
                if (Files.isDirectory(p)) {
                    vm.openDataset(p);
                } else {
                    openModel(p);
                }
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }
}
