package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

/**
 * A scheme picked in the layer table whose singular values are not cached is computed on the spectra worker,
 * not on the UI thread: the layer keeps its state until the values arrive, then changes exactly as a
 * synchronous change does (one edit); a stale answer is dropped.
 */
class LayerViewModelSchemeTest {

    private static final SavedModel MODEL = ModelFiles.readDefault();
    private static final List<LayerInfo> INFOS =
            NetworkSpec.layers(MODEL.manifest().network(), MODEL.manifest().input());
    private static final String LAYER = "layer1.0.conv1"; // 16x16x3x3: channel 16, spatial 48, input 16

    private final DeferredThreads threads = new DeferredThreads();
    private final List<Boolean> edits = new ArrayList<>();
    private final List<RankPlan> settled = new ArrayList<>();
    private SpectrumCache cache;
    private PlanEditorViewModel editor;

    @BeforeEach
    void start() {
        cache = new SpectrumCache();
        PlanEditorViewModel.warm(MODEL, INFOS, cache); // what loading does off the UI thread
        editor = new PlanEditorViewModel(
                Scheduler.immediate(),
                threads.ui(),
                0,
                new SummaryViewModel(),
                new PlanEditorViewModel.Listener() {
                    @Override
                    public void edited(boolean byUser) {
                        edits.add(byUser);
                    }

                    @Override
                    public void settled(RankPlan plan) {
                        settled.add(plan);
                    }
                },
                threads.worker());
        editor.setModel(MODEL, INFOS, cache);
        threads.drainUi();
    }

    private LayerViewModel layer() {
        return editor.layers().stream()
                .filter(l -> l.getName().equals(LAYER))
                .findFirst()
                .orElseThrow();
    }

    /** Today's behavior: a layer whose every scheme change is computed synchronously. */
    private static LayerViewModel reference() {
        LayerInfo info =
                INFOS.stream().filter(l -> l.name().equals(LAYER)).findFirst().orElseThrow();
        Tensor w = MODEL.weights().get(LAYER + ".weight");
        SpectrumCache c = new SpectrumCache();
        return new LayerViewModel(info, (s, mode) -> c.values(LAYER, w, s, mode, true), () -> {});
    }

    private static void assertSameState(LayerViewModel expected, LayerViewModel actual) {
        assertEquals(expected.getScheme(), actual.getScheme());
        assertEquals(expected.getFullRank(), actual.getFullRank());
        assertEquals(expected.getRank(), actual.getRank());
        assertEquals(expected.getFullInRank(), actual.getFullInRank());
        assertEquals(expected.getInRank(), actual.getInRank());
        assertEquals(expected.plan(), actual.plan());
        assertArrayEquals(
                expected.singularValuesProperty().get(),
                actual.singularValuesProperty().get());
        assertEquals(expected.paramsProperty().get(), actual.paramsProperty().get());
    }

    @Test
    void anUncachedSchemeIsComputedOnTheWorkerAndTheLayerKeepsItsStateUntilThen() throws Exception {
        LayerViewModel l = layer();
        l.setRank(5);
        RankPlan before = editor.currentPlan();
        int computed = cache.computations();
        edits.clear();

        l.schemeProperty().set(Scheme.SPATIAL);

        assertEquals(computed, cache.computations(), "nothing is decomposed on the UI (test) thread");
        assertEquals(Scheme.CHANNEL, l.getScheme());
        assertEquals(Scheme.SPATIAL, l.pendingSchemeProperty().get());
        assertEquals(5, l.getRank());
        assertEquals(16, l.getFullRank());
        assertEquals(before, editor.currentPlan(), "the plan never mixes the new scheme with the old ranks");
        assertEquals(List.of(), edits);

        threads.runWorker();

        assertTrue(cache.computations() > computed, "computed on " + DeferredThreads.WORKER);
        assertEquals(Scheme.CHANNEL, l.getScheme(), "applied on the UI thread, not on the worker");

        threads.drainUi();

        assertEquals(Scheme.SPATIAL, l.getScheme());
        assertNull(l.pendingSchemeProperty().get());
        assertEquals(List.of(true), edits, "one edit");
    }

    @Test
    void afterTheAnswerTheChangeIsTheSynchronousOne() throws Exception {
        LayerViewModel ref = reference();
        LayerViewModel l = layer();

        // dense stays dense: channel 16 -> spatial 48
        ref.schemeProperty().set(Scheme.SPATIAL);
        l.schemeProperty().set(Scheme.SPATIAL);
        threads.settle();
        assertSameState(ref, l);
        assertEquals(48, l.getFullRank());
        assertEquals(48, l.getRank());

        // a rank above the new full rank is clamped: spatial 40 -> input (full 16)
        ref.setRank(40);
        l.setRank(40);
        ref.schemeProperty().set(Scheme.INPUT);
        l.schemeProperty().set(Scheme.INPUT);
        threads.settle();
        assertSameState(ref, l);
        assertEquals(16, l.getRank());

        // a factorized rank within the new full rank is kept; Tucker-2 gets both full ranks of its unfoldings
        ref.setRank(6);
        l.setRank(6);
        ref.schemeProperty().set(Scheme.TUCKER2);
        l.schemeProperty().set(Scheme.TUCKER2);
        threads.settle();
        assertSameState(ref, l);
        assertEquals(6, l.getRank());
        assertEquals(16, l.getFullInRank());
        assertEquals(16, l.getInRank());
    }

    @Test
    void theChangeIsOneUndoableStep() throws Exception {
        LayerViewModel l = layer();
        l.setRank(5);
        RankPlan before = editor.currentPlan();

        l.schemeProperty().set(Scheme.SPATIAL);
        threads.settle();
        assertEquals(Scheme.SPATIAL, l.getScheme());
        assertEquals(5, l.getRank());

        editor.undoCommand().execute(); // channel is cached: undone at once
        assertEquals(before, editor.currentPlan());
        assertEquals(Scheme.CHANNEL, l.getScheme());

        editor.redoCommand().execute();
        assertEquals(Scheme.SPATIAL, l.getScheme());
        assertEquals(5, l.getRank());
    }

    @Test
    void aCachedSchemeIsAppliedAtOnce() throws Exception {
        LayerViewModel l = layer();
        l.schemeProperty().set(Scheme.SPATIAL);
        threads.settle();
        l.schemeProperty().set(Scheme.CHANNEL);
        edits.clear();

        l.schemeProperty().set(Scheme.SPATIAL);

        assertEquals(Scheme.SPATIAL, l.getScheme());
        assertNull(l.pendingSchemeProperty().get());
        assertEquals(0, threads.workerQueued());
        assertEquals(List.of(true), edits);
    }

    @Test
    void aSchemePickedAgainBeforeTheAnswerWins() throws Exception {
        LayerViewModel l = layer();
        l.schemeProperty().set(Scheme.SPATIAL);
        l.schemeProperty().set(Scheme.INPUT);
        assertEquals(Scheme.INPUT, l.pendingSchemeProperty().get());
        edits.clear();

        threads.settle();

        assertEquals(Scheme.INPUT, l.getScheme());
        assertNull(l.pendingSchemeProperty().get());
        assertEquals(List.of(true), edits, "the stale spatial answer is no edit");
    }

    @Test
    void goingBackToTheSchemeInUseDropsThePendingOne() throws Exception {
        LayerViewModel l = layer();
        l.setRank(5);
        RankPlan before = editor.currentPlan();
        l.schemeProperty().set(Scheme.SPATIAL);
        l.schemeProperty().set(Scheme.CHANNEL);
        assertNull(l.pendingSchemeProperty().get());
        edits.clear();

        threads.settle();

        assertEquals(Scheme.CHANNEL, l.getScheme());
        assertEquals(before, editor.currentPlan());
        assertEquals(List.of(), edits);
    }

    @Test
    void aPlanAppliedMeanwhileDropsThePendingScheme() throws Exception {
        LayerViewModel l = layer();
        l.schemeProperty().set(Scheme.SPATIAL);

        editor.reset(); // every layer dense under its default scheme (cached)
        threads.settle();

        assertEquals(Scheme.CHANNEL, l.getScheme());
        assertNull(l.pendingSchemeProperty().get());
        assertEquals(l.getFullRank(), l.getRank());
    }

    @Test
    void anAnswerForAReplacedModelIsDropped() throws Exception {
        LayerViewModel old = layer();
        old.setRank(5);
        RankPlan before = editor.currentPlan();
        old.schemeProperty().set(Scheme.SPATIAL);
        threads.runWorker(); // computed; the answer waits for the UI thread

        editor.setModel(MODEL, INFOS, cache); // another model is loaded first
        edits.clear();
        settled.clear();
        threads.drainUi();

        assertEquals(Scheme.CHANNEL, old.getScheme(), "the replaced layer is left alone");
        assertEquals(5, old.getRank());
        assertEquals(List.of(), edits, "no edit reaches the new model");
        assertEquals(List.of(), settled);
        assertEquals(Scheme.CHANNEL, layer().getScheme());
        assertEquals(layer().getFullRank(), layer().getRank());
        assertEquals(before.layers().keySet(), editor.currentPlan().layers().keySet());
    }

    @Test
    void aRequestQueuedForAReplacedModelIsNotComputed() throws Exception {
        layer().schemeProperty().set(Scheme.SPATIAL);
        editor.setModel(MODEL, INFOS, cache);
        int computed = cache.computations();

        threads.settle();

        assertEquals(computed, cache.computations());
        assertEquals(Scheme.CHANNEL, layer().getScheme());
    }

    @Test
    void aSchemeTheLayerCannotUseIsRefused() {
        LayerViewModel l = layer();
        l.schemeProperty().set(Scheme.LINEAR);
        l.schemeProperty().set(null);
        assertEquals(Scheme.CHANNEL, l.getScheme());
        assertNull(l.pendingSchemeProperty().get());
        assertEquals(0, threads.workerQueued());
    }
}
