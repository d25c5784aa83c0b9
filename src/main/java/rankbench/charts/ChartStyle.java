package rankbench.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;

/** The common look of RankBench charts (AWT colors: JFreeChart draws through FXGraphics2D). */
final class ChartStyle {

    static final Color ACCENT = new Color(0x2f6fb0);
    static final Color WARN = new Color(0xd9822b);
    static final Color MUTED = new Color(0x5f6b7a);
    static final Color FRONT = new Color(0xc0392b);
    static final Color GRID = new Color(0xdde2e8);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    static final BasicStroke DASHED =
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f);

    private ChartStyle() {}

    static void apply(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(LABEL);
            chart.getLegend().setFrame(BlockBorder.NONE);
        }
        if (chart.getPlot() instanceof CategoryPlot p) {
            p.setBackgroundPaint(Color.WHITE);
            p.setRangeGridlinePaint(GRID);
            p.setOutlineVisible(false);
            p.getDomainAxis().setLabelFont(LABEL);
            p.getDomainAxis().setTickLabelFont(TICK);
            p.getRangeAxis().setLabelFont(LABEL);
            p.getRangeAxis().setTickLabelFont(TICK);
        }
        if (chart.getPlot() instanceof XYPlot p) {
            p.setBackgroundPaint(Color.WHITE);
            p.setDomainGridlinePaint(GRID);
            p.setRangeGridlinePaint(GRID);
            p.setOutlineVisible(false);
            for (int i = 0; i < p.getDomainAxisCount(); i++) {
                p.getDomainAxis(i).setLabelFont(LABEL);
                p.getDomainAxis(i).setTickLabelFont(TICK);
            }
            for (int i = 0; i < p.getRangeAxisCount(); i++) {
                p.getRangeAxis(i).setLabelFont(LABEL);
                p.getRangeAxis(i).setTickLabelFont(TICK);
            }
        }
    }

    /**
     * A log axis with a few round, plain-number tick labels (1, 2, 5 × 10ⁿ; the default superscript labels
     * are slow to draw and the default ticks are odd values).
     */
    static LogAxis logAxis(String label) {
        RoundLogAxis a = new RoundLogAxis(label, RoundLogAxis::plain);
        a.setSmallestValue(1e-6);
        return a;
    }
}
