package rankbench.viewmodel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.StagedEvaluator;

/**
 * The production {@link PlanEvaluator}: keeps its own inference copy of the model (batch norms folded into
 * their convs, {@link BatchNormFolding}), projects the planned layers from the model's original weights,
 * restores layers no longer planned, and evaluates with a {@link StagedEvaluator}, which after an edit runs
 * only the network from the first changed layer on. Engine networks are not thread-safe, so this object
 * must be confined to one worker thread.
 */
public final class ProjectionEvaluator implements PlanEvaluator, AutoCloseable {

    private final SpectrumCache cache;
    private final int batchSize;
    private SavedModel current;
    private BatchNormFolding folding;
    private Network net;
    private StagedEvaluator staged;
    /** The plan of every layer whose weight in {@link #net} is a projection. */
    private Map<String, LayerPlan> projected = new HashMap<>();
    /** Measured seconds per image of a full forward pass (negative until measured). */
    private double secondsPerImage = -1;

    /** Creates an evaluator sharing {@code cache} (thread-safe) for SVDs. */
    public ProjectionEvaluator(SpectrumCache cache, int batchSize) {
        this.cache = cache;
        this.batchSize = batchSize;
    }

    @Override
    public double accuracy(SavedModel model, ImageDataset images, RankPlan plan, CancellationToken cancel) {
        return images.size() == 0
                ? Double.NaN
                : (double) correct(model, images, plan, 0, images.size(), cancel) / images.size();
    }

    @Override
    public double correct(SavedModel model, ImageDataset images, RankPlan plan, int from, int to, CancellationToken c) {
        Engines.noGradOnThisThread();
        StagedEvaluator st = prepare(model, images);
        Map<String, LayerPlan> target = factorized(plan);
        Set<String> changed = changed(target);
        try {
            for (String layer : changed) {
                String w = layer + ".weight";
                LayerPlan p = target.get(layer);
                net.setWeight(
                        w,
                        p == null
                                ? folding.weights().get(w)
                                : folding.foldWeight(
                                        layer,
                                        Projection.project(model.weights().get(w), p, cache, layer)));
            }
        } catch (RuntimeException | Error e) {
            close(); // some weights changed, some not: start from the model again next time
            throw e;
        }
        projected = target;
        st.invalidate(changed);
        double share = st.workShare(Set.of());
        long t0 = System.nanoTime();
        long correct = st.correct(from, to, c);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!c.isCancelled() && share >= 0.5 && to - from >= 100) {
            double perImage = seconds / ((to - from) * share);
            secondsPerImage = secondsPerImage < 0 ? perImage : 0.5 * secondsPerImage + 0.5 * perImage;
        }
        return correct;
    }

    @Override
    public double predictedSeconds(SavedModel model, ImageDataset images, RankPlan plan) {
        if (model != current || staged == null || staged.images() != images || secondsPerImage < 0) {
            return Double.NaN;
        }
        return secondsPerImage * images.size() * staged.workShare(changed(factorized(plan)));
    }

    private StagedEvaluator prepare(SavedModel model, ImageDataset images) {
        if (model != current) {
            close();
            folding = BatchNormFolding.fold(model.manifest().network(), model.weights());
            net = Network.withWeights(folding.spec(), model.manifest().input(), folding.weights());
            current = model;
            projected = new HashMap<>();
        }
        if (staged == null || staged.images() != images) {
            if (staged != null) {
                staged.close();
            }
            Normalization norm =
                    new Normalization(model.manifest().mean(), model.manifest().std());
            staged = new StagedEvaluator(net, images, norm, batchSize, StagedEvaluator.DEFAULT_BUDGET_BYTES);
        }
        return staged;
    }

    private Map<String, LayerPlan> factorized(RankPlan plan) {
        Map<String, LayerPlan> out = new HashMap<>();
        RankPlan resolved = plan.resolve(net.layers(), Scheme.CHANNEL);
        for (Map.Entry<String, LayerPlan> e : resolved.layers().entrySet()) {
            if (e.getValue().factorized()) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Layers whose weight differs between the network now and {@code target}. */
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

    /** Frees the engine network and the kept activations. */
    @Override
    public void close() {
        if (staged != null) {
            staged.close();
            staged = null;
        }
        if (net != null) {
            net.close();
            net = null;
            current = null;
            folding = null;
        }
    }
}
