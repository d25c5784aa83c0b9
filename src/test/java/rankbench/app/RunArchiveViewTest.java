package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import rankbench.charts.ChartExport;
import rankbench.experiment.session.Run;
import rankbench.viewmodel.RankRow;
import rankbench.viewmodel.RunArchiveViewModel;
import rankbench.viewmodel.TestRuns;

/** The run archive pane, headless, over eight in-memory runs on LeNet-5. */
@ExtendWith(ApplicationExtension.class)
class RunArchiveViewTest {

    private final List<Run> restored = new ArrayList<>();
    private ObservableList<Run> runs;
    private RunArchiveViewModel vm;
    private RunArchiveView view;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        runs = FXCollections.observableArrayList(TestRuns.archive(TestRuns.lenet(1)));
        vm = new RunArchiveViewModel(runs, restored::add);
        view = new RunArchiveView(vm);
        Scene scene = new Scene((Parent) view.node(), 1240, 780);
        scene.getStylesheets().add(MainWindow.class.getResource("rankbench.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
    }

    @SuppressWarnings("unchecked")
    private TableView<Run> table(FxRobot robot) {
        return (TableView<Run>) robot.lookup("#archiveTable").query();
    }

    private Node row(FxRobot robot, String runId) {
        return robot.lookup(".table-row-cell")
                .match(n -> n instanceof TableRow<?> r
                        && r.getItem() instanceof Run run
                        && run.id().equals(runId))
                .query();
    }

    @Test
    void typingInTheFilterNarrowsTheTable(FxRobot robot) {
        assertEquals(8, table(robot).getItems().size());
        robot.clickOn("#archiveFilter").write("tucker");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(
                List.of("run-5"), table(robot).getItems().stream().map(Run::id).toList());
        assertEquals(
                "1 of 8 runs",
                robot.lookup("#archiveCount").queryAs(Label.class).getText());
        robot.interact(
                () -> robot.lookup("#archiveFilter").queryTextInputControl().clear());
        assertEquals(8, table(robot).getItems().size());
    }

    @Test
    void selectingTwoRunsShowsTheirComparison(FxRobot robot) {
        Node placeholderPane = robot.lookup("#comparisonPane").query();
        assertFalse(placeholderPane.isVisible(), "no comparison before two runs are selected");
        robot.clickOn(row(robot, "run-1"));
        robot.press(KeyCode.CONTROL).clickOn(row(robot, "run-5")).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(
                List.of("run-1", "run-5"),
                vm.comparedRuns().stream().map(Run::id).toList());
        assertTrue(placeholderPane.isVisible());
        @SuppressWarnings("unchecked")
        TableView<RankRow> ranks =
                (TableView<RankRow>) robot.lookup("#rankTable").query();
        assertEquals(3, ranks.getColumns().size(), "layer + one column per run");
        assertEquals(
                List.of("conv1", "conv2", "fc1"),
                ranks.getItems().stream().map(RankRow::layer).toList());
        assertEquals("8/4", ranks.getColumns().get(2).getCellData(1));
        assertEquals("dense", ranks.getColumns().get(2).getCellData(0));
        assertEquals(2, vm.spectra().size(), "one spectrum per compared run for the chosen layer");
        assertTrue(robot.lookup("#restoreRunButton").queryButton().isDisabled(), "two runs: nothing to restore");
    }

    @Test
    void restoreCallsBackWithTheSelectedRun(FxRobot robot) {
        Button restore = robot.lookup("#restoreRunButton").queryButton();
        assertTrue(restore.isDisabled());
        robot.clickOn(row(robot, "run-3"));
        assertFalse(restore.isDisabled());
        robot.clickOn("#restoreRunButton");
        assertEquals(List.of("run-3"), restored.stream().map(Run::id).toList());
        robot.doubleClickOn(row(robot, "run-1"));
        assertEquals(List.of("run-3", "run-1"), restored.stream().map(Run::id).toList());
        robot.clickOn(row(robot, "run-6")).type(KeyCode.ENTER);
        assertEquals(
                List.of("run-3", "run-1", "run-6"),
                restored.stream().map(Run::id).toList(),
                "Enter restores; a cancelled run has a result");
        robot.clickOn(row(robot, "run-7"));
        assertTrue(restore.isDisabled(), "a diverged run is not a result to restore");
    }

    @Test
    void clickingAPointSelectsItsRun(FxRobot robot) {
        ChartViewer viewer = (ChartViewer) robot.lookup("#archivePareto").query();
        WaitForAsyncUtils.waitForFxEvents();
        XYItemEntity target = null;
        for (Object o : viewer.getRenderingInfo().getEntityCollection().getEntities()) {
            ChartEntity e = (ChartEntity) o;
            if (e instanceof XYItemEntity item
                    && item.getDataset()
                            == view.paretoChart().chart().getXYPlot().getDataset(0)
                    && "run-4".equals(view.paretoChart().runIdAt(item.getSeriesIndex(), item.getItem()))) {
                target = item;
            }
        }
        assertNotNull(target, "run-4's point is drawn");
        Rectangle2D b = target.getArea().getBounds2D();
        Point2D screen = viewer.getCanvas().localToScreen(b.getCenterX(), b.getCenterY());
        robot.clickOn(screen);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("run-4"), vm.selected().stream().map(Run::id).toList());
        assertEquals("run-4", table(robot).getSelectionModel().getSelectedItem().id(), "the table follows");
    }

    @Test
    void everyChartHasTheExportMenuAndExportsSvg(FxRobot robot) throws Exception {
        for (String id : List.of("#archivePareto", "#rankComparisonChart", "#spectraOverlayChart")) {
            ChartViewer v = (ChartViewer) robot.lookup(id).query();
            assertEquals(
                    List.of("exportPng", "exportSvg"),
                    v.getContextMenu().getItems().stream().map(MenuItem::getId).toList(),
                    id);
        }
        ChartViewer pareto = (ChartViewer) robot.lookup("#archivePareto").query();
        Path out = dir.resolve("pareto.svg");
        robot.interact(() -> ChartExportMenu.export(pareto, "pareto", ChartExport.Format.SVG, (w, n, f) -> out));
        String svg = Files.readString(out);
        assertTrue(svg.startsWith("<svg") && svg.contains("Validation accuracy vs MACs"));
    }
}
