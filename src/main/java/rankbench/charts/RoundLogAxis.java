package rankbench.charts;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.plot.ValueAxisPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;

/**
 * A log axis whose ticks sit on round numbers: 1, 2 and 5 × 10ⁿ when they fit, only the decades (or every
 * second or third decade) when the range is wide, 1, 2, 3, 5 × 10ⁿ when it is narrow, and plain 1-2-5 steps
 * when the range is less than a decade wide. Labels are plain text (SI suffixes for counts), which draws
 * faster than JFreeChart's superscripts.
 */
public final class RoundLogAxis extends LogAxis {

    private static final double[][] MANTISSAS = {{1, 2, 5}, {1, 2, 3, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};

    private final DoubleFunction<String> format;

    /** Creates an axis with the given label and tick-label format. */
    public RoundLogAxis(String label, DoubleFunction<String> format) {
        super(label);
        this.format = format;
        setSmallestValue(1e-12);
    }

    /** Tick labels with SI suffixes: {@code 500 k}, {@code 2 M}, {@code 1.5 G}. */
    public static String si(double v) {
        DecimalFormat f = new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        double a = Math.abs(v);
        if (a >= 1e9) {
            return f.format(v / 1e9) + " G";
        }
        if (a >= 1e6) {
            return f.format(v / 1e6) + " M";
        }
        if (a >= 1e3) {
            return f.format(v / 1e3) + " k";
        }
        return plain(v);
    }

    /** Tick labels as plain decimals ({@code 0.5}, {@code 20}), scientific below 0.001 ({@code 2e-4}). */
    public static String plain(double v) {
        double a = Math.abs(v);
        if (a != 0 && a < 1e-3) {
            return new DecimalFormat("0.##E0", DecimalFormatSymbols.getInstance(Locale.ROOT))
                    .format(v)
                    .replace("E", "e");
        }
        return new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    /**
     * Returns round tick values in [lower, upper] (both > 0), at most {@code maxTicks} of them when possible
     * and at least two when the range allows.
     */
    public static List<Double> tickValues(double lower, double upper, int maxTicks) {
        if (!(lower > 0) || !(upper > lower)) {
            return List.of();
        }
        int max = Math.max(2, maxTicks);
        List<Double> best = mantissaTicks(lower, upper, MANTISSAS[0]);
        if (best.size() > max) {
            for (int step = 1; ; step++) {
                List<Double> decades = decadeTicks(lower, upper, step);
                if (decades.size() <= max || decades.size() <= 2) {
                    return decades;
                }
            }
        }
        for (int i = 1; i < MANTISSAS.length && best.size() < 4; i++) {
            List<Double> finer = mantissaTicks(lower, upper, MANTISSAS[i]);
            if (finer.size() > max) {
                break;
            }
            best = finer;
        }
        if (best.size() < 3) {
            List<Double> linear = linearTicks(lower, upper, max);
            if (linear.size() > best.size()) {
                return linear;
            }
        }
        return best;
    }

    private static List<Double> mantissaTicks(double lower, double upper, double[] mantissas) {
        List<Double> out = new ArrayList<>();
        for (int e = (int) Math.floor(Math.log10(lower)) - 1; e <= (int) Math.ceil(Math.log10(upper)); e++) {
            for (double m : mantissas) {
                double v = round(m, e);
                if (v >= lower * (1 - 1e-9) && v <= upper * (1 + 1e-9)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static List<Double> decadeTicks(double lower, double upper, int step) {
        List<Double> out = new ArrayList<>();
        int first = (int) Math.ceil(Math.log10(lower) - 1e-9);
        first = Math.floorDiv(first + step - 1, step) * step;
        for (int e = first; e <= Math.floor(Math.log10(upper) + 1e-9); e += step) {
            out.add(round(1, e));
        }
        return out;
    }

    /** Evenly spaced 1, 2 or 5 × 10ⁿ steps, for ranges narrower than the mantissa sets can mark. */
    private static List<Double> linearTicks(double lower, double upper, int max) {
        double span = upper - lower;
        for (int e = (int) Math.floor(Math.log10(span)) - 2; ; e++) {
            for (int m : new int[] {1, 2, 5}) {
                double step = round(m, e);
                long first = (long) Math.ceil(lower / step - 1e-9);
                long last = (long) Math.floor(upper / step + 1e-9);
                if (last - first + 1 <= max) {
                    List<Double> out = new ArrayList<>();
                    for (long k = first; k <= last; k++) {
                        out.add(round(k * m, e));
                    }
                    return out;
                }
            }
        }
    }

    private static double round(double mantissa, int exponent) {
        // through text, so 3 x 10^-1 is 0.3 and not 0.30000000000000004
        return Double.parseDouble((long) mantissa + "e" + exponent);
    }

    /**
     * Widens a (nearly) single-valued data range before the log axis fits it: JFreeChart's LogAxis expands a
     * degenerate range by an absolute 1e-8, which is lost in rounding for values around 10⁷ and then fails.
     */
    @Override
    protected void autoAdjustRange() {
        if (getPlot() instanceof ValueAxisPlot vap) {
            Range r = vap.getDataRange(this);
            if (r != null && r.getUpperBound() > 0) {
                boolean narrow = r.getLength() < 0.05 * r.getUpperBound();
                setAutoRangeMinimumSize(narrow ? 0.5 * r.getUpperBound() : Math.ulp(r.getUpperBound()) * 4, false);
            }
        }
        super.autoAdjustRange();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        boolean horizontal = RectangleEdge.isTopOrBottom(edge);
        double length = horizontal ? dataArea.getWidth() : dataArea.getHeight();
        int max = (int) Math.max(2, length / (horizontal ? 70 : 24));
        TextAnchor anchor = edge == RectangleEdge.TOP
                ? TextAnchor.BOTTOM_CENTER
                : edge == RectangleEdge.BOTTOM
                        ? TextAnchor.TOP_CENTER
                        : edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
        List ticks = new ArrayList();
        for (double v : tickValues(getLowerBound(), getUpperBound(), max)) {
            ticks.add(new NumberTick(TickType.MAJOR, v, format.apply(v), anchor, anchor, 0.0));
        }
        return ticks;
    }
}
