package rankbench.experiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.Tensor;

@Tag("engine")
class TrainingLoopTest {

    private static final FeatureShape IN = new FeatureShape(1, 28, 28);

    private static Network lenet(long seed) {
        return Network.create(Architecture.LENET5.build(IN, 10), IN, seed);
    }

    private static TrainingConfig.Builder quick() {
        return TrainingConfig.builder()
                .setEpochs(1)
                .optBatchSize(32)
                .optLearningRate(0.05)
                .optSchedule("constant")
                .optNesterov(true)
                .optAugmentFlip(false);
    }

    @Test
    void lenetTrainedForAFewHundredStepsGetsMeasurablyBetter() {
        DataSource src = Datasets.bundledFashionMnistSubset();
        ImageDataset test = src.test().limit(500);
        try (Network net = lenet(1)) {
            EvaluationResult before = Evaluator.evaluate(net, test, src.normalization(), 250);
            TrainingConfig cfg = quick().setEpochs(5).optLearningRate(0.05).build(); // 5 x 62 = 310 steps
            TrainingOutcome o = new TrainingLoop(
                            net,
                            new TrainingData(src.train(), null, src.normalization()),
                            cfg,
                            null,
                            null,
                            null,
                            "lenet")
                    .run();
            EvaluationResult after = Evaluator.evaluate(net, test, src.normalization(), 250);
            assertEquals(RunStatus.COMPLETED, o.status());
            assertEquals(310, o.steps());
            assertTrue(
                    after.accuracy() > before.accuracy() + 0.4,
                    "accuracy " + before.accuracy() + " -> " + after.accuracy());
            assertTrue(after.loss() < before.loss() / 2, "loss " + before.loss() + " -> " + after.loss());
        }
    }

    @Test
    void eventsArriveInOrderWithOneEpochSummaryPerEpoch() {
        List<TrainingEvent> events = new ArrayList<>();
        ImageDataset data = SyntheticData.quadrants(128, 28, 1);
        try (Network net = lenet(2)) {
            new TrainingLoop(
                            net,
                            new TrainingData(data, data.limit(40), SyntheticData.norm()),
                            quick().setEpochs(2).build(),
                            null,
                            events::add,
                            null,
                            "t")
                    .run();
        }
        assertInstanceOf(TrainingEvent.RunStarted.class, events.get(0));
        assertInstanceOf(TrainingEvent.RunEnded.class, events.get(events.size() - 1));
        assertEquals(
                2,
                events.stream()
                        .filter(e -> e instanceof TrainingEvent.EpochEnded)
                        .count());
        assertEquals(
                8,
                events.stream()
                        .filter(e -> e instanceof TrainingEvent.BatchEnded)
                        .count());
        TrainingEvent.EpochEnded last = (TrainingEvent.EpochEnded) events.get(events.size() - 2);
        assertTrue(Double.isFinite(last.validationAccuracy()));
        TrainingEvent.BatchEnded b = (TrainingEvent.BatchEnded) events.get(1);
        assertEquals(1, b.step());
        assertEquals(8, b.totalSteps());
    }

    @Test
    void cancelMidEpochStopsBetweenBatchesWithConsistentWeights() {
        ImageDataset data = SyntheticData.quadrants(640, 28, 3);
        CancellationToken cancel = new CancellationToken();
        AtomicReference<Map<String, Tensor>> afterStep5 = new AtomicReference<>();
        try (Network net = lenet(3)) {
            TrainingHooks hooks = new TrainingHooks() {
                @Override
                public void afterOptimizerStep(TrainingContext ctx) {
                    if (ctx.step() == 4) { // the fifth step (zero-based)
                        afterStep5.set(ctx.network().weights());
                        cancel.cancel();
                    }
                }
            };
            TrainingOutcome o = new TrainingLoop(
                            net,
                            new TrainingData(data, null, SyntheticData.norm()),
                            quick().build(),
                            hooks,
                            null,
                            cancel,
                            "t")
                    .run();
            assertEquals(RunStatus.CANCELLED, o.status());
            assertEquals(5, o.steps());
            assertEquals(0, o.epochsCompleted());
            assertEquals(afterStep5.get(), net.weights());
        }
    }

    @Test
    void nanLossStopsTheRunAndRestoresTheLastGoodWeights() {
        ImageDataset data = SyntheticData.quadrants(640, 28, 4);
        AtomicReference<Map<String, Tensor>> atSnapshot = new AtomicReference<>();
        List<TrainingEvent> events = new CopyOnWriteArrayList<>();
        try (Network net = lenet(4)) {
            TrainingHooks hooks = new TrainingHooks() {
                @Override
                public void afterOptimizerStep(TrainingContext ctx) {
                    if (ctx.step() == 5) { // snapshot interval 6 -> taken after the 6th step
                        atSnapshot.set(ctx.network().weights());
                    }
                }

                @Override
                public NDArray extraLoss(TrainingContext ctx) {
                    return ctx.step() == 9 ? ctx.batchManager().create(Float.NaN) : null;
                }
            };
            TrainingConfig cfg = quick().optSnapshotEveryBatches(6).build();
            TrainingOutcome o = new TrainingLoop(
                            net, new TrainingData(data, null, SyntheticData.norm()), cfg, hooks, events::add, null, "t")
                    .run();
            assertEquals(RunStatus.DIVERGED, o.status());
            assertEquals(6, o.steps());
            assertTrue(o.message().contains("NaN"), o.message());
            assertEquals(atSnapshot.get(), net.weights());
            for (Tensor t : net.weights().values()) {
                for (float v : t.data()) {
                    assertTrue(Float.isFinite(v));
                }
            }
        }
        assertInstanceOf(TrainingEvent.RunEnded.class, events.get(events.size() - 1));
    }

    @Test
    void explodingLossCountsAsDivergence() {
        ImageDataset data = SyntheticData.quadrants(256, 28, 5);
        try (Network net = lenet(5)) {
            TrainingHooks hooks = new TrainingHooks() {
                @Override
                public NDArray extraLoss(TrainingContext ctx) {
                    return ctx.step() == 2 ? ctx.batchManager().create(1e6f) : null;
                }
            };
            TrainingOutcome o = new TrainingLoop(
                            net,
                            new TrainingData(data, null, SyntheticData.norm()),
                            quick().build(),
                            hooks,
                            null,
                            null,
                            "t")
                    .run();
            assertEquals(RunStatus.DIVERGED, o.status());
            assertTrue(o.message().contains("exploded"), o.message());
        }
    }

    @Test
    void sameSeedGivesIdenticalWeights() {
        ImageDataset data = SyntheticData.quadrants(256, 28, 6);
        Map<String, Tensor> a;
        Map<String, Tensor> b;
        Map<String, Tensor> c;
        TrainingConfig cfg = quick().optAugmentFlip(true).optSeed(11).build();
        try (Network net = lenet(6)) {
            new TrainingLoop(net, new TrainingData(data, null, SyntheticData.norm()), cfg, null, null, null, "t").run();
            a = net.weights();
        }
        try (Network net = lenet(6)) {
            new TrainingLoop(net, new TrainingData(data, null, SyntheticData.norm()), cfg, null, null, null, "t").run();
            b = net.weights();
        }
        try (Network net = lenet(6)) {
            new TrainingLoop(
                            net,
                            new TrainingData(data, null, SyntheticData.norm()),
                            cfg.toBuilder().optSeed(12).build(),
                            null,
                            null,
                            null,
                            "t")
                    .run();
            c = net.weights();
        }
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void hooksCanEditGradientsAndWeights() {
        ImageDataset data = SyntheticData.quadrants(128, 28, 7);
        try (Network net = lenet(7)) {
            Tensor fc3Before = net.weight("fc3.weight");
            TrainingHooks hooks = new TrainingHooks() {
                @Override
                public void beforeOptimizerStep(TrainingContext ctx) {
                    // freeze fc3 by zeroing its gradient (weight decay off in this run)
                    NDArray g = ctx.network()
                            .parameters()
                            .get("fc3.weight")
                            .getArray()
                            .getGradient();
                    g.muli(0);
                    g.close();
                }

                @Override
                public void afterOptimizerStep(TrainingContext ctx) {
                    ctx.network().setWeight("fc2.bias", new Tensor(new int[] {84}, new float[84]));
                }
            };
            TrainingConfig cfg = quick().optWeightDecay(0).build();
            new TrainingLoop(net, new TrainingData(data, null, SyntheticData.norm()), cfg, hooks, null, null, "t")
                    .run();
            assertEquals(fc3Before, net.weight("fc3.weight"));
            assertEquals(new Tensor(new int[] {84}, new float[84]), net.weight("fc2.bias"));
            assertNotEquals(fc3Before, net.weight("fc1.weight"));
        }
    }

    @Test
    void mismatchedImagesAreRejectedBeforeTraining() {
        ImageDataset data = SyntheticData.quadrants(64, 14, 8);
        try (Network net = lenet(8)) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> new TrainingLoop(
                            net,
                            new TrainingData(data, null, SyntheticData.norm()),
                            quick().build(),
                            null,
                            null,
                            null,
                            "t"));
            assertTrue(e.getMessage().contains("1x14x14"), e.getMessage());
        }
    }

    @Test
    void serviceRunsJobsInTheBackgroundAndCancelsThem() throws Exception {
        ImageDataset data = SyntheticData.quadrants(6400, 28, 9);
        try (TrainingService service = new TrainingService();
                Network net = lenet(9)) {
            List<TrainingEvent> events = new CopyOnWriteArrayList<>();
            TrainingService.Handle<TrainingOutcome> h = service.submit(token -> new TrainingLoop(
                            net,
                            new TrainingData(data, null, SyntheticData.norm()),
                            quick().setEpochs(5).build(),
                            null,
                            e -> {
                                events.add(e);
                                assertFalse(Thread.currentThread().getName().equals("main"));
                            },
                            token,
                            "t")
                    .run());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (events.stream().noneMatch(e -> e instanceof TrainingEvent.BatchEnded)
                    && !h.result().isDone()
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            h.cancel();
            TrainingOutcome o = h.result().get(60, TimeUnit.SECONDS);
            assertEquals(RunStatus.CANCELLED, o.status());
            assertTrue(o.steps() < 5 * 200);
        }
    }

    @Test
    void aStepCapEndsTheRunMidEpochAndTheScheduleWindowSetsTheRates() {
        List<TrainingEvent> events = new ArrayList<>();
        ImageDataset data = SyntheticData.quadrants(128, 28, 5);
        TrainingConfig cfg = quick().setEpochs(3)
                .optSchedule(Schedule.COSINE)
                .optMaxSteps(6)
                .optScheduleWindow(10, 20)
                .build();
        try (Network net = lenet(6)) {
            TrainingOutcome o = new TrainingLoop(
                            net,
                            new TrainingData(data, data.limit(32), SyntheticData.norm()),
                            cfg,
                            null,
                            events::add,
                            null,
                            "capped")
                    .run();
            assertEquals(RunStatus.COMPLETED, o.status());
            assertEquals(6, o.steps());
            assertEquals(2, o.epochsCompleted()); // 4 batches per epoch: one full epoch, then 2 of the next
        }
        TrainingEvent.RunStarted started = (TrainingEvent.RunStarted) events.get(0);
        assertEquals(2, started.epochs());
        List<TrainingEvent.BatchEnded> batches = events.stream()
                .filter(e -> e instanceof TrainingEvent.BatchEnded)
                .map(e -> (TrainingEvent.BatchEnded) e)
                .toList();
        assertEquals(6, batches.size());
        LearningRateSchedule global = LearningRateSchedule.cosine(0.05);
        for (int s = 0; s < 6; s++) {
            assertEquals(global.at(10 + s, 20), batches.get(s).learningRate(), 1e-12);
        }
        assertEquals(
                2,
                events.stream()
                        .filter(e -> e instanceof TrainingEvent.EpochEnded)
                        .count());
    }
}
