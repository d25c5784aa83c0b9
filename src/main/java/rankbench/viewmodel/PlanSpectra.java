package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Tensor;

/**
 * The singular values the plan editor needs, computed off the UI thread by its {@link SpectraWorker}: the
 * sources of the layers of the model on screen, the background warm-up of every scheme of every layer (a
 * newer model supersedes it), and plans applied only once every scheme they use is in use or cached (a later
 * plan or another model supersedes a waiting one; if a computation fails the plan is not applied).
 *
 * <p>Threading: UI thread only; the worker's results come back through the {@link UiExecutor}.
 */
final class PlanSpectra {

    private static final Logger LOG = LoggerFactory.getLogger(PlanSpectra.class);

    private final SpectraWorker worker;
    private final UiExecutor ui;
    private List<SpectraWorker.Target> warmTargets = List.of();
    private long modelGeneration;
    private long planTicket;

    /**
     * Creates the spectra of an editor.
     *
     * @param spectraWorker the thread singular values are computed on (null: where asked, no warm-up)
     * @param ui the UI thread
     */
    PlanSpectra(Executor spectraWorker, UiExecutor ui) {
        this.worker = new SpectraWorker(spectraWorker, ui);
        this.ui = ui;
    }

    /** The worker: its warm-up state, progress and cancel command. */
    SpectraWorker worker() {
        return worker;
    }

    /**
     * A new model is on screen, its singular values in {@code cache}: supersedes the warm-up and any waiting
     * plan of the previous one; the layers of the new model then get their sources from {@link #source}.
     */
    void newModel(SpectrumCache cache) {
        worker.newModel(cache);
        modelGeneration++;
        planTicket++;
        warmTargets = new ArrayList<>();
    }

    /** The source of one layer of the new model (do not modify {@code weight}); its schemes join the warm-up. */
    LayerSpectra source(LayerInfo layer, Tensor weight) {
        LayerSpectra s = worker.source(layer.name(), weight);
        warmTargets.add(new SpectraWorker.Target(layer.name(), weight, LayerViewModel.schemes(layer)));
        return s;
    }

    /**
     * Starts the background warm-up of every scheme of every layer of the model on screen, once the work
     * queued on {@code after} now has run (the first evaluation goes first); a newer model supersedes it.
     */
    void warmUp(Executor after) {
        long gen = modelGeneration;
        List<SpectraWorker.Target> targets = List.copyOf(warmTargets);
        Runnable start = () -> ui.execute(() -> {
            if (gen == modelGeneration) {
                worker.warmUp(targets);
            }
        });
        if (after == null) {
            start.run();
        } else {
            after.execute(start);
        }
    }

    /**
     * Runs {@code action}, which applies {@code plan} to {@code layers}, now if every scheme the plan needs is
     * in use or cached, else once the worker has computed the missing ones (back on the UI thread). A later
     * plan or another model supersedes a waiting one; if a computation fails the plan is not applied.
     */
    void whenReady(List<LayerViewModel> layers, RankPlan plan, Runnable action) {
        long ticket = ++planTicket;
        List<LayerViewModel> missing = new ArrayList<>();
        for (LayerViewModel l : layers) {
            if (!l.ready(plan.get(l.getName()))) {
                missing.add(l);
            }
        }
        if (missing.isEmpty()) {
            action.run();
            return;
        }
        int[] left = {missing.size()};
        Throwable[] failure = {null};
        for (LayerViewModel l : missing) {
            l.prepare(plan.get(l.getName()), (views, err) -> {
                if (err != null && failure[0] == null) {
                    failure[0] = err;
                }
                if (--left[0] > 0 || ticket != planTicket) {
                    return;
                }
                if (failure[0] != null) {
                    LOG.error(
                            "could not compute the singular values a plan needs; the plan was not applied", failure[0]);
                    return;
                }
                action.run();
            });
        }
    }
}
