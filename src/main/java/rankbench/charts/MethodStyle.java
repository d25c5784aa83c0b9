package rankbench.charts;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.Locale;
import java.util.Map;

/**
 * The one mapping from a method or rule id to its colour and marker, so a method looks the same in every
 * chart. Known ids have fixed styles; any other id gets a style from its hash, which is stable across runs
 * and sessions. Red is kept for the Pareto front and for errors; runs in a comparison get
 * {@link #runColour(int)}.
 */
public final class MethodStyle {

    /** The palette (colour-blind friendly, after Okabe and Ito, plus darker tones). */
    static final Color[] PALETTE = {
        new Color(0x0072b2), new Color(0xe69f00), new Color(0x009e73), new Color(0xcc79a7), new Color(0x56b4e9),
        new Color(0x8c564b), new Color(0x6a3d9a), new Color(0xb8a200), new Color(0x3b6e3b), new Color(0x555555)};

    private static final Map<String, Integer> KNOWN = Map.ofEntries(
            Map.entry("trp", 0), Map.entry("lc", 1), Map.entry("lra", 2), Map.entry("svd-train", 3),
            Map.entry("orth-evbmf", 4), Map.entry("energy", 5), Map.entry("evbmf", 6), Map.entry("ratio", 7),
            Map.entry("threshold", 7), Map.entry("sensitivity", 8), Map.entry("fine-tune", 9),
            Map.entry("manual", 9), Map.entry("train", 9));

    /** Marker size in Java2D units. */
    static final double SIZE = 9;

    private MethodStyle() {}

    private static int index(String method) {
        String key = method == null ? "" : method.trim().toLowerCase(Locale.ROOT);
        Integer i = KNOWN.get(key);
        return i != null ? i : Math.floorMod(key.hashCode(), PALETTE.length);
    }

    /** The colour of a method. */
    public static Color colour(String method) {
        return PALETTE[index(method)];
    }

    /** The marker of a method (circle, square, diamond, triangles, ...), centred on the origin. */
    public static Shape shape(String method) {
        return shape(index(method) % 6, SIZE);
    }

    /** The colour of the {@code i}-th run of a comparison. */
    public static Color runColour(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
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
            default -> polygon(new double[] {-h, -h / 2, h / 2, h, h / 2, -h / 2},
                    new double[] {0, -h, -h, 0, h, h});
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
