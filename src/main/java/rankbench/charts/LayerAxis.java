package rankbench.charts;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;

/**
 * The heat map's layer axis: one label per layer (PyTorch names), the first layer on top. When the rows are
 * lower than a line of text, only every k-th layer is labeled, so the names never overlap (the tooltips
 * still name every layer).
 */
final class LayerAxis extends SymbolAxis {

    private static final long serialVersionUID = 1L;

    LayerAxis(String label) {
        super(label, new String[0]);
        setInverted(true);
        setGridBandsVisible(false);
        setAutoRange(false);
        setRange(-0.5, 0.5);
    }

    /** Shows these layers (in this order, first on top). */
    void setLayers(List<String> layers) {
        setSymbols(layers.toArray(new String[0]));
        setRange(-0.5, Math.max(0.5, layers.size() - 0.5));
    }

    /** Every how many layers a label fits in {@code height} pixels with the tick font. */
    int labelStride(double height) {
        int n = getSymbols().length;
        if (n == 0 || height <= 0) {
            return 1;
        }
        double line = getTickLabelFont().getSize2D() * 1.15;
        return Math.max(1, (int) Math.ceil(line / (height / n)));
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        List ticks = super.refreshTicks(g2, state, dataArea, edge);
        int stride = labelStride(RectangleEdge.isLeftOrRight(edge) ? dataArea.getHeight() : dataArea.getWidth());
        if (stride == 1) {
            return ticks;
        }
        List<Tick> kept = new ArrayList<>();
        for (Object t : ticks) {
            if (t instanceof ValueTick v && Math.round(v.getValue()) % stride == 0) {
                kept.add(v);
            }
        }
        return kept;
    }
}
