package rankbench.charts;

import java.awt.Color;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import rankbench.viewmodel.ChartPoint;

/**
 * A line chart fed live from view-model point lists (one redraw per drained batch). All series share the x
 * axis (the training step: a validation point is drawn at the step it was measured); series added with
 * {@link #addRightSeries} use a second value axis on the right (accuracy next to loss).
 */
public final class LiveChart {

    private static final Color[] COLORS = {
        ChartStyle.ACCENT, ChartStyle.WARN, ChartStyle.FRONT, ChartStyle.MUTED, new Color(0x009e73)
    };
    private final XYSeriesCollection data = new XYSeriesCollection();
    private final XYSeriesCollection rightData = new XYSeriesCollection();
    private final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    private final XYLineAndShapeRenderer rightRenderer = new XYLineAndShapeRenderer(true, false);
    private final XYPlot plot;
    private final JFreeChart chart;
    private final String rightLabel;
    private ChartViewer viewer;

    /** Creates an empty chart with one value axis on the left. */
    public LiveChart(String title, String xLabel, String yLabel) {
        this(title, xLabel, yLabel, null);
    }

    /**
     * Creates an empty chart; {@code rightLabel} names the right-hand value axis of {@link #addRightSeries}
     * (null: the chart has none until a right series is added).
     */
    public LiveChart(String title, String xLabel, String yLabel, String rightLabel) {
        this.rightLabel = rightLabel;
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        plot = new XYPlot(data, x, y, renderer);
        chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
    }

    /** Adds a series mirroring {@code points} on the left axis; {@code markers} draws a dot per point. */
    public XYSeries addSeries(String name, ObservableList<ChartPoint> points, boolean markers) {
        return add(data, renderer, name, points, markers);
    }

    /**
     * Adds a series mirroring {@code points} on the right-hand value axis (created with the first such
     * series), on the same x axis as the others.
     */
    public XYSeries addRightSeries(String name, ObservableList<ChartPoint> points, boolean markers) {
        if (plot.getRangeAxis(1) == null) {
            NumberAxis right = new NumberAxis(rightLabel == null ? name : rightLabel);
            right.setAutoRangeIncludesZero(false);
            plot.setRangeAxis(1, right);
            plot.setRangeAxisLocation(1, AxisLocation.BOTTOM_OR_RIGHT);
            plot.setDataset(1, rightData);
            plot.setRenderer(1, rightRenderer);
            plot.mapDatasetToRangeAxis(1, 1);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD); // validation markers on top
            ChartStyle.apply(chart);
        }
        return add(rightData, rightRenderer, name, points, markers);
    }

    private XYSeries add(
            XYSeriesCollection target,
            XYLineAndShapeRenderer r,
            String name,
            ObservableList<ChartPoint> points,
            boolean markers) {
        XYSeries s = new XYSeries(name, true, true);
        s.setMaximumItemCount(20_000);
        int i = target.getSeriesCount();
        int color = data.getSeriesCount() + rightData.getSeriesCount(); // one color per series, both axes
        target.addSeries(s);
        r.setSeriesPaint(i, COLORS[color % COLORS.length]);
        r.setSeriesShapesVisible(i, markers);
        SeriesAdapter.bind(points, s);
        return s;
    }

    /** The chart (for export). */
    public JFreeChart chart() {
        return chart;
    }

    /** The chart node (created on first use: needs the FX toolkit). */
    public ChartViewer node() {
        if (viewer == null) {
            viewer = new ChartViewer(chart);
            viewer.getStyleClass().add("chart");
        }
        return viewer;
    }
}
