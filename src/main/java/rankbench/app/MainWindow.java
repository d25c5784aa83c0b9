package rankbench.app;

import java.util.prefs.Preferences;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;
import rankbench.charts.SpectrumChart;
import rankbench.viewmodel.FineTuneViewModel;
import rankbench.viewmodel.LayerViewModel;
import rankbench.viewmodel.RunArchiveViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/**
 * The main window: composes the panes (menus, rule tool bar, summary, layer table, spectrum, the tabs for
 * runs, fine-tuning, rank learning and all spectra, the status bar), remembers its layout, and asks
 * before closing with unsaved changes. Built in code; every pane binds to the view model.
 *
 * <p>The "Runs" tab holds the {@link RunArchiveView} of the session's runs; selecting and restoring a run
 * there goes to {@code SessionViewModel.restore(Run)}.
 */
final class MainWindow {

    private final Stage stage;
    private final Preferences prefs;
    private final WorkbenchViewModel vm;
    private final BorderPane root = new BorderPane();
    private final NotificationPane notifications = new NotificationPane();
    private final PauseTransition hideNotification = new PauseTransition(Duration.seconds(4));
    private final SplitPane mainSplit = new SplitPane();
    private final SplitPane chartSplit = new SplitPane();
    private final Tab runsTab = new Tab("Runs");
    private FileActions files;
    private SpectrumPane spectrum;
    private TableView<LayerViewModel> table;
    private RankLearningView rankLearning;
    private RunArchiveView runArchive;
    private boolean closing;

    private MainWindow(Stage stage, WorkbenchViewModel.Factory factory, Preferences prefs) {
        this.stage = stage;
        this.prefs = prefs;
        FxServices.Dialogs dialogs = new FxServices.Dialogs(stage, this::showNotification);
        this.vm = factory.create(dialogs);
        this.files = new FileActions(stage, prefs, vm);
        dialogs.setSaveChooser(files::chooseSessionFile);
    }

    /** Builds the window on {@code stage}, shows it and starts loading the default model. */
    static MainWindow show(Stage stage, WorkbenchViewModel.Factory factory) {
        return show(stage, factory, Preferences.userNodeForPackage(MainWindow.class));
    }

    /** As {@link #show(Stage, WorkbenchViewModel.Factory)}, with the preferences node to remember layout in. */
    static MainWindow show(Stage stage, WorkbenchViewModel.Factory factory, Preferences prefs) {
        MainWindow w = new MainWindow(stage, factory, prefs);
        w.createView();
        w.vm.loadDefaultModel();
        w.vm.session().startAutosaveAndOfferRecovery();
        return w;
    }

    WorkbenchViewModel viewModel() {
        return vm;
    }

    SpectrumChart spectrumChart() {
        return spectrum.chart();
    }

    RankLearningView rankLearningView() {
        return rankLearning;
    }

    RunArchiveView runArchiveView() {
        return runArchive;
    }

    /** Puts another view in the "Runs" tab (the run archive is there by default). */
    void setRunArchive(Node archive) {
        runsTab.setContent(archive);
    }

    /** Closes the window after asking about unsaved changes (File ▸ Quit and the window's close button). */
    void requestClose() {
        vm.session().requestClose(() -> {
            closing = true;
            stage.close();
        });
    }

    private void createView() {
        root.setId("mainWindow");
        root.setTop(new VBox(MainMenu.create(vm, files, this::requestClose), RulesToolBar.create(vm)));
        table = LayerTable.create(vm);
        VBox left = new VBox(SummaryPane.create(vm), table);
        VBox.setVgrow(table, Priority.ALWAYS);
        spectrum = new SpectrumPane(vm);
        chartSplit.getItems().addAll(spectrum.node(), createTabs());
        mainSplit.setOrientation(Orientation.VERTICAL);
        mainSplit.getItems().addAll(left, chartSplit);
        notifications.setContent(mainSplit);
        notifications.setShowFromTop(false);
        root.setCenter(notifications);
        root.setBottom(createStatusBar());
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(screen.getWidth(), prefs.getDouble("width", 1400)),
                Math.min(screen.getHeight(), prefs.getDouble("height", 900)));
        scene.getStylesheets().add(MainWindow.class.getResource("rankbench.css").toExternalForm());
        files.enableDrop(scene);
        stage.titleProperty().bind(vm.session().titleProperty());
        stage.setScene(scene);
        double x = prefs.getDouble("x", Double.NaN);
        double y = prefs.getDouble("y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y) && screen.contains(x, y)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(prefs.getBoolean("maximized", false));
        mainSplit.setDividerPositions(prefs.getDouble("mainDivider", 0.56));
        chartSplit.setDividerPositions(prefs.getDouble("chartDivider", 0.35));
        stage.setOnCloseRequest(e -> {
            if (!closing) {
                e.consume();
                requestClose();
            }
        });
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
        vm.modelNameProperty().addListener((o, a, b) -> table.getSelectionModel().select(vm.selectedLayerProperty()
                .get()));
        stage.show();
    }

    private TabPane createTabs() {
        runsTab.setId("runsTab");
        runArchive = new RunArchiveView(new RunArchiveViewModel(vm.session().runs(), vm.session()::restore,
                vm.tasks(), FxServices.UI));
        runsTab.setContent(runArchive.node());
        runsTab.setTooltip(new Tooltip("Every pinned evaluation, fine-tune and rank-learning run of the session, "
                + "with its status; select one to restore its model, plan and figures"));
        Tab tuneTab = new Tab("Fine-tune", FineTunePane.create(vm.fineTune()));
        tuneTab.setId("fineTuneTab");
        rankLearning = new RankLearningView(vm.rankLearning());
        Tab learnTab = new Tab("Rank learning", rankLearning.node());
        learnTab.setId("rankLearningTab");
        learnTab.setTooltip(new Tooltip("Learn the ranks during training with a method (TRP, LC, LRA, ...)"));
        SpectraGrid grid = new SpectraGrid(vm);
        Tab allTab = new Tab("All spectra", grid.node());
        TabPane tabs = new TabPane(runsTab, tuneTab, learnTab, allTab);
        tabs.setId("chartTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().select(Math.max(0, Math.min(3, prefs.getInt("tab", 0))));
        grid.setShowing(tabs.getSelectionModel().getSelectedItem() == allTab);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            prefs.putInt("tab", tabs.getSelectionModel().getSelectedIndex());
            grid.setShowing(b == allTab);
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

    private StatusBar createStatusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("status");
        bar.textProperty().bind(vm.statusProperty());
        FineTuneViewModel ft = vm.fineTune();
        bar.progressProperty().bind(Bindings.when(ft.runningProperty()).then(ft.progressProperty())
                .otherwise(Bindings.when(vm.busyProperty().or(vm.session().busyProperty())
                        .or(vm.pinCommand().runningProperty())).then(-1.0).otherwise(0.0)));
        Label eta = new Label();
        eta.setId("etaLabel");
        eta.textProperty().bind(ft.etaProperty());
        Label evaluating = new Label("evaluating\u2026");
        evaluating.getStyleClass().add("muted");
        evaluating.visibleProperty().bind(vm.summary().evaluatingProperty());
        Button cancel = Controls.button("Cancel", "cancelButton", ft.cancelCommand(), "Cancel fine-tuning (Ctrl+.)");
        cancel.visibleProperty().bind(ft.runningProperty());
        cancel.managedProperty().bind(ft.runningProperty());
        bar.getRightItems().addAll(evaluating, new Separator(Orientation.VERTICAL), eta, cancel);
        return bar;
    }

    private void showNotification(String message) {
        notifications.setText(message);
        notifications.show();
        hideNotification.setOnFinished(e -> notifications.hide());
        hideNotification.playFromStart();
    }

    /** Opens a model file (as the drop target and the tests do). */
    void openModel(java.nio.file.Path file) {
        vm.openModel(file);
    }
}
