package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.training.TrainingService;

/** The window's spectra worker: the warm-up is a background job, a picked scheme waits for the worker. */
class WorkbenchSpectraTest {

    private static final String JOB = "Singular values of the other schemes";

    private final DeferredThreads threads = new DeferredThreads();
    private final List<RankPlan> evaluated = new ArrayList<>();
    private final TrainingService training = new TrainingService();
    private final SpectrumCache cache = new SpectrumCache();
    private WorkbenchViewModel vm;

    @BeforeEach
    void start() {
        PlanEvaluator fake = (m, images, plan, cancel) -> {
            evaluated.add(plan);
            return 0.9;
        };
        Workers w = new Workers(
                cache,
                Scheduler.immediate(),
                Runnable::run,
                fake,
                null,
                null,
                training,
                () -> {},
                Workers.defaultStaircase(),
                threads.worker());
        vm = new WorkbenchViewModel(
                TaskExecutor.currentThread(),
                threads.ui(),
                new DialogService() {
                    @Override
                    public void showError(String title, String message) {
                        throw new AssertionError(title + ": " + message);
                    }

                    @Override
                    public void notify(String message) {}
                },
                ModelFiles::readDefault,
                new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 50, 50, 0, 64, 16, 2),
                w);
        vm.loadDefaultModel();
        threads.drainUi();
    }

    @AfterEach
    void stop() {
        vm.close();
        training.close();
    }

    private List<String> jobs() {
        return vm.jobs().jobs().stream().map(BackgroundJobs.Job::name).toList();
    }

    @Test
    void theWarmUpIsListedAsAJobUntilItHasComputedEveryScheme() throws Exception {
        assertTrue(jobs().contains(JOB), jobs().toString());
        int before = cache.computations();

        threads.settle();

        assertTrue(cache.computations() > before);
        assertEquals(List.of(), jobs());
    }

    @Test
    void aSchemePickedBeforeTheWarmUpReachedItIsEvaluatedOnceItIsApplied() throws Exception {
        LayerViewModel l = vm.layers().get(vm.layers().size() - 2);
        l.setRank(3);
        threads.drainUi();
        RankPlan before = vm.currentPlan();
        evaluated.clear();

        l.schemeProperty().set(Scheme.INPUT);
        threads.drainUi();

        assertEquals(Scheme.INPUT, l.pendingSchemeProperty().get());
        assertEquals(before, vm.currentPlan());
        assertEquals(List.of(), evaluated, "nothing to evaluate while the plan is unchanged");

        threads.settle();

        assertNull(l.pendingSchemeProperty().get());
        assertEquals(Scheme.INPUT, l.getScheme());
        assertEquals(3, l.getRank());
        assertEquals(List.of(vm.currentPlan()), evaluated);
        vm.undoCommand().execute();
        threads.drainUi();
        assertEquals(before, vm.currentPlan());
    }
}
