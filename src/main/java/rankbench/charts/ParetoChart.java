package rankbench.charts;

import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import rankbench.viewmodel.ParetoPoint;

/**
 * Accuracy versus MACs of every evaluated configuration, with the Pareto front drawn as a line;
 * clicking a point reports it (the window restores its plan).
 */
public final class ParetoChart {

    private final XYSeries all = new XYSeries("evaluated", false, true);
    private final XYSeries front = new XYSeries("Pareto front", false, true);
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private List<ParetoPoint> allPoints = List.of();
    private List<ParetoPoint> frontPoints = List.of();
    private Consumer<ParetoPoint> onClick = p -> {};

    /** Creates the chart bound to the view model's history. */
    public ParetoChart(ObservableList<ParetoPoint> points) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(front);
        data.addSeries(all);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesPaint(0, ChartStyle.FRONT);
        r.setSeriesLinesVisible(0, true);
        r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        r.setSeriesPaint(1, ChartStyle.ACCENT);
        r.setSeriesLinesVisible(1, false);
        r.setSeriesShape(1, new Ellipse2D.Double(-3, -3, 6, 6));
        NumberAxis x = new NumberAxis("MACs per image (millions)");
        x.setAutoRangeIncludesZero(false);
        x.setAutoRangeMinimumSize(0.5);
        x.setNumberFormatOverride(new java.text.DecimalFormat("0.##"));
        NumberAxis y = new NumberAxis("compress-only accuracy (%)");
        y.setAutoRangeIncludesZero(false);
        y.setAutoRangeMinimumSize(2);
        y.setNumberFormatOverride(new java.text.DecimalFormat("0.#"));
        XYPlot plot = new XYPlot(data, x, y, r);
        chart = new JFreeChart("Accuracy vs MACs", ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        viewer = new ChartViewer(chart);
        viewer.getStyleClass().add("chart");
        viewer.addChartMouseListener(new ChartMouseListenerFX() {
            @Override
            public void chartMouseClicked(ChartMouseEventFX e) {
                if (e.getEntity() instanceof XYItemEntity item) {
                    List<ParetoPoint> src = item.getSeriesIndex() == 0 ? frontPoints : allPoints;
                    if (item.getItem() < src.size()) {
                        onClick.accept(src.get(item.getItem()));
                    }
                }
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX e) {}
        });
        update(points);
        points.addListener((ListChangeListener<ParetoPoint>) c -> update(c.getList()));
    }

    private void update(List<? extends ParetoPoint> points) {
        chart.setNotify(false);
        all.clear();
        front.clear();
        allPoints = new ArrayList<>(points);
        frontPoints = points.stream().filter(ParetoPoint::onFront)
                .sorted(Comparator.comparingLong(ParetoPoint::macs)).map(p -> (ParetoPoint) p).toList();
        for (ParetoPoint p : allPoints) {
            all.add(p.macs() / 1e6, 100 * p.accuracy(), false);
        }
        for (ParetoPoint p : frontPoints) {
            front.add(p.macs() / 1e6, 100 * p.accuracy(), false);
        }
        all.fireSeriesChanged();
        front.fireSeriesChanged();
        chart.setNotify(true);
    }

    /** Called with the point the user clicked. */
    public void setOnPointClicked(Consumer<ParetoPoint> c) {
        onClick = c;
    }

    /** Number of points shown. */
    public int pointCount() {
        return all.getItemCount();
    }

    /** Number of points on the front. */
    public int frontCount() {
        return front.getItemCount();
    }

    /** The chart node. */
    public ChartViewer node() {
        return viewer;
    }
}
