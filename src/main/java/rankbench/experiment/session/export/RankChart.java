package rankbench.experiment.session.export;

import static rankbench.experiment.session.export.Html.escape;

import java.util.List;
import java.util.Locale;
import rankbench.experiment.session.Run;

/**
 * The report's per-layer rank chart as inline SVG: one group of bars per compressible layer, one bar per
 * run (color per run), the bar's height the layer's rank in that run (Tucker-2: the output rank Ro) with a
 * dark tick at the full rank of that layer's view under the run's scheme. A layer the run keeps dense has
 * no bar, only a small hollow square on the baseline. The legend is HTML ({@link #legend}), so long labels
 * wrap instead of overlapping.
 */
final class RankChart {

    private static final double LEFT = 56;
    private static final double RIGHT = 16;
    private static final double TOP = 24;
    private static final double BOTTOM = 110;
    private static final double PLOT_H = 300;

    /** One run's column: the run and its layers (same layer order for every run). */
    record Column(Run run, List<LayerRanks.Layer> layers) {}

    private RankChart() {}

    /** Draws the chart of {@code columns} (at least one, all over the same layers). */
    static String svg(List<Column> columns) {
        List<LayerRanks.Layer> layers = columns.get(0).layers();
        int n = layers.size();
        int k = columns.size();
        double plotW = Math.max(1100 - LEFT - RIGHT, n * (k * 4.0 + 8));
        double groupW = plotW / n;
        double barW = Math.min(14, (groupW - 8) / k);
        double width = LEFT + plotW + RIGHT;
        double height = TOP + PLOT_H + BOTTOM;
        Svg svg = new Svg(width, height, "chart ranks", "Per-layer ranks of the runs, grouped by layer");
        int maxRank = 1;
        for (Column c : columns) {
            for (LayerRanks.Layer l : c.layers()) {
                if (l.factorized()) {
                    maxRank = Math.max(maxRank, Math.max(l.fullRank(), l.barRank()));
                }
            }
        }
        Ticks yt = Ticks.of(0, maxRank, 6);
        ParetoChart.Scale sy = new ParetoChart.Scale(0, yt.hi(), TOP + PLOT_H, TOP);
        double base = TOP + PLOT_H;
        svg.rect(LEFT, TOP, plotW, PLOT_H, "class", "plot-area");
        svg.group("class", "grid");
        for (double v : yt.values()) {
            svg.line(LEFT, sy.at(v), LEFT + plotW, sy.at(v));
            svg.text(LEFT - 6, sy.at(v) + 4, yt.label(v), "class", "tick", "text-anchor", "end");
        }
        svg.end();
        svg.text(
                16,
                TOP + PLOT_H / 2,
                "rank",
                "class",
                "axis-label",
                "text-anchor",
                "middle",
                "transform",
                "rotate(-90 16 " + Html.num(TOP + PLOT_H / 2) + ")");
        for (int i = 0; i < n; i++) {
            double g0 = LEFT + i * groupW + (groupW - k * barW) / 2;
            if (i > 0) {
                svg.line(LEFT + i * groupW, base, LEFT + i * groupW, base + 4, "class", "group-tick");
            }
            for (int j = 0; j < k; j++) {
                LayerRanks.Layer l = columns.get(j).layers().get(i);
                Run run = columns.get(j).run();
                String color = Markers.runColor(j);
                double x = g0 + j * barW;
                svg.group("class", l.factorized() ? "bar" : "bar dense", "data-run", run.id());
                svg.tooltip(
                        l.factorized()
                                ? String.format(
                                        Locale.ROOT,
                                        "%s, %s: %s rank %s of %d",
                                        run.id(),
                                        l.layer(),
                                        l.scheme(),
                                        l.text(),
                                        l.fullRank())
                                : run.id() + ", " + l.layer() + ": kept dense"
                                        + (l.reason() == null ? "" : " (" + l.reason() + ")"));
                if (l.factorized()) {
                    double y = sy.at(l.barRank());
                    svg.rect(x + 0.5, y, barW - 1, base - y, "fill", color);
                    double fy = sy.at(l.fullRank());
                    svg.line(x + 0.5, fy, x + barW - 0.5, fy, "class", "full-rank");
                } else {
                    double s = Math.min(barW - 2, 6);
                    svg.rect(
                            x + (barW - s) / 2,
                            base - s - 1,
                            s,
                            s,
                            "fill",
                            "#ffffff",
                            "stroke",
                            color,
                            "stroke-width",
                            "1.2");
                }
                svg.end();
            }
            double lx = LEFT + i * groupW + groupW / 2 + 4;
            double ly = base + 14;
            svg.text(
                    lx,
                    ly,
                    layers.get(i).layer(),
                    "class",
                    "layer-label",
                    "text-anchor",
                    "end",
                    "transform",
                    "rotate(-45 " + Html.num(lx) + " " + Html.num(ly) + ")");
        }
        svg.text(
                LEFT + plotW,
                TOP - 8,
                "bar: rank; dark tick: full rank of the layer; small square: kept dense",
                "class",
                "note",
                "text-anchor",
                "end");
        return svg.finish();
    }

    /** The chart's legend as HTML: a color swatch and the run's id and label per column. */
    static String legend(List<Column> columns) {
        StringBuilder h = new StringBuilder("<ul class=\"legend\">");
        for (int j = 0; j < columns.size(); j++) {
            Run r = columns.get(j).run();
            h.append("<li><span class=\"swatch\" style=\"background:")
                    .append(Markers.runColor(j))
                    .append("\"></span>")
                    .append(escape(r.id()))
                    .append(": ")
                    .append(escape(r.label()))
                    .append("</li>");
        }
        return h.append("</ul>\n").toString();
    }
}
