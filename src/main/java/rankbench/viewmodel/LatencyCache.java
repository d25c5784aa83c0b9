package rankbench.viewmodel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.model.LayerInfo;

/**
 * Measured per-layer latencies of the base model's layers, dense and factorised, measured once per
 * (layer, scheme, rank) on the latency worker and shown in the layer table. Without a latency worker or
 * meter nothing is measured.
 *
 * <p>Threading: UI thread; measurements on {@link Workers#latency()}.
 */
public final class LatencyCache {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyCache.class);

    private final Workers workers;
    private final UiExecutor ui;
    private final Consumer<String> failures;
    private final Map<String, LatencyMeter.LayerLatency> latencies = new HashMap<>();
    private final Set<String> measuring = new HashSet<>();
    private List<LayerViewModel> layers = List.of();
    private long generation;
    private boolean closed;

    /** Creates the cache; {@code failures} shows why a measurement failed (the status line). */
    LatencyCache(Workers workers, UiExecutor ui, Consumer<String> failures) {
        this.workers = workers;
        this.ui = ui;
        this.failures = failures;
    }

    /** Measures nothing more (the window closed and its workers stopped). */
    void close() {
        closed = true;
    }

    /** Forgets every measurement (a new base model with these layers). */
    void reset(List<LayerViewModel> newLayers) {
        latencies.clear();
        measuring.clear();
        layers = List.copyOf(newLayers);
        generation++;
    }

    private static String key(LayerViewModel l) {
        return l.getName() + "|" + (l.plan().factorised() ? l.getScheme().id() + "|" + l.getRank() + "|" + l.getInRank() : "dense");
    }

    /** Shows the known latency of every layer in its current form (dense time only if the form is unmeasured). */
    void refresh() {
        for (LayerViewModel l : layers) {
            LatencyMeter.LayerLatency t = latencies.get(key(l));
            if (t == null) {
                LatencyMeter.LayerLatency d = latencies.get(l.getName() + "|dense");
                t = d == null ? null : new LatencyMeter.LayerLatency(l.getName(), d.denseMs(), Double.NaN);
            }
            if (t != l.latency()) {
                l.setLatency(t);
            }
        }
    }

    /** Measures the layer's latency in its current form in the background, once per (scheme, rank). */
    void request(LayerViewModel l) {
        if (l == null || closed || workers.latency() == null || workers.meter() == null) {
            return;
        }
        String key = key(l);
        if (latencies.containsKey(key)) {
            refresh();
            return;
        }
        if (!measuring.add(key)) {
            return;
        }
        LayerInfo info = l.info();
        LayerPlan plan = l.plan().factorised() ? l.plan() : null;
        LatencyMeter meter = workers.meter();
        long gen = generation;
        workers.latency().execute(() -> {
            LatencyMeter.LayerLatency t;
            try {
                t = meter.layer(info, plan);
            } catch (RuntimeException | Error e) {
                LOG.warn("latency of {} could not be measured", info.name(), e);
                ui.execute(() -> {
                    measuring.remove(key);
                    failures.accept("Latency of " + info.name() + " could not be measured: "
                            + WorkbenchViewModel.message(e));
                });
                return;
            }
            ui.execute(() -> {
                measuring.remove(key);
                if (gen != generation) {
                    return; // measured for a model no longer loaded
                }
                latencies.put(key, t);
                latencies.putIfAbsent(info.name() + "|dense",
                        new LatencyMeter.LayerLatency(info.name(), t.denseMs(), Double.NaN));
                refresh();
            });
        });
    }
}
