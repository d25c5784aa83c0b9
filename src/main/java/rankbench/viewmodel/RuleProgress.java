package rankbench.viewmodel;

import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import rankbench.experiment.methods.OneShotRules;

/**
 * A one-shot rule's progress, reported on the selecting thread and shown on the UI thread as a fraction and a
 * line ("latency, 1.3x faster (batch 128): 4 / 21 layers timed (staircases)"); the latency rule's two phases
 * say what is being measured. Steps of a selection that is no longer {@code current} are dropped.
 */
final class RuleProgress implements OneShotRules.Progress {

    private final UiExecutor ui;
    private final BooleanSupplier current;
    private final String rule;
    private final BiConsumer<Double, String> show;
    private volatile OneShotRules.Phase phase;

    /**
     * Creates a report.
     *
     * @param current checked on the UI thread: false once another selection (or model) replaced this one
     * @param rule the rule's description
     * @param show sets the fraction done and the line, on the UI thread
     */
    RuleProgress(UiExecutor ui, BooleanSupplier current, String rule, BiConsumer<Double, String> show) {
        this.ui = ui;
        this.current = current;
        this.rule = rule;
        this.show = show;
    }

    @Override
    public void phase(OneShotRules.Phase p) {
        phase = p;
    }

    @Override
    public void step(int done, int total) {
        OneShotRules.Phase p = phase;
        String what = p == null
                ? "measurements"
                : p == OneShotRules.Phase.LATENCY
                        ? "layers timed (staircases)"
                        : "accuracy evaluations on held-out images";
        String line = String.format(Locale.ROOT, "%s: %d / %d %s", rule, done, total, what);
        ui.execute(() -> {
            if (current.getAsBoolean()) {
                show.accept((double) done / total, line);
            }
        });
    }
}
