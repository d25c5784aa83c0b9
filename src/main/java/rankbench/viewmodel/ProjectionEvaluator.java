package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Projection;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.BatchNormFolding;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.StagedEvaluator;

/**
 * The production {@link PlanEvaluator}: keeps its own inference copies of the model (batch norms folded into
 * their convs, {@link BatchNormFolding}), projects the planned layers from the model's original weights,
 * restores layers no longer planned, and evaluates with {@link StagedEvaluator}s, which after an edit run only
 * the network from the first changed layer on.
 *
 * <p>Lanes: the images are dealt in batches to {@code lanes} copies of the network, each on its own thread
 * with one intra-op thread ({@link LaneSplit}), instead of one copy whose ops each use every core. Two
 * independent threads lose less to a busy core (the window's rendering, the JIT compiler) than a team of
 * two that waits for its slower member at every op. A lane that is done with its own batches takes over
 * those another lane has not started, from the end ({@link BatchClaims}), so a lane that lost its core to
 * the window's rendering no longer holds up the figure. The counts are the same either way: every image
 * goes through the same ops, with the same weights in every copy.
 *
 * <p>Threading: the calling thread must be one thread at a time (the window's evaluation worker); each lane's
 * network is used only on that lane's thread.
 */
public final class ProjectionEvaluator implements PlanEvaluator, AutoCloseable {

    private final SpectrumCache cache;
    private final int batchSize;
    private final List<Lane> lanes = new ArrayList<>();
    private SavedModel current;
    private BatchNormFolding folding;
    private ImageDataset images;
    private LaneSplit split;
    /** The plan of every layer whose weight in the lanes' networks is a projection. */
    private Map<String, LayerPlan> projected = new HashMap<>();
    /**
     * The largest batch of one lane. Two lanes of ResNet-20 count 1 000 images as fast in batches of 32 as
     * of 64 or 128 (docs/PERFORMANCE.md), and small batches let a lane that is done take over more of
     * a slower one's work.
     */
    static final int MAX_LANE_BATCH = 64;

    /** Measured seconds per image of a full forward pass (negative until measured). */
    private double secondsPerImage = -1;

    /** One copy of the network, its thread and its share of the images. */
    private static final class Lane {
        private final ExecutorService thread;
        private final int threads;
        /** Whether the lane's thread has its grad mode and thread count set (read on that thread only). */
        private boolean ready;

        Network net;
        StagedEvaluator staged;

        Lane(int index, int threads) {
            this.threads = threads;
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "rankbench-evaluation-lane-" + index);
                t.setDaemon(true);
                return t;
            });
        }

        /** Runs {@code job} on the lane's thread, which gets its settings first (a failure there is the job's). */
        <T> Future<T> submit(Callable<T> job) {
            return thread.submit(() -> {
                if (!ready) {
                    Engines.noGradOnThisThread();
                    Engines.setThreadsOnThisThread(threads);
                    ready = true;
                }
                return job.call();
            });
        }

        void closeEngineState() {
            if (staged != null) {
                staged.close();
                staged = null;
            }
            if (net != null) {
                net.close();
                net = null;
            }
        }
    }

    /** Creates an evaluator sharing {@code cache} (thread-safe) for SVDs, one lane per engine thread. */
    public ProjectionEvaluator(SpectrumCache cache, int batchSize) {
        this(cache, batchSize, Engines.configuredThreads());
    }

    /**
     * Creates an evaluator with {@code laneCount} lanes; the engine's threads are shared among them (one
     * each when there are as many lanes as threads). {@code batchSize} is the batch of all lanes together.
     */
    public ProjectionEvaluator(SpectrumCache cache, int batchSize, int laneCount) {
        if (batchSize < 1 || laneCount < 1) {
            throw new IllegalArgumentException(
                    "need batch size >= 1 and lanes >= 1, got " + batchSize + " and " + laneCount);
        }
        this.cache = cache;
        this.batchSize = batchSize;
        int perLane = Math.max(1, Engines.configuredThreads() / laneCount);
        for (int i = 0; i < laneCount; i++) {
            lanes.add(new Lane(i, perLane));
        }
    }

    @Override
    public double accuracy(SavedModel model, ImageDataset images, RankPlan plan, CancellationToken cancel) {
        return images.size() == 0
                ? Double.NaN
                : (double) correct(model, images, plan, 0, images.size(), cancel) / images.size();
    }

    @Override
    public double correct(SavedModel model, ImageDataset images, RankPlan plan, int from, int to, CancellationToken c) {
        if (from < 0 || to > images.size() || from > to) {
            throw new IndexOutOfBoundsException("images " + from + ".." + to + " of " + images.size());
        }
        if (from == to) {
            return 0; // nothing to count; the plan's weights are set by the next call that counts
        }
        prepare(model, images);
        Map<String, LayerPlan> target = factorized(plan);
        Set<String> changed = changed(target);
        Map<String, Tensor> weights = new HashMap<>(); // computed before any network changes
        for (String layer : changed) {
            String w = layer + ".weight";
            LayerPlan p = target.get(layer);
            weights.put(
                    w,
                    p == null
                            ? folding.weights().get(w)
                            : folding.foldWeight(
                                    layer, Projection.project(model.weights().get(w), p, cache, layer)));
        }
        double share = lanes.get(0).staged.workShare(changed);
        long t0 = System.nanoTime();
        // a failure leaves some weights changed and some not: onEveryLane starts from the model next time
        List<BatchClaims> claims = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            StagedEvaluator staged = lanes.get(i).staged;
            staged.invalidate(changed); // before any lane may take over this lane's batches
            claims.add(new BatchClaims(staged.firstBatch(split.local(i, from)), staged.endBatch(split.local(i, to))));
        }
        long correct = onEveryLane((i, lane) -> {
                    weights.forEach(lane.net::setWeight);
                    long r = 0;
                    // its own batches first, then those another lane has not started yet, from their end
                    for (int k = 0; k < lanes.size() && !c.isCancelled(); k++) {
                        int owner = (i + k) % lanes.size();
                        StagedEvaluator staged = lanes.get(owner).staged;
                        int a = split.local(owner, from);
                        int b = split.local(owner, to);
                        BatchClaims q = claims.get(owner);
                        IntSupplier next = k == 0 ? q::claimFront : q::claimBack;
                        for (int batch = next.getAsInt(); batch >= 0 && !c.isCancelled(); batch = next.getAsInt()) {
                            r += staged.correctBatch(batch, a, b, lane.net);
                        }
                    }
                    return r;
                })
                .stream()
                .mapToLong(Long::longValue)
                .sum();
        projected = target;
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!c.isCancelled() && share >= 0.5 && to - from >= 100) {
            double perImage = seconds / ((to - from) * share);
            secondsPerImage = secondsPerImage < 0 ? perImage : 0.5 * secondsPerImage + 0.5 * perImage;
        }
        return correct;
    }

    @Override
    public double predictedSeconds(SavedModel model, ImageDataset images, RankPlan plan) {
        if (model != current || this.images != images || secondsPerImage < 0) {
            return Double.NaN;
        }
        if (images.size() == 0) {
            return 0;
        }
        return secondsPerImage * images.size() * lanes.get(0).staged.workShare(changed(factorized(plan)));
    }

    /** Makes every lane's network a folded copy of {@code model} and its evaluator one of its share of images. */
    private void prepare(SavedModel model, ImageDataset images) {
        if (model != current) {
            reset();
            folding = BatchNormFolding.fold(model.manifest().network(), model.weights());
            BatchNormFolding f = folding;
            onEveryLane((i, lane) ->
                    lane.net = Network.withWeights(f.spec(), model.manifest().input(), f.weights()));
            current = model;
            projected = new HashMap<>();
        }
        if (this.images != images) {
            int laneBatch = Math.max(1, Math.min(MAX_LANE_BATCH, (batchSize + lanes.size() - 1) / lanes.size()));
            LaneSplit s = new LaneSplit(images.size(), laneBatch, lanes.size());
            Normalization norm =
                    new Normalization(model.manifest().mean(), model.manifest().std());
            List<ImageDataset> shares = new ArrayList<>();
            for (int i = 0; i < lanes.size(); i++) {
                shares.add(images.subset(s.indices(i), images.name() + " lane " + i));
            }
            onEveryLane((i, lane) -> {
                if (lane.staged != null) {
                    lane.staged.close();
                }
                return lane.staged = new StagedEvaluator(
                        lane.net, shares.get(i), norm, laneBatch, StagedEvaluator.DEFAULT_BUDGET_BYTES / lanes.size());
            });
            this.images = images;
            split = s;
        }
    }

    /** A job for lane {@code i}, run on that lane's thread. */
    private interface LaneJob<T> {
        T run(int i, Lane lane) throws Exception;
    }

    /**
     * Runs {@code job} on every lane's thread, waits for all and returns their results in lane order. If one
     * fails, the lanes start from the model again next time and the first failure is rethrown as it was.
     */
    private <T> List<T> onEveryLane(LaneJob<T> job) {
        List<Future<T>> all = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            int index = i;
            Lane lane = lanes.get(i);
            all.add(lane.submit(() -> job.run(index, lane)));
        }
        List<T> results = new ArrayList<>();
        Throwable failure = null;
        for (Future<T> f : all) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? new CancellationException("interrupted") : failure;
            }
        }
        if (failure == null) {
            return results;
        }
        reset();
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(failure);
    }

    private Map<String, LayerPlan> factorized(RankPlan plan) {
        Map<String, LayerPlan> out = new HashMap<>();
        RankPlan resolved = plan.resolve(lanes.get(0).net.layers(), Scheme.CHANNEL);
        for (Map.Entry<String, LayerPlan> e : resolved.layers().entrySet()) {
            if (e.getValue().factorized()) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Layers whose weight differs between the networks now and {@code target}. */
    private Set<String> changed(Map<String, LayerPlan> target) {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, LayerPlan> e : target.entrySet()) {
            if (!e.getValue().equals(projected.get(e.getKey()))) {
                out.add(e.getKey());
            }
        }
        for (String layer : projected.keySet()) {
            if (!target.containsKey(layer)) {
                out.add(layer);
            }
        }
        return out;
    }

    /** Frees the engine networks and the kept activations; the lane threads stay for the next model. */
    private void reset() {
        List<Future<?>> all = new ArrayList<>();
        for (Lane lane : lanes) {
            if (!lane.thread.isShutdown()) {
                all.add(lane.thread.submit(lane::closeEngineState));
            }
        }
        for (Future<?> f : all) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // freeing failed; nothing more to do
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        current = null;
        folding = null;
        images = null;
        split = null;
        projected = new HashMap<>();
    }

    /** Frees the engine networks and the kept activations and stops the lane threads. */
    @Override
    public void close() {
        reset();
        for (Lane lane : lanes) {
            lane.thread.shutdown();
        }
    }
}
