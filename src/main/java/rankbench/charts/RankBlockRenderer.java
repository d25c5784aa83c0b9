package rankbench.charts;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.io.Serializable;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.entity.EntityCollection;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.data.Range;
import org.jfree.data.xy.XYDataset;

/**
 * Draws {@link RankHeatData} as blocks from each recorded step to the next, one row per layer, colored by
 * rank / full rank. A layer's run of updates with unchanged ranks is drawn (and hovered) as one block, and
 * an update narrower than a pixel is left to the one drawn over it, so a long history costs at most a block
 * per pixel column and layer. Blocks are snapped to whole pixels (no seams) and rows taller than 6 px are
 * parted by a 1 px white line.
 */
final class RankBlockRenderer extends AbstractXYItemRenderer {

    private static final long serialVersionUID = 1L;

    /** The color scale: pale blue (rank near 0) to dark blue (full rank); gray where no rank is known. */
    static final class Scale implements PaintScale, Serializable {
        private static final long serialVersionUID = 1L;
        /** ColorBrewer's sequential "Blues", without its near-white end. */
        private static final Color[] STOPS = {
            new Color(0xdeebf7),
            new Color(0xc6dbef),
            new Color(0x9ecae1),
            new Color(0x6baed6),
            new Color(0x4292c6),
            new Color(0x2171b5),
            new Color(0x08519c),
            new Color(0x08306b)
        };

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
            return color(value);
        }

        /** The color of a rank fraction (clamped to [0, 1]; NaN: unknown). */
        static Color color(double value) {
            if (Double.isNaN(value)) {
                return UNKNOWN;
            }
            double t = Math.max(0, Math.min(1, value)) * (STOPS.length - 1);
            int i = Math.min(STOPS.length - 2, (int) t);
            double f = t - i;
            Color a = STOPS[i];
            Color b = STOPS[i + 1];
            return new Color(
                    (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f),
                    (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
                    (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
        }
    }

    private final Scale scale = new Scale();

    RankBlockRenderer() {
        setDefaultToolTipGenerator((dataset, series, item) ->
                dataset instanceof RankHeatData d ? d.toolTip(d.column(item), d.row(item)) : null);
    }

    Scale scale() {
        return scale;
    }

    /** The blocks of the pass being drawn, by the item that draws them (null: drawn by another item). */
    private Rectangle2D[] blocks = new Rectangle2D[0];

    /**
     * (JFreeChart names this method initialise(...).) Lays the blocks out for this pass: per layer, one block per run of updates with unchanged ranks, and
     * updates narrower than a pixel left to the update drawn over them; so a pass draws at most one block
     * per pixel column and layer, however long the history.
     */
    @Override
    public XYItemRendererState initialise(
            Graphics2D g2, Rectangle2D dataArea, XYPlot plot, XYDataset dataset, PlotRenderingInfo info) {
        XYItemRendererState state = super.initialise(g2, dataArea, plot, dataset, info);
        if (dataset instanceof RankHeatData d) {
            blocks = layout(d, plot.getDomainAxis(), plot.getRangeAxis(), plot, dataArea);
        }
        return state;
    }

    static Rectangle2D[] layout(
            RankHeatData d, ValueAxis domainAxis, ValueAxis rangeAxis, XYPlot plot, Rectangle2D dataArea) {
        int rows = d.rows();
        int cols = d.columns();
        Rectangle2D[] out = new Rectangle2D[rows * cols];
        double[] px = new double[cols + 1];
        for (int c = 0; c < cols; c++) {
            px[c] = Math.round(domainAxis.valueToJava2D(d.start(c), dataArea, plot.getDomainAxisEdge()));
        }
        if (cols > 0) {
            px[cols] = Math.round(domainAxis.valueToJava2D(d.end(cols - 1), dataArea, plot.getDomainAxisEdge()));
            px[cols - 1] = Math.min(px[cols - 1], px[cols] - 1); // the latest update keeps at least a pixel
            for (int c = cols - 2; c >= 0; c--) {
                px[c] = Math.min(px[c], px[c + 1]);
            }
        }
        for (int row = 0; row < rows; row++) {
            double y0 = Math.round(rangeAxis.valueToJava2D(row - 0.5, dataArea, plot.getRangeAxisEdge()));
            double y1 = Math.round(rangeAxis.valueToJava2D(row + 0.5, dataArea, plot.getRangeAxisEdge()));
            double top = Math.min(y0, y1);
            double height = Math.abs(y1 - y0);
            height = Math.max(1, height > 6 ? height - 1 : height);
            int run = -1;
            for (int c = 0; c < cols; c++) {
                if (px[c + 1] <= px[c] && c < cols - 1) {
                    continue; // under a pixel wide: the next update is drawn over it
                }
                if (run >= 0 && !d.differs(run, c, row)) {
                    continue; // same ranks: the run's block grows
                }
                if (run >= 0) {
                    out[run * rows + row] = block(px[run], px[c], top, height);
                }
                run = c;
            }
            if (run >= 0) {
                out[run * rows + row] = block(px[run], px[cols], top, height);
            }
        }
        return out;
    }

    private static Rectangle2D block(double x0, double x1, double top, double height) {
        return new Rectangle2D.Double(Math.min(x0, x1), top, Math.max(1, Math.abs(x1 - x0)), height);
    }

    @Override
    public void drawItem(
            Graphics2D g2,
            XYItemRendererState state,
            Rectangle2D dataArea,
            PlotRenderingInfo info,
            XYPlot plot,
            ValueAxis domainAxis,
            ValueAxis rangeAxis,
            XYDataset dataset,
            int series,
            int item,
            CrosshairState crosshairState,
            int pass) {
        if (!(dataset instanceof RankHeatData) || item >= blocks.length || blocks[item] == null) {
            return; // drawn with the first update of its run, or hidden under a later one
        }
        Rectangle2D block = blocks[item];
        g2.setPaint(scale.getPaint(((RankHeatData) dataset).getZValue(series, item)));
        g2.fill(block);
        EntityCollection entities = state.getEntityCollection();
        if (entities != null) {
            entities.add(new BlockEntity(block, (RankHeatData) dataset, series, item));
        }
    }

    /** A block's hover area; its tooltip is written when asked for (thousands of blocks, one hovered). */
    private static final class BlockEntity extends XYItemEntity {
        private static final long serialVersionUID = 1L;

        BlockEntity(Rectangle2D area, RankHeatData data, int series, int item) {
            super(area, data, series, item, null, null);
        }

        @Override
        public String getToolTipText() {
            RankHeatData d = (RankHeatData) getDataset();
            int item = getItem();
            return item < d.getItemCount(0) ? d.toolTip(d.column(item), d.row(item)) : null;
        }
    }

    @Override
    public Range findDomainBounds(XYDataset dataset) {
        return dataset instanceof RankHeatData d ? d.domain() : super.findDomainBounds(dataset);
    }

    @Override
    public Range findRangeBounds(XYDataset dataset) {
        return dataset instanceof RankHeatData d && d.rows() > 0
                ? new Range(-0.5, d.rows() - 0.5)
                : super.findRangeBounds(dataset);
    }
}
