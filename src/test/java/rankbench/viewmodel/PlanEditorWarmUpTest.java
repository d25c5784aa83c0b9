package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.session.ExperimentSession;

/**
 * The plan editor's spectra worker: the background warm-up of every scheme, its place behind requests and
 * behind the first evaluation, its end when another model loads, and plans whose schemes are not cached.
 */
class PlanEditorWarmUpTest {

    private static final SavedModel MODEL = ModelFiles.readDefault();
    private static final List<LayerInfo> INFOS =
            NetworkSpec.layers(MODEL.manifest().network(), MODEL.manifest().input());

    private final DeferredThreads threads = new DeferredThreads();
    private final List<RankPlan> settled = new ArrayList<>();
    private SpectrumCache cache;
    private PlanEditorViewModel editor;

    @BeforeEach
    void start() {
        cache = new SpectrumCache();
        PlanEditorViewModel.warm(MODEL, INFOS, cache);
        editor = new PlanEditorViewModel(
                Scheduler.immediate(),
                threads.ui(),
                0,
                new SummaryViewModel(),
                new PlanEditorViewModel.Listener() {
                    @Override
                    public void edited(boolean byUser) {}

                    @Override
                    public void settled(RankPlan plan) {
                        settled.add(plan);
                    }
                },
                threads.worker());
        editor.setModel(MODEL, INFOS, cache);
    }

    private boolean cached(LayerInfo l, Scheme s) {
        Tensor w = MODEL.weights().get(l.name() + ".weight");
        if (s == Scheme.TUCKER2) {
            return cache.cachedValues(l.name(), w, s, 0, true) != null
                    && cache.cachedValues(l.name(), w, s, 1, true) != null;
        }
        return cache.cachedValues(l.name(), w, s, -1, true) != null;
    }

    private LayerViewModel layer(String name) {
        return editor.layers().stream()
                .filter(l -> l.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theWarmUpFillsTheCacheForEverySchemeOfEveryLayerOnTheWorker() throws Exception {
        editor.warmUp(null);
        threads.drainUi();
        assertTrue(editor.warmingProperty().get());
        assertEquals(0, editor.warmProgressProperty().get());
        assertFalse(cached(INFOS.get(1), Scheme.SPATIAL), "nothing computed on the UI thread");

        threads.settle();

        int conv = 0;
        for (LayerInfo l : INFOS) {
            for (Scheme s : LayerViewModel.schemes(l)) {
                assertTrue(cached(l, s), l.name() + " under " + s.id());
            }
            conv += l.isConv() ? 1 : 0;
        }
        assertTrue(conv > 10);
        assertFalse(editor.warmingProperty().get());
        assertEquals(1.0, editor.warmProgressProperty().get());
    }

    @Test
    void afterTheWarmUpEverySchemeChangeIsImmediate() throws Exception {
        editor.warmUp(null);
        threads.settle();
        int computed = cache.computations();

        for (LayerViewModel l : editor.layers()) {
            for (Scheme s : l.schemes()) {
                l.schemeProperty().set(s);
                assertEquals(s, l.getScheme());
                assertNull(l.pendingSchemeProperty().get());
            }
        }
        assertEquals(0, threads.workerQueued());
        assertEquals(computed, cache.computations());
    }

    @Test
    void theWarmUpStartsOnlyAfterWhatIsQueuedOnTheEvaluationWorker() throws Exception {
        DeferredThreads evaluation = new DeferredThreads();

        editor.warmUp(evaluation.worker());
        threads.drainUi();

        assertFalse(editor.warmingProperty().get());
        assertEquals(0, threads.workerQueued());

        evaluation.runWorker(); // the first evaluation has run
        threads.drainUi();

        assertTrue(editor.warmingProperty().get());
        assertTrue(threads.workerQueued() > 0);
    }

    @Test
    void aPickedSchemeGoesBeforeTheWarmUp() throws Exception {
        editor.warmUp(null);
        threads.drainUi();
        LayerViewModel last = editor.layers().get(editor.layers().size() - 2); // a conv layer near the end
        assertTrue(last.info().isConv());

        last.schemeProperty().set(Scheme.INPUT);
        threads.runWorker(1); // one step of the worker
        threads.drainUi();

        assertEquals(Scheme.INPUT, last.getScheme());
        assertTrue(editor.warmingProperty().get(), "the warm-up still has work");
    }

    @Test
    void anotherModelStopsTheWarmUp() throws Exception {
        editor.warmUp(null);
        threads.drainUi();
        threads.runWorker(3);

        editor.setModel(MODEL, INFOS, cache);
        int computed = cache.computations();
        threads.settle();

        assertEquals(computed, cache.computations(), "the old warm-up's queued steps are skipped");
        assertFalse(editor.warmingProperty().get());
    }

    @Test
    void cancellingTheWarmUpSkipsItsQueuedSteps() throws Exception {
        editor.warmUp(null);
        threads.drainUi();

        editor.cancelWarmUpCommand().execute();
        int computed = cache.computations();
        threads.settle();

        assertEquals(computed, cache.computations());
        assertFalse(editor.warmingProperty().get());
        assertFalse(editor.cancelWarmUpCommand().executableProperty().get());
    }

    @Test
    void aPlanWhoseSchemesAreNotCachedIsAppliedWholeOnceTheWorkerHasThem() throws Exception {
        RankPlan before = editor.currentPlan();
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        m.put("layer1.0.conv1", LayerPlan.of(Scheme.SPATIAL, 7));
        m.put("layer2.0.conv1", LayerPlan.tucker2(5, 3));
        RankPlan plan = new RankPlan(m);
        int computed = cache.computations();

        editor.applyPlan(plan);

        assertEquals(computed, cache.computations(), "nothing is decomposed on the UI thread");
        assertEquals(before, editor.currentPlan(), "nothing applied yet");
        assertEquals(List.of(), settled);

        threads.settle();

        assertEquals(Scheme.SPATIAL, layer("layer1.0.conv1").getScheme());
        assertEquals(7, layer("layer1.0.conv1").getRank());
        assertEquals(Scheme.TUCKER2, layer("layer2.0.conv1").getScheme());
        assertEquals(5, layer("layer2.0.conv1").getRank());
        assertEquals(3, layer("layer2.0.conv1").getInRank());
        assertEquals(List.of(editor.currentPlan()), settled, "settled once, as one step");
        editor.undoCommand().execute();
        assertEquals(before, editor.currentPlan());
    }

    @Test
    void aNewerPlanSupersedesOneWaitingForItsSpectra() throws Exception {
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        m.put("layer1.0.conv1", LayerPlan.of(Scheme.SPATIAL, 7));
        editor.applyPlan(new RankPlan(m));
        editor.reset();
        threads.settle();

        assertEquals(Scheme.CHANNEL, layer("layer1.0.conv1").getScheme());
        assertEquals(
                layer("layer1.0.conv1").getFullRank(), layer("layer1.0.conv1").getRank());
    }

    @Test
    void openingASessionWarmsItsPlanOffTheUiThread() {
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        m.put("layer1.0.conv1", LayerPlan.of(Scheme.SPATIAL, 7));
        m.put("layer2.0.conv1", LayerPlan.tucker2(5, 3));
        ExperimentSession s =
                ExperimentSession.start("t", "resnet", MODEL, null).withCurrentPlan(new RankPlan(m));
        SpectrumCache c = new SpectrumCache();

        WorkbenchLoader.Loaded loaded = WorkbenchLoader.prepare(s, c);

        assertEquals(INFOS.size(), loaded.layers().size());
        Tensor w1 = MODEL.weights().get("layer1.0.conv1.weight");
        Tensor w2 = MODEL.weights().get("layer2.0.conv1.weight");
        assertNotNull(c.cachedValues("layer1.0.conv1", w1, Scheme.SPATIAL, -1, true));
        assertNotNull(c.cachedValues("layer2.0.conv1", w2, Scheme.TUCKER2, 0, true));
        assertNotNull(c.cachedValues("layer2.0.conv1", w2, Scheme.TUCKER2, 1, true));
        assertNull(c.cachedValues("layer1.0.conv1", w1, Scheme.INPUT, -1, true), "only what the plans use");
    }
}
