package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.LayerPlan;
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

    /**
     * Dealing the images to lanes changes nothing: after every edit of a sequence (one layer at a time, then
     * undone), with 1, 2 and 3 lanes, for a whole range and for an early estimate plus the rest, the counts
     * equal those of one lane evaluating everything from scratch.
     */
    @Test
    void lanesCountTheSameAsOneLaneFromScratch() {
        SavedModel m = ModelFiles.readDefault();
        ImageDataset images = Datasets.bundledFashionMnistSubset().test().limit(230);
        SpectrumCache cache = new SpectrumCache();
        var layers = NetworkSpec.layers(m.manifest().network(), m.manifest().input());
        RankPlan half = RankRules.energy(layers, m.weights(), Scheme.CHANNEL, 0.7, cache)
                .resolve(layers, Scheme.CHANNEL);
        List<RankPlan> edits = new ArrayList<>();
        Map<String, LayerPlan> growing = new LinkedHashMap<>();
        for (String layer : List.of("layer3.2.conv2", "conv1", "layer2.0.conv1", "linear")) {
            growing.put(layer, half.get(layer));
            edits.add(new RankPlan(new LinkedHashMap<>(growing)));
        }
        edits.add(RankPlan.empty());
        edits.add(edits.get(1));
        List<Long> expected = new ArrayList<>();
        for (RankPlan p : edits) {
            expected.add(fromScratch(cache, m, images, p, 64));
        }
        for (int lanes = 1; lanes <= 3; lanes++) {
            try (ProjectionEvaluator eval = new ProjectionEvaluator(cache, 64, lanes)) {
                for (int i = 0; i < edits.size(); i++) {
                    RankPlan p = edits.get(i);
                    long whole = Math.round(eval.correct(m, images, p, 0, images.size(), CancellationToken.none()));
                    assertEquals(expected.get(i), whole, lanes + " lanes, edit " + i);
                    long split = Math.round(eval.correct(m, images, p, 0, 57, CancellationToken.none())
                            + eval.correct(m, images, p, 57, images.size(), CancellationToken.none()));
                    assertEquals(expected.get(i), split, lanes + " lanes, edit " + i + ", estimate and rest");
                }
            }
        }
    }

    @Test
    void aCancelledEvaluationLeavesTheLanesConsistent() {
        SavedModel m = ModelFiles.readDefault();
        ImageDataset images = Datasets.bundledFashionMnistSubset().test().limit(200);
        SpectrumCache cache = new SpectrumCache();
        RankPlan plan = new RankPlan(Map.of("conv1", LayerPlan.of(Scheme.CHANNEL, 2)));
        long expected = fromScratch(cache, m, images, plan, 50);
        try (ProjectionEvaluator eval = new ProjectionEvaluator(cache, 50, 2)) {
            CancellationToken cancelled = new CancellationToken();
            cancelled.cancel();
            eval.correct(m, images, plan, 0, images.size(), cancelled);
            assertEquals(
                    expected, Math.round(eval.correct(m, images, plan, 0, images.size(), CancellationToken.none())));
        }
    }

    @Test
    void aLaneThatFailsSaysWhyAndTheNextEvaluationStartsAfresh() {
        SavedModel m = ModelFiles.readDefault();
        ImageDataset images = Datasets.bundledFashionMnistSubset().test().limit(100);
        ImageDataset wrongShape =
                new ImageDataset("small", 1, 14, 14, new byte[3 * 14 * 14], new int[] {0, 1, 2}, images.classNames());
        SpectrumCache cache = new SpectrumCache();
        try (ProjectionEvaluator eval = new ProjectionEvaluator(cache, 50, 2)) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> eval.correct(m, wrongShape, RankPlan.empty(), 0, 3, CancellationToken.none()));
            assertTrue(e.getMessage().contains("14x14"), e.getMessage());
            long again = Math.round(eval.correct(m, images, RankPlan.empty(), 0, 100, CancellationToken.none()));
            assertEquals(fromScratch(cache, m, images, RankPlan.empty(), 50), again);
        }
    }

    @Test
    void fewerImagesThanLanesCanHoldAndEmptyRangesCountNothing() {
        SavedModel m = ModelFiles.readDefault();
        ImageDataset images = Datasets.bundledFashionMnistSubset().test().limit(30);
        SpectrumCache cache = new SpectrumCache();
        RankPlan plan = new RankPlan(Map.of("layer1.0.conv1", LayerPlan.of(Scheme.CHANNEL, 4)));
        long expected = fromScratch(cache, m, images, plan, 250);
        try (ProjectionEvaluator eval = new ProjectionEvaluator(cache, 250, 3)) { // lanes 1 and 2 get no image
            assertEquals(0.0, eval.correct(m, images, plan, 5, 5, CancellationToken.none()));
            assertEquals(
                    expected, Math.round(eval.correct(m, images, plan, 0, images.size(), CancellationToken.none())));
        }
    }

    /** The correct count of {@code plan} on all of {@code images}, by one lane that evaluates nothing else. */
    private static long fromScratch(SpectrumCache cache, SavedModel m, ImageDataset images, RankPlan plan, int batch) {
        try (ProjectionEvaluator fresh = new ProjectionEvaluator(cache, batch, 1)) {
            return Math.round(fresh.correct(m, images, plan, 0, images.size(), CancellationToken.none()));
        }
    }
}
