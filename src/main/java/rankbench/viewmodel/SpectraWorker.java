package rankbench.viewmodel;

import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

/**
 * The plan editor's singular values, computed on one background worker ({@link Workers#spectra()}) into the
 * shared {@link SpectrumCache}. Two queues: requests (a scheme the user picked, the schemes a plan to apply
 * needs) run first; the warm-up of every scheme of every layer runs when no request waits, so a later scheme
 * change usually finds its values cached. A request waits at most for the one warm-up step that is running.
 *
 * <p>A new model supersedes everything of the previous one: its queued work is skipped and its answers are
 * dropped. Cancelling the warm-up (its job in the status bar) leaves the requests alone.
 *
 * <p>Without a worker (null, as in tests) every request is computed on the calling thread and there is no
 * warm-up. Threading: call on the UI thread; answers and warm-up progress come back through the
 * {@link UiExecutor}.
 */
final class SpectraWorker {

    /** The layer whose schemes the warm-up computes. */
    record Target(String layer, Tensor weight, List<Scheme> schemes) {}

    private static final Logger LOG = LoggerFactory.getLogger(SpectraWorker.class);

    private final Executor worker;
    private final UiExecutor ui;
    private final Deque<Runnable> requests = new ConcurrentLinkedDeque<>();
    private final Deque<Runnable> warmUp = new ConcurrentLinkedDeque<>();
    private final ReadOnlyBooleanWrapper warming = new ReadOnlyBooleanWrapper(this, "warming");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final Command cancelWarmUp;
    private volatile SpectrumCache cache = new SpectrumCache();
    private volatile long generation;
    private volatile long warmGeneration;
    private int warmDone;
    private int warmTotal;

    /**
     * Creates the worker of one editor.
     *
     * @param worker the thread the values are computed on (null: the calling thread, no warm-up)
     */
    SpectraWorker(Executor worker, UiExecutor ui) {
        this.worker = worker;
        this.ui = ui;
        this.cancelWarmUp = new Command(this::cancelWarmUp, warming);
    }

    /**
     * Warms off the UI thread what showing {@code plans} needs: the scheme each layer of each plan gets (both
     * unfoldings under Tucker-2), so opening a session applies its plan without computing.
     */
    static void warmPlans(SavedModel m, List<LayerInfo> infos, SpectrumCache cache, List<RankPlan> plans) {
        for (RankPlan plan : plans) {
            for (LayerInfo l : infos) {
                LayerPlan p = plan.get(l.name());
                if (p == null) {
                    continue;
                }
                Scheme s = LayerViewModel.schemeFor(l, p);
                Tensor w = m.weights().get(l.name() + ".weight");
                if (w == null) {
                    continue;
                }
                for (int mode : s == Scheme.TUCKER2 ? new int[] {0, 1} : new int[] {-1}) {
                    cache.values(l.name(), w, s, mode, true);
                }
            }
        }
    }

    /** The source of one layer of the current model ({@code weight} is read on the worker: do not modify it). */
    LayerSpectra source(String layer, Tensor weight) {
        SpectrumCache c = cache;
        return new LayerSpectra() {
            @Override
            public Views cached(Scheme s) {
                return LayerSpectra.views(s, (sc, mode) -> c.cachedValues(layer, weight, sc, mode, true));
            }

            @Override
            public Views compute(Scheme s) {
                return SpectraWorker.compute(c, layer, weight, s);
            }

            @Override
            public void request(Scheme s, BiConsumer<Views, Throwable> done) {
                SpectraWorker.this.request(c, layer, weight, s, done);
            }
        };
    }

    private static LayerSpectra.Views compute(SpectrumCache c, String layer, Tensor weight, Scheme s) {
        return LayerSpectra.views(s, (sc, mode) -> c.values(layer, weight, sc, mode, true));
    }

    private void request(
            SpectrumCache c, String layer, Tensor weight, Scheme s, BiConsumer<LayerSpectra.Views, Throwable> done) {
        if (worker == null) {
            LayerSpectra.Views v;
            try {
                v = compute(c, layer, weight, s);
            } catch (RuntimeException e) {
                done.accept(null, e);
                return;
            }
            done.accept(v, null);
            return;
        }
        long gen = generation;
        requests.add(() -> {
            if (gen != generation) {
                return;
            }
            LayerSpectra.Views v = null;
            Throwable error = null;
            try {
                v = compute(c, layer, weight, s);
            } catch (RuntimeException | Error e) {
                error = e;
            }
            LayerSpectra.Views result = v;
            Throwable err = error;
            ui.execute(() -> {
                if (gen == generation) {
                    done.accept(result, err);
                }
            });
        });
        submit();
    }

    /**
     * Queues the warm-up of every scheme of {@code targets} behind every request (Tucker-2: both unfoldings);
     * what is cached already is skipped. Replaces a running warm-up.
     */
    void warmUp(List<Target> targets) {
        if (worker == null) {
            return;
        }
        cancelWarmUp();
        SpectrumCache c = cache;
        long gen = generation;
        long warm = warmGeneration;
        int total = 0;
        for (Target t : targets) {
            for (Scheme s : t.schemes()) {
                warmUp.add(() -> {
                    if (gen != generation || warm != warmGeneration) {
                        return;
                    }
                    try {
                        compute(c, t.layer(), t.weight(), s); // a lookup where cached already
                    } catch (RuntimeException e) {
                        LOG.warn("could not warm the spectra of {} under {}", t.layer(), s.id(), e);
                    }
                    ui.execute(() -> warmed(warm));
                });
                total++;
            }
        }
        if (total == 0) {
            return;
        }
        warmDone = 0;
        warmTotal = total;
        progress.set(0);
        warming.set(true);
        for (int i = 0; i < total; i++) {
            submit();
        }
    }

    private void warmed(long warm) {
        if (warm != warmGeneration) {
            return;
        }
        warmDone++;
        progress.set((double) warmDone / warmTotal);
        if (warmDone >= warmTotal) {
            warming.set(false);
        }
    }

    private void submit() {
        try {
            worker.execute(this::runNext);
        } catch (RejectedExecutionException e) {
            LOG.debug("the spectra worker has stopped (the window closed)", e);
        }
    }

    /** Runs the next queued step: a request if one waits, else a warm-up step (one call per queued step). */
    private void runNext() {
        Runnable next = requests.poll();
        if (next == null) {
            next = warmUp.poll();
        }
        if (next != null) {
            next.run();
        }
    }

    /** Stops the warm-up (queued steps are skipped; the running one finishes); requests go on. */
    private void cancelWarmUp() {
        warmGeneration++;
        warmUp.clear();
        warming.set(false);
        progress.set(-1);
    }

    /**
     * Another model, whose values go to {@code c}: the previous model's queued work is skipped and its
     * answers dropped.
     */
    void newModel(SpectrumCache c) {
        cache = c;
        generation++;
        requests.clear();
        cancelWarmUp();
    }

    /** True while the warm-up runs (the status bar lists it as a job). */
    ReadOnlyBooleanProperty warmingProperty() {
        return warming.getReadOnlyProperty();
    }

    /** Warm-up progress 0..1 (-1 when none runs). */
    ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Stops the warm-up (executable while it runs). */
    Command cancelWarmUpCommand() {
        return cancelWarmUp;
    }
}
