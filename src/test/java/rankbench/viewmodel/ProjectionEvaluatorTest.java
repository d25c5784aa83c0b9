package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.Evaluator;

/** The accuracy the window shows is the accuracy of the model File > Export writes. */
@Tag("engine")
class ProjectionEvaluatorTest {

    @Test
    void displayedCompressOnlyAccuracyEqualsTheExportedModelsAccuracy() {
        SavedModel m = ModelFiles.readDefault();
        ImageDataset test = Datasets.bundledFashionMnistSubset().test().limit(300);
        SpectrumCache cache = new SpectrumCache();
        var layers = NetworkSpec.layers(m.manifest().network(), m.manifest().input());
        RankPlan plan = RankRules.energy(layers, m.weights(), Scheme.CHANNEL, 0.8, cache)
                .resolve(layers, Scheme.CHANNEL);
        assertTrue(plan.layers().values().stream().anyMatch(p -> p.factorized()));
        double shown;
        try (ProjectionEvaluator eval = new ProjectionEvaluator(cache, 100)) {
            shown = eval.accuracy(m, test, plan, CancellationToken.none());
        }
        SavedModel exported = Factorizer.factorize(m, plan, cache);
        double exportedAccuracy;
        try (Network net = exported.toNetwork()) {
            exportedAccuracy = Evaluator.evaluate(
                            net,
                            test,
                            new Normalization(m.manifest().mean(), m.manifest().std()),
                            100)
                    .accuracy();
        }
        assertEquals(shown, exportedAccuracy, 0.0);
    }
}
