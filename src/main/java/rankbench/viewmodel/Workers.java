package rankbench.viewmodel;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.lowrank.LatencyCache;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.methods.LatencyRule;
import rankbench.experiment.training.TrainingService;

/**
 * The background machinery of the workbench: a debounce scheduler, one evaluation worker owning the
 * {@link PlanEvaluator} (its network is confined to that thread), an optional latency worker, and the
 * training service. Tests pass synchronous stand-ins.
 *
 * @param cache singular values and SVDs shared by all workers (thread-safe)
 * @param scheduler debounce timer
 * @param evaluation the single thread every accuracy evaluation runs on
 * @param evaluator compress-only accuracy, called on {@code evaluation} only
 * @param latency the thread latency measurements run on (null: no measurements)
 * @param meter the latency meter (null: no measurements)
 * @param training fine-tuning, one job at a time
 * @param onClose frees threads and engine resources
 * @param staircase how the latency rule measures and caches its staircases (batch is the rule's default)
 * @param spectra the low-priority thread the plan editor's singular values are computed on (a scheme the user
 *     picks, the warm-up of every scheme); null: on the calling thread, no warm-up (tests)
 */
public record Workers(
        SpectrumCache cache,
        Scheduler scheduler,
        Executor evaluation,
        PlanEvaluator evaluator,
        Executor latency,
        LatencyMeter meter,
        TrainingService training,
        Runnable onClose,
        LatencyRule.Setup staircase,
        Executor spectra) {

    /** Workers without a spectra worker (singular values computed where asked, as in tests). */
    public Workers(
            SpectrumCache cache,
            Scheduler scheduler,
            Executor evaluation,
            PlanEvaluator evaluator,
            Executor latency,
            LatencyMeter meter,
            TrainingService training,
            Runnable onClose,
            LatencyRule.Setup staircase) {
        this(cache, scheduler, evaluation, evaluator, latency, meter, training, onClose, staircase, null);
    }

    /** Workers whose latency rule measures as {@code select --rule latency} does by default (cache in the home). */
    public Workers(
            SpectrumCache cache,
            Scheduler scheduler,
            Executor evaluation,
            PlanEvaluator evaluator,
            Executor latency,
            LatencyMeter meter,
            TrainingService training,
            Runnable onClose) {
        this(cache, scheduler, evaluation, evaluator, latency, meter, training, onClose, defaultStaircase());
    }

    /** The latency rule's default setup: {@code select --rule latency}'s defaults, cached in the home directory. */
    public static LatencyRule.Setup defaultStaircase() {
        return LatencyRule.Setup.of(LatencyMeter.DEFAULT_BATCH, LatencyCache.defaultDirectory());
    }

    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Daemon threads for production use; {@code evalBatch} is the evaluation batch size. */
    public static Workers background(int evalBatch) {
        return background(evalBatch, true);
    }

    /** Daemon threads; without {@code measureLatency} no layer latency is measured. */
    public static Workers background(int evalBatch, boolean measureLatency) {
        SpectrumCache cache = new SpectrumCache();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "debounce"));
        ExecutorService eval = Executors.newSingleThreadExecutor(r -> thread(r, "evaluation"));
        ExecutorService lat = Executors.newSingleThreadExecutor(r -> thread(r, "latency"));
        ExecutorService spectra = Executors.newSingleThreadExecutor(r -> {
            Thread t = thread(r, "spectra");
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        ProjectionEvaluator evaluator = new ProjectionEvaluator(cache, evalBatch);
        TrainingService training = new TrainingService();
        Scheduler scheduler = (delay, task) -> {
            ScheduledFuture<?> f = timer.schedule(task, delay, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
        return new Workers(
                cache,
                scheduler,
                eval,
                evaluator,
                measureLatency ? lat : null,
                measureLatency ? new LatencyMeter(32, 5, 15) : null,
                training,
                () -> {
                    timer.shutdownNow();
                    eval.execute(evaluator::close);
                    eval.shutdown();
                    lat.shutdownNow();
                    spectra.shutdownNow();
                    training.close();
                },
                defaultStaircase(),
                spectra);
    }

    /** The same workers with another latency executor (e.g. one that lists its tasks as jobs). */
    public Workers withLatency(Executor other) {
        return new Workers(
                cache, scheduler, evaluation, evaluator, other, meter, training, onClose, staircase, spectra);
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, "rankbench-" + name + "-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((th, e) -> LOG.error("uncaught error on {}", th.getName(), e));
        return t;
    }
}
