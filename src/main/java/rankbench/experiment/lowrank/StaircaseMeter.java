package rankbench.experiment.lowrank;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.model.LayerInfo;

/**
 * Measures a model's {@link LatencyTable}: for each target layer its {@link LatencyStaircase} (dense
 * and every candidate form, timed alternately by {@link LatencyMeter#denseAndForms}), for the other compressible
 * layers their dense time. Layers of equal geometry are measured once. Staircases come from the
 * {@link LatencyCache} when it holds a trusted file for the same key, and are stored there after
 * measuring; a layer that is not a target is measured and cached the same way (its forms are then left
 * out of the table), so that its dense time, part of the dense sum every speed-up budget divides, is the
 * same in every run that reads the cache (the window and {@code select} give the same plan).
 */
public final class StaircaseMeter {

    private static final Logger LOG = LoggerFactory.getLogger(StaircaseMeter.class);

    private final LatencyMeter meter;
    private final LatencyKey.Machine machine;
    private final List<Scheme> schemes;
    private final int multiple;
    private final LatencyCache cache;
    private final boolean remeasure;

    /**
     * Creates a meter.
     *
     * @param meter times single layers (batch, warm-up, repeats)
     * @param machine this machine (see {@link LatencyKey.Machine#current()})
     * @param schemes schemes to measure for convs (linear layers always use {@link Scheme#LINEAR})
     * @param multiple candidate ranks are multiples of this
     * @param cache where staircases are kept (null: none)
     * @param remeasure true to measure even when the cache holds a staircase (and replace it)
     */
    public StaircaseMeter(
            LatencyMeter meter,
            LatencyKey.Machine machine,
            List<Scheme> schemes,
            int multiple,
            LatencyCache cache,
            boolean remeasure) {
        if (schemes == null || schemes.isEmpty()) {
            throw new IllegalArgumentException("give at least one scheme to measure");
        }
        if (multiple < 1) {
            throw new IllegalArgumentException("the rank multiple must be >= 1, got " + multiple);
        }
        this.meter = meter;
        this.machine = machine;
        this.schemes = List.copyOf(schemes);
        this.multiple = multiple;
        this.cache = cache;
        this.remeasure = remeasure;
    }

    /** Returns the cache key of a layer's staircase. */
    public LatencyKey key(LayerInfo l) {
        return new LatencyKey(
                LatencyKey.FORMAT,
                machine,
                meter.batchSize(),
                meter.warmup(),
                meter.repeats(),
                multiple,
                schemes,
                LatencyKey.geometry(l));
    }

    /** Returns the candidate forms measured for a layer. */
    public List<LayerPlan> candidates(LayerInfo l) {
        return LatencyStaircase.candidates(l, schemes, multiple);
    }

    /** Reports how many layers of a table are done (measured or read from the cache). */
    @FunctionalInterface
    public interface Progress {
        /** Nothing is reported. */
        Progress NONE = (done, total) -> {};

        /** Called on the measuring thread after each layer. */
        void step(int done, int total);
    }

    /**
     * Measures (or reads from the cache) the table of {@code layers}, every compressible layer of the
     * model in forward order; layers named in {@code targets} get a full staircase.
     */
    public LatencyTable measure(List<LayerInfo> layers, Collection<String> targets) {
        return measure(layers, targets, Progress.NONE, () -> false);
    }

    /**
     * As {@link #measure(List, Collection)}, reporting each layer to {@code progress} and stopping with a
     * {@link CancellationException} once {@code cancelled} says so (checked between layers and between rounds of timed forms; staircases
     * already measured stay in the cache).
     */
    public LatencyTable measure(
            List<LayerInfo> layers, Collection<String> targets, Progress progress, BooleanSupplier cancelled) {
        Map<String, LatencyStaircase> byGeometry = new HashMap<>();
        Map<String, LatencyStaircase> out = new LinkedHashMap<>();
        int done = 0;
        for (LayerInfo l : layers) {
            check(cancelled);
            String g = LatencyKey.geometry(l);
            LatencyStaircase s = byGeometry.computeIfAbsent(g, k -> staircase(l, cancelled));
            out.put(l.name(), targets.contains(l.name()) ? s : new LatencyStaircase(s.denseMs(), List.of()));
            progress.step(++done, layers.size());
        }
        return new LatencyTable(out);
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("latency measurement cancelled");
        }
    }

    private LatencyStaircase staircase(LayerInfo l, BooleanSupplier cancelled) {
        LatencyKey key = key(l);
        List<LayerPlan> candidates = candidates(l);
        if (cache != null && !remeasure) {
            Optional<LatencyStaircase> cached = cache.read(key);
            if (cached.isPresent() && matches(cached.get(), candidates)) {
                LOG.debug("{}: staircase from {}", l.name(), cache.file(key));
                return cached.get();
            }
            if (cached.isPresent()) {
                LOG.warn("Ignoring latency cache {}: its forms are not the candidates of {}", cache.file(key), key);
            }
        }
        long t0 = System.nanoTime();
        double[] ms = meter.denseAndForms(l, candidates, cancelled);
        List<LatencyStaircase.Step> steps = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            steps.add(new LatencyStaircase.Step(candidates.get(i), ms[i + 1]));
        }
        LatencyStaircase s = new LatencyStaircase(ms[0], steps);
        LOG.info(
                "{} ({}): dense {} ms, {} forms measured, {} faster, in {} s",
                l.name(),
                key.geometry(),
                String.format(Locale.ROOT, "%.3f", ms[0]),
                steps.size(),
                s.faster().size(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        if (cache != null) {
            cache.write(key, s);
        }
        return s;
    }

    private static boolean matches(LatencyStaircase s, List<LayerPlan> candidates) {
        if (s.steps().size() != candidates.size()) {
            return false;
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (!LatencyStaircase.sameForm(s.steps().get(i).plan(), candidates.get(i))) {
                return false;
            }
        }
        return true;
    }
}
