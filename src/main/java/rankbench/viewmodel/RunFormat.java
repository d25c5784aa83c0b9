package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunMetrics;

/** How run figures are written in the run archive (table cells, tooltips, notes): one place for all of them. */
public final class RunFormat {

    /** Training-loop settings every run has; the compact hyperparameter text leaves them out. */
    private static final Set<String> LOOP_SETTINGS =
            Set.of("batch", "schedule", "weightDecay", "maxBatchesPerEpoch", "targets");

    private RunFormat() {}

    /** An accuracy in [0, 1] as {@code "91.23 %"}; {@code "–"} if not measured. */
    public static String percent(Double a) {
        return a == null ? "\u2013" : String.format(Locale.ROOT, "%.2f %%", 100 * a);
    }

    /** A count with an SI suffix: {@code 269434 -> "269.4 k"}, {@code 30800000 -> "30.80 M"}. */
    public static String count(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f G", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2f M", n / 1e6);
        }
        if (n >= 10_000L) {
            return String.format(Locale.ROOT, "%.1f k", n / 1e3);
        }
        return Long.toString(n);
    }

    /** The MAC reduction of a run's model against its starting model ({@code "2.31\u00d7"}); "–" if unknown. */
    public static String macReduction(RunMetrics m) {
        Double r = macReductionValue(m);
        return r == null ? "\u2013" : String.format(Locale.ROOT, "%.2f\u00d7", r);
    }

    /** Base MACs over MACs, or null if either is zero. */
    public static Double macReductionValue(RunMetrics m) {
        return m.macs() > 0 && m.baseMacs() > 0 ? (double) m.baseMacs() / m.macs() : null;
    }

    /** A latency as {@code "4.12 ms"}; "–" if not measured. */
    public static String latency(Double ms) {
        return ms == null ? "\u2013" : String.format(Locale.ROOT, "%.2f ms", ms);
    }

    /** A wall time as {@code "42 s"}, {@code "3 min 05 s"}, {@code "1 h 02 min"}. */
    public static String wallTime(double seconds) {
        if (!(seconds >= 0)) {
            return "\u2013";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /**
     * The run's own settings as one short line ({@code "epochs=3, learningRate=0.01, reduction=2.0"}): every
     * hyperparameter except the training loop's plumbing (batch, schedule, weight decay, batch limits, targets)
     * and the fine-tuning settings other than its epoch count.
     */
    public static String keyHyperparameters(Run run) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : run.hyperparameters().entrySet()) {
            String k = e.getKey();
            if (LOOP_SETTINGS.contains(k) || (k.startsWith("fineTune.") && !k.equals("fineTune.epochs"))) {
                continue;
            }
            parts.add((k.equals("fineTune.epochs") ? "ft.epochs" : k) + "=" + e.getValue());
        }
        return String.join(", ", parts);
    }

    /** Every hyperparameter, one {@code name = value} per line. */
    public static String allHyperparameters(Run run) {
        StringBuilder b = new StringBuilder();
        run.hyperparameters()
                .forEach((k, v) -> b.append(b.length() == 0 ? "" : "\n")
                        .append(k)
                        .append(" = ")
                        .append(v));
        if (b.length() == 0) {
            b.append("no hyperparameters");
        }
        b.append("\nseed = ").append(run.seed());
        return b.toString();
    }

    /**
     * The run's name in comparisons: its id, with its status when it has no result ({@code "run-7 (diverged)"}),
     * so a diverged run's ranks and weights are never mistaken for a result.
     */
    public static String name(Run run) {
        return run.status().hasResult()
                ? run.id()
                : run.id() + " (" + run.status().id() + ")";
    }

    /** The run's status with its message: {@code "diverged: loss became NaN"}. */
    public static String status(Run run) {
        return run.statusMessage().isBlank() ? run.status().id() : run.status().id() + ": " + run.statusMessage();
    }

    /** Several lines describing a run's figures, each saying which accuracy it is. */
    public static String details(Run run) {
        RunMetrics m = run.metrics();
        StringBuilder b = new StringBuilder();
        b.append(run.id()).append(" \u00b7 ").append(run.label()).append('\n');
        b.append("status: ").append(status(run)).append('\n');
        b.append("validation accuracy, compress-only: ").append(percent(m.compressOnlyValidationAccuracy()));
        if (m.fineTunedValidationAccuracy() != null) {
            b.append("\nvalidation accuracy, fine-tuned: ").append(percent(m.fineTunedValidationAccuracy()));
        }
        if (m.testAccuracy() != null) {
            b.append("\ntest accuracy (reported, never used to choose): ").append(percent(m.testAccuracy()));
        }
        b.append("\nparameters: ").append(count(m.params()));
        b.append("\nMACs per image: ")
                .append(count(m.macs()))
                .append(" (")
                .append(macReduction(m))
                .append(" fewer)");
        if (m.latencyMs() != null) {
            b.append("\nlatency: ").append(latency(m.latencyMs()));
            if (m.latencyBatch() != null) {
                b.append(" (batch ").append(m.latencyBatch()).append(')');
            }
        }
        return b.toString();
    }
}
