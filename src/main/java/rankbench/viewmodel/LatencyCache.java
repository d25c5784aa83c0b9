package rankbench.viewmodel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.value.ObservableBooleanValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.LatencyKey;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;

/**
 * Measured latencies of the base model on this CPU, all in the background on the latency worker: every
 * row of the layer table in its current form (dense, or its factor layers), cached per (layer geometry,
 * scheme, ranks, batch), so rows of one geometry show one measurement, and the whole model dense and under
 * the plan on screen (median ms per batch, shown with the measured speed-up in the {@link SummaryViewModel}).
 * The two figures of a pair (a layer dense and factorized, the model dense and under a plan) are measured
 * alternately in one job ({@link LatencyMeter#layer}, {@link LatencyMeter#measurePair}), so a busy CPU (an
 * evaluation or a rule running meanwhile) slows both alike. One measurement runs at a time; the next one is
 * chosen on the UI thread from the plan on screen when the previous one ends, so a plan change supersedes
 * every measurement not yet started (the selected row first, then the whole model, then the other rows).
 * The whole-model measurement of a new plan waits until edits pause ({@code modelDelayMs}), and no
 * measurement starts while the compress-only evaluation or any other listed job runs ({@link #hold},
 * {@link #holdWhile}); one they overlapped is taken again.
 *
 * <p>Threading: UI thread; measurements on the latency executor, never on the UI thread. Without a
 * latency executor or meter nothing is measured.
 */
public final class LatencyCache {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyCache.class);
    private static final String DENSE = "dense";

    /** What is measured (the production meter is {@link #of}; tests pass a fake). */
    interface Meter {
        /** Median ms per batch of the layer dense and, if {@code plan} factorizes it, as its factor layers. */
        LatencyMeter.LayerLatency layer(LayerInfo layer, LayerPlan plan);

        /**
         * Median ms per batch of {@code base} dense and under {@code plan}, measured alternately (both the
         * dense time if the plan factorizes nothing).
         */
        double[] models(SavedModel base, RankPlan plan);

        /** The batch size. */
        int batch();
    }

    /** The meter of the workbench: {@link LatencyMeter} on layers and on the factorized whole model. */
    static Meter of(LatencyMeter meter, SpectrumCache cache) {
        return new Meter() {
            @Override
            public LatencyMeter.LayerLatency layer(LayerInfo layer, LayerPlan plan) {
                return meter.layer(layer, plan);
            }

            @Override
            public double[] models(SavedModel base, RankPlan plan) {
                try (Network dense = base.toNetwork()) {
                    if (plan.layers().values().stream().noneMatch(LayerPlan::factorized)) {
                        double ms = meter.measure(dense);
                        return new double[] {ms, ms};
                    }
                    try (Network f = Factorizer.factorize(base, plan, cache).toNetwork()) {
                        LatencyMeter.Pair p = meter.measurePair(dense, f);
                        return new double[] {p.denseMs(), p.factoredMs()};
                    }
                }
            }

            @Override
            public int batch() {
                return meter.batchSize();
            }
        };
    }

    private final Executor executor;
    private final Scheduler scheduler;
    private final Meter meter;
    private final UiExecutor ui;
    private final SummaryViewModel summary;
    private final Consumer<String> failures;
    private final long modelDelayMs;
    /** Per form: its dense and factorized times, measured in one job (dense forms: the dense time alone). */
    private final Map<String, LatencyMeter.LayerLatency> layerMs = new HashMap<>();
    /** Per plan: {dense ms, plan ms}, measured back to back in one job so both see the same load. */
    private final Map<String, double[]> modelMs = new HashMap<>();

    private final Set<String> failed = new HashSet<>();
    private List<LayerViewModel> layers = List.of();
    private SavedModel model;
    private LayerViewModel preferred;
    private boolean running;
    private final LatencyHold hold = new LatencyHold(this::pump);

    private String scheduledKey;
    private String dueKey;
    private Runnable pendingModel;
    private long generation;
    private boolean closed;

    /** Creates the cache on the workbench's latency worker and meter; {@code failures} shows why one failed. */
    LatencyCache(Workers workers, UiExecutor ui, SummaryViewModel summary, Consumer<String> failures) {
        this(
                workers.latency(),
                workers.scheduler(),
                workers.meter() == null ? null : of(workers.meter(), workers.cache()),
                ui,
                summary,
                failures,
                400);
    }

    /** Creates the cache with an explicit executor and meter (null: nothing is measured). */
    LatencyCache(
            Executor executor,
            Scheduler scheduler,
            Meter meter,
            UiExecutor ui,
            SummaryViewModel summary,
            Consumer<String> failures,
            long modelDelayMs) {
        this.executor = executor;
        this.scheduler = scheduler;
        this.meter = meter;
        this.ui = ui;
        this.summary = summary;
        this.failures = failures;
        this.modelDelayMs = modelDelayMs;
        summary.setLatencyBatch(meter == null || executor == null ? 0 : meter.batch());
    }

    private boolean enabled() {
        return !closed && executor != null && meter != null && model != null;
    }

    /** Measures nothing more (the window closed and its workers stopped). */
    void close() {
        closed = true;
        cancelPendingModel();
    }

    /** Forgets every measurement (a new base model with these layers) and starts measuring them. */
    void reset(SavedModel newModel, List<LayerViewModel> newLayers) {
        layerMs.clear();
        modelMs.clear();
        failed.clear();
        layers = List.copyOf(newLayers);
        model = newModel;
        preferred = null;
        generation++;
        cancelPendingModel();
        scheduledKey = null;
        dueKey = null;
        refresh();
        pump();
    }

    /** Layers of one geometry (shape, stride, padding, input) share their measurements. */
    private String layerKey(LayerViewModel l) {
        LayerPlan p = l.plan();
        return LatencyKey.geometry(l.info()) + "|"
                + (p.factorized() ? p.scheme().id() + "|" + ranks(p) : DENSE) + "|" + meter.batch();
    }

    private String denseKey(LayerViewModel l) {
        return LatencyKey.geometry(l.info()) + "|" + DENSE + "|" + meter.batch();
    }

    private static String ranks(LayerPlan p) {
        return p.ranks() != null ? p.ranks().toString() : String.valueOf(p.rank());
    }

    private RankPlan factorizedPlan() {
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerViewModel l : layers) {
            if (l.plan().factorized()) {
                m.put(l.getName(), l.plan());
            }
        }
        return new RankPlan(m);
    }

    private String modelKey(RankPlan p) {
        return p.layers().isEmpty() ? DENSE + "|" + meter.batch() : p.toJson() + "|" + meter.batch();
    }

    /**
     * Shows the known latency of every layer in its current form (the dense time alone if the form is not
     * measured yet) and of the whole model under the plan on screen; the plan's own whole-model time is
     * measured once edits pause.
     */
    void refresh() {
        if (meter == null) {
            return;
        }
        for (LayerViewModel l : layers) {
            LatencyMeter.LayerLatency t = l.plan().factorized() ? layerMs.get(layerKey(l)) : null;
            if (t == null) {
                t = layerMs.get(denseKey(l)); // the dense time until the form is measured
            }
            if (t != null && !t.layer().equals(l.getName())) { // measured on a layer of the same geometry
                t = new LatencyMeter.LayerLatency(l.getName(), t.denseMs(), t.factoredMs());
            }
            if (!same(t, l.latency())) {
                l.setLatency(t);
            }
        }
        if (enabled()) {
            String key = modelKey(factorizedPlan());
            double[] pair = modelMs.get(key);
            double[] dense = modelMs.get(modelKey(RankPlan.empty()));
            Double denseMs = pair != null ? Double.valueOf(pair[0]) : dense != null ? Double.valueOf(dense[0]) : null;
            Double planMs = pair != null ? Double.valueOf(pair[1]) : null;
            summary.setPlanLatency(denseMs, planMs, failed.contains(key));
            if (!modelMs.containsKey(key) && !key.equals(scheduledKey)) {
                scheduleModel(key); // a new plan: measure it once edits pause
            }
        }
    }

    private static boolean same(LatencyMeter.LayerLatency a, LatencyMeter.LayerLatency b) {
        return a == null ? b == null : a.equals(b);
    }

    private void scheduleModel(String key) {
        cancelPendingModel();
        scheduledKey = key;
        pendingModel = scheduler.schedule(
                modelDelayMs,
                () -> ui.execute(() -> {
                    if (key.equals(scheduledKey) && !closed) {
                        pendingModel = null;
                        dueKey = key;
                        pump();
                    }
                }));
    }

    private void cancelPendingModel() {
        if (pendingModel != null) {
            pendingModel.run();
            pendingModel = null;
        }
    }

    /** Measures what the plan on screen lacks in the background, {@code first} (the selected row) first. */
    void request(LayerViewModel first) {
        preferred = first;
        refresh();
        pump();
    }

    /**
     * Holds new measurements while {@code hold} is true (an evaluation is running: both would share the
     * cores, the evaluation would take longer and the times measured would be wrong); a measurement
     * already running finishes, and its result is dropped and measured again. Releasing starts what is
     * missing.
     */
    void hold(boolean hold) {
        this.hold.evaluation(hold);
    }

    /** Holds new measurements also while {@code busy} is true, as {@link #hold} does (see {@link LatencyHold}). */
    void holdWhile(ObservableBooleanValue busy) {
        hold.holdWhile(busy);
    }

    /** Starts the next missing measurement if none is running and none is held (UI thread). */
    private void pump() {
        if (running || hold.held() || !enabled()) {
            return;
        }
        Runnable job = nextJob();
        if (job == null) {
            return;
        }
        running = true;
        hold.started();
        executor.execute(job);
    }

    private Runnable nextJob() {
        if (preferred != null && layers.contains(preferred) && missing(preferred)) {
            return layerJob(preferred);
        }
        String dense = modelKey(RankPlan.empty());
        if (!modelMs.containsKey(dense) && !failed.contains(dense)) {
            return modelJob(RankPlan.empty());
        }
        RankPlan p = factorizedPlan();
        String key = modelKey(p);
        if (key.equals(dueKey) && !modelMs.containsKey(key) && !failed.contains(key)) {
            return modelJob(p);
        }
        for (LayerViewModel l : layers) {
            if (missing(l)) {
                return layerJob(l);
            }
        }
        return null;
    }

    private boolean missing(LayerViewModel l) {
        String key = l.plan().factorized() ? layerKey(l) : denseKey(l);
        return !layerMs.containsKey(key) && !failed.contains(key);
    }

    private Runnable layerJob(LayerViewModel l) {
        LayerInfo info = l.info();
        LayerPlan plan = l.plan().factorized() ? l.plan() : null;
        String key = plan == null ? denseKey(l) : layerKey(l);
        String dense = denseKey(l);
        return measure(info.name(), key, () -> meter.layer(info, plan), t -> {
            layerMs.putIfAbsent(dense, new LatencyMeter.LayerLatency(info.name(), t.denseMs(), Double.NaN));
            if (plan != null) {
                layerMs.put(key, t);
            }
        });
    }

    private Runnable modelJob(RankPlan plan) {
        SavedModel base = model;
        String key = modelKey(plan);
        return measure("the whole model", key, () -> meter.models(base, plan), ms -> modelMs.put(key, ms));
    }

    private <T> Runnable measure(String what, String key, Callable<T> work, Consumer<T> store) {
        long gen = generation;
        return () -> {
            T t;
            try {
                t = work.call();
            } catch (Exception | Error e) {
                LOG.warn("latency of {} could not be measured", what, e);
                ui.execute(() -> {
                    running = false;
                    hold.ended();
                    if (gen == generation) {
                        failed.add(key);
                        failures.accept(
                                "Latency of " + what + " could not be measured: " + WorkbenchViewModel.message(e));
                        refresh();
                    }
                    pump();
                });
                return;
            }
            ui.execute(() -> {
                running = false;
                if (!hold.ended()) {
                    // timed while an evaluation or a warm-up shared the cores: measured again once they end
                    LOG.debug("latency of {} measured while the cores were busy; measuring it again", what);
                } else if (gen == generation) { // else measured for a model no longer loaded
                    store.accept(t);
                    refresh();
                }
                pump();
            });
        };
    }
}
