package rankbench.charts;

import java.awt.Color;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import rankbench.viewmodel.ChartPoint;

/** A line chart fed live from view-model point lists (one redraw per drained batch). */
public final class LiveChart {

    private static final Color[] COLORS = {ChartStyle.ACCENT, ChartStyle.WARN, ChartStyle.FRONT, ChartStyle.MUTED};
    private final XYSeriesCollection data = new XYSeriesCollection();
    private final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    private final JFreeChart chart;
    private final ChartViewer viewer;

    /** Creates an empty chart. */
    public LiveChart(String title, String xLabel, String yLabel) {
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        viewer = new ChartViewer(chart);
        viewer.getStyleClass().add("chart");
    }

    /** Adds a series mirroring {@code points}; {@code markers} draws a dot per point. */
    public XYSeries addSeries(String name, ObservableList<ChartPoint> points, boolean markers) {
        XYSeries s = new XYSeries(name, true, true);
        s.setMaximumItemCount(20_000);
        int i = data.getSeriesCount();
        data.addSeries(s);
        renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
        renderer.setSeriesShapesVisible(i, markers);
        SeriesAdapter.bind(points, s);
        return s;
    }

    /** The chart node. */
    public ChartViewer node() {
        return viewer;
    }
}
