package rankbench.experiment.methods;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.MatrixViews;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.ParameterShapes;
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

    /** Returns the three-conv layer that stores a conv as U, s, V at rank r. */
    static LayerSpec.Sequence svdSpec(LayerSpec.Conv c, int r) {
        return new LayerSpec.Sequence(
                c.name(),
                List.of(
                        new LayerSpec.Conv(
                                "0",
                                c.inChannels(),
                                r,
                                c.kernelH(),
                                c.kernelW(),
                                c.strideH(),
                                c.strideW(),
                                c.padH(),
                                c.padW(),
                                false),
                        new LayerSpec.Conv("1", r, r, 1, 1, 1, 1, 0, 0, false),
                        new LayerSpec.Conv("2", r, c.outChannels(), 1, 1, 1, 1, 0, 0, c.bias())));
    }

    /** Returns a model with the given layers in U, s, V form at the given ranks, with the given weights. */
    static SavedModel build(
            SavedModel dense, List<LayerInfo> targets, Map<String, Integer> ranks, Map<String, Tensor> weights) {
        Map<String, LayerSpec> repl = new LinkedHashMap<>();
        for (LayerInfo l : targets) {
            repl.put(l.name(), svdSpec((LayerSpec.Conv) l.spec(), ranks.get(l.name())));
        }
        ModelManifest m = dense.manifest();
        LayerSpec.Sequence tree = NetworkSpec.replaceLayers(m.network(), repl);
        ModelManifest out = new ModelManifest(
                m.formatVersion(),
                m.architecture() + " (svd-train)",
                m.input(),
                m.classes(),
                m.mean(),
                m.std(),
                tree,
                m.training(),
                null);
        return new SavedModel(out, weights);
    }

    /** Returns the dense model re-parameterised by the SVD of each target's R1 matrix (exact). */
    public static SavedModel initialize(SavedModel dense, List<LayerInfo> targets) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        Map<String, Integer> ranks = new LinkedHashMap<>();
        Map<String, LayerInfo> byName = MethodSupport.byName(targets);
        for (Map.Entry<String, Tensor> e : dense.weights().entrySet()) {
            String n = e.getKey();
            String layer = n.substring(0, n.lastIndexOf('.'));
            LayerInfo l = byName.get(layer);
            if (l == null) {
                w.put(n, e.getValue());
                continue;
            }
            if (n.endsWith(".bias")) {
                w.put(layer + ".2.bias", e.getValue());
                continue;
            }
            Tensor wt = e.getValue();
            int[] s = wt.shape();
            Svd.Decomposition d = Svd.thin(MatrixViews.toMatrix(wt, Scheme.CHANNEL));
            int r = d.p();
            ranks.put(layer, r);
            w.put(layer + ".0.weight", Structures.tensor(d.vt(), r, s[1], s[2], s[3]));
            float[] diag = new float[r * r];
            for (int k = 0; k < r; k++) {
                diag[k * r + k] = (float) d.s()[k];
            }
            w.put(layer + ".1.weight", new Tensor(new int[] {r, r, 1, 1}, diag));
            w.put(layer + ".2.weight", Structures.tensor(d.u(), s[0], r, 1, 1));
        }
        return build(dense, targets, ranks, reorder(dense, targets, ranks, w));
    }

    private static Map<String, Tensor> reorder(
            SavedModel dense, List<LayerInfo> targets, Map<String, Integer> ranks, Map<String, Tensor> w) {
        SavedModel probe = build(dense, targets, ranks, Map.of());
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String n : ParameterShapes.of(probe.manifest().network()).keySet()) {
            out.put(n, w.get(n));
        }
        return out;
    }

    /** Multiplies every U, s, V layer back into one dense kernel: a model with the dense layer tree. */
    public static SavedModel collapse(SavedModel svd, SavedModel dense, List<LayerInfo> targets) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (String n : dense.weights().keySet()) {
            String layer = n.substring(0, n.lastIndexOf('.'));
            boolean target = targets.stream().anyMatch(l -> l.name().equals(layer));
            if (!target) {
                w.put(n, svd.weights().get(n));
            } else if (n.endsWith(".bias")) {
                w.put(n, svd.weights().get(layer + ".2.bias"));
            } else {
                int[] shape = dense.weights().get(n).shape();
                Matrix u = Structures.matrix(svd.weights().get(layer + ".2.weight"));
                Tensor st = svd.weights().get(layer + ".1.weight");
                int r = st.shape()[0];
                Matrix s = Structures.matrix(new Tensor(new int[] {r, r}, st.data()));
                Matrix vt = Structures.matrix(svd.weights().get(layer + ".0.weight"));
                Matrix m = Svd.multiply(Svd.multiply(u, false, s, false), false, vt, false);
                w.put(n, MatrixViews.toTensor(m, Scheme.CHANNEL, shape));
            }
        }
        return new SavedModel(dense.manifest(), w);
    }

    static Tensor tensor(NDArray a) {
        long[] s = a.getShape().getShape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = (int) s[i];
        }
        return new Tensor(shape, a.toFloatArray());
    }

    /**
     * Returns the kept component indices of one layer (by descending |s|): the energy rule, then the
     * absolute threshold, then an optional cap; at least one.
     */
    static int[] keep(double[] s, double eps, double absThreshold, int cap) {
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(s[b]), Math.abs(s[a])));
        double[] sorted = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            sorted[i] = Math.abs(s[order[i]]);
        }
        int k = Svd.energyRank(sorted, 1 - eps);
        while (k > 1 && sorted[k - 1] < absThreshold) {
            k--;
        }
        k = Math.max(1, Math.min(k, Math.max(1, cap)));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** Slices one layer's U, s, V weights (and their optimizer state) to the kept components. */
    static void slice(String layer, int[] keep, Map<String, Tensor> weights, Map<String, Tensor[]> state) {
        slice(weights, state, layer + ".0.weight", t -> rows(t, keep));
        slice(weights, state, layer + ".1.weight", t -> diagonal(t, keep));
        slice(weights, state, layer + ".2.weight", t -> cols(t, keep));
    }

    private static void slice(
            Map<String, Tensor> weights, Map<String, Tensor[]> state, String name, UnaryOperator<Tensor> f) {
        weights.put(name, f.apply(weights.get(name)));
        Tensor[] st = state.get(name);
        if (st != null) {
            Tensor[] out = new Tensor[st.length];
            for (int i = 0; i < st.length; i++) {
                out[i] = f.apply(st[i]);
            }
            state.put(name, out);
        }
    }

    private static Tensor rows(Tensor t, int[] keep) {
        int[] s = t.shape().clone();
        int per = t.size() / s[0];
        float[] out = new float[keep.length * per];
        for (int i = 0; i < keep.length; i++) {
            System.arraycopy(t.data(), keep[i] * per, out, i * per, per);
        }
        s[0] = keep.length;
        return new Tensor(s, out);
    }

    private static Tensor cols(Tensor t, int[] keep) {
        int rowsN = t.shape()[0];
        int r = t.shape()[1];
        float[] out = new float[rowsN * keep.length];
        for (int i = 0; i < rowsN; i++) {
            for (int k = 0; k < keep.length; k++) {
                out[i * keep.length + k] = t.data()[i * r + keep[k]];
            }
        }
        return new Tensor(new int[] {rowsN, keep.length, 1, 1}, out);
    }

    private static Tensor diagonal(Tensor t, int[] keep) {
        int r = t.shape()[0];
        int k = keep.length;
        float[] out = new float[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                out[a * k + b] = t.data()[keep[a] * r + keep[b]];
            }
        }
        return new Tensor(new int[] {k, k, 1, 1}, out);
    }

    static double[] diag(Tensor s) {
        int r = s.shape()[0];
        double[] d = new double[r];
        for (int k = 0; k < r; k++) {
            d[k] = s.data()[k * r + k];
        }
        return d;
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

    /**
     * Returns the pruning points of a run of {@code total} batches: after batch {@code round(f total)} for
     * {@code pruningEvents} fractions {@code f} evenly spaced from {@code warmup} to {@code 1 - finalFraction};
     * each at least 1, at most {@code total}, strictly increasing (coinciding points merge).
     */
    static long[] pruningPoints(SvdTrainParams p, long total) {
        double first = p.getWarmup();
        double last = 1 - p.getFinalFraction();
        int n = p.getPruningEvents();
        TreeSet<Long> points = new TreeSet<>();
        for (int j = 0; j < n; j++) {
            double f = n == 1 ? first : first + j * (last - first) / (n - 1);
            points.add(Math.max(1, Math.min(total, Math.round(f * total))));
        }
        return points.stream().mapToLong(Long::longValue).toArray();
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
        SavedModel current = initialize(dense, targets);
        Map<String, Integer> ranks = new LinkedHashMap<>();
        for (LayerInfo l : targets) {
            ranks.put(l.name(), current.weights().get(l.name() + ".1.weight").shape()[0]);
        }
        int perEpoch = MethodSupport.batchesPerEpoch(run);
        long total = (long) tc.epochs() * perEpoch;
        long[] points = pruningPoints(p, total);
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
                current = build(dense, targets, ranks, reorder(dense, targets, ranks, weights));
                break;
            }
            boolean prune = Arrays.binarySearch(points, to) >= 0;
            Map<String, Integer> caps =
                    prune && p.getReduction() > 0 ? budgetCaps(dense, targets, weights, p) : Map.of();
            List<RankSnapshot.Layer> snap = new ArrayList<>();
            for (LayerInfo l : targets) {
                double[] s = diag(weights.get(l.name() + ".1.weight"));
                if (prune) {
                    int[] k = keep(s, p.getEnergyEps(), p.getAbsThreshold(), caps.getOrDefault(l.name(), s.length));
                    slice(l.name(), k, weights, state);
                    ranks.put(l.name(), k.length);
                }
                double[] abs = Arrays.stream(s)
                        .map(Math::abs)
                        .boxed()
                        .sorted((a, b) -> Double.compare(b, a))
                        .mapToDouble(Double::doubleValue)
                        .toArray();
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
            current = build(dense, targets, ranks, reorder(dense, targets, ranks, weights));
            from = to;
        }
        double learnSeconds = (System.nanoTime() - t0) / 1e9;
        SavedModel learned = collapse(current, dense, targets);
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

    /** Per-layer rank caps from a global threshold on |s| meeting the MAC budget. */
    private static Map<String, Integer> budgetCaps(
            SavedModel dense, List<LayerInfo> targets, Map<String, Tensor> weights, SvdTrainParams p) {
        Map<String, double[]> spectra = new LinkedHashMap<>();
        double max = 0;
        for (LayerInfo l : targets) {
            double[] abs = Arrays.stream(diag(weights.get(l.name() + ".1.weight")))
                    .map(Math::abs)
                    .boxed()
                    .sorted((a, b) -> Double.compare(b, a))
                    .mapToDouble(Double::doubleValue)
                    .toArray();
            spectra.put(l.name(), abs);
            max = Math.max(max, abs.length == 0 ? 0 : abs[0]);
        }
        RankPlan plan = MethodSupport.cheapestAbove(
                dense,
                t -> MethodSupport.thresholdPlan(dense, targets, Scheme.CHANNEL, spectra, t),
                0,
                max * 1.0001,
                MethodSupport.macTarget(dense, p.getReduction()),
                false);
        Map<String, Integer> caps = new LinkedHashMap<>();
        plan.layers().forEach((n, lp) -> caps.put(n, lp.factorized() ? lp.rank() : spectra.get(n).length));
        return caps;
    }
}
