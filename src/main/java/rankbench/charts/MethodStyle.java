package rankbench.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one mapping from a method or rule id to its color and marker, so a method looks the same in every
 * chart. Known ids have fixed styles; any other id gets a style from its hash, which is stable across runs
 * and sessions. Red is kept for the Pareto front and for errors.
 *
 * <p>In a comparison, every run is drawn in its method's color; two runs of the same method differ by their
 * {@link RunStyle#variant() variant}: another marker, another dash, and (for bars) stripes instead of a
 * plain fill. {@link #forRuns(List)} hands the variants out in the order of the compared runs.
 */
public final class MethodStyle {

    /**
     * The palette: Okabe and Ito's color-blind friendly eight (less black), then darker and rarer tones;
     * any two differ by more than 20 in CIELAB, and none is the red of the front.
     */
    static final Color[] PALETTE = {
        new Color(0x0072b2), new Color(0xe69f00), new Color(0x009e73), new Color(0xcc79a7), new Color(0x56b4e9),
        new Color(0x8c564b), new Color(0x6a3d9a), new Color(0xb8a200), new Color(0x469990), new Color(0x000075),
        new Color(0xf032e6), new Color(0x3cb44b), new Color(0x7f7f7f), new Color(0x333333)
    };

    /** Method ids (rank-learning methods, then one-shot rules, then runs without a rule) to palette slots. */
    private static final Map<String, Integer> KNOWN = Map.ofEntries(
            Map.entry("trp", 0),
            Map.entry("lc", 1),
            Map.entry("lra", 2),
            Map.entry("svd-train", 3),
            Map.entry("orth-evbmf", 4),
            Map.entry("energy", 5),
            Map.entry("threshold", 6),
            Map.entry("ratio", 7),
            Map.entry("ranks", 8),
            Map.entry("evbmf", 9),
            Map.entry("lc-rule", 10),
            Map.entry("sensitivity", 11),
            Map.entry("latency", 12),
            Map.entry("fine-tune", 13),
            Map.entry("manual", 13),
            Map.entry("train", 13));

    /** Marker size in Java2D units. */
    static final double SIZE = 9;

    /** The number of distinct markers. */
    static final int SHAPES = 6;

    private static final float[][] DASHES = {null, {6f, 3f}, {1.5f, 2.5f}, {8f, 3f, 1.5f, 3f}};

    /**
     * How one run of a comparison is drawn.
     *
     * @param method the run's method id
     * @param variant 0 for the first compared run of its method, 1 for the second, ...
     * @param color the method's color (the same for every variant)
     * @param shape the marker: the method's own for variant 0, the next ones after
     * @param stroke solid for variant 0, dashed, dotted and dash-dotted after
     */
    public record RunStyle(String method, int variant, Color color, Shape shape, Stroke stroke) {

        /** The fill of a bar: plain for variant 0, stripes of the color and its tint otherwise. */
        public Paint barPaint() {
            return barPaint(color);
        }

        /** The fill of a lighter bar (Tucker-2's Ri): as {@link #barPaint()} in the color's tint. */
        public Paint lightBarPaint() {
            return barPaint(tint(color, 0.55));
        }

        private Paint barPaint(Color c) {
            if (variant == 0) {
                return c;
            }
            // a cyclic gradient in absolute coordinates: diagonal stripes, 4 px apart, their direction by variant
            float d = 4f;
            return variant % 2 == 1
                    ? new GradientPaint(0, 0, c, d, d, tint(c, 0.6), true)
                    : new GradientPaint(0, 0, c, d, -d, tint(c, 0.6), true);
        }
    }

    private MethodStyle() {}

    private static int index(String method) {
        String key = key(method);
        Integer i = KNOWN.get(key);
        return i != null ? i : Math.floorMod(key.hashCode(), PALETTE.length);
    }

    private static String key(String method) {
        return method == null ? "" : method.trim().toLowerCase(Locale.ROOT);
    }

    /** The color of a method. */
    public static Color color(String method) {
        return PALETTE[index(method)];
    }

    /** The marker of a method (circle, square, diamond, triangles, ...), centerd on the origin. */
    public static Shape shape(String method) {
        return shape(index(method) % SHAPES, SIZE);
    }

    /**
     * The color of the {@code i}-th item of a list with no method (a palette color by position); compared
     * runs use {@link #forRuns(List, double)} instead, so a run has its method's color in every chart.
     */
    public static Color runColor(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** The style of the {@code variant}-th compared run of {@code method}, markers {@code size} wide. */
    public static RunStyle style(String method, int variant, double size) {
        int v = Math.max(0, variant);
        float[] dash = DASHES[v % DASHES.length];
        Stroke stroke = dash == null
                ? new BasicStroke(1.5f)
                : new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f);
        return new RunStyle(method, v, color(method), shape((index(method) + v) % SHAPES, size), stroke);
    }

    /**
     * The styles of compared runs given their methods in order: each run in its method's color, the k-th run
     * of a method as variant k.
     */
    public static List<RunStyle> forRuns(List<String> methods, double size) {
        Map<String, Integer> seen = new HashMap<>();
        List<RunStyle> out = new ArrayList<>(methods.size());
        for (String m : methods) {
            int v = seen.merge(key(m), 1, Integer::sum) - 1;
            out.add(style(m, v, size));
        }
        return out;
    }

    /**
     * The legend text of a compared run: {@code run-3 · lc}, {@code run-7 · lc (diverged)} for a run named
     * {@code run-7 (diverged)}, or the name alone if the method is unknown.
     */
    public static String runLegend(String runName, String method) {
        if (method == null || method.isBlank()) {
            return runName;
        }
        int status = runName.indexOf(" (");
        return status < 0
                ? runName + " \u00b7 " + method
                : runName.substring(0, status) + " \u00b7 " + method + runName.substring(status);
    }

    /** Returns {@code c} blended with white ({@code amount} 0: unchanged, 1: white). */
    static Color tint(Color c, double amount) {
        double a = Math.max(0, Math.min(1, amount));
        return new Color(
                (int) Math.round(c.getRed() + (255 - c.getRed()) * a),
                (int) Math.round(c.getGreen() + (255 - c.getGreen()) * a),
                (int) Math.round(c.getBlue() + (255 - c.getBlue()) * a));
    }

    /** The marker of a cancelled run: a cross, whatever the method. */
    public static Shape cancelledShape() {
        double h = SIZE / 2;
        double t = 1.2;
        Path2D p = new Path2D.Double();
        p.moveTo(-h, -h + t);
        p.lineTo(-h + t, -h);
        p.lineTo(0, -t);
        p.lineTo(h - t, -h);
        p.lineTo(h, -h + t);
        p.lineTo(t, 0);
        p.lineTo(h, h - t);
        p.lineTo(h - t, h);
        p.lineTo(0, t);
        p.lineTo(-h + t, h);
        p.lineTo(-h, h - t);
        p.lineTo(-t, 0);
        p.closePath();
        return p;
    }

    static Shape shape(int kind, double size) {
        double h = size / 2;
        return switch (kind) {
            case 0 -> new Ellipse2D.Double(-h, -h, size, size);
            case 1 -> new Rectangle2D.Double(-h * 0.9, -h * 0.9, size * 0.9, size * 0.9);
            case 2 -> polygon(new double[] {0, h, 0, -h}, new double[] {-h * 1.2, 0, h * 1.2, 0});
            case 3 -> polygon(new double[] {0, h, -h}, new double[] {-h, h, h});
            case 4 -> polygon(new double[] {-h, h, 0}, new double[] {-h, -h, h});
            default -> polygon(new double[] {-h, -h / 2, h / 2, h, h / 2, -h / 2}, new double[] {0, -h, -h, 0, h, h});
        };
    }

    private static Shape polygon(double[] xs, double[] ys) {
        Path2D p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        return p;
    }
}
