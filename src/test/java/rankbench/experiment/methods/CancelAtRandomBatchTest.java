package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingData;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingListener;
import rankbench.experiment.training.TrainingLoop;
import rankbench.experiment.training.TrainingOutcome;

/**
 * Cancels every rank-learning method, and fine-tuning, at a random batch (50 + 10 seeded cases on a tiny
 * LeNet-5): the run must say {@link RunStatus#CANCELLED}, its model must save and load, and the loaded
 * model must evaluate to exactly the accuracy the run reported; a cancelled fine-tune keeps the weights of
 * its last complete step.
 */
@Tag("engine")
class CancelAtRandomBatchTest {

    static final long SEED = 20261207;
    static final String[] METHODS = {"trp", "lc", "lra", "svd-train", "orth-evbmf"};
    static final int CASES_PER_METHOD = 10;
    /** Batches of the learning phase: 2 epochs of 3; a cancel after the last one would be a completed run. */
    static final int STEPS = 6;

    static Stream<Arguments> cases() {
        Random rnd = new Random(SEED);
        List<Arguments> out = new ArrayList<>();
        for (String m : METHODS) {
            for (int i = 0; i < CASES_PER_METHOD; i++) {
                out.add(Arguments.of(m, 1 + rnd.nextInt(STEPS - 1), rnd.nextInt(1000)));
            }
        }
        return out.stream();
    }

    static TrainingConfig config() {
        return TrainingConfig.builder()
                .setEpochs(2)
                .optBatchSize(16)
                .optLearningRate(0.01)
                .optSchedule("constant")
                .optMaxBatchesPerEpoch(3)
                .build();
    }

    /** A listener that cancels once the {@code at}-th batch of any training loop has ended. */
    static TrainingListener cancelAt(int at, CancellationToken token, List<TrainingEvent> events) {
        int[] batches = {0};
        return e -> {
            events.add(e);
            if (e instanceof TrainingEvent.BatchEnded && ++batches[0] == at) {
                token.cancel();
            }
        };
    }

    static SavedModel roundTrip(SavedModel m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFiles.write(m, out);
        return ModelFiles.read(new ByteArrayInputStream(out.toByteArray()), "cancelled run");
    }

    @ParameterizedTest(name = "{0} cancelled after batch {1} (model seed {2})")
    @MethodSource("cases")
    void aMethodCancelledAtARandomBatchLeavesAConsistentModel(String id, int at, int seed) throws IOException {
        DataSource src = Datasets.bundledFashionMnistSubset();
        SavedModel start = TestModels.random(Architecture.LENET5, seed);
        ImageDataset test = src.test().limit(32);
        CancellationToken token = new CancellationToken();
        List<TrainingEvent> events = new ArrayList<>();
        TrainingConfig tc = config();
        MethodRun run = new MethodRun(
                start,
                new TrainingData(src.train().limit(64), src.train().limit(16), src.normalization()),
                test,
                tc,
                tc.toBuilder().setEpochs(1).build(),
                null,
                null,
                cancelAt(at, token, events),
                token);
        RankLearningMethod<?> m = Methods.get(id);
        MethodResult r = Methods.run(m, run, m.defaultParameters());
        long batches = events.stream()
                .filter(e -> e instanceof TrainingEvent.BatchEnded)
                .count();
        assertEquals(at, batches, "batches run after the cancel");
        assertEquals(RunStatus.CANCELLED, r.status(), r.statusMessage());
        assertTrue(Double.isNaN(r.fineTunedAccuracy()), "a cancelled run is not fine-tuned");
        SavedModel loaded = roundTrip(r.model());
        assertEquals(r.model().weights(), loaded.weights());
        assertEquals(
                r.compressedAccuracy(),
                MethodSupport.accuracy(loaded, test),
                0.0,
                "the saved model does not evaluate to what the run reported");
        CostModel.Summary c =
                CostModel.of(start.manifest().network(), start.manifest().input(), r.plan());
        assertEquals(c.macs(), r.macs());
        assertEquals(c.params(), r.params());
    }

    @Test
    void fineTuningCancelledAtARandomBatchKeepsTheWeightsOfItsLastStep() throws IOException {
        DataSource src = Datasets.bundledFashionMnistSubset();
        ImageDataset test = src.test().limit(32);
        Random rnd = new Random(SEED + 1);
        for (int i = 0; i < 10; i++) {
            int at = 1 + rnd.nextInt(STEPS - 1);
            SavedModel start = TestModels.random(Architecture.LENET5, rnd.nextInt(1000));
            CancellationToken token = new CancellationToken();
            AtomicReference<Map<String, Tensor>> afterStep = new AtomicReference<>();
            try (Network net = start.toNetwork()) {
                List<TrainingEvent> events = new ArrayList<>();
                TrainingListener cancel = cancelAt(at, token, events);
                TrainingListener l = e -> {
                    cancel.onEvent(e);
                    if (e instanceof TrainingEvent.BatchEnded b && b.step() == at) {
                        afterStep.set(net.weights()); // on the training thread, right after the step
                    }
                };
                TrainingOutcome o = new TrainingLoop(
                                net,
                                new TrainingData(
                                        src.train().limit(64), src.train().limit(16), src.normalization()),
                                config(),
                                null,
                                l,
                                token,
                                "fine-tune")
                        .run();
                assertEquals(RunStatus.CANCELLED, o.status(), o.message());
                assertEquals(at, o.steps());
                SavedModel tuned = SavedModel.of(net, start.manifest());
                assertEquals(afterStep.get(), tuned.weights(), "weights changed after the cancelled step");
                SavedModel loaded = roundTrip(tuned);
                assertEquals(
                        MethodSupport.accuracy(net, start.manifest(), test), MethodSupport.accuracy(loaded, test), 0.0);
            }
        }
    }
}
