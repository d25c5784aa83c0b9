package rankbench.experiment.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;

/** Evaluating on the folded copy gives the unfolded network's figures. */
@Tag("engine")
class EvaluatorFoldingTest {

    @Test
    void foldedEvaluationMatchesTheNetworkItself() {
        SavedModel m = ModelFiles.readDefault();
        ImageDataset test = Datasets.bundledFashionMnistSubset().test().limit(400);
        Normalization norm = new Normalization(m.manifest().mean(), m.manifest().std());
        try (Network net = m.toNetwork()) {
            EvaluationResult folded = Evaluator.evaluate(net, test, norm, 100);
            EvaluationResult plain = Evaluator.evaluateAsIs(net, test, norm, 100, CancellationToken.none());
            assertEquals(plain.accuracy(), folded.accuracy(), 0.0);
            assertEquals(plain.loss(), folded.loss(), 1e-5);
            assertArrayEquals(plain.confusion(), folded.confusion());
        }
    }
}
