package rankbench.experiment.session.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunMetrics;

/**
 * The report's accuracy-versus-cost chart as inline SVG: validation accuracy (held-out images, never test)
 * against MACs per image, one marker per result run at its final validation accuracy (filled when
 * fine-tuned, hollow when compress-only), a small dot and a thin line from its compress-only accuracy when
 * it was fine-tuned, one color and shape per method, the Pareto front (fewest MACs for the accuracy) as a
 * staircase with its runs ringed, and the dense base model's MACs as a dashed line. Runs without a result
 * (diverged, failed) and runs not measured on validation images are not drawn; {@link #notDrawn} says
 * which.
 */
final class ParetoChart {

    static final double WIDTH = 1100;
    static final double HEIGHT = 520;
    private static final double LEFT = 72;
    private static final double RIGHT = 230;
    private static final double TOP = 24;
    private static final double BOTTOM = 56;

    /** A drawable run: MACs per image and validation accuracies in percent. */
    record Point(Run run, long macs, Double compressOnlyPct, Double fineTunedPct) {
        double finalPct() {
            return fineTunedPct != null ? fineTunedPct : compressOnlyPct;
        }
    }

    private final List<Point> points = new ArrayList<>();
    private final List<String> notDrawn = new ArrayList<>();
    private final Map<String, Integer> methods = new LinkedHashMap<>();
    private final long baseMacs;

    /**
     * Prepares the chart of {@code runs} (in session order).
     *
     * @param runs the session's runs
     * @param baseMacs MACs per image of the session's base model (the dashed reference line)
     */
    ParetoChart(List<Run> runs, long baseMacs) {
        this.baseMacs = baseMacs;
        for (Run r : runs) {
            RunMetrics m = r.metrics();
            if (!r.status().hasResult()) {
                notDrawn.add(r.id() + " (" + r.status().id() + ", not a result)");
            } else if (m.validationAccuracy() == null) {
                notDrawn.add(r.id() + " (no validation accuracy measured)");
            } else if (m.macs() <= 0) {
                notDrawn.add(r.id() + " (no MAC count)");
            } else {
                points.add(new Point(
                        r, m.macs(), pct(m.compressOnlyValidationAccuracy()), pct(m.fineTunedValidationAccuracy())));
                methods.putIfAbsent(r.method(), methods.size());
            }
        }
    }

    private static Double pct(Double fraction) {
        return fraction == null ? null : 100 * fraction;
    }

    /** The drawn runs, in session order. */
    List<Point> points() {
        return List.copyOf(points);
    }

    /** Why runs are missing from the chart ({@code "run-3 (diverged, not a result)"}). */
    List<String> notDrawn() {
        return List.copyOf(notDrawn);
    }

    /**
     * The runs on the Pareto front of final validation accuracy against MACs: no other drawn run has at
     * most its MACs and a higher accuracy, or fewer MACs and the same accuracy. Ordered by MACs.
     */
    List<Point> front() {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingLong(Point::macs).thenComparing(Point::finalPct, Comparator.reverseOrder()));
        List<Point> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (Point p : sorted) {
            if (p.finalPct() > best) {
                front.add(p);
                best = p.finalPct();
            }
        }
        return front;
    }

    /** Draws the chart. */
    String svg() {
        Svg svg = new Svg(
                WIDTH,
                HEIGHT,
                "chart pareto",
                "Pareto chart: validation accuracy against MACs per image, one marker per result run");
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double maxMacs = baseMacs;
        double minPct = Double.POSITIVE_INFINITY;
        double maxPct = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            maxMacs = Math.max(maxMacs, p.macs());
            for (Double a : new Double[] {p.compressOnlyPct(), p.fineTunedPct()}) {
                if (a != null) {
                    minPct = Math.min(minPct, a);
                    maxPct = Math.max(maxPct, a);
                }
            }
        }
        if (points.isEmpty()) {
            minPct = 0;
            maxPct = 100;
        }
        Ticks xt = Ticks.of(0, Math.max(maxMacs, 1) / 1e6 * 1.04, 8);
        double span = Math.max(maxPct - minPct, 1);
        Ticks yt = Ticks.of(Math.max(0, minPct - 0.08 * span), Math.min(100, maxPct + 0.08 * span), 6);
        Scale sx = new Scale(xt.lo(), xt.hi(), LEFT, LEFT + plotW);
        Scale sy = new Scale(yt.lo(), yt.hi(), TOP + plotH, TOP);

        svg.rect(LEFT, TOP, plotW, plotH, "class", "plot-area");
        svg.group("class", "grid");
        for (double v : xt.values()) {
            svg.line(sx.at(v), TOP, sx.at(v), TOP + plotH);
            svg.text(sx.at(v), TOP + plotH + 18, xt.label(v), "class", "tick", "text-anchor", "middle");
        }
        for (double v : yt.values()) {
            svg.line(LEFT, sy.at(v), LEFT + plotW, sy.at(v));
            svg.text(LEFT - 8, sy.at(v) + 4, yt.label(v), "class", "tick", "text-anchor", "end");
        }
        svg.end();
        svg.text(
                LEFT + plotW / 2,
                HEIGHT - 14,
                "MACs per image (millions; FLOPs = 2 \u00d7 MACs)",
                "class",
                "axis-label",
                "text-anchor",
                "middle");
        svg.text(
                18,
                TOP + plotH / 2,
                "validation accuracy (%)",
                "class",
                "axis-label",
                "text-anchor",
                "middle",
                "transform",
                "rotate(-90 18 " + Html.num(TOP + plotH / 2) + ")");

        if (baseMacs > 0) {
            double bx = sx.at(baseMacs / 1e6);
            svg.line(bx, TOP, bx, TOP + plotH, "class", "base-line");
            svg.text(bx - 4, TOP + plotH - 6, "dense base model", "class", "base-label", "text-anchor", "end");
        }

        List<Point> front = front();
        if (!front.isEmpty()) {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < front.size(); i++) {
                Point p = front.get(i);
                double x = sx.at(p.macs() / 1e6);
                double y = sy.at(p.finalPct());
                if (i == 0) {
                    d.append('M').append(Html.num(x)).append(' ').append(Html.num(y));
                } else {
                    d.append('H').append(Html.num(x)).append('V').append(Html.num(y));
                }
            }
            d.append('H').append(Html.num(LEFT + plotW));
            svg.path(d.toString(), "class", "front-line");
        }

        for (Point p : points) {
            if (p.compressOnlyPct() != null && p.fineTunedPct() != null) {
                double x = sx.at(p.macs() / 1e6);
                String color = Markers.methodColor(methods.get(p.run().method()));
                svg.line(
                        x,
                        sy.at(p.compressOnlyPct()),
                        x,
                        sy.at(p.fineTunedPct()),
                        "class",
                        "tune-line",
                        "stroke",
                        color);
                svg.circle(x, sy.at(p.compressOnlyPct()), 2.5, "class", "origin", "fill", color);
            }
        }
        for (Point p : points) {
            drawRun(svg, p, front.contains(p), sx, sy);
        }
        labels(svg, sx, sy, plotW, plotH);
        legend(svg, LEFT + plotW + 18);
        return svg.finish();
    }

    private void drawRun(Svg svg, Point p, boolean onFront, Scale sx, Scale sy) {
        int m = methods.get(p.run().method());
        double x = sx.at(p.macs() / 1e6);
        double y = sy.at(p.finalPct());
        boolean fineTuned = p.fineTunedPct() != null;
        svg.group("class", "run-marker", "data-run", p.run().id());
        Integer images = p.run().metrics().validationImages();
        String tip = String.format(
                Locale.ROOT,
                "%s: %s (%s)\n%.2f M MACs\nvalidation accuracy%s %s%s%s",
                p.run().id(),
                p.run().label(),
                p.run().method(),
                p.macs() / 1e6,
                images == null ? "" : " (" + images + " images)",
                Html.percent(p.run().metrics().validationAccuracy()),
                fineTuned
                        ? " fine-tuned, " + Html.percent(p.run().metrics().compressOnlyValidationAccuracy())
                                + " compress-only"
                        : " compress-only",
                onFront ? "\non the Pareto front" : "");
        svg.tooltip(tip);
        if (onFront) {
            svg.circle(x, y, 10, "class", "front-ring");
        }
        Markers.draw(svg, Markers.methodShape(m), x, y, 5.5, Markers.methodColor(m), !fineTuned);
        svg.end();
    }

    /**
     * Labels the markers with their run ids: runs drawn at the same spot share one label, and each label
     * takes the first of a few places around its marker that overlaps no label placed before it.
     */
    private void labels(Svg svg, Scale sx, Scale sy, double plotW, double plotH) {
        List<double[]> placed = new ArrayList<>();
        List<List<Point>> clusters = new ArrayList<>();
        List<double[]> at = new ArrayList<>();
        for (Point p : points) {
            double x = sx.at(p.macs() / 1e6);
            double y = sy.at(p.finalPct());
            int found = -1;
            for (int i = 0; i < at.size(); i++) {
                if (Math.abs(at.get(i)[0] - x) < 4 && Math.abs(at.get(i)[1] - y) < 4) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                clusters.add(new ArrayList<>(List.of(p)));
                at.add(new double[] {x, y});
            } else {
                clusters.get(found).add(p);
            }
        }
        double[][] offsets = {{10, -9}, {-10, -9}, {10, 15}, {-10, 15}, {0, -15}, {0, 24}};
        for (int c = 0; c < clusters.size(); c++) {
            List<String> ids = clusters.get(c).stream().map(p -> p.run().id()).toList();
            String text = ids.size() <= 4
                    ? String.join(", ", ids)
                    : String.join(", ", ids.subList(0, 3)) + " +" + (ids.size() - 3);
            double w = 6.3 * text.length();
            double x = at.get(c)[0];
            double y = at.get(c)[1];
            double[] chosen = null;
            for (double[] o : offsets) {
                double x0 = o[0] > 0 ? x + o[0] : o[0] < 0 ? x + o[0] - w : x - w / 2;
                double[] box = {x0, y + o[1] - 11, x0 + w, y + o[1] + 2};
                boolean inside = box[0] >= LEFT && box[2] <= LEFT + plotW && box[1] >= 2 && box[3] <= TOP + plotH;
                if (inside && placed.stream().noneMatch(b -> overlaps(b, box))) {
                    chosen = box;
                    break;
                }
            }
            if (chosen == null) {
                chosen = new double[] {x + 10, y - 20, x + 10 + w, y - 9};
            }
            placed.add(chosen);
            svg.text(chosen[0], chosen[3] - 2, text, "class", "point-label");
        }
    }

    private static boolean overlaps(double[] a, double[] b) {
        return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    }

    private void legend(Svg svg, double x) {
        double y = TOP + 8;
        svg.group("class", "legend");
        svg.text(x, y, "method", "class", "legend-title");
        y += 20;
        for (Map.Entry<String, Integer> e : methods.entrySet()) {
            Markers.draw(
                    svg,
                    Markers.methodShape(e.getValue()),
                    x + 7,
                    y - 4,
                    5.5,
                    Markers.methodColor(e.getValue()),
                    false);
            svg.text(x + 20, y, e.getKey());
            y += 20;
        }
        y += 8;
        svg.text(x, y, "accuracy", "class", "legend-title");
        y += 20;
        Markers.draw(svg, Markers.Shape.CIRCLE, x + 7, y - 4, 5.5, "#555555", false);
        svg.text(x + 20, y, "fine-tuned");
        y += 20;
        Markers.draw(svg, Markers.Shape.CIRCLE, x + 7, y - 4, 5.5, "#555555", true);
        svg.text(x + 20, y, "compress-only");
        y += 20;
        svg.line(x + 7, y - 12, x + 7, y + 2, "class", "tune-line", "stroke", "#555555");
        svg.circle(x + 7, y + 2, 2.5, "fill", "#555555");
        svg.text(x + 20, y, "before fine-tuning");
        y += 28;
        svg.line(x, y - 4, x + 14, y - 4, "class", "front-line");
        svg.text(x + 20, y, "Pareto front");
        y += 20;
        svg.circle(x + 7, y - 4, 8, "class", "front-ring");
        svg.text(x + 20, y, "run on the front");
        y += 20;
        svg.line(x + 7, y - 12, x + 7, y + 2, "class", "base-line");
        svg.text(x + 20, y, "dense base model");
        svg.end();
    }

    /** A linear map from data to drawing coordinates. */
    record Scale(double d0, double d1, double p0, double p1) {
        double at(double v) {
            return p0 + (v - d0) / (d1 - d0) * (p1 - p0);
        }
    }
}
