package rankbench.viewmodel;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/**
 * The interactive compress-only accuracy: evaluates the base model under a plan on the single evaluation
 * worker ({@link Workers#evaluation()}) on the held-out validation images. If the evaluator predicts the
 * exact figure within {@link #EXACT_TARGET_SECONDS} (after an edit it reruns only the network from the
 * changed layer on), that figure is computed at once; otherwise first on a quarter of the images (an early
 * estimate shown as "≈ …, refining"), then on the rest of the same images, combined into the exact figure. A newer request cancels the running evaluation; a result is shown only if its plan is still the
 * one on screen (and no run's figures are), so a stale result never reaches the summary. Results are
 * cached by plan.
 *
 * <p>Threading: requests and results on the UI thread; the work on the evaluation worker.
 */
public final class EvaluationScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationScheduler.class);

    /**
     * An exact figure predicted to take at most this long is computed at once, without an early estimate
     * (the interaction target: the exact accuracy within 0.3 s of an edit).
     */
    static final double EXACT_TARGET_SECONDS = 0.2;

    private final Workers workers;
    private final UiExecutor ui;
    private final SummaryViewModel summary;
    private final DialogService dialogs;
    private final Consumer<String> status;
    private final Map<RankPlan, Double> accuracies = new HashMap<>();
    private Predicate<RankPlan> onScreen = p -> false;
    private SavedModel model;
    private ImageDataset images;
    private CancellationToken token;
    private RankPlan requested;
    private boolean closed;
    private boolean baseKnown;
    private long editStartedNanos;
    private volatile long lastAccuracyLatencyNanos = -1;
    private volatile long lastEstimateLatencyNanos = -1;
    /** Evaluation jobs submitted and not yet finished (UI thread). */
    private int inFlight;

    private Consumer<Boolean> busy = b -> {};

    EvaluationScheduler(
            Workers workers, UiExecutor ui, SummaryViewModel summary, DialogService dialogs, Consumer<String> status) {
        this.workers = workers;
        this.ui = ui;
        this.summary = summary;
        this.dialogs = dialogs;
        this.status = status;
    }

    /** Told (on the UI thread) when the evaluation worker starts and stops having work of this scheduler. */
    void setBusyListener(Consumer<Boolean> listener) {
        busy = listener;
    }

    private void submitted() {
        if (inFlight++ == 0) {
            busy.accept(true);
        }
    }

    private void finished() {
        if (--inFlight == 0) {
            busy.accept(false);
        }
    }

    /** Which plans may be shown as the current figure (the plan on screen while the base model is shown). */
    void setOnScreen(Predicate<RankPlan> p) {
        onScreen = p;
    }

    /** Evaluates {@code m} on {@code validation} from now on; forgets cached results. */
    void setTarget(SavedModel m, ImageDataset validation) {
        cancel();
        model = m;
        images = validation;
        accuracies.clear();
        requested = null;
        baseKnown = false;
    }

    /** The accuracy on screen is stale (an edit): cancels the running evaluation, shows "evaluating". */
    void invalidate() {
        summary.setEvaluating(true);
        cancel();
    }

    /** Cancels the running evaluation, if any. */
    void cancel() {
        if (token != null) {
            token.cancel();
        }
    }

    /** Stops for good (the window closed): cancels the running evaluation and ignores later requests. */
    void close() {
        closed = true;
        cancel();
    }

    /** The cached compress-only validation accuracy of a plan of the current model, or null. */
    Double known(RankPlan plan) {
        return accuracies.get(plan);
    }

    /**
     * Evaluates {@code plan} (or shows its cached accuracy).
     *
     * @param fromEdit true if an edit asked (records latency from {@code editStartedNanos})
     */
    void evaluate(RankPlan plan, boolean fromEdit, long editStarted) {
        SavedModel m = model;
        ImageDataset test = images;
        if (m == null || test == null || closed) {
            return; // evaluated once both are loaded; nothing after the window closed
        }
        editStartedNanos = editStarted;
        summary.setEvaluating(true);
        Double cached = accuracies.get(plan);
        if (cached != null) {
            cancel();
            requested = null;
            show(plan, cached, test.size(), fromEdit);
            return;
        }
        if (plan.equals(requested) && token != null && !token.isCancelled()) {
            return; // already on its way
        }
        cancel();
        CancellationToken t = new CancellationToken();
        token = t;
        requested = plan;
        PlanEvaluator evaluator = workers.evaluator();
        boolean needBase = !baseKnown && plan.layers().values().stream().anyMatch(LayerPlan::factorized);
        submitted();
        workers.evaluation().execute(() -> {
            try {
                evaluateOnWorker(m, test, plan, t, evaluator, needBase, fromEdit);
            } finally {
                ui.execute(this::finished);
            }
        });
    }

    private void evaluateOnWorker(
            SavedModel m,
            ImageDataset test,
            RankPlan plan,
            CancellationToken t,
            PlanEvaluator evaluator,
            boolean needBase,
            boolean fromEdit) {
        if (t.isCancelled()) {
            return;
        }
        if (needBase) { // the dense figure beside the plan's (e.g. a session opened with a plan on screen)
            try {
                double dense = evaluator.accuracy(m, test, RankPlan.empty(), t);
                if (!t.isCancelled()) {
                    ui.execute(() -> baseEvaluated(m, test, dense));
                }
            } catch (RuntimeException | Error e) {
                // the plan's own evaluation below reports a broken model to the user
                LOG.warn("the dense accuracy beside the plan could not be measured", e);
            }
        }
        double acc = Double.NaN;
        Throwable error = null;
        try {
            int n = test.size();
            boolean fast = evaluator.predictedSeconds(m, test, plan) <= EXACT_TARGET_SECONDS;
            int quick = fast ? 0 : quickImages(n);
            if (quick == 0) {
                acc = evaluator.correct(m, test, plan, 0, n, t) / n;
            } else {
                // An early estimate on the first images, then the rest: same images, same final figure.
                double first = evaluator.correct(m, test, plan, 0, quick, t);
                if (t.isCancelled()) {
                    return;
                }
                double estimate = first / quick;
                ui.execute(() -> provisional(m, test, plan, estimate, quick, fromEdit));
                double second = evaluator.correct(m, test, plan, quick, n, t);
                acc = (first + second) / n;
            }
        } catch (RuntimeException | Error e) {
            error = e;
        }
        if (t.isCancelled()) {
            return; // stale: a newer edit superseded this plan
        }
        double a = acc;
        Throwable err = error;
        ui.execute(() -> evaluated(m, test, plan, a, err, fromEdit));
    }

    /**
     * Images evaluated first for an early estimate: a quarter of a set of 500 or more images (250 of the
     * usual 1 000, about 0.15 s on 2 cores), none for smaller sets.
     */
    static int quickImages(int total) {
        return total >= 500 ? total / 4 : 0;
    }

    private void provisional(SavedModel m, ImageDataset test, RankPlan plan, double acc, int n, boolean fromEdit) {
        if (m == model
                && test == images
                && onScreen.test(plan)
                && summary.evaluatingProperty().get()) {
            summary.setProvisional(acc, n);
            if (fromEdit) {
                lastEstimateLatencyNanos = System.nanoTime() - editStartedNanos;
            }
        }
    }

    private void baseEvaluated(SavedModel m, ImageDataset test, double acc) {
        if (m == model && test == images && !baseKnown) {
            baseKnown = true;
            summary.setBaseAccuracy(acc);
        }
    }

    private void evaluated(
            SavedModel m, ImageDataset test, RankPlan plan, double acc, Throwable err, boolean fromEdit) {
        if (m != model || test != images) {
            return;
        }
        if (plan.equals(requested)) {
            requested = null;
        }
        if (err != null) {
            summary.setEvaluating(false);
            status.accept("Evaluation failed: " + WorkbenchViewModel.message(err));
            dialogs.showError("Cannot evaluate the model", WorkbenchViewModel.message(err));
            return;
        }
        accuracies.put(plan, acc);
        show(plan, acc, test.size(), fromEdit);
    }

    private void show(RankPlan plan, double acc, int n, boolean fromEdit) {
        if (plan.layers().values().stream().noneMatch(LayerPlan::factorized)) {
            baseKnown = true;
            summary.setBaseAccuracy(acc);
        }
        if (onScreen.test(plan)) { // a result for an older plan is never shown as current
            summary.setAccuracy(acc, n);
            summary.setEvaluating(false);
            if (fromEdit) {
                lastAccuracyLatencyNanos = System.nanoTime() - editStartedNanos;
            }
        }
    }

    /** Nanoseconds from the last edit to its early estimate on screen (-1 before the first). */
    long lastEstimateLatencyNanos() {
        return lastEstimateLatencyNanos;
    }

    /** Nanoseconds from the last edit to its full accuracy on screen (-1 before the first). */
    long lastAccuracyLatencyNanos() {
        return lastAccuracyLatencyNanos;
    }
}
