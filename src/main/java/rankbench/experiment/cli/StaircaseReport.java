package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rankbench.experiment.lowrank.LatencyPlanner;
import rankbench.experiment.lowrank.LatencyStaircase;
import rankbench.experiment.lowrank.LatencyTable;
import rankbench.experiment.lowrank.LayerPlan;

/** A latency table (and the choice made from it) as JSON and as text. */
final class StaircaseReport {

    private StaircaseReport() {}

    /**
     * Returns the table as JSON: per layer its dense time, every measured form (with its drop when
     * known) and, when a plan was made, the chosen form.
     */
    static ObjectNode json(
            LatencyTable table, Map<String, Map<LayerPlan, Double>> drops, LatencyPlanner.Result planned) {
        ObjectNode n = Json.object();
        n.put("denseMs", table.denseMs());
        ArrayNode arr = n.putArray("layers");
        for (Map.Entry<String, LatencyStaircase> e : table.layers().entrySet()) {
            ObjectNode l = arr.addObject();
            l.put("name", e.getKey());
            l.put("denseMs", e.getValue().denseMs());
            if (planned != null) {
                LatencyPlanner.Choice c = choice(planned, e.getKey());
                l.put("factorized", c.plan() != null);
                l.put("scheme", c.plan() == null ? null : c.plan().scheme().id());
                l.set("rank", c.plan() == null ? null : Json.MAPPER.valueToTree(rank(c.plan())));
                l.put("ms", c.ms());
                l.put("drop", c.drop());
            }
            ArrayNode steps = l.putArray("steps");
            Map<LayerPlan, Double> d = drops == null ? Map.of() : drops.getOrDefault(e.getKey(), Map.of());
            for (LatencyStaircase.Step s : e.getValue().steps()) {
                ObjectNode o = steps.addObject();
                o.put("scheme", s.plan().scheme().id());
                o.set("rank", Json.MAPPER.valueToTree(rank(s.plan())));
                o.put("ms", s.ms());
                o.put("speedup", e.getValue().denseMs() / s.ms());
                o.put("faster", s.ms() < e.getValue().denseMs());
                Double drop = d.get(s.plan());
                if (drop != null) {
                    o.put("drop", drop);
                }
            }
        }
        return n;
    }

    /** Prints every layer's staircase, one line per form. */
    static void staircases(PrintWriter o, LatencyTable table) {
        o.printf(Locale.ROOT, "%-24s %-9s %8s %9s %8s%n", "layer", "scheme", "rank", "ms", "speedup");
        for (Map.Entry<String, LatencyStaircase> e : table.layers().entrySet()) {
            LatencyStaircase s = e.getValue();
            o.printf(Locale.ROOT, "%-24s %-9s %8s %9.3f %8s%n", e.getKey(), "dense", "-", s.denseMs(), "1.00");
            for (LatencyStaircase.Step step : s.steps()) {
                o.printf(
                        Locale.ROOT,
                        "%-24s %-9s %8s %9.3f %8.2f%s%n",
                        "",
                        step.plan().scheme().id(),
                        text(step.plan()),
                        step.ms(),
                        s.denseMs() / step.ms(),
                        step.ms() < s.denseMs() ? "" : "  (not faster)");
            }
        }
        o.printf(Locale.ROOT, "dense sum of the measured layers: %.2f ms%n", table.denseMs());
    }

    /** Prints the choice per layer and the sums. */
    static void choices(PrintWriter o, LatencyPlanner.Result planned, LatencyTable table) {
        o.printf(
                Locale.ROOT,
                "%-24s %9s %-9s %8s %9s %8s %7s%n",
                "layer",
                "dense ms",
                "scheme",
                "rank",
                "ms",
                "drop",
                "faster");
        for (LatencyPlanner.Choice c : planned.layers()) {
            LatencyStaircase s = table.layers().get(c.layer());
            o.printf(
                    Locale.ROOT,
                    "%-24s %9.3f %-9s %8s %9.3f %7.2f%% %7s%n",
                    c.layer(),
                    c.denseMs(),
                    c.plan() == null ? "-" : c.plan().scheme().id(),
                    c.plan() == null ? "dense" : text(c.plan()),
                    c.ms(),
                    100 * c.drop(),
                    s.faster().size() + "/" + s.steps().size());
        }
        o.println("latency plan: " + planned.message());
    }

    private static LatencyPlanner.Choice choice(LatencyPlanner.Result r, String layer) {
        return r.layers().stream()
                .filter(c -> c.layer().equals(layer))
                .findFirst()
                .orElseThrow();
    }

    private static Object rank(LayerPlan p) {
        return p.ranks() != null ? p.ranks() : p.rank();
    }

    private static String text(LayerPlan p) {
        List<Integer> r = p.ranks();
        return r != null ? r.get(0) + "," + r.get(1) : String.valueOf(p.rank());
    }
}
