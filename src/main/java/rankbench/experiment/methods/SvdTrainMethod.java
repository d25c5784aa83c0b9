package rankbench.experiment.methods;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingOutcome;

/**
 * SVD training with dynamic rank pruning (docs/METHODS.md §3, S1). Each target conv becomes three convs
 * {@code kh x kw Cin->r} ({@code V^T}), {@code 1x1 r->r} (diagonal, {@code diag(s)}; its off-diagonal
 * gradients are zeroed so it stays diagonal) and {@code 1x1 r->Cout} ({@code U}), initialized by the
 * SVD of the R1 matrix, so the network starts exactly equal to the dense one. The loss adds
 * {@code lambda_o (O(U) + O(V)) + lambda_s ||s||_1}, differentiated analytically and added to the
 * gradients after backward. At pruning points placed as fractions of the run
 * (after a warm-up, before a fixed-rank end; measured in batches so that one epoch can prune),
 * components are pruned by energy and absolute value; the network is rebuilt smaller and the
 * optimizer's momentum sliced to the kept components. The run's learning-rate schedule continues across
 * the rebuilt networks. The export multiplies
 * each layer back ({@code U diag(s) V^T}, rank {@code <= r}) and factorizes it as an R1 pair.
 *
 * <p>This class runs the method: the training segments between pruning points and the result. The U, s, V
 * layer form lives in {@link SvdLayers}, the pruning rules and slicing in {@link SvdPruning}, the penalty
 * gradients in {@link SvdTrainHooks}.
 */
public final class SvdTrainMethod implements RankLearningMethod<SvdTrainParams> {

    @Override
    public String id() {
        return "svd-train";
    }

    @Override
    public String description() {
        return "SVD training: U diag(s) V^T layers, orthogonality + L1 penalties, energy pruning during training";
    }

    @Override
    public Class<SvdTrainParams> parametersType() {
        return SvdTrainParams.class;
    }

    @Override
    public SvdTrainParams defaultParameters() {
        return new SvdTrainParams();
    }

    /** Returns a model with the given layers in U, s, V form at the given ranks (see {@link SvdLayers#build}). */
    static SavedModel build(
            SavedModel dense, List<LayerInfo> targets, Map<String, Integer> ranks, Map<String, Tensor> weights) {
        return SvdLayers.build(dense, targets, ranks, weights);
    }

    /** Returns the dense model re-parameterised by the SVD of each target's R1 matrix (exact). */
    public static SavedModel initialize(SavedModel dense, List<LayerInfo> targets) {
        return SvdLayers.initialize(dense, targets);
    }

    /** Multiplies every U, s, V layer back into one dense kernel: a model with the dense layer tree. */
    public static SavedModel collapse(SavedModel svd, SavedModel dense, List<LayerInfo> targets) {
        return SvdLayers.collapse(svd, dense, targets);
    }

    /** Returns the diagonal of an s weight (see {@link SvdLayers#diag}). */
    static double[] diag(Tensor s) {
        return SvdLayers.diag(s);
    }

    /** Returns the kept component indices of one layer (see {@link SvdPruning#keep}). */
    static int[] keep(double[] s, double eps, double absThreshold, int cap) {
        return SvdPruning.keep(s, eps, absThreshold, cap);
    }

    /** Slices one layer's U, s, V weights and optimizer state (see {@link SvdPruning#slice}). */
    static void slice(String layer, int[] keep, Map<String, Tensor> weights, Map<String, Tensor[]> state) {
        SvdPruning.slice(layer, keep, weights, state);
    }

    /** Copies an array of the network (optimizer state kept across the rebuilt networks) into a tensor. */
    static Tensor tensor(NDArray a) {
        long[] s = a.getShape().getShape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = (int) s[i];
        }
        return new Tensor(shape, a.toFloatArray());
    }

    @Override
    public void validate(SvdTrainParams p, int epochs) {
        MethodSupport.requireEpochs(epochs);
        MethodSupport.require(p.getOrthWeight() >= 0, "orthWeight must be >= 0, got " + p.getOrthWeight());
        MethodSupport.require(p.getSparsityWeight() >= 0, "sparsityWeight must be >= 0, got " + p.getSparsityWeight());
        MethodSupport.require(
                p.getEnergyEps() >= 0 && p.getEnergyEps() < 1, "energyEps must be in [0, 1), got " + p.getEnergyEps());
        MethodSupport.require(p.getAbsThreshold() >= 0, "absThreshold must be >= 0, got " + p.getAbsThreshold());
        MethodSupport.require(
                p.getWarmup() >= 0 && p.getWarmup() < 1,
                "warmup must be a fraction of the run in "
                        + "[0, 1) (the first pruning event must come before the end), got " + p.getWarmup());
        MethodSupport.require(
                p.getFinalFraction() >= 0 && p.getFinalFraction() < 1,
                "finalFraction must be in [0, 1), got " + p.getFinalFraction());
        MethodSupport.require(
                p.getWarmup() + p.getFinalFraction() <= 1,
                "warmup + finalFraction must be <= 1 " + "(pruning happens between them), got "
                        + (p.getWarmup() + p.getFinalFraction()));
        MethodSupport.require(p.getPruningEvents() >= 1, "pruningEvents must be >= 1, got " + p.getPruningEvents());
        MethodSupport.requireReduction(p.getReduction());
    }

    @Override
    public MethodResult run(MethodRun run, SvdTrainParams p) {
        TrainingConfig tc = run.training();
        validate(p, tc.epochs());
        long t0 = System.nanoTime();
        SavedModel dense = run.model();
        List<LayerInfo> all = MethodSupport.layers(dense);
        List<LayerInfo> targets = new ArrayList<>();
        for (LayerInfo l : run.targets().select(all)) {
            if (l.isConv()) {
                targets.add(l);
            }
        }
        SavedModel current = SvdLayers.initialize(dense, targets);
        Map<String, Integer> ranks = new LinkedHashMap<>();
        for (LayerInfo l : targets) {
            ranks.put(l.name(), current.weights().get(l.name() + ".1.weight").shape()[0]);
        }
        int perEpoch = MethodSupport.batchesPerEpoch(run);
        long total = (long) tc.epochs() * perEpoch;
        long[] points = SvdPruning.pruningPoints(p, total);
        List<Long> bounds = new ArrayList<>();
        for (long q : points) {
            bounds.add(q);
        }
        if (bounds.get(bounds.size() - 1) < total) {
            bounds.add(total);
        }
        Map<String, Tensor[]> state = new LinkedHashMap<>();
        RunStatus status = RunStatus.COMPLETED;
        String statusMessage = "";
        int events = 0;
        long from = 0;
        for (int seg = 0; seg < bounds.size(); seg++) {
            long to = bounds.get(seg);
            if (run.cancel().isCancelled()) {
                status = RunStatus.CANCELLED;
                statusMessage = "cancelled after batch " + from + " of " + total;
                break;
            }
            Map<String, Tensor> weights;
            TrainingOutcome o;
            try (Network net = current.toNetwork()) {
                SvdTrainHooks hooks = new SvdTrainHooks(p, ranks, tc.weightDecay(), state);
                // one schedule across the segments: this segment continues it from batch `from`
                TrainingConfig c = MethodSupport.segment(tc, to - from, perEpoch, from, total, tc.seed() + seg);
                o = MethodSupport.train(
                        net, run, c, hooks, "SVD training, batches " + (from + 1) + "-" + to + " of " + total);
                weights = net.weights();
            }
            if (o.status() != RunStatus.COMPLETED) {
                // the network holds the weights of the last complete step (cancelled) or restored ones
                // (diverged) at the current ranks: no pruning after it
                status = o.status();
                statusMessage = TrpMethod.phaseMessage("SVD training (batches " + (from + 1) + "-" + to + ")", o);
                current = SvdLayers.ordered(dense, targets, ranks, weights);
                break;
            }
            boolean prune = Arrays.binarySearch(points, to) >= 0;
            Map<String, Integer> caps =
                    prune && p.getReduction() > 0 ? SvdPruning.budgetCaps(dense, targets, weights, p) : Map.of();
            List<RankSnapshot.Layer> snap = new ArrayList<>();
            for (LayerInfo l : targets) {
                double[] s = SvdLayers.diag(weights.get(l.name() + ".1.weight"));
                if (prune) {
                    int[] k = SvdPruning.keep(
                            s, p.getEnergyEps(), p.getAbsThreshold(), caps.getOrDefault(l.name(), s.length));
                    SvdPruning.slice(l.name(), k, weights, state);
                    ranks.put(l.name(), k.length);
                }
                double[] abs = SvdPruning.sortedAbs(s);
                int full = Math.min(
                        l.weightShape().get(0),
                        l.weightShape().get(1)
                                * l.weightShape().get(2)
                                * l.weightShape().get(3));
                snap.add(MethodSupport.layer(
                        l.name(), Scheme.CHANNEL, List.of(ranks.get(l.name())), List.of(full), abs));
            }
            if (prune) {
                events++;
            }
            int epoch = (int) ((to - 1) / perEpoch);
            MethodSupport.publish(
                    run, id(), to, "ranks", new RankSnapshot(id(), prune ? "pruning" : "epoch", epoch, to, snap));
            current = SvdLayers.ordered(dense, targets, ranks, weights);
            from = to;
        }
        double learnSeconds = (System.nanoTime() - t0) / 1e9;
        SavedModel learned = SvdLayers.collapse(current, dense, targets);
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerInfo l : targets) {
            m.put(l.name(), LayerPlan.of(Scheme.CHANNEL, ranks.get(l.name())));
        }
        RankPlan plan = RankRules.capAtBreakEven(new RankPlan(m).resolve(all, Scheme.CHANNEL), all);
        return MethodSupport.finish(
                id(),
                run,
                learned,
                plan,
                p,
                t0,
                learnSeconds,
                "SVD training, " + events + " pruning events in " + total + " batches, ranks " + TrpMethod.ranks(plan),
                status,
                statusMessage);
    }
}
