package rankbench.experiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.Network;

/**
 * Native arrays are released: the number of NDArrays alive in the network's manager (and its
 * sub-managers, {@code NDManager.getManagedArrays()}) is the same at the end of every epoch, after the
 * run as before it, and after repeated evaluations.
 */
@Tag("engine")
class NDArrayLeakTest {

    @Test
    void trainingAndEvaluationLeaveNoLiveArraysBehind() {
        FeatureShape in = new FeatureShape(1, 16, 16);
        LayerSpec.Sequence spec = Architecture.RESNET20.build(in, 4);
        ImageDataset train = SyntheticData.quadrants(128, 16, 1);
        ImageDataset val = SyntheticData.quadrants(40, 16, 2);
        try (Network net = Network.create(spec, in, 3)) {
            int before = net.manager().getManagedArrays().size();
            try (NDManager sub = net.manager().newSubManager()) { // the count sees sub-managers
                sub.zeros(new Shape(2));
                assertEquals(before + 1, net.manager().getManagedArrays().size(), "the counter misses sub-managers");
            }
            assertEquals(before, net.manager().getManagedArrays().size());
            List<Integer> atEpochEnd = new ArrayList<>();
            TrainingHooks count = new TrainingHooks() {
                @Override
                public void onEpochEnd(TrainingContext ctx, TrainingEvent.EpochEnded e) {
                    atEpochEnd.add(net.manager().getManagedArrays().size());
                }
            };
            TrainingConfig config = TrainingConfig.builder()
                    .setEpochs(4)
                    .optBatchSize(16)
                    .optMaxBatchesPerEpoch(4)
                    .optLearningRate(0.05)
                    .build();
            TrainingOutcome o = new TrainingLoop(
                            net,
                            new TrainingData(train, val, SyntheticData.norm()),
                            config,
                            count,
                            null,
                            null,
                            "leak test")
                    .run();
            assertEquals(RunStatus.COMPLETED, o.status(), o.message());
            assertEquals(4, atEpochEnd.size());
            for (int e = 1; e < atEpochEnd.size(); e++) {
                assertEquals(atEpochEnd.get(0), atEpochEnd.get(e), "live arrays grew over epochs: " + atEpochEnd);
            }
            assertEquals(before, net.manager().getManagedArrays().size(), "arrays left behind by the run");
            for (int i = 0; i < 5; i++) {
                Evaluator.evaluate(net, val, SyntheticData.norm(), 16);
            }
            assertEquals(before, net.manager().getManagedArrays().size(), "arrays left behind by evaluations");
            net.weights();
            net.loadWeights(net.weights());
            assertEquals(before, net.manager().getManagedArrays().size(), "arrays left behind by weight copies");
        }
    }
}
