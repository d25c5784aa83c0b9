package rankbench.app;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.prefs.Preferences;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.charts.SpectrumChart;
import rankbench.experiment.session.Run;
import rankbench.viewmodel.LayerViewModel;
import rankbench.viewmodel.RunArchiveViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/**
 * The main window: menus, the workspace toggle and the rule tool bar, three {@link Workspaces} (Compress:
 * summary, layer table, spectrum, fine-tuning and all spectra; Rank learning: {@link RankLearningView};
 * Runs: the {@link RunArchiveView}, where selecting and restoring a run goes to
 * {@code SessionViewModel.restore(Run)}), and the status bar with every background job
 * ({@link JobStatusBar}). It remembers its size, workspace and dividers, announces runs that end while it
 * is in the background ({@link Notifier}), and asks before closing with unsaved changes. Built in code;
 * every pane binds to the view model.
 */
final class MainWindow {

    private static final Logger LOG = LoggerFactory.getLogger(MainWindow.class);

    /** Preference key of the Compress workspace's tab (fine-tune, all spectra). */
    private static final String TAB_KEY = "compressTab";

    private final Stage stage;
    private final Preferences prefs;
    private final WorkbenchViewModel vm;
    private final BorderPane root = new BorderPane();
    private final NotificationPane notifications = new NotificationPane();
    private final PauseTransition hideNotification = new PauseTransition(Duration.seconds(4));
    private final Workspaces workspaces;
    private final BorderPane runsPane = new BorderPane();
    private final Dividers dividers;
    private Notifier notifier;
    private BooleanSupplier focused;
    private FileActions files;
    private SpectrumPane spectrum;
    private TableView<LayerViewModel> table;
    private RankLearningView rankLearning;
    private RunArchiveView runArchive;
    private RunArchiveViewModel archive;
    private boolean closing;

    private MainWindow(Stage stage, WorkbenchViewModel.Factory factory, Preferences prefs) {
        this.stage = stage;
        this.prefs = prefs;
        this.workspaces = new Workspaces(prefs);
        this.dividers = new Dividers(prefs);
        this.notifier = Notifier.popups(stage);
        this.focused = stage::isFocused;
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

    /** Puts another view in the Runs workspace below the summary (the run archive is there by default). */
    void setRunArchive(Node archive) {
        runsPane.setCenter(archive);
    }

    /** The workspaces (the one on screen, the toggle, the View menu). */
    Workspaces workspaces() {
        return workspaces;
    }

    /**
     * Replaces how runs that end in the background are announced, and how the window tells whether it has
     * the focus (tests record the notices and play the focus; default: popups, {@code Stage.isFocused}).
     */
    void setNotifier(Notifier n, BooleanSupplier hasFocus) {
        notifier = n;
        focused = hasFocus;
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
        archive = new RunArchiveViewModel(vm.session().runs(), vm.session()::restore, vm.tasks(), FxServices.UI);
        root.setTop(createTop());
        workspaces.setContent(Workspace.COMPRESS, createCompress());
        rankLearning = new RankLearningView(vm.rankLearning());
        rankLearning.rememberLayout(dividers);
        workspaces.setContent(Workspace.RANK_LEARNING, rankLearning.node());
        runArchive = new RunArchiveView(archive);
        runArchive.table().setContextMenu(runContextMenu());
        // a run restored from elsewhere (a session opened with a selected run, another view) is selected here too
        vm.session().selectedRunProperty().addListener((o, a, b) -> selectRestored(b));
        // the summary above the runs: a restored run's figures are in view where it was picked
        runsPane.setTop(SummaryPane.create(vm));
        runsPane.setCenter(runArchive.node());
        workspaces.setContent(Workspace.RUNS, runsPane);
        notifications.setContent(workspaces.node());
        notifications.setShowFromTop(false);
        root.setCenter(notifications);
        root.setBottom(JobStatusBar.create(vm));
        vm.addTrainingRunListener(this::runEnded);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(
                root,
                Math.min(screen.getWidth(), prefs.getDouble("width", 1400)),
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
            dividers.save();
            vm.close();
        });
        vm.modelNameProperty()
                .addListener((o, a, b) -> table.getSelectionModel()
                        .select(vm.selectedLayerProperty().get()));
        stage.show();
    }

    /**
     * The menu bar with the workspace toggle at its right end, then the rule tool bar (in the Compress
     * workspace only: rules edit the plan on screen).
     */
    private VBox createTop() {
        MenuBar menus = MainMenu.create(vm, files, archive.selected(), workspaces.viewMenu(), this::requestClose);
        HBox.setHgrow(menus, Priority.ALWAYS);
        HBox toggle = new HBox(workspaces.toggle());
        toggle.setId("workspaceBar");
        toggle.setAlignment(Pos.CENTER_RIGHT);
        toggle.setMinWidth(Region.USE_PREF_SIZE);
        HBox menuRow = new HBox(menus, toggle);
        menuRow.getStyleClass().add("menu-row");
        menuRow.setAlignment(Pos.CENTER_LEFT);
        Node rules = RulesToolBar.create(vm);
        Runnable show = () -> {
            boolean compress = workspaces.currentProperty().get() == Workspace.COMPRESS;
            rules.setVisible(compress);
            rules.setManaged(compress);
        };
        workspaces.currentProperty().addListener(o -> show.run());
        show.run();
        return new VBox(menuRow, rules);
    }

    /** The Compress workspace: summary and layer table above, the spectrum and the tabs below. */
    private Node createCompress() {
        table = LayerTable.create(vm);
        VBox left = new VBox(SummaryPane.create(vm), table);
        VBox.setVgrow(table, Priority.ALWAYS);
        spectrum = new SpectrumPane(vm);
        SplitPane chartSplit = new SplitPane(spectrum.node(), createTabs());
        SplitPane mainSplit = new SplitPane(left, chartSplit);
        mainSplit.setOrientation(Orientation.VERTICAL);
        dividers.restore("mainDivider", mainSplit, 0.56);
        dividers.restore("chartDivider", chartSplit, 0.35);
        return mainSplit;
    }

    private TabPane createTabs() {
        Tab tuneTab = new Tab("Fine-tune", FineTunePane.create(vm.fineTune()));
        tuneTab.setId("fineTuneTab");
        tuneTab.setTooltip(new Tooltip("Fine-tune the plan on screen (or the run shown) to recover accuracy"));
        SpectraGrid grid = new SpectraGrid(vm);
        Tab allTab = new Tab("All spectra", grid.node());
        allTab.setId("allSpectraTab");
        TabPane tabs = new TabPane(tuneTab, allTab);
        tabs.setId("chartTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().select(Math.max(0, Math.min(1, prefs.getInt(TAB_KEY, 0))));
        Runnable showing = () -> grid.setShowing(tabs.getSelectionModel().getSelectedItem() == allTab
                && workspaces.currentProperty().get() == Workspace.COMPRESS);
        showing.run();
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            prefs.putInt(TAB_KEY, tabs.getSelectionModel().getSelectedIndex());
            showing.run();
        });
        workspaces.currentProperty().addListener(o -> showing.run());
        vm.fineTune().runningProperty().addListener((o, a, b) -> {
            if (b) {
                tabs.getSelectionModel().select(tuneTab);
            }
        });
        return tabs;
    }

    /** A fine-tune or rank-learning run ended: a notification if the window is in the background. */
    private void runEnded(Run run) {
        if (stage.isShowing() && !focused.getAsBoolean()) {
            Notifier.Notice n = Notifier.Notice.of(run);
            LOG.info("announcing in the background: {}", n.title());
            notifier.show(n);
        }
    }

    private ContextMenu runContextMenu() {
        MenuItem restore = new MenuItem("Restore");
        restore.setOnAction(e -> archive.restoreCommand().execute());
        restore.disableProperty()
                .bind(archive.restoreCommand().executableProperty().not());
        MenuItem model = new MenuItem("Export Run Model (.rbm)\u2026");
        model.setId("runExportModel");
        model.setOnAction(e -> files.exportRunModels(archive.selected()));
        MenuItem csv = new MenuItem("Export Run as CSV\u2026");
        csv.setId("runExportCsv");
        csv.setOnAction(e -> files.exportRunsAsCsv(archive.selected()));
        var none = Bindings.isEmpty(archive.selected());
        model.disableProperty().bind(none);
        csv.disableProperty().bind(none);
        return new ContextMenu(restore, new SeparatorMenuItem(), model, csv);
    }

    private void selectRestored(Run run) {
        if (run != null
                && !(archive.selected().size() == 1
                        && archive.selected().get(0).id().equals(run.id()))) {
            archive.select(run.id());
        }
    }

    FileActions fileActions() {
        return files;
    }

    private void showNotification(String message) {
        notifications.setText(message);
        notifications.show();
        hideNotification.setOnFinished(e -> notifications.hide());
        hideNotification.playFromStart();
    }

    /** Opens a model file (as the drop target and the tests do). */
    void openModel(Path file) {
        vm.openModel(file);
    }
}
