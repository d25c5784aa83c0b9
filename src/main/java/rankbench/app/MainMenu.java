package rankbench.app;

import java.nio.file.Path;
import java.util.prefs.Preferences;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import rankbench.experiment.session.Run;
import rankbench.viewmodel.FineTuneViewModel;
import rankbench.viewmodel.SessionViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/**
 * The menu bar: File (sessions, model, data, plans, export), Edit (undo, redo, reset), View (the workspaces,
 * made by {@link Workspaces#viewMenu()}), Run (pin, test, fine-tune), Help.
 */
final class MainMenu {

    private MainMenu() {}

    static MenuBar create(
            WorkbenchViewModel vm, FileActions files, ObservableList<Run> selectedRuns, Menu view, Runnable quit) {
        SessionViewModel s = vm.session();
        MenuItem newSession = Controls.command(Controls.item("_New Session", "Shortcut+N", null), s.newCommand());
        newSession.setId("newSession");
        MenuItem open = Controls.item("_Open Session\u2026", "Shortcut+O", files::openSession);
        open.setId("openSession");
        open.disableProperty().bind(s.busyProperty());
        Menu recent = new Menu("Open _Recent Session");
        recent.setId("recentSessions");
        Runnable updateRecent = () -> {
            recent.getItems().clear();
            for (Path p : s.recentSessions()) {
                MenuItem m = new MenuItem(p.toString());
                m.setMnemonicParsing(false);
                m.setOnAction(e -> s.open(p));
                recent.getItems().add(m);
            }
            recent.setDisable(recent.getItems().isEmpty());
        };
        updateRecent.run();
        s.recentSessions().addListener((ListChangeListener<Path>) c -> updateRecent.run());
        MenuItem save = Controls.command(Controls.item("_Save", "Shortcut+S", null), s.saveCommand());
        save.setId("saveSession");
        MenuItem saveAs = Controls.item("Save _As\u2026", "Shortcut+Shift+S", files::saveSessionAs);
        saveAs.setId("saveSessionAs");
        saveAs.disableProperty().bind(s.busyProperty().or(s.sessionProperty().isNull()));
        MenuItem openModel = Controls.item("Open _Model\u2026", "Shortcut+Shift+O", files::openModel);
        openModel.setId("openModel");
        openModel.disableProperty().bind(vm.busyProperty());
        MenuItem openData = Controls.item("Open _Dataset\u2026", "Shortcut+Shift+D", files::openDataset);
        openData.setId("openDataset");
        MenuItem openPlan = Controls.item("Open _Plan\u2026", null, files::openPlan);
        openPlan.setId("openPlan");
        openPlan.disableProperty().bind(vm.modelProperty().isNull());
        MenuItem savePlan = Controls.item("Save P_lan\u2026", null, files::savePlan);
        savePlan.setId("savePlan");
        savePlan.disableProperty().bind(vm.modelProperty().isNull());
        MenuItem export = Controls.item("_Model on Screen (.rbm)\u2026", "Shortcut+E", files::export);
        export.setId("exportModel");
        export.disableProperty().bind(vm.modelProperty().isNull());
        MenuItem report = Controls.item("Session _Report (HTML)\u2026", null, files::exportReport);
        report.setId("exportReport");
        MenuItem runsCsv = Controls.item("Runs as _CSV\u2026", null, files::exportRunsCsv);
        runsCsv.setId("exportRunsCsv");
        MenuItem runModel = Controls.item(
                "Selected Run\u2019s Mo_del (.rbm)\u2026", null, () -> files.exportRunModels(selectedRuns));
        runModel.setId("exportRunModel");
        MenuItem runCsv = Controls.item("Selected Run as C_SV\u2026", null, () -> files.exportRunsAsCsv(selectedRuns));
        runCsv.setId("exportRunCsv");
        var noSession = s.sessionProperty().isNull().or(vm.exports().busyProperty());
        report.disableProperty().bind(noSession);
        runsCsv.disableProperty().bind(noSession);
        var noSelection = Bindings.isEmpty(selectedRuns).or(vm.exports().busyProperty());
        runModel.disableProperty().bind(noSelection);
        runCsv.disableProperty().bind(noSelection);
        MenuItem pyTorch = Controls.item("_PyTorch (Model on Screen)\u2026", null, files::exportPyTorch);
        pyTorch.setId("exportPyTorch");
        pyTorch.disableProperty().bind(vm.modelProperty().isNull());
        Menu exportMenu = new Menu(
                "E_xport",
                null,
                export,
                pyTorch,
                new SeparatorMenuItem(),
                report,
                runsCsv,
                new SeparatorMenuItem(),
                runModel,
                runCsv);
        exportMenu.setId("exportMenu");
        MenuItem quitItem = Controls.item("_Quit", "Shortcut+Q", quit);
        Menu file = new Menu(
                "_File",
                null,
                newSession,
                open,
                recent,
                save,
                saveAs,
                new SeparatorMenuItem(),
                openModel,
                openData,
                new SeparatorMenuItem(),
                openPlan,
                savePlan,
                exportMenu,
                new SeparatorMenuItem(),
                quitItem);

        MenuItem undo = Controls.command(Controls.item("_Undo", "Shortcut+Z", null), vm.undoCommand());
        undo.setId("undoItem");
        MenuItem redo = Controls.command(Controls.item("_Redo", "Shortcut+Shift+Z", null), vm.redoCommand());
        redo.setId("redoItem");
        MenuItem reset = Controls.command(
                Controls.item("Reset _ranks", "Shortcut+R", null), vm.rules().resetCommand());
        Menu edit = new Menu("_Edit", null, undo, redo, new SeparatorMenuItem(), reset);

        MenuItem pin = Controls.command(Controls.item("_Pin as Run", "Shortcut+P", null), vm.pinCommand());
        pin.setId("pinItem");
        MenuItem test =
                Controls.command(Controls.item("Measure _Test Accuracy", "Shortcut+M", null), vm.measureTestCommand());
        test.setId("measureTestItem");
        FineTuneViewModel ft = vm.fineTune();
        MenuItem tune = Controls.command(Controls.item("_Fine-tune", "Shortcut+T", null), ft.startCommand());
        MenuItem cancel =
                Controls.command(Controls.item("_Cancel fine-tuning", "Shortcut+Period", null), ft.cancelCommand());
        Menu run = new Menu(
                "_Run",
                null,
                pin,
                test,
                new SeparatorMenuItem(),
                tune,
                cancel,
                new SeparatorMenuItem(),
                DeviceMenu.create(DeviceSetting.application(), message -> {
                    Alert alert = new Alert(Alert.AlertType.ERROR, message);
                    alert.setHeaderText("Device not available");
                    alert.show();
                }));
        view.getItems()
                .addAll(new SeparatorMenuItem(), ThemeMenu.create(Preferences.userNodeForPackage(MainWindow.class)));
        MenuBar bar = new MenuBar(file, edit, view, run);
        bar.getMenus().add(HelpMenu.create(bar));
        bar.setUseSystemMenuBar(true);
        return bar;
    }
}
