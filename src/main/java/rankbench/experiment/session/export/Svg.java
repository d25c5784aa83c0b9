package rankbench.experiment.session.export;

import static rankbench.experiment.session.export.Html.escape;
import static rankbench.experiment.session.export.Html.num;

/**
 * A small writer of inline SVG: shapes, text and groups appended in drawing order, all text and attribute
 * values escaped. Coordinates are user units of a {@code viewBox} the size of the chart, so the browser
 * scales the chart to the page width.
 */
final class Svg {

    private final StringBuilder b = new StringBuilder(8192);
    private final double width;
    private final double height;
    private int openGroups;

    /**
     * Starts a drawing.
     *
     * @param width view box width
     * @param height view box height
     * @param cssClass class of the {@code <svg>} element
     * @param label accessible name of the chart ({@code aria-label}, and a {@code <title>})
     */
    Svg(double width, double height, String cssClass, String label) {
        this.width = width;
        this.height = height;
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"")
                .append(escape(cssClass))
                .append("\" viewBox=\"0 0 ")
                .append(num(width))
                .append(' ')
                .append(num(height))
                .append("\" role=\"img\" aria-label=\"")
                .append(escape(label))
                .append("\">")
                .append("<title>")
                .append(escape(label))
                .append("</title>\n");
    }

    double width() {
        return width;
    }

    double height() {
        return height;
    }

    /** Opens a group; {@code attrs} are name/value pairs (e.g. {@code "class", "marker"}). */
    Svg group(String... attrs) {
        b.append("<g");
        attrs(attrs);
        b.append(">");
        openGroups++;
        return this;
    }

    /** Closes the last open group. */
    Svg end() {
        if (openGroups == 0) {
            throw new IllegalStateException("no open group");
        }
        openGroups--;
        b.append("</g>\n");
        return this;
    }

    /** A tooltip for the enclosing element or group (browsers show it on hover; no script needed). */
    Svg tooltip(String text) {
        b.append("<title>").append(escape(text)).append("</title>");
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String... attrs) {
        b.append("<line x1=\"")
                .append(num(x1))
                .append("\" y1=\"")
                .append(num(y1))
                .append("\" x2=\"")
                .append(num(x2))
                .append("\" y2=\"")
                .append(num(y2))
                .append('"');
        attrs(attrs);
        b.append("/>\n");
        return this;
    }

    Svg rect(double x, double y, double w, double h, String... attrs) {
        b.append("<rect x=\"")
                .append(num(x))
                .append("\" y=\"")
                .append(num(y))
                .append("\" width=\"")
                .append(num(Math.max(0, w)))
                .append("\" height=\"")
                .append(num(Math.max(0, h)))
                .append('"');
        attrs(attrs);
        b.append("/>\n");
        return this;
    }

    Svg circle(double cx, double cy, double r, String... attrs) {
        b.append("<circle cx=\"")
                .append(num(cx))
                .append("\" cy=\"")
                .append(num(cy))
                .append("\" r=\"")
                .append(num(r))
                .append('"');
        attrs(attrs);
        b.append("/>\n");
        return this;
    }

    /** A path; {@code d} must be built from numbers and path commands only (see {@link #polylinePath}). */
    Svg path(String d, String... attrs) {
        b.append("<path d=\"").append(escape(d)).append('"');
        attrs(attrs);
        b.append("/>\n");
        return this;
    }

    /** A text element with escaped content. */
    Svg text(double x, double y, String text, String... attrs) {
        b.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append('"');
        attrs(attrs);
        b.append('>').append(escape(text)).append("</text>\n");
        return this;
    }

    /** Raw markup from another {@code Svg} method's output or a constant: never pass data text here. */
    Svg raw(String markup) {
        b.append(markup);
        return this;
    }

    /** Path data of a polyline through {@code xs[i], ys[i]}. */
    static String polylinePath(double[] xs, double[] ys) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            d.append(i == 0 ? 'M' : 'L').append(num(xs[i])).append(' ').append(num(ys[i]));
        }
        return d.toString();
    }

    private void attrs(String... attrs) {
        if (attrs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        for (int i = 0; i < attrs.length; i += 2) {
            b.append(' ')
                    .append(attrs[i])
                    .append("=\"")
                    .append(escape(attrs[i + 1]))
                    .append('"');
        }
    }

    /** Closes the drawing and returns its markup. */
    String finish() {
        if (openGroups != 0) {
            throw new IllegalStateException(openGroups + " group(s) left open");
        }
        return b.append("</svg>\n").toString();
    }
}
