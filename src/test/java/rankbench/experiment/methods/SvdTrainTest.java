package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.training.Optimizer;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingContext;
import rankbench.experiment.training.TrainingData;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingHooks;
import rankbench.experiment.training.TrainingLoop;
import rankbench.experiment.training.TrainingOutcome;

/** S1 (docs/METHODS.md §3): pruning, gradients, statuses and optimizer state of SVD training in real runs. */
@Tag("engine")
class SvdTrainTest {

    private static final DataSource SRC = Datasets.bundledFashionMnistSubset();

    private static TrainingData data(int n) {
        return new TrainingData(SRC.train().limit(n), SRC.train().limit(16), SRC.normalization());
    }

    private static MethodRun run(SavedModel start, TrainingConfig tc, List<TrainingEvent> events) {
        return new MethodRun(start, data(64), SRC.test().limit(32), tc, null, null, null, events::add, null);
    }

    private static TrainingConfig.Builder config() {
        return TrainingConfig.builder()
                .setEpochs(1)
                .optBatchSize(16)
                .optLearningRate(0.01)
                .optSchedule("constant")
                .optAugmentFlip(false);
    }

    /** A ResNet-20 whose conv kernels are scaled by {@code c}: the same function (every conv feeds a BN). */
    private static SavedModel scaledResnet(double c) {
        SavedModel m = TestModels.random(Architecture.RESNET20, 11);
        Map<String, Tensor> w = new LinkedHashMap<>();
        m.weights().forEach((n, t) -> {
            if (n.endsWith(".weight") && t.shape().length == 4) {
                float[] d = t.data().clone();
                for (int i = 0; i < d.length; i++) {
                    d[i] *= (float) c;
                }
                w.put(n, new Tensor(t.shape(), d));
            } else {
                w.put(n, t);
            }
        });
        return new SavedModel(m.manifest(), w);
    }

    /**
     * The S1 divergence: with the penalties in the gradient tape (views of U and V^T inside autograd), SVD training
     * of the default model at learning rate 0.0085 ended in a NaN or exploding loss within a few batches in about
     * one loop in eight (and in four of nine reproductions of the earlier result run). With the penalties
     * differentiated after backward no loop diverges. Real data and the real model: tagged slow.
     */
    @Test
    @Tag("slow")
    void svdTrainingOfTheDefaultModelDoesNotDivergeInRepeatedLoops() {
        SavedModel dense = ModelFiles.readDefault();
        List<LayerInfo> targets = Targets.defaults().select(MethodSupport.layers(dense));
        SavedModel svd = SvdTrainMethod.initialize(dense, targets);
        Map<String, Integer> ranks = new LinkedHashMap<>();
        targets.forEach(l ->
                ranks.put(l.name(), svd.weights().get(l.name() + ".1.weight").shape()[0]));
        TrainingData data = new TrainingData(SRC.train().limit(2000), null, SRC.normalization());
        for (int loop = 0; loop < 12; loop++) {
            TrainingConfig tc = TrainingConfig.builder()
                    .setEpochs(1)
                    .optLearningRate(0.0085)
                    .optSchedule("constant")
                    .optSeed(loop % 2)
                    .build();
            try (Network net = svd.toNetwork()) {
                TrainingOutcome o = new TrainingLoop(
                                net,
                                data,
                                tc,
                                new SvdTrainHooks(new SvdTrainParams(), ranks, tc.weightDecay(), new LinkedHashMap<>()),
                                null,
                                null,
                                "loop " + loop)
                        .run();
                assertEquals(RunStatus.COMPLETED, o.status(), "loop " + loop + ": " + o.message());
            }
        }
    }

    @Test
    void aDivergedPhaseEndsTheRunAsDivergedWithoutPruningAfterIt() {
        SavedModel start = TestModels.random(Architecture.RESNET20, 15);
        List<TrainingEvent> events = new ArrayList<>();
        SvdTrainParams p = new SvdTrainParams();
        p.setWarmup(0.5); // 4 batches: the first segment is batches 1-2, and it diverges at its second batch
        MethodResult r = Methods.run(
                new SvdTrainMethod(), run(start, config().optLearningRate(1e7).build(), events), p);
        assertEquals(RunStatus.DIVERGED, r.status());
        assertTrue(r.statusMessage().startsWith("SVD training (batches 1-2) diverged"), r.statusMessage());
        assertTrue(Double.isNaN(r.compressedAccuracy()) && Double.isNaN(r.fineTunedAccuracy()));
        assertEquals(
                0,
                events.stream()
                        .filter(e -> e instanceof TrainingEvent.MethodUpdate u
                                && u.payload() instanceof RankSnapshot s
                                && s.phase().equals("pruning"))
                        .count());
        assertEquals(
                1,
                events.stream()
                        .filter(e -> e instanceof TrainingEvent.RunStarted)
                        .count());
    }

    @Test
    void ranksNeverIncreaseOverARunAndDoShrink() {
        SavedModel start = TestModels.random(Architecture.RESNET20, 12);
        SvdTrainParams p = new SvdTrainParams();
        p.setReduction(2);
        p.setPruningEvents(3);
        List<TrainingEvent> events = new ArrayList<>();
        MethodResult r = Methods.run(
                new SvdTrainMethod(),
                run(start, config().setEpochs(2).optMaxBatchesPerEpoch(3).build(), events),
                p);
        assertEquals(RunStatus.COMPLETED, r.status(), r.statusMessage());
        Map<String, List<Integer>> history = new LinkedHashMap<>();
        for (TrainingEvent e : events) {
            if (e instanceof TrainingEvent.MethodUpdate u
                    && u.payload() instanceof RankSnapshot s
                    && s.method().equals("svd-train")) {
                s.layers()
                        .forEach(l -> history.computeIfAbsent(l.name(), k -> new ArrayList<>())
                                .add(l.rank().get(0)));
            }
        }
        assertEquals(18, history.size());
        boolean shrank = false;
        for (Map.Entry<String, List<Integer>> e : history.entrySet()) {
            List<Integer> h = e.getValue();
            assertTrue(h.size() >= 3, e.getKey() + ": " + h);
            int full = start.weights().get(e.getKey() + ".weight").shape()[0];
            shrank |= h.get(h.size() - 1) < full;
            for (int i = 1; i < h.size(); i++) {
                assertTrue(h.get(i) <= h.get(i - 1), e.getKey() + " rank grew: " + h);
            }
        }
        assertTrue(shrank, "no layer was pruned: " + history);
        assertTrue(r.macs() <= r.baseMacs() / 2.0 + 1);
    }

    @Test
    void penaltyGradientsAddedAfterBackwardMatchFiniteDifferencesOfThePenalty() {
        SavedModel dense = TestModels.random(Architecture.RESNET20, 13);
        List<LayerInfo> targets =
                Targets.defaults().select(MethodSupport.layers(dense)).subList(0, 1);
        String l = targets.get(0).name();
        SavedModel svd = SvdTrainMethod.initialize(dense, targets);
        // perturb U and V^T so that both penalties have a gradient
        Map<String, Tensor> w = new LinkedHashMap<>(svd.weights());
        for (String n : List.of(l + ".0.weight", l + ".2.weight")) {
            float[] d = w.get(n).data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] *= 1 + 0.2f * (float) Math.sin(3 * i + n.length());
            }
            w.put(n, new Tensor(w.get(n).shape(), d));
        }
        SvdTrainParams p = new SvdTrainParams();
        p.setOrthWeight(50);
        p.setSparsityWeight(1);
        p.setBalancedSteps(false);
        SvdTrainHooks hooks = new SvdTrainHooks(p, Map.of(l, 16), 0, new LinkedHashMap<>());
        SavedModel model = new SavedModel(svd.manifest(), w);
        try (Network net = model.toNetwork();
                NDManager m = net.manager().newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray zero = null; // a zero loss that still gives every parameter a (zero) gradient
                for (var e : net.parameters().values()) {
                    NDArray t = e.getArray().sum().mul(0f);
                    t.attach(m);
                    zero = zero == null ? t : zero.add(t);
                    zero.attach(m);
                }
                gc.backward(zero);
            }
            hooks.beforeOptimizerStep(HookContexts.of(net, m));
            for (String n : List.of(l + ".0.weight", l + ".2.weight", l + ".1.weight")) {
                float[] grad = net.parameters().get(n).getArray().getGradient().toFloatArray();
                Tensor t = net.weight(n);
                SplittableRandom r = new SplittableRandom(n.length());
                float[] dir = new float[t.size()];
                double along = 0;
                for (int i = 0; i < dir.length; i++) {
                    boolean diagonal = !n.endsWith(".1.weight") || i / 16 == i % 16;
                    dir[i] = diagonal ? (float) (r.nextDouble() - 0.5) : 0;
                    along += dir[i] * grad[i];
                }
                double eps = 1e-3;
                net.setWeight(n, plus(t, dir, eps));
                double up = hooks.penalty(net);
                net.setWeight(n, plus(t, dir, -eps));
                double down = hooks.penalty(net);
                net.setWeight(n, t);
                double fd = (up - down) / (2 * eps);
                assertTrue(Math.abs(fd) > 1e-3, n + ": the perturbation should make the gradient visible: " + fd);
                assertEquals(
                        fd, along, 1e-2 * Math.abs(fd), n); // float weights: the difference quotient is good to ~0.3 %
            }
            Optimizer.zeroGradients(net.parameters());
        }
    }

    private static Tensor plus(Tensor t, float[] dir, double eps) {
        float[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] += (float) (eps * dir[i]);
        }
        return new Tensor(t.shape(), d);
    }

    @Test
    void momentumIsSlicedToTheKeptComponentsBetweenTwoRealLoops() {
        SavedModel dense = TestModels.random(Architecture.RESNET20, 14);
        List<LayerInfo> targets =
                Targets.defaults().select(MethodSupport.layers(dense)).subList(0, 2);
        SavedModel svd = SvdTrainMethod.initialize(dense, targets);
        Map<String, Integer> ranks = new LinkedHashMap<>();
        targets.forEach(l -> ranks.put(l.name(), 16));
        Map<String, Tensor[]> state = new LinkedHashMap<>();
        SvdTrainParams p = new SvdTrainParams();
        TrainingConfig tc = config().optMaxBatchesPerEpoch(3).build();
        Map<String, Tensor> weights;
        try (Network net = svd.toNetwork()) {
            new TrainingLoop(
                            net,
                            data(64),
                            tc,
                            new SvdTrainHooks(p, ranks, tc.weightDecay(), state),
                            null,
                            null,
                            "first")
                    .run();
            weights = net.weights();
        }
        String l = targets.get(0).name();
        Tensor[] before = state.get(l + ".0.weight");
        assertNotNull(before, "no momentum captured for " + l + ".0.weight; names: " + state.keySet());
        int[] keep = {5, 0, 9};
        SvdTrainMethod.slice(l, keep, weights, state);
        ranks.put(l, keep.length);
        SavedModel smaller = SvdTrainMethod.build(dense, targets, ranks, weights);
        Map<String, float[]> seen = new LinkedHashMap<>();
        TrainingHooks inner = new SvdTrainHooks(p, ranks, tc.weightDecay(), state);
        TrainingHooks probe = new TrainingHooks() {
            @Override
            public void onRunStart(TrainingContext ctx) {
                inner.onRunStart(ctx);
                for (String n : List.of(l + ".0.weight", l + ".1.weight", l + ".2.weight")) {
                    NDArray[] st = ctx.optimizer().state(n);
                    assertNotNull(st, "no momentum for " + n);
                    assertEquals(ctx.network().parameters().get(n).getArray().getShape(), st[0].getShape(), n);
                    seen.put(n, st[0].toFloatArray());
                }
            }

            @Override
            public NDArray extraLoss(TrainingContext ctx) {
                return inner.extraLoss(ctx);
            }

            @Override
            public void beforeOptimizerStep(TrainingContext ctx) {
                inner.beforeOptimizerStep(ctx);
            }

            @Override
            public void onRunEnd(TrainingContext ctx, TrainingOutcome o) {
                inner.onRunEnd(ctx, o);
            }
        };
        try (Network net = smaller.toNetwork()) {
            TrainingOutcome o = new TrainingLoop(net, data(64), tc, probe, null, null, "second").run();
            assertEquals(RunStatus.COMPLETED, o.status());
        }
        // rows 5, 0, 9 of the first loop's momentum of V^T, in that order
        int per = before[0].size() / 16;
        float[] got = seen.get(l + ".0.weight");
        for (int i = 0; i < keep.length; i++) {
            float[] want = Arrays.copyOfRange(before[0].data(), keep[i] * per, (keep[i] + 1) * per);
            assertArrayEquals(want, Arrays.copyOfRange(got, i * per, (i + 1) * per));
        }
    }
}
