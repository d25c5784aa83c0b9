package rankbench.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnitSource;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import rankbench.viewmodel.ParetoAxis;
import rankbench.viewmodel.RunPoint;

/**
 * The run archive's Pareto chart: validation accuracy (%) against MACs, parameters or measured latency on a
 * log axis. One color and marker per method ({@link MethodStyle}); hollow markers are compress-only
 * accuracies, filled ones fine-tuned, and a run with both has them joined by a thin line. Cancelled runs
 * are crosses labeled "cancelled". The front (red) joins the non-dominated runs; selected runs are ringed.
 * Tooltips give each run's figures; a click reports the run's id.
 */
public final class RunParetoChart {

    private static final double RING = 17;

    private XYSeriesCollection data = new XYSeriesCollection();
    private final XYSeries front = new XYSeries("Pareto front", true, true);
    private final XYSeries selection = new XYSeries("selected", false, true);
    private final List<List<RunPoint>> seriesPoints = new ArrayList<>();
    private final List<RunPoint> shown = new ArrayList<>();
    private final JFreeChart chart;
    private final XYPlot plot;
    private final RoundLogAxis xAxis;
    private final PointRenderer renderer = new PointRenderer();
    private Set<String> selectedIds = Set.of();
    private ParetoAxis axis = ParetoAxis.MACS;
    private ChartViewer viewer;
    private Consumer<String> onRunClicked = id -> {};

    /**
     * Creates the chart, following the view model's points, axis label and axis.
     *
     * @param points the points (redrawn on every change)
     * @param xLabel the x axis label with its unit
     * @param paretoAxis the cost on the x axis (chooses the tick labels)
     */
    public RunParetoChart(
            ObservableList<RunPoint> points, ObservableValue<String> xLabel, ObservableValue<ParetoAxis> paretoAxis) {
        xAxis = new RoundLogAxis(
                xLabel.getValue(), v -> axis == ParetoAxis.LATENCY ? RoundLogAxis.plain(v) : RoundLogAxis.si(v));
        NumberAxis y = new NumberAxis("validation accuracy (%)");
        y.setAutoRangeIncludesZero(false);
        y.setAutoRangeMinimumSize(1);
        y.setStandardTickUnits(new NumberTickUnitSource());
        y.setTickLabelInsets(new RectangleInsets(8, 4, 8, 4)); // fewer, spaced ticks
        plot = new XYPlot(data, xAxis, y, renderer);
        XYLineAndShapeRenderer frontRenderer = new XYLineAndShapeRenderer(true, true);
        frontRenderer.setSeriesPaint(0, ChartStyle.FRONT);
        frontRenderer.setSeriesStroke(0, new BasicStroke(1.5f));
        frontRenderer.setSeriesShape(0, new Ellipse2D.Double(-RING / 2, -RING / 2, RING, RING));
        frontRenderer.setSeriesShapesFilled(0, false);
        frontRenderer.setDefaultCreateEntities(false);
        plot.setDataset(1, new XYSeriesCollection(front));
        plot.setRenderer(1, frontRenderer);
        XYLineAndShapeRenderer selectionRenderer = new XYLineAndShapeRenderer(false, true);
        selectionRenderer.setSeriesPaint(0, Color.BLACK);
        selectionRenderer.setSeriesShape(0, new Ellipse2D.Double(-RING / 2 - 3, -RING / 2 - 3, RING + 6, RING + 6));
        selectionRenderer.setSeriesShapesFilled(0, false);
        selectionRenderer.setSeriesOutlineStroke(0, new BasicStroke(2f));
        selectionRenderer.setUseOutlinePaint(false);
        selectionRenderer.setDefaultCreateEntities(false);
        plot.setDataset(2, new XYSeriesCollection(selection));
        plot.setRenderer(2, selectionRenderer);
        plot.setNoDataMessage("No run with a result yet");
        chart = new JFreeChart(title(), ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        update(points, xLabel.getValue(), paretoAxis.getValue());
        points.addListener(
                (ListChangeListener<RunPoint>) c -> update(c.getList(), xLabel.getValue(), paretoAxis.getValue()));
        xLabel.addListener((o, a, b) -> update(points, b, paretoAxis.getValue()));
        paretoAxis.addListener((o, a, b) -> update(points, xLabel.getValue(), b));
    }

    private String title() {
        return "Validation accuracy vs " + axis;
    }

    private void update(List<? extends RunPoint> points, String xLabel, ParetoAxis a) {
        chart.setNotify(false);
        axis = a == null ? ParetoAxis.MACS : a;
        chart.setTitle(title());
        ChartStyle.apply(chart);
        xAxis.setLabel(xLabel);
        XYSeriesCollection next = new XYSeriesCollection(); // filled, then set once: one dataset change
        seriesPoints.clear();
        shown.clear();
        shown.addAll(points);
        front.clear();
        renderer.removeAnnotations();
        Map<String, Integer> seriesOf = new LinkedHashMap<>();
        for (RunPoint p : points) {
            Integer s = seriesOf.get(p.method());
            if (s == null) {
                s = seriesOf.size();
                seriesOf.put(p.method(), s);
                next.addSeries(new XYSeries(p.method(), false, true));
                seriesPoints.add(new ArrayList<>());
                renderer.setSeriesPaint(s, MethodStyle.color(p.method()));
                renderer.setSeriesShape(s, MethodStyle.shape(p.method()));
            }
            next.getSeries(s.intValue()).add(p.x(), 100 * p.y(), false);
            seriesPoints.get(s).add(p);
            if (p.onFront()) {
                front.add(p.x(), 100 * p.y(), false);
            }
            if (p.paired() && p.fineTuned()) {
                points.stream()
                        .filter(q -> q.runId().equals(p.runId()) && !q.fineTuned())
                        .findFirst()
                        .ifPresent(q -> renderer.addAnnotation(
                                new XYLineAnnotation(
                                        q.x(),
                                        100 * q.y(),
                                        p.x(),
                                        100 * p.y(),
                                        new BasicStroke(1f),
                                        MethodStyle.color(p.method())),
                                Layer.BACKGROUND));
            }
            if (p.cancelled() && (p.fineTuned() || !p.paired())) {
                XYTextAnnotation t = new XYTextAnnotation("  cancelled", p.x(), 100 * p.y());
                t.setFont(ChartStyle.TICK);
                t.setPaint(ChartStyle.MUTED);
                t.setTextAnchor(TextAnchor.CENTER_LEFT);
                renderer.addAnnotation(t, Layer.FOREGROUND);
            }
        }
        data = next;
        plot.setDataset(0, data);
        front.fireSeriesChanged();
        plot.setFixedLegendItems(legend(seriesOf.keySet()));
        updateSelection();
        chart.setNotify(true);
    }

    /** Rings the points of these runs. */
    public void setSelected(Collection<String> runIds) {
        selectedIds = Set.copyOf(runIds);
        updateSelection();
    }

    private void updateSelection() {
        selection.clear();
        for (RunPoint p : shown) {
            if (selectedIds.contains(p.runId()) && (p.fineTuned() || !p.paired())) {
                selection.add(p.x(), 100 * p.y(), false);
            }
        }
        selection.fireSeriesChanged();
    }

    private static LegendItemCollection legend(Collection<String> methods) {
        LegendItemCollection items = new LegendItemCollection();
        for (String m : methods) {
            items.add(new LegendItem(m, null, null, null, MethodStyle.shape(m), MethodStyle.color(m)));
        }
        Shape dot = MethodStyle.shape(0, MethodStyle.SIZE);
        items.add(marker("compress-only", dot, false));
        items.add(marker("fine-tuned", dot, true));
        items.add(marker("cancelled", MethodStyle.cancelledShape(), true));
        LegendItem f = new LegendItem(
                "Pareto front",
                null,
                null,
                null,
                false,
                dot,
                false,
                ChartStyle.FRONT,
                false,
                ChartStyle.FRONT,
                new BasicStroke(1f),
                true,
                new Line2D.Double(-7, 0, 7, 0),
                new BasicStroke(1.5f),
                ChartStyle.FRONT);
        items.add(f);
        return items;
    }

    private static LegendItem marker(String label, Shape shape, boolean filled) {
        return new LegendItem(
                label,
                null,
                null,
                null,
                true,
                shape,
                filled,
                ChartStyle.MUTED,
                true,
                ChartStyle.MUTED,
                new BasicStroke(1.5f),
                false,
                new Line2D.Double(),
                new BasicStroke(1f),
                ChartStyle.MUTED);
    }

    /** The renderer of the points: each item's marker depends on its point, not only its series. */
    private final class PointRenderer extends XYLineAndShapeRenderer {
        private static final long serialVersionUID = 1L;

        PointRenderer() {
            super(false, true);
            setDrawOutlines(true);
            setUseOutlinePaint(false);
            setDefaultOutlineStroke(new BasicStroke(1.5f));
            setAutoPopulateSeriesOutlineStroke(false);
            setDefaultToolTipGenerator((dataset, series, item) -> {
                RunPoint p = point(series, item);
                return p == null
                        ? null
                        : p.details() + "\nthis point: " + (p.fineTuned() ? "fine-tuned" : "compress-only")
                                + " validation accuracy";
            });
        }

        @Override
        public Shape getItemShape(int series, int item) {
            RunPoint p = point(series, item);
            return p != null && p.cancelled() ? MethodStyle.cancelledShape() : super.getItemShape(series, item);
        }

        @Override
        public boolean getItemShapeFilled(int series, int item) {
            RunPoint p = point(series, item);
            return p != null && p.fineTuned();
        }
    }

    /** Returns the point drawn as item {@code item} of series {@code series}, or null. */
    RunPoint point(int series, int item) {
        if (series < 0 || series >= seriesPoints.size()) {
            return null;
        }
        List<RunPoint> ps = seriesPoints.get(series);
        return item >= 0 && item < ps.size() ? ps.get(item) : null;
    }

    /** Returns the id of the run drawn as item {@code item} of the points' series {@code series}, or null. */
    public String runIdAt(int series, int item) {
        RunPoint p = point(series, item);
        return p == null ? null : p.runId();
    }

    /** Called with the id of the run whose point the user clicked. */
    public void setOnRunClicked(Consumer<String> c) {
        onRunClicked = c;
    }

    /** Number of points drawn. */
    public int pointCount() {
        return shown.size();
    }

    /** Number of points on the front. */
    public int frontCount() {
        return front.getItemCount();
    }

    /** The points by method (one series per method, in order of first appearance). */
    XYSeriesCollection dataset() {
        return data;
    }

    /** The x axis. */
    RoundLogAxis xAxis() {
        return xAxis;
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
            viewer.addChartMouseListener(new ChartMouseListenerFX() {
                @Override
                public void chartMouseClicked(ChartMouseEventFX e) {
                    if (e.getEntity() instanceof XYItemEntity item && item.getDataset() == data) {
                        RunPoint p = point(item.getSeriesIndex(), item.getItem());
                        if (p != null) {
                            onRunClicked.accept(p.runId());
                        }
                    }
                }

                @Override
                public void chartMouseMoved(ChartMouseEventFX e) {}
            });
        }
        return viewer;
    }
}
