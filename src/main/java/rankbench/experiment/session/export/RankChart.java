package rankbench.experiment.session.export;

import java.util.List;
import java.util.Locale;
import rankbench.experiment.session.Run;

/**
 * The report's per-layer rank chart as inline SVG: one group of bars per compressible layer, one bar per
 * run (colour per run), the bar's height the layer's rank in that run (Tucker-2: the output rank Ro); a
 * layer the run keeps dense is drawn as a pale bar up to its full rank. A grey tick marks each
 * layer's full rank.
 */
final class RankChart {

    private static final double LEFT = 56;
    private static final double RIGHT = 16;
    private static final double TOP = 20;
    private static final double BOTTOM = 120;
    private static final double PLOT_H = 300;

    /** One run's column: the run and its layers (same layer order for every run). */
    record Column(Run run, List<LayerRanks.Layer> layers) {}

    private RankChart() {}

    /** Draws the chart of {@code columns} (at least one, all over the same layers). */
    static String svg(List<Column> columns) {
        List<LayerRanks.Layer> layers = columns.get(0).layers();
        int n = layers.size();
        int k = columns.size();
        double barW = Math.max(3, Math.min(14, 600.0 / Math.max(1, n * k)));
        double groupW = k * barW + Math.max(8, barW * 1.5);
        double plotW = Math.max(640, n * groupW);
        groupW = plotW / n;
        double width = LEFT + plotW + RIGHT;
        double height = TOP + PLOT_H + BOTTOM + 24 * ((k + 3) / 4);
        Svg svg = new Svg(width, height, "chart ranks", "Per-layer ranks of the runs, grouped by layer");
        int maxRank = 1;
        for (Column c : columns) {
            for (LayerRanks.Layer l : c.layers()) {
                maxRank = Math.max(maxRank, Math.max(l.fullRank(), l.barRank()));
            }
        }
        Ticks yt = Ticks.of(0, maxRank, 6);
        ParetoChart.Scale sy = new ParetoChart.Scale(0, yt.hi(), TOP + PLOT_H, TOP);
        svg.rect(LEFT, TOP, plotW, PLOT_H, "class", "plot-area");
        svg.group("class", "grid");
        for (double v : yt.values()) {
            svg.line(LEFT, sy.at(v), LEFT + plotW, sy.at(v));
            svg.text(LEFT - 6, sy.at(v) + 4, yt.label(v), "class", "tick", "text-anchor", "end");
        }
        svg.end();
        svg.text(16, TOP + PLOT_H / 2, "rank", "class", "axis-label", "text-anchor", "middle",
                "transform", "rotate(-90 16 " + Html.num(TOP + PLOT_H / 2) + ")");
        for (int i = 0; i < n; i++) {
            double g0 = LEFT + i * groupW + (groupW - k * barW) / 2;
            for (int j = 0; j < k; j++) {
                LayerRanks.Layer l = columns.get(j).layers().get(i);
                Run run = columns.get(j).run();
                String colour = Markers.runColour(j);
                double x = g0 + j * barW;
                double y = sy.at(l.barRank());
                svg.group("class", l.factorised() ? "bar" : "bar dense", "data-run", run.id());
                svg.tooltip(String.format(Locale.ROOT, "%s, %s: %s%s (full rank %d)", run.id(), l.layer(),
                        l.factorised() ? (l.scheme() + " rank ") : "", l.text(), l.fullRank()));
                if (l.factorised()) {
                    svg.rect(x + 0.5, y, barW - 1, TOP + PLOT_H - y, "fill", colour);
                } else {
                    svg.rect(x + 0.5, y, barW - 1, TOP + PLOT_H - y, "fill", colour, "fill-opacity", "0.16");
                }
                svg.end();
            }
            int full = columns.get(0).layers().get(i).fullRank();
            double fy = sy.at(full);
            svg.line(g0 - 2, fy, g0 + k * barW + 2, fy, "class", "full-rank");
            double lx = LEFT + i * groupW + groupW / 2;
            double ly = TOP + PLOT_H + 10;
            svg.text(lx, ly, layers.get(i).layer(), "class", "layer-label", "text-anchor", "end",
                    "transform", "rotate(-50 " + Html.num(lx) + " " + Html.num(ly) + ")");
        }
        double ly = TOP + PLOT_H + BOTTOM;
        double colW = plotW / 4;
        svg.group("class", "legend");
        for (int j = 0; j < k; j++) {
            double x = LEFT + (j % 4) * colW;
            double y = ly + 24 * (j / 4);
            svg.rect(x, y - 10, 12, 12, "fill", Markers.runColour(j));
            Run r = columns.get(j).run();
            svg.text(x + 18, y, r.id() + ": " + shorten(r.label(), 34));
        }
        svg.end();
        svg.text(LEFT + plotW, TOP - 6, "pale bar: layer kept dense (drawn at full rank); dark tick: full rank", "class",
                "note", "text-anchor", "end");
        return svg.finish();
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
