package rankbench.experiment.session.export;

import static rankbench.experiment.session.export.Html.num;

import java.util.List;

/**
 * Colors and marker shapes of the report's charts. Colors are the Okabe-Ito palette (distinguishable
 * with the common color-vision deficiencies), shapes repeat after the colors so that two methods never
 * share both.
 */
final class Markers {

    /** Okabe &amp; Ito (2008), "Color Universal Design", without the yellow (too light on white). */
    static final List<String> METHOD_COLORS =
            List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000");

    /** Per-run bar colors (more hues than methods, same order of distinctness). */
    static final List<String> RUN_COLORS = List.of(
            "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#332288", "#882255", "#117733",
            "#999933", "#44AA99", "#AA4499");

    /** Marker shapes. */
    enum Shape {
        CIRCLE,
        SQUARE,
        TRIANGLE,
        DIAMOND,
        TRIANGLE_DOWN,
        PENTAGON,
        HEXAGON
    }

    private Markers() {}

    static String methodColor(int index) {
        return METHOD_COLORS.get(index % METHOD_COLORS.size());
    }

    static Shape methodShape(int index) {
        Shape[] s = Shape.values();
        return s[(index + index / s.length) % s.length];
    }

    static String runColor(int index) {
        return RUN_COLORS.get(index % RUN_COLORS.size());
    }

    /**
     * Draws a marker centerd at {@code (x, y)} of radius about {@code r}: filled with {@code color}, or
     * white with a {@code color} outline when {@code hollow}.
     */
    static void draw(Svg svg, Shape shape, double x, double y, double r, String color, boolean hollow) {
        String fill = hollow ? "#ffffff" : color;
        String[] style = {"fill", fill, "stroke", color, "stroke-width", hollow ? "2" : "1.2"};
        if (shape == Shape.CIRCLE) {
            svg.circle(x, y, r, style);
            return;
        }
        svg.path(polygon(shape, x, y, r), style);
    }

    /** Path data of a polygon shape (the circle has none). */
    static String polygon(Shape shape, double x, double y, double r) {
        return switch (shape) {
            case SQUARE -> regular(4, Math.PI / 4, x, y, r * 1.25);
            case TRIANGLE -> regular(3, -Math.PI / 2, x, y, r * 1.3);
            case TRIANGLE_DOWN -> regular(3, Math.PI / 2, x, y, r * 1.3);
            case DIAMOND -> regular(4, 0, x, y, r * 1.35);
            case PENTAGON -> regular(5, -Math.PI / 2, x, y, r * 1.15);
            case HEXAGON -> regular(6, 0, x, y, r * 1.1);
            case CIRCLE -> throw new IllegalArgumentException("a circle is not a polygon");
        };
    }

    private static String regular(int n, double phase, double x, double y, double r) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double a = phase + 2 * Math.PI * i / n;
            d.append(i == 0 ? 'M' : 'L')
                    .append(num(x + r * Math.cos(a)))
                    .append(' ')
                    .append(num(y + r * Math.sin(a)));
        }
        return d.append('Z').toString();
    }
}
