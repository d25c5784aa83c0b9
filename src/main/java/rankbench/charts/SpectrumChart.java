package rankbench.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.Locale;
import java.util.function.IntConsumer;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The singular values of one layer on a log axis, with the chosen rank (a marker, the kept values
 * shaded), the break-even rank and the cut-off of the active rule. Pressing or dragging on the plot
 * sets the rank (mouse x is converted to a rank through the domain axis).
 */
public final class SpectrumChart {

    private final XYSeries values = new XYSeries("singular values", false, false);
    private final JFreeChart chart;
    private final XYPlot plot;
    private final ChartViewer viewer;
    private final ValueMarker rankMarker = new ValueMarker(1);
    private final IntervalMarker kept = new IntervalMarker(0.5, 1.5);
    private final ValueMarker breakEven = new ValueMarker(1);
    private final ValueMarker rule = new ValueMarker(1);
    private IntConsumer onRank = r -> {};
    private int count;
    private double[] shown;
    private int rank;

    /** Creates the chart; {@code compact} charts (small multiples) have no title, labels or dragging. */
    public SpectrumChart(boolean compact) {
        NumberAxis x = new NumberAxis(compact ? null : "index i");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, !compact);
        r.setSeriesPaint(0, ChartStyle.ACCENT);
        r.setSeriesShape(0, new Ellipse2D.Double(-2, -2, 4, 4));
        plot = new XYPlot(new XYSeriesCollection(values), x, ChartStyle.logAxis(compact ? null : "singular value"), r);
        chart = new JFreeChart(compact ? null : "Spectrum", ChartStyle.TITLE, plot, false);
        ChartStyle.apply(chart);
        kept.setPaint(new Color(0x2f, 0x6f, 0xb0, 40));
        kept.setOutlinePaint(null);
        if (!compact) {
            kept.setLabel("kept energy");
            kept.setLabelFont(ChartStyle.TICK);
            kept.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            kept.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        }
        rankMarker.setPaint(ChartStyle.ACCENT);
        rankMarker.setStroke(new BasicStroke(2f));
        breakEven.setPaint(ChartStyle.WARN);
        breakEven.setStroke(ChartStyle.DASHED);
        rule.setPaint(ChartStyle.MUTED);
        rule.setStroke(ChartStyle.DASHED);
        for (ValueMarker m : new ValueMarker[] {rankMarker, breakEven, rule}) {
            m.setLabelFont(ChartStyle.TICK);
            m.setLabelPaint((Color) m.getPaint());
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        }
        rankMarker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        rankMarker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        breakEven.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
        breakEven.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        rule.setLabelAnchor(RectangleAnchor.CENTER);
        rule.setLabelTextAnchor(TextAnchor.CENTER_LEFT);
        plot.addDomainMarker(kept, Layer.BACKGROUND);
        plot.addDomainMarker(rankMarker, Layer.FOREGROUND);
        plot.addDomainMarker(breakEven, Layer.FOREGROUND);
        viewer = new ChartViewer(chart, !compact);
        viewer.getStyleClass().add("chart");
        if (!compact) {
            viewer.addEventFilter(MouseEvent.MOUSE_PRESSED, this::drag);
            viewer.addEventFilter(MouseEvent.MOUSE_DRAGGED, this::drag);
        } else {
            viewer.setMouseTransparent(true);
        }
    }

    private void drag(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || count == 0) {
            return;
        }
        e.consume(); // no zoom rectangle: dragging sets the rank
        int r = rankAt(
                viewer.getCanvas().sceneToLocal(e.getSceneX(), e.getSceneY()).getX(),
                viewer.getCanvas().sceneToLocal(e.getSceneX(), e.getSceneY()).getY());
        if (r > 0 && r != rank) {
            onRank.accept(r);
        }
    }

    /** Returns the rank under canvas coordinates (0 if the chart has not been drawn yet). */
    int rankAt(double x, double y) {
        ChartRenderingInfo info = viewer.getCanvas().getRenderingInfo();
        if (info == null) {
            return 0;
        }
        Rectangle2D area = info.getPlotInfo().getDataArea();
        if (area.isEmpty()) {
            return 0;
        }
        double xc = Math.max(area.getMinX(), Math.min(area.getMaxX(), x));
        Point2D.Double p = new Point2D.Double(xc, y);
        double v = plot.getDomainAxis().java2DToValue(p.getX(), area, plot.getDomainAxisEdge());
        return (int) Math.max(1, Math.min(count, Math.round(v)));
    }

    /** Applies several changes with one redraw (the canvas draws synchronously on every chart change). */
    public void batch(Runnable changes) {
        boolean was = chart.isNotify();
        chart.setNotify(false);
        try {
            changes.run();
        } finally {
            chart.setNotify(was);
        }
    }

    /** Shows a new spectrum (descending singular values); the same array again costs nothing. */
    public void setSpectrum(double[] s) {
        if (s == shown) {
            return;
        }
        shown = s;
        boolean was = chart.isNotify();
        chart.setNotify(false);
        values.clear();
        count = s == null ? 0 : s.length;
        if (s != null) {
            double floor = 0;
            for (double v : s) {
                if (v > 0) {
                    floor = v * 1e-3;
                }
            }
            for (int i = 0; i < s.length; i++) {
                values.add(i + 1, Math.max(s[i], floor > 0 ? floor : 1e-6), false);
            }
        }
        plot.getDomainAxis().setRange(0.5, Math.max(1.5, count + 0.5));
        values.fireSeriesChanged();
        chart.setNotify(was);
    }

    /** Moves the rank marker and the shaded kept part. */
    public void setRank(int r) {
        rank = r;
        boolean was = chart.isNotify();
        chart.setNotify(false);
        rankMarker.setValue(r);
        rankMarker.setLabel(r >= count ? "rank " + r + " (dense)" : "rank " + r);
        kept.setEndValue(r + 0.5);
        chart.setNotify(was);
    }

    /** Draws the break-even rank. */
    public void setBreakEven(double be) {
        breakEven.setValue(be);
        breakEven.setLabel(String.format(Locale.ROOT, "break-even %.1f", be));
    }

    /** Draws the cut-off of the active rule (0: none). */
    public void setRuleRank(int r, String name) {
        plot.removeDomainMarker(rule, Layer.FOREGROUND);
        if (r > 0) {
            rule.setValue(r);
            rule.setLabel(name == null || name.isEmpty() ? "rule" : name);
            plot.addDomainMarker(rule, Layer.FOREGROUND);
        }
    }

    /** Sets the chart title (e.g. the layer name). */
    public void setTitle(String title) {
        chart.setTitle(title);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(ChartStyle.TITLE);
        }
    }

    /** Called with the rank the user pressed or dragged to. */
    public void setOnRankDragged(IntConsumer c) {
        onRank = c;
    }

    /** The rank the marker shows. */
    public double rankMarkerValue() {
        return rankMarker.getValue();
    }

    /** Number of singular values shown. */
    public int valueCount() {
        return values.getItemCount();
    }

    /** The chart node. */
    public ChartViewer node() {
        return viewer;
    }
}
