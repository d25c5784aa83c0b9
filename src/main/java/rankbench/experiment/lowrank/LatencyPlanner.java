package rankbench.experiment.lowrank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Chooses for each layer of a {@link LatencyTable} a measured form or dense so that the per-layer sum
 * of times meets a {@link LatencyBudget}, at the smallest predicted accuracy drop. The prediction adds
 * up single-layer drops (each layer factorized alone, measured on held-out images).
 *
 * <p>This is a multiple-choice knapsack, solved greedily as in Sinha and Zoltners (1979, "The
 * multiple-choice knapsack problem", Operations Research 27(3)): per layer, the forms faster than dense
 * are reduced to the lower convex hull of (ms saved, drop) starting at dense, so each step along a
 * layer's hull costs more drop per ms saved than the one before; all layers' steps are then taken in
 * order of drop per ms saved until the time budget is met (then steps that are no longer needed are
 * undone, latest first), or, for an accuracy budget, while the summed drop stays within it. A form
 * that is not strictly faster than its dense layer is never chosen. A measured accuracy gain counts as
 * no drop: on a few hundred held-out images it is noise, and a sum of gains would promise accuracy the
 * combined plan does not have.
 */
public final class LatencyPlanner {

    private LatencyPlanner() {}

    /**
     * The outcome for one layer.
     *
     * @param layer layer name
     * @param plan the chosen form, or null if the layer stays dense
     * @param denseMs the dense time
     * @param ms the time of the chosen form (the dense time if dense)
     * @param drop the predicted accuracy drop of the chosen form (0 if dense; a measured gain counts as 0)
     */
    public record Choice(String layer, LayerPlan plan, double denseMs, double ms, double drop) {}

    /**
     * The outcome of planning.
     *
     * @param plan the plan: chosen forms, and target layers kept dense with the reason
     * @param layers every layer of the table, in order
     * @param denseMs the table's dense sum
     * @param plannedMs the table's sum under the plan
     * @param targetMs the time budget (NaN for an accuracy budget)
     * @param predictedDrop sum of the chosen forms' drops
     * @param budget the budget asked for
     * @param met true if the budget is met
     * @param message one line saying what was chosen, or why the budget cannot be met
     */
    public record Result(
            RankPlan plan,
            List<Choice> layers,
            double denseMs,
            double plannedMs,
            double targetMs,
            double predictedDrop,
            LatencyBudget budget,
            boolean met,
            String message) {

        /** Returns {@code denseMs / plannedMs}, the predicted speed-up of the measured layers. */
        public double speedup() {
            return denseMs / plannedMs;
        }
    }

    private record Point(LatencyStaircase.Step step, double saved, double drop) {}

    private record Move(String layer, int index, double dSaved, double dDrop, double slope, int order) {}

    /**
     * Plans {@code table} under {@code budget}.
     *
     * @param table measured per-layer times
     * @param drops per layer, the predicted accuracy drop of each form faster than dense (other forms
     *     may be absent)
     * @param budget what to meet
     * @throws IllegalArgumentException if a faster form has no drop, or a drop is not a number
     */
    public static Result plan(LatencyTable table, Map<String, Map<LayerPlan, Double>> drops, LatencyBudget budget) {
        Map<String, List<Point>> hulls = new LinkedHashMap<>();
        List<Move> moves = new ArrayList<>();
        for (Map.Entry<String, LatencyStaircase> e : table.layers().entrySet()) {
            List<Point> hull = hull(e.getKey(), e.getValue(), drops.getOrDefault(e.getKey(), Map.of()));
            hulls.put(e.getKey(), hull);
            double saved = 0;
            double drop = 0;
            for (int i = 0; i < hull.size(); i++) {
                Point p = hull.get(i);
                double ds = p.saved() - saved;
                double dd = p.drop() - drop;
                moves.add(new Move(e.getKey(), i, ds, dd, dd / ds, moves.size()));
                saved = p.saved();
                drop = p.drop();
            }
        }
        moves.sort(Comparator.comparingDouble(Move::slope)
                .thenComparing(Comparator.comparingDouble(Move::dSaved).reversed())
                .thenComparingInt(Move::order));
        double dense = table.denseMs();
        double target = budget.targetMs(dense);
        Map<String, Integer> level = new HashMap<>();
        List<Move> applied = new ArrayList<>();
        double sum = dense;
        double drop = 0;
        if (budget.kind() == LatencyBudget.Kind.MAX_DROP) {
            Set<String> closed = new HashSet<>();
            for (Move m : moves) {
                if (closed.contains(m.layer())) {
                    continue;
                }
                if (drop + m.dDrop() <= budget.value() + 1e-12) {
                    level.put(m.layer(), m.index());
                    drop += m.dDrop();
                } else {
                    closed.add(m.layer());
                }
            }
        } else {
            for (Move m : moves) {
                if (sum <= target) {
                    break;
                }
                level.put(m.layer(), m.index());
                applied.add(m);
                sum -= m.dSaved();
            }
            for (int i = applied.size() - 1; i >= 0 && sum <= target; i--) { // undo steps no longer needed
                Move m = applied.get(i);
                if (level.get(m.layer()) == m.index() && sum + m.dSaved() <= target) {
                    sum += m.dSaved();
                    level.put(m.layer(), m.index() - 1);
                }
            }
        }
        return result(table, hulls, level, budget, dense, target);
    }

    private static Result result(
            LatencyTable table,
            Map<String, List<Point>> hulls,
            Map<String, Integer> level,
            LatencyBudget budget,
            double dense,
            double target) {
        Map<String, LayerPlan> plan = new LinkedHashMap<>();
        List<Choice> choices = new ArrayList<>();
        double drop = 0;
        for (Map.Entry<String, LatencyStaircase> e : table.layers().entrySet()) {
            String name = e.getKey();
            LatencyStaircase s = e.getValue();
            int i = level.getOrDefault(name, -1);
            if (i >= 0) {
                Point p = hulls.get(name).get(i);
                plan.put(name, p.step().plan());
                choices.add(
                        new Choice(name, p.step().plan(), s.denseMs(), p.step().ms(), p.drop()));
                drop += p.drop();
                continue;
            }
            choices.add(new Choice(name, null, s.denseMs(), s.denseMs(), 0));
            if (s.steps().isEmpty()) {
                continue;
            }
            double best = s.steps().stream()
                    .mapToDouble(LatencyStaircase.Step::ms)
                    .min()
                    .orElse(Double.NaN);
            String why = s.faster().isEmpty()
                    ? String.format(
                            Locale.ROOT,
                            "no measured factorized form is faster than dense (best %.3f ms, " + "dense %.3f ms)",
                            best,
                            s.denseMs())
                    : budget.kind() == LatencyBudget.Kind.MAX_DROP
                            ? "every faster form exceeds the accuracy budget"
                            : "not needed for the budget";
            plan.put(name, LayerPlan.dense(why));
        }
        RankPlan rp = new RankPlan(plan);
        double planned = table.ms(rp);
        boolean met = budget.kind() == LatencyBudget.Kind.MAX_DROP || planned <= target * (1 + 1e-12);
        String message;
        if (!met) {
            message = String.format(
                    Locale.ROOT,
                    "the target of %.2f ms (%.2fx faster than %.2f ms dense) cannot be met: "
                            + "the fastest plan from the measured forms takes %.2f ms (%.2fx)",
                    target,
                    dense / target,
                    dense,
                    planned,
                    dense / planned);
        } else {
            message = String.format(
                            Locale.ROOT,
                            "%.2f ms of %.2f ms dense (%.2fx) by the per-layer sum, predicted "
                                    + "accuracy drop %.2f points",
                            planned,
                            dense,
                            dense / planned,
                            100 * drop)
                    + (budget.kind() == LatencyBudget.Kind.MAX_DROP
                            ? String.format(Locale.ROOT, " (at most %.2f allowed)", 100 * budget.value())
                            : String.format(Locale.ROOT, " (target %.2f ms)", target));
        }
        return new Result(rp, List.copyOf(choices), dense, planned, target, drop, budget, met, message);
    }

    /** The lower convex hull of (saved, drop) of a layer's faster forms, from dense (0, 0) outwards. */
    private static List<Point> hull(String layer, LatencyStaircase s, Map<LayerPlan, Double> drops) {
        List<Point> points = new ArrayList<>();
        for (LatencyStaircase.Step step : s.faster()) {
            Double d = null;
            for (Map.Entry<LayerPlan, Double> e : drops.entrySet()) {
                if (LatencyStaircase.sameForm(e.getKey(), step.plan())) {
                    d = e.getValue();
                }
            }
            if (d == null || !Double.isFinite(d)) {
                throw new IllegalArgumentException("layer '" + layer + "': no accuracy drop for "
                        + step.plan().scheme().id()
                        + " at rank "
                        + (step.plan().ranks() != null
                                ? step.plan().ranks()
                                : step.plan().rank())
                        + (d == null ? "" : " (got " + d + ")"));
            }
            points.add(new Point(step, s.denseMs() - step.ms(), Math.max(0, d)));
        }
        points.sort(Comparator.comparingDouble(Point::saved).thenComparingDouble(Point::drop));
        List<Point> hull = new ArrayList<>();
        for (Point p : points) {
            if (!hull.isEmpty() && hull.get(hull.size() - 1).saved() == p.saved()) {
                continue; // same saving, larger drop
            }
            while (!hull.isEmpty()
                    && slope(hull.size() >= 2 ? hull.get(hull.size() - 2) : null, hull.get(hull.size() - 1))
                            >= slope(hull.get(hull.size() - 1), p)) {
                hull.remove(hull.size() - 1);
            }
            hull.add(p);
        }
        return hull;
    }

    /** Drop per ms saved from {@code a} (null: dense) to {@code b}. */
    private static double slope(Point a, Point b) {
        double s0 = a == null ? 0 : a.saved();
        double d0 = a == null ? 0 : a.drop();
        return (b.drop() - d0) / (b.saved() - s0);
    }
}
