package rankbench.charts;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.io.Serializable;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.entity.EntityCollection;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.data.Range;
import org.jfree.data.xy.XYDataset;

/**
 * Draws {@link RankHeatData} as blocks from each recorded step to the next, one row per layer, coloured by
 * rank / full rank. A layer's run of updates with unchanged ranks is drawn (and hovered) as one block, so a
 * long history costs a block per change, not per update. Blocks are snapped to whole pixels (no seams) and
 * rows taller than 6 px are parted by a 1 px white line.
 */
final class RankBlockRenderer extends AbstractXYItemRenderer {

    private static final long serialVersionUID = 1L;

    /** The colour scale: pale blue (rank near 0) to dark blue (full rank); grey where no rank is known. */
    static final class Scale implements PaintScale, Serializable {
        private static final long serialVersionUID = 1L;
        /** ColorBrewer's sequential "Blues", without its near-white end. */
        private static final Color[] STOPS = {new Color(0xdeebf7), new Color(0xc6dbef), new Color(0x9ecae1),
            new Color(0x6baed6), new Color(0x4292c6), new Color(0x2171b5), new Color(0x08519c), new Color(0x08306b)};
        static final Color UNKNOWN = new Color(0xcccccc);

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            return colour(value);
        }

        /** The colour of a rank fraction (clamped to [0, 1]; NaN: unknown). */
        static Color colour(double value) {
            if (Double.isNaN(value)) {
                return UNKNOWN;
            }
            double t = Math.max(0, Math.min(1, value)) * (STOPS.length - 1);
            int i = Math.min(STOPS.length - 2, (int) t);
            double f = t - i;
            Color a = STOPS[i];
            Color b = STOPS[i + 1];
            return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f),
                    (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
                    (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
        }
    }

    private final Scale scale = new Scale();

    RankBlockRenderer() {
        setDefaultToolTipGenerator((dataset, series, item) -> dataset instanceof RankHeatData d
                ? d.toolTip(d.column(item), d.row(item)) : null);
    }

    Scale scale() {
        return scale;
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
            XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item,
            CrosshairState crosshairState, int pass) {
        if (!(dataset instanceof RankHeatData d)) {
            return;
        }
        int column = d.column(item);
        int row = d.row(item);
        if (d.sameAsPrevious(column, row)) {
            return; // drawn with the first update of its run
        }
        int last = d.runEnd(column, row) - 1;
        double x0 = Math.round(domainAxis.valueToJava2D(d.start(column), dataArea, plot.getDomainAxisEdge()));
        double x1 = Math.round(domainAxis.valueToJava2D(d.end(last), dataArea, plot.getDomainAxisEdge()));
        double y0 = Math.round(rangeAxis.valueToJava2D(row - 0.5, dataArea, plot.getRangeAxisEdge()));
        double y1 = Math.round(rangeAxis.valueToJava2D(row + 0.5, dataArea, plot.getRangeAxisEdge()));
        double top = Math.min(y0, y1);
        double height = Math.abs(y1 - y0);
        if (height > 6) {
            height -= 1;
        }
        Rectangle2D block = new Rectangle2D.Double(Math.min(x0, x1), top, Math.max(1, Math.abs(x1 - x0)),
                Math.max(1, height));
        g2.setPaint(scale.getPaint(d.getZValue(series, item)));
        g2.fill(block);
        EntityCollection entities = state.getEntityCollection();
        if (entities != null) {
            addEntity(entities, block, dataset, series, item, block.getCenterX(), block.getCenterY());
        }
    }

    @Override
    public Range findDomainBounds(XYDataset dataset) {
        return dataset instanceof RankHeatData d ? d.domain() : super.findDomainBounds(dataset);
    }

    @Override
    public Range findRangeBounds(XYDataset dataset) {
        return dataset instanceof RankHeatData d && d.rows() > 0 ? new Range(-0.5, d.rows() - 0.5)
                : super.findRangeBounds(dataset);
    }
}
