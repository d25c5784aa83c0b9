package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleBooleanProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import rankbench.experiment.lowrank.LatencyKey;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;

/**
 * The latency cache fills every row of the layer table and the whole-model figures from the latency worker,
 * never on the UI thread; a plan change supersedes what was not measured yet; cached forms are not measured
 * again. A fake meter stands in for the engine: its times are a function of the layer and the plan.
 */
class LatencyCacheTest {

    private static final SavedModel MODEL = ModelFiles.readDefault();

    private final ExecutorService uiThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));
    private final ExecutorService latencyThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-latency"));
    private final List<String> measuredOn = Collections.synchronizedList(new ArrayList<>());
    private final List<String> measured = Collections.synchronizedList(new ArrayList<>());
    private final SummaryViewModel summary = new SummaryViewModel();
    private CountDownLatch gate = new CountDownLatch(0);
    /** Counted down when a layer measurement starts (before it waits at the gate). */
    private volatile CountDownLatch entered = new CountDownLatch(0);

    private PlanEditorViewModel editor;
    private LatencyCache cache;

    /**
     * Dense layer: 1 ms + the index of the first layer of its geometry; factorized: half of it; whole model:
     * 10 ms dense, 1 ms less per factorized layer.
     */
    private final LatencyCache.Meter fake = new LatencyCache.Meter() {
        @Override
        public LatencyMeter.LayerLatency layer(LayerInfo layer, LayerPlan plan) {
            try {
                entered.countDown();
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            measuredOn.add(Thread.currentThread().getName());
            measured.add(layer.name() + (plan == null ? "" : "@" + plan.rank()));
            double dense = 1 + firstOfGeometry(layer.name());
            return new LatencyMeter.LayerLatency(layer.name(), dense, plan == null ? Double.NaN : dense / 2);
        }

        @Override
        public double[] models(SavedModel base, RankPlan plan) {
            measuredOn.add(Thread.currentThread().getName());
            measured.add("model" + plan.layers().keySet());
            return new double[] {10, 10 - plan.layers().size()};
        }

        @Override
        public int batch() {
            return 32;
        }
    };

    /** The index of the first layer with the geometry of layer {@code name}. */
    private int firstOfGeometry(String name) {
        String g = LatencyKey.geometry(editor.layers().get(index(name)).info());
        for (int i = 0; i < editor.layers().size(); i++) {
            if (LatencyKey.geometry(editor.layers().get(i).info()).equals(g)) {
                return i;
            }
        }
        return -1;
    }

    /** The number of distinct layer geometries of the model. */
    private long geometries() {
        return editor.layers().stream()
                .map(l -> LatencyKey.geometry(l.info()))
                .distinct()
                .count();
    }

    private int index(String name) {
        for (int i = 0; i < editor.layers().size(); i++) {
            if (editor.layers().get(i).getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void onUi(Runnable r) throws Exception {
        CompletableFuture.runAsync(r, uiThread).get(10, TimeUnit.SECONDS);
    }

    /** Waits until the latency worker and the UI thread have nothing left to do. */
    /**
     * Waits until no measurement is in flight: the count stays the same over three round trips through both
     * threads (a measurement's result goes to the UI thread, which may queue the next one on the worker).
     */
    private void settle() throws Exception {
        int stable = 0;
        for (int i = 0; i < 200; i++) {
            CompletableFuture.runAsync(() -> {}, latencyThread).get(10, TimeUnit.SECONDS);
            int before = measured.size();
            onUi(() -> {});
            CompletableFuture.runAsync(() -> {}, latencyThread).get(10, TimeUnit.SECONDS);
            onUi(() -> {});
            stable = measured.size() == before ? stable + 1 : 0;
            if (stable == 3) {
                return;
            }
        }
        throw new AssertionError("measurements did not settle");
    }

    @BeforeEach
    void start() throws Exception {
        onUi(() -> {
            editor = new PlanEditorViewModel(
                    Scheduler.immediate(), Runnable::run, 0, summary, new PlanEditorViewModel.Listener() {
                        @Override
                        public void edited(boolean byUser) {
                            cache.refresh();
                        }

                        @Override
                        public void settled(RankPlan plan) {
                            cache.request(editor.selectedLayerProperty().get());
                        }
                    });
            UiExecutor ui = r -> uiThread.execute(r);
            cache = new LatencyCache(latencyThread, Scheduler.immediate(), fake, ui, summary, s -> {}, 0);
            editor.setModel(
                    MODEL,
                    NetworkSpec.layers(
                            MODEL.manifest().network(), MODEL.manifest().input()),
                    new SpectrumCache());
            cache.reset(MODEL, editor.layers());
        });
    }

    @AfterEach
    void stop() {
        uiThread.shutdownNow();
        latencyThread.shutdownNow();
    }

    @Test
    void everyRowAndTheWholeModelAreMeasuredOnTheLatencyWorkerOnly() throws Exception {
        settle();
        onUi(() -> {
            for (LayerViewModel l : editor.layers()) {
                assertEquals(
                        String.format(Locale.ROOT, "%.2f / \u2014 ms", 1.0 + firstOfGeometry(l.getName())),
                        l.latencyTextProperty().get(),
                        l.getName());
            }
            assertEquals(
                    "10.00 \u2192 10.00 ms per batch of 32",
                    summary.latencyTextProperty().get());
        });
        assertFalse(measuredOn.isEmpty());
        assertTrue(measuredOn.stream().allMatch("test-latency"::equals), String.valueOf(measuredOn));
        // each geometry once (ResNet-20 has 7 among its 20 layers), and the whole model
        assertEquals(7, geometries());
        assertEquals(geometries() + 1, measured.size(), String.valueOf(measured));
    }

    @Test
    void aPlanChangeMeasuresTheNewFormsOfEveryFactorizedRowAndTheWholeModel() throws Exception {
        settle();
        onUi(() -> {
            RankPlan p = RankPlan.empty();
            for (LayerViewModel l : editor.layers().subList(1, 4)) {
                p = p.with(l.getName(), LayerPlan.of(l.getScheme(), 2));
            }
            editor.applyPlan(p);
        });
        settle();
        onUi(() -> {
            for (LayerViewModel l : editor.layers().subList(1, 4)) {
                double dense = 1 + firstOfGeometry(l.getName()); // one geometry: measured once, on the first
                assertEquals(
                        String.format(Locale.ROOT, "%.2f / %.2f ms", dense, dense / 2),
                        l.latencyTextProperty().get());
            }
            assertEquals(
                    "10.00 \u2192 7.00 ms per batch of 32",
                    summary.latencyTextProperty().get());
            assertEquals("1.43\u00d7 faster", summary.speedupTextProperty().get());
        });
        assertTrue(measuredOn.stream().allMatch("test-latency"::equals));
        int count = measured.size();
        onUi(() -> editor.undoCommand().execute()); // back to dense: everything is cached
        onUi(() -> editor.redoCommand().execute()); // and back to the plan: cached too
        settle();
        assertEquals(count, measured.size(), String.valueOf(measured));
    }

    @Test
    void aPlanChangeSupersedesTheMeasurementsOfThePlanBeforeItThatHaveNotStarted() throws Exception {
        settle();
        gate = new CountDownLatch(1); // the next measurement blocks until released
        onUi(() -> editor.layers().get(1).setRank(3));
        onUi(() -> editor.layers().get(2).setRank(4)); // another form, queued behind the blocked one
        onUi(() -> editor.applyPlan(RankPlan.empty())); // back to dense before anything else started
        gate.countDown();
        settle();
        String second = editor.layers().get(2).getName() + "@4";
        assertFalse(measured.contains(second), "a form no longer on screen was measured: " + measured);
        assertTrue(measured.contains(editor.layers().get(1).getName() + "@3"), String.valueOf(measured));
        assertTrue(measuredOn.stream().allMatch("test-latency"::equals));
    }

    @Test
    void nothingStartsWhileHeldAndWhatIsMissingStartsOnRelease() throws Exception {
        settle();
        int before = measured.size();
        onUi(() -> cache.hold(true)); // an evaluation is running
        onUi(() -> editor.layers().get(1).setRank(3));
        settle();
        assertEquals(before, measured.size(), "measured while held: " + measured);
        onUi(() -> cache.hold(false));
        settle();
        assertTrue(measured.contains(editor.layers().get(1).getName() + "@3"), String.valueOf(measured));
    }

    @Test
    void otherBusyWorkHoldsMeasurementsLikeAnEvaluation() throws Exception {
        settle();
        SimpleBooleanProperty busy = new SimpleBooleanProperty();
        onUi(() -> cache.holdWhile(busy));
        onUi(() -> busy.set(true)); // e.g. the spectra warm-up
        int before = measured.size();
        onUi(() -> editor.layers().get(1).setRank(3));
        settle();
        assertEquals(before, measured.size(), "measured while busy: " + measured);
        onUi(() -> busy.set(false));
        settle();
        assertTrue(measured.contains(editor.layers().get(1).getName() + "@3"), String.valueOf(measured));
    }

    @Test
    void aMeasurementTheEvaluationOverlappedIsDroppedAndTakenAgain() throws Exception {
        settle();
        String form = editor.layers().get(1).getName() + "@3";
        gate = new CountDownLatch(1);
        entered = new CountDownLatch(1);
        onUi(() -> editor.layers().get(1).setRank(3));
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the measurement started");
        onUi(() -> cache.hold(true)); // an evaluation starts while it runs
        gate.countDown();
        settle();
        assertEquals(1, Collections.frequency(measured, form), String.valueOf(measured));
        onUi(() -> cache.hold(false));
        settle();
        assertEquals(2, Collections.frequency(measured, form), "taken again, and kept: " + measured);
    }

    @Test
    void theWorkbenchMeterMeasuresTheWholeModelDenseAndUnderThePlanAsAPair() {
        LatencyCache.Meter m = LatencyCache.of(new LatencyMeter(4, 0, 2), new SpectrumCache());
        double[] dense = m.models(MODEL, RankPlan.empty());
        assertEquals(2, dense.length);
        assertTrue(dense[0] > 0);
        assertEquals(dense[0], dense[1], 0, "a plan that factorizes nothing is the dense model, measured once");
        double[] pair = m.models(MODEL, RankPlan.empty().with("layer3.0.conv2", LayerPlan.of(Scheme.CHANNEL, 16)));
        assertTrue(pair[0] > 0 && pair[1] > 0 && Double.isFinite(pair[0]) && Double.isFinite(pair[1]));
        assertEquals(4, m.batch());
    }
}
