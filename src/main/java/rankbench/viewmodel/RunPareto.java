package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.training.RunStatus;

/**
 * The Pareto chart's data for a list of runs and an x axis (no JavaFX): points, the front and the runs left
 * out. Only runs with a result ({@link Run#hasResult()}) are points; diverged and failed runs are listed as
 * excluded, never drawn. A run with a fine-tuned validation accuracy gives two points, compress-only and
 * fine-tuned; its final (fine-tuned) point is the one that competes for the front.
 */
public final class RunPareto {

    /**
     * What the chart shows.
     *
     * @param points the points, in run order (compress-only before fine-tuned)
     * @param excluded runs that are not points, with the reason
     * @param latencyBatch the batch size of the latencies on the x axis (LATENCY only; null otherwise)
     * @param note one line counting the runs left out ("" if none)
     */
    public record Result(List<RunPoint> points, List<ExcludedRun> excluded, Integer latencyBatch, String note) {}

    private RunPareto() {}

    /** Computes the chart's data. */
    public static Result compute(List<Run> runs, ParetoAxis axis) {
        Integer batch = axis == ParetoAxis.LATENCY ? commonLatencyBatch(runs) : null;
        List<ExcludedRun> excluded = new ArrayList<>();
        List<Run> shown = new ArrayList<>();
        for (Run r : runs) {
            String category = exclusion(r, axis, batch);
            if (category == null) {
                shown.add(r);
            } else {
                String why = category;
                if (!r.status().hasResult() && !r.statusMessage().isBlank()) {
                    why = category + ": " + r.statusMessage();
                } else if (category.startsWith("latency at batch")) {
                    why = category + " (the chart shows batch " + batch + ")";
                }
                excluded.add(new ExcludedRun(r.id(), r.label(), category, r.id() + " (" + r.label() + "): " + why));
            }
        }
        List<RunPoint> points = new ArrayList<>();
        for (Run r : shown) {
            RunMetrics m = r.metrics();
            double x = axis.value(m);
            double yFinal = m.validationAccuracy();
            boolean front = true;
            for (Run o : shown) {
                if (o != r && dominates(axis.value(o.metrics()), o.metrics().validationAccuracy(), x, yFinal)) {
                    front = false;
                    break;
                }
            }
            boolean cancelled = r.status() == RunStatus.CANCELLED;
            String details = RunFormat.details(r);
            Double co = m.compressOnlyValidationAccuracy();
            Double ft = m.fineTunedValidationAccuracy();
            boolean paired = co != null && ft != null;
            if (co != null) {
                points.add(new RunPoint(
                        r.id(),
                        r.method(),
                        r.label(),
                        r.status().id(),
                        cancelled,
                        x,
                        co,
                        false,
                        paired,
                        front && ft == null,
                        details));
            }
            if (ft != null) {
                points.add(new RunPoint(
                        r.id(),
                        r.method(),
                        r.label(),
                        r.status().id(),
                        cancelled,
                        x,
                        ft,
                        true,
                        paired,
                        front,
                        details));
            }
        }
        return new Result(List.copyOf(points), List.copyOf(excluded), batch, note(excluded));
    }

    /** Returns true if (xa, ya) dominates (xb, yb): no more cost, no less accuracy, better in one. */
    static boolean dominates(double xa, double ya, double xb, double yb) {
        return xa <= xb && ya >= yb && (xa < xb || ya > yb);
    }

    /** Returns why a run is not a point on this axis (a short category), or null if it is one. */
    private static String exclusion(Run r, ParetoAxis axis, Integer batch) {
        if (!r.status().hasResult()) {
            return r.status().id();
        }
        if (!r.hasResult()) {
            return "no model kept";
        }
        RunMetrics m = r.metrics();
        if (m.validationAccuracy() == null) {
            return "no validation accuracy";
        }
        if (axis.value(m) == null) {
            return axis.missing();
        }
        if (axis == ParetoAxis.LATENCY
                && batch != null
                && m.latencyBatch() != null
                && !batch.equals(m.latencyBatch())) {
            return "latency at batch " + m.latencyBatch();
        }
        return null;
    }

    /** The most common latency batch among runs with a result and a latency (ties: the smaller batch). */
    private static Integer commonLatencyBatch(List<Run> runs) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (Run r : runs) {
            RunMetrics m = r.metrics();
            if (r.hasResult() && m.latencyMs() != null && m.latencyBatch() != null) {
                counts.merge(m.latencyBatch(), 1, Integer::sum);
            }
        }
        Integer best = null;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            if (best == null
                    || e.getValue() > counts.get(best)
                    || (e.getValue().equals(counts.get(best)) && e.getKey() < best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static String note(List<ExcludedRun> excluded) {
        if (excluded.isEmpty()) {
            return "";
        }
        Map<String, Integer> byCategory = new LinkedHashMap<>();
        excluded.forEach(e -> byCategory.merge(e.category(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        byCategory.forEach((c, n) -> parts.add(c + " (" + n + ")"));
        return "Not on the chart: " + String.join(", ", parts) + ".";
    }
}
