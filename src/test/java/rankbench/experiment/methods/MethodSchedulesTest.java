package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingData;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingListener;
import rankbench.experiment.training.TrainingLoop;
import rankbench.experiment.training.TrainingOutcome;

/** How the methods map a run's epochs onto their schedules, and the schedule properties of TRP and LC. */
@Tag("engine")
class MethodSchedulesTest {

    private static final DataSource SRC = Datasets.bundledFashionMnistSubset();

    private static TrainingData data(int n) {
        return new TrainingData(SRC.train().limit(n), SRC.train().limit(16), SRC.normalization());
    }

    private static TrainingConfig.Builder config() {
        return TrainingConfig.builder()
                .setEpochs(1)
                .optBatchSize(16)
                .optLearningRate(0.01)
                .optSchedule("constant")
                .optAugmentFlip(false);
    }

    @Test
    void trpAddsTheNuclearTermOnlyOnProjectionBatchesOfTheRealLoop() {
        SavedModel start = TestModels.random(Architecture.RESNET20, 21);
        TrpParams p = new TrpParams();
        p.setPeriod(3);
        try (Network net = start.toNetwork()) {
            List<LayerInfo> targets = Targets.defaults().select(net.layers());
            TrpMethod.Hooks hooks = new TrpMethod.Hooks(p, targets);
            List<Long> projections = new ArrayList<>();
            TrainingOutcome o = new TrainingLoop(
                            net,
                            data(112),
                            config().setEpochs(2).build(),
                            hooks,
                            e -> {
                                if (e instanceof TrainingEvent.MethodUpdate u
                                        && u.payload() instanceof RankSnapshot s) {
                                    projections.add(s.step());
                                }
                            },
                            null,
                            "trp")
                    .run();
            assertEquals(RunStatus.COMPLETED, o.status());
            // 7 batches per epoch: projections before batches 0, 3, 6 of each epoch (steps 0, 3, 6, 7, 10, 13)
            assertEquals(List.of(0L, 3L, 6L, 7L, 10L, 13L), projections);
            assertEquals(projections, hooks.nuclearSteps());
        }
        p.setNuclearWeight(0);
        try (Network net = start.toNetwork()) {
            TrpMethod.Hooks none = new TrpMethod.Hooks(p, Targets.defaults().select(net.layers()));
            new TrainingLoop(net, data(112), config().build(), none, null, null, "trp").run();
            assertEquals(List.of(), none.nuclearSteps());
        }
    }

    @Test
    void lcSpreadsTheRunsBatchesOverItsLSteps() {
        LcParams p = new LcParams();
        p.setSteps(5);
        assertArrayEquals(new long[] {10, 10, 10, 10}, LcMethod.stepLengths(p, 1, 40));
        assertArrayEquals(new long[] {7, 8, 7, 8}, LcMethod.stepLengths(p, 1, 30));
        // fewer batches than L steps: one L step per batch
        assertArrayEquals(new long[] {1, 1, 1}, LcMethod.stepLengths(p, 1, 3));
        p.setEpochsPerStep(0.5);
        assertArrayEquals(new long[] {20, 20, 20, 20}, LcMethod.stepLengths(p, 2, 40));
        p.setSteps(1);
        assertArrayEquals(new long[0], LcMethod.stepLengths(p, 1, 40));
    }

    @Test
    void lcRefusesExplicitLStepsThatDoNotFitTheEpochs() {
        LcParams p = new LcParams();
        p.setEpochsPerStep(15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Methods.validate(p, 1));
        assertTrue(e.getMessage().contains("49 L steps") && e.getMessage().contains("epochsPerStep=0"), e.getMessage());
        p.setSteps(3);
        p.setEpochsPerStep(0.5);
        assertEquals("", Methods.validationMessage(p, 1));
        assertTrue(Methods.validationMessage(p, 0).contains("epochs"));
    }

    @Test
    void lcDistanceToDeltaShrinksOverStepsAndEachLStepRestartsItsDecayingLearningRate() {
        SavedModel start = TestModels.random(Architecture.RESNET20, 22);
        LcParams p = new LcParams();
        p.setSteps(5);
        p.setMu0(0.5);
        p.setMuGrowth(2);
        p.setStepLearningRate(0.05);
        p.setStepLearningRateDecay(0.5);
        p.setReduction(2);
        List<TrainingEvent> events = new ArrayList<>();
        TrainingConfig tc = config().setEpochs(2).build(); // 7 batches per epoch: 14 L-step batches, 4 L steps
        MethodRun run = new MethodRun(start, data(112), SRC.test().limit(32), tc, null, null, null, events::add, null);
        MethodResult r = Methods.run(new LcMethod(), run, p);
        assertEquals(RunStatus.COMPLETED, r.status(), r.statusMessage());
        List<Double> distance = new ArrayList<>();
        List<List<Double>> rates = new ArrayList<>();
        for (TrainingEvent e : events) {
            if (e instanceof TrainingEvent.MethodUpdate u && "lc-step".equals(u.kind())) {
                distance.add(((Number) ((Map<?, ?>) u.payload()).get("distance")).doubleValue());
            } else if (e instanceof TrainingEvent.RunStarted) {
                rates.add(new ArrayList<>());
            } else if (e instanceof TrainingEvent.BatchEnded b && !rates.isEmpty()) {
                rates.get(rates.size() - 1).add(b.learningRate());
            }
        }
        assertEquals(5, distance.size());
        for (int k = 2; k < distance.size(); k++) {
            assertTrue(distance.get(k) < distance.get(k - 1), "distance to Delta grew: " + distance);
        }
        assertTrue(distance.get(4) < 0.5 * distance.get(1), "distance " + distance);
        assertEquals(4, rates.size()); // the four L steps (no fine-tuning in this run)
        for (List<Double> lr : rates) {
            assertEquals(0.05, lr.get(0), 1e-12, "each L step restarts at stepLearningRate: " + rates);
            for (int i = 1; i < lr.size(); i++) {
                assertTrue(lr.get(i) < lr.get(i - 1), "the rate decays within an L step: " + lr);
            }
        }
        // L steps of 3, 4, 3, 4 batches; x0.5 per epoch of 7 batches: after 2 batches the rate is 0.05 * 0.5^(2/7)
        assertEquals(List.of(3, 4, 3, 4), rates.stream().map(List::size).toList());
        assertEquals(0.05 * Math.pow(0.5, 2.0 / 7), rates.get(0).get(2), 1e-9);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"lc", "svd-train", "lra", "trp", "orth-evbmf"})
    void aCancelledRunEndsCancelledWithAConsistentFactorizedModelOfItsLastCompleteStep(
            String id, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        SavedModel start = TestModels.random(Architecture.LENET5, 23);
        CancellationToken cancel = new CancellationToken();
        List<TrainingEvent> events = new ArrayList<>();
        // cancel in the middle of the run: after the fifth batch of 16 (LC: its sixth L step, S1: after an event)
        TrainingListener listener = e -> {
            events.add(e);
            if (e instanceof TrainingEvent.BatchEnded
                    && events.stream()
                                    .filter(x -> x instanceof TrainingEvent.BatchEnded)
                                    .count()
                            == 5) {
                cancel.cancel();
            }
        };
        TrainingConfig tc = config().optBatchSize(8).build(); // 128 images: 16 batches
        MethodRun run = new MethodRun(start, data(128), SRC.test().limit(32), tc, tc, null, null, listener, cancel);
        RankLearningMethod<?> m = Methods.get(id);
        Object p = m.defaultParameters();
        if (p instanceof LraParams l) {
            l.setPeriod(2);
        }
        MethodResult r = Methods.run(m, run, p);
        assertEquals(RunStatus.CANCELLED, r.status(), r.statusMessage());
        assertTrue(r.statusMessage().contains("cancelled"), r.statusMessage());
        assertTrue(Double.isNaN(r.fineTunedAccuracy()), "no fine-tuning after a cancelled phase");
        assertEquals(
                5,
                events.stream()
                        .filter(x -> x instanceof TrainingEvent.BatchEnded)
                        .count());
        Path file = dir.resolve(id + ".rbm");
        ModelFiles.write(r.model(), file);
        SavedModel back = ModelFiles.read(file);
        assertEquals(r.params(), NetworkSpec.parameterCount(back.manifest().network()));
        assertTrue(r.compressedAccuracy() >= 0, "a cancelled run is a result: " + r.compressedAccuracy());
    }
}
