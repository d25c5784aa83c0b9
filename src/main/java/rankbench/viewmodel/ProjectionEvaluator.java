package rankbench.viewmodel;

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
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.Evaluator;

/**
 * The production {@link PlanEvaluator}: keeps its own {@link Network} (engine networks are not
 * thread-safe, so this object must be confined to one worker thread), projects the planned layers from
 * the model's original weights, restores layers no longer planned, and evaluates.
 */
public final class ProjectionEvaluator implements PlanEvaluator, AutoCloseable {

    private final SpectrumCache cache;
    private final int batchSize;
    private SavedModel current;
    private Network net;
    private Set<String> projected = new HashSet<>();

    /** Creates an evaluator sharing {@code cache} (thread-safe) for SVDs. */
    public ProjectionEvaluator(SpectrumCache cache, int batchSize) {
        this.cache = cache;
        this.batchSize = batchSize;
    }

    @Override
    public double accuracy(SavedModel model, ImageDataset images, RankPlan plan, CancellationToken cancel) {
        Engines.noGradOnThisThread();
        if (model != current) {
            close();
            net = model.toNetwork();
            current = model;
            projected = new HashSet<>();
        }
        RankPlan resolved = plan.resolve(net.layers(), Scheme.CHANNEL);
        Set<String> now = new HashSet<>();
        for (Map.Entry<String, LayerPlan> e : resolved.layers().entrySet()) {
            if (!e.getValue().factorized()) {
                continue;
            }
            String w = e.getKey() + ".weight";
            net.setWeight(w, Projection.project(model.weights().get(w), e.getValue(), cache, e.getKey()));
            now.add(e.getKey());
        }
        for (String layer : projected) {
            if (!now.contains(layer)) {
                net.setWeight(layer + ".weight", model.weights().get(layer + ".weight"));
            }
        }
        projected = now;
        Normalization norm =
                new Normalization(model.manifest().mean(), model.manifest().std());
        return Evaluator.evaluate(net, images, norm, batchSize, cancel).accuracy();
    }

    /** Frees the engine network. */
    @Override
    public void close() {
        if (net != null) {
            net.close();
            net = null;
            current = null;
        }
    }
}
