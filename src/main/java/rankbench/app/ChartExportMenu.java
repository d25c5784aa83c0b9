package rankbench.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.charts.ChartExport;

/**
 * The context menu "Export as PNG… / SVG…" of a chart. One call per chart node:
 * {@code ChartExportMenu.attach(chart.node(), "pareto")}. It replaces the viewer's own menu, saves at the
 * chart's size on screen, and remembers the last folder.
 */
final class ChartExportMenu {

    private static final Logger LOG = LoggerFactory.getLogger(ChartExportMenu.class);

    /** Asks where to save (a file chooser in the window; replaced in tests). */
    @FunctionalInterface
    interface Chooser {
        /** Returns the file to write, or null if the user cancelled. */
        Path choose(Window owner, String suggestedName, ChartExport.Format format);
    }

    private static File lastFolder;

    /** The file chooser of the window. */
    static final Chooser FILE_CHOOSER = (owner, name, format) -> {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export chart as " + format);
        String ext = format.extension();
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(format + " image (*." + ext + ")", "*." + ext));
        fc.setInitialFileName(name + "." + ext);
        if (lastFolder != null && lastFolder.isDirectory()) {
            fc.setInitialDirectory(lastFolder);
        }
        File f = fc.showSaveDialog(owner);
        if (f == null) {
            return null;
        }
        lastFolder = f.getParentFile();
        return f.getName().toLowerCase(Locale.ROOT).endsWith("." + ext)
                ? f.toPath()
                : f.toPath().resolveSibling(f.getName() + "." + ext);
    };

    private ChartExportMenu() {}

    /** Gives {@code viewer} the export menu; files are suggested as {@code baseName.png} / {@code .svg}. */
    static void attach(ChartViewer viewer, String baseName) {
        attach(viewer, baseName, FILE_CHOOSER);
    }

    /** As {@link #attach(ChartViewer, String)} with another way of choosing the file. */
    static void attach(ChartViewer viewer, String baseName, Chooser chooser) {
        attach(
                viewer,
                viewer.getContextMenu(),
                baseName,
                (file, format) -> {
                    JFreeChart chart = viewer.getChart();
                    int w = (int) Math.max(320, Math.round(viewer.getWidth()));
                    int h = (int) Math.max(240, Math.round(viewer.getHeight()));
                    ChartExport.save(chart, file, format, w, h);
                },
                chooser);
    }

    /** Draws a chart-like node into a file. */
    @FunctionalInterface
    interface Exporter {
        /** Writes the node's picture to {@code file} in {@code format} (on the FX thread). */
        void export(Path file, ChartExport.Format format) throws IOException;
    }

    /**
     * Gives any node (the rank heat map, a canvas) the export menu; {@code exporter} writes the file. The
     * node's own context menu is reused if it has one ({@code existing}), else one is shown on request.
     */
    static void attach(Node node, ContextMenu existing, String baseName, Exporter exporter, Chooser chooser) {
        ContextMenu menu = existing != null ? existing : new ContextMenu();
        MenuItem png = new MenuItem("Export as PNG\u2026");
        png.setId("exportPng");
        png.setOnAction(e -> export(node, baseName, ChartExport.Format.PNG, exporter, chooser));
        MenuItem svg = new MenuItem("Export as SVG\u2026");
        svg.setId("exportSvg");
        svg.setOnAction(e -> export(node, baseName, ChartExport.Format.SVG, exporter, chooser));
        menu.getItems().setAll(png, svg);
        if (existing == null) {
            node.setOnContextMenuRequested(e -> {
                menu.show(node, e.getScreenX(), e.getScreenY());
                e.consume();
            });
        }
    }

    /** Writes the viewer's chart to the chosen file; a failure is one error dialog naming the file. */
    static void export(ChartViewer viewer, String baseName, ChartExport.Format format, Chooser chooser) {
        export(
                viewer,
                baseName,
                format,
                (file, f) -> ChartExport.save(
                        viewer.getChart(), file, f, (int) Math.max(320, Math.round(viewer.getWidth())), (int)
                                Math.max(240, Math.round(viewer.getHeight()))),
                chooser);
    }

    /** Writes a node's picture to the chosen file; a failure is one error dialog naming the file. */
    static void export(Node node, String baseName, ChartExport.Format format, Exporter exporter, Chooser chooser) {
        Window owner = node.getScene() == null ? null : node.getScene().getWindow();
        Path file = chooser.choose(owner, baseName, format);
        if (file == null) {
            return;
        }
        try {
            exporter.export(file, format);
            LOG.info("exported chart to {}", file);
        } catch (IOException | RuntimeException ex) {
            LOG.warn("chart export to {} failed", file, ex);
            Alert a = new Alert(Alert.AlertType.ERROR);
            if (owner != null) {
                a.initOwner(owner);
            }
            a.setTitle("Export failed");
            a.setHeaderText("Could not export the chart");
            a.setContentText(
                    file + ": " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            a.getDialogPane().setId("errorDialog");
            a.show();
        }
    }
}
