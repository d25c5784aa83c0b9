package rankbench.charts;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import rankbench.viewmodel.RankLearningViewModel.RankStep;

/**
 * Rank per layer over a rank-learning run, as a JFreeChart heat map: x = training step, y = layer (PyTorch
 * names, first layer on top), color = rank kept / full rank (pale: low, dark blue: full rank, gray: not
 * reported), with a color bar. Each block spans from its update to the next; its tooltip names the layer,
 * the steps and the ranks (Tucker-2: Ro and Ri).
 *
 * <p>The dataset reads the view model's lists directly: a list change (one per view-model drain) is one
 * dataset change and one redraw, never a rebuild. Exported like every chart through {@link ChartExport}
 * ({@link #chart()}, or {@link #writePng} / {@link #writeSvg} at the size on screen). FX thread only.
 */
public final class RankHeatMap {

    private static final int DEFAULT_WIDTH = 640;
    private static final int DEFAULT_HEIGHT = 360;

    private final ObservableList<RankStep> history;
    private final ObservableList<String> layers;
    private final RankHeatData data;
    private final LayerAxis yAxis = new LayerAxis(null);
    private final NumberAxis xAxis = new NumberAxis("training step");
    private final RankBlockRenderer renderer = new RankBlockRenderer();
    private final PaintScaleLegend colorBar;
    private final JFreeChart chart;
    private ChartViewer viewer;

    /** Creates a heat map mirroring {@code history} with rows {@code layers}. */
    public RankHeatMap(ObservableList<RankStep> history, ObservableList<String> layers) {
        this.history = history;
        this.layers = layers;
        data = new RankHeatData(history, layers);
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        xAxis.setAutoRangeIncludesZero(false);
        xAxis.setLowerMargin(0);
        xAxis.setUpperMargin(0);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setNoDataMessage("No rank updates yet");
        chart = new JFreeChart("Rank per layer", ChartStyle.TITLE, plot, false);
        colorBar = new PaintScaleLegend(renderer.scale(), fractionAxis());
        colorBar.setPosition(RectangleEdge.RIGHT);
        colorBar.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
        colorBar.setStripWidth(10);
        colorBar.setAxisOffset(3);
        colorBar.setSubdivisionCount(64);
        colorBar.setStripOutlineVisible(false);
        colorBar.setMargin(new RectangleInsets(4, 6, 4, 2));
        colorBar.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(colorBar);
        ChartStyle.apply(chart);
        yAxis.setTickLabelFont(ChartStyle.TICK);
        yAxis.setLayers(layers);
        history.addListener((ListChangeListener<RankStep>) c -> data.changed());
        layers.addListener((ListChangeListener<String>) c -> {
            yAxis.setLayers(layers);
            data.changed();
        });
    }

    /** The color bar's axis: rank / full rank in percent, ticks at 0, 25, 50, 75 and 100 %. */
    private static NumberAxis fractionAxis() {
        NumberAxis a = new NumberAxis("rank / full rank");
        a.setRange(0, 1);
        NumberFormat pct = NumberFormat.getPercentInstance(Locale.ROOT);
        TickUnits units = new TickUnits();
        units.add(new NumberTickUnit(0.25, pct));
        a.setStandardTickUnits(units);
        a.setLabelFont(ChartStyle.TICK);
        a.setTickLabelFont(ChartStyle.TICK);
        a.setAxisLineVisible(false);
        return a;
    }

    /** The node to place in a layout (created on first use: needs the FX toolkit). */
    public ChartViewer node() {
        if (viewer == null) {
            viewer = new ChartViewer(chart, false); // no built-in menu: the window gives it the export menu
            viewer.getStyleClass().addAll("chart", "rank-heat-map");
            viewer.setMinSize(120, 80);
            viewer.setPrefSize(400, 200);
        }
        return viewer;
    }

    /** The chart (for export). */
    public JFreeChart chart() {
        return chart;
    }

    /** Number of rank updates drawn (columns). */
    public int columns() {
        return history.size();
    }

    /** Number of layers drawn (rows). */
    public int rows() {
        return layers.size();
    }

    /** The layers on the y axis, top to bottom. */
    public List<String> layerLabels() {
        return Arrays.asList(yAxis.getSymbols());
    }

    /** Writes the chart as a PNG at its size on screen (640 x 360 if not shown); call on the FX thread. */
    public void writePng(Path file) throws IOException {
        ChartExport.save(chart, file, ChartExport.Format.PNG, width(), height());
    }

    /** Writes the chart as SVG (vector, text kept as text) at its size on screen. */
    public void writeSvg(Path file) throws IOException {
        String text = svg(width(), height());
        ChartExport.writeAtomically(file, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Returns the chart drawn as a standalone {@code <svg>} element of {@code w x h} pixels. */
    public String svg(double w, double h) {
        return ChartExport.svg(chart, (int) Math.max(1, Math.round(w)), (int) Math.max(1, Math.round(h)));
    }

    private int width() {
        return viewer == null || viewer.getWidth() <= 0
                ? DEFAULT_WIDTH
                : (int) Math.max(320, Math.round(viewer.getWidth()));
    }

    private int height() {
        return viewer == null || viewer.getHeight() <= 0
                ? DEFAULT_HEIGHT
                : (int) Math.max(240, Math.round(viewer.getHeight()));
    }

    /** Returns the color of a rank fraction in [0, 1] (clamped; NaN: unknown). */
    static Color color(double fraction) {
        return RankBlockRenderer.Scale.color(fraction);
    }

    /** The dataset (one item per recorded step and layer). */
    RankHeatData dataset() {
        return data;
    }

    /** The renderer (tooltips, paint scale). */
    RankBlockRenderer renderer() {
        return renderer;
    }

    /** The color bar. */
    PaintScaleLegend colorBar() {
        return colorBar;
    }
}
