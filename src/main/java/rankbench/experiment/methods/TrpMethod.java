package rankbench.experiment.methods;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.MatrixViews;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingContext;
import rankbench.experiment.training.TrainingHooks;
import rankbench.experiment.training.TrainingOutcome;

/**
 * TRP (docs/METHODS.md §7): train the full network; every {@code m} batches, before the forward pass,
 * replace each target kernel by its truncated SVD at the energy rank and add the nuclear-norm
 * sub-gradient to that batch's gradients; at the end keep the singular values above {@code t_val}
 * and split each layer into its pair.
 */
public final class TrpMethod implements RankLearningMethod<TrpParams> {

    @Override
    public String id() {
        return "trp";
    }

    @Override
    public String description() {
        return "TRP: periodic energy projection + nuclear-norm sub-gradient during training, value-threshold export";
    }

    @Override
    public Class<TrpParams> parametersType() {
        return TrpParams.class;
    }

    @Override
    public TrpParams defaultParameters() {
        return new TrpParams();
    }

    @Override
    public void validate(TrpParams p, int epochs) {
        MethodSupport.requireEpochs(epochs);
        MethodSupport.require(p.getScheme() != null, "scheme must be channel or spatial-vh");
        MethodSupport.require(p.getNuclearMode() != null, "nuclearMode must be truncated or full");
        MethodSupport.require(p.getPeriod() >= 1, "period must be >= 1 batch, got " + p.getPeriod());
        MethodSupport.require(
                p.getEnergyKeep() > 0 && p.getEnergyKeep() <= 1,
                "energyKeep must be in (0, 1], got " + p.getEnergyKeep());
        MethodSupport.require(
                p.getNuclearWeight() >= 0 && Double.isFinite(p.getNuclearWeight()),
                "nuclearWeight must be >= 0, got " + p.getNuclearWeight());
        MethodSupport.require(
                p.getExportThreshold() >= 0, "exportThreshold must be >= 0, got " + p.getExportThreshold());
        MethodSupport.requireReduction(p.getReduction());
    }

    /** The training hooks of TRP (public for tests and the window). */
    public static final class Hooks implements TrainingHooks {
        private final TrpParams p;
        private final Scheme scheme;
        private final List<LayerInfo> targets;
        private final boolean full;
        private final Map<String, Tensor> subgradients = new LinkedHashMap<>();
        private RankSnapshot last;
        private final List<Long> nuclearSteps = new ArrayList<>();

        /** Creates the hooks for the given target layers. */
        public Hooks(TrpParams p, List<LayerInfo> targets) {
            new TrpMethod().validate(p, 1);
            this.p = p;
            this.scheme = p.getScheme().scheme();
            this.full = p.getNuclearMode() == NuclearMode.FULL;
            this.targets = List.copyOf(targets);
        }

        /** Returns the optimizer steps on which the nuclear-norm sub-gradient was added to the gradient. */
        public List<Long> nuclearSteps() {
            return List.copyOf(nuclearSteps);
        }

        /** Returns the snapshot of the last projection (null before the first). */
        public RankSnapshot last() {
            return last;
        }

        @Override
        public void beforeBatch(TrainingContext ctx) {
            subgradients.clear();
            if (ctx.batchInEpoch() % p.getPeriod() != 0) {
                return;
            }
            last = project(ctx.network(), ctx.epoch(), ctx.step());
            ctx.publish("ranks", last);
        }

        /** Projects every target layer in place and remembers the nuclear sub-gradients. */
        RankSnapshot project(Network net, int epoch, long step) {
            List<RankSnapshot.Layer> out = new ArrayList<>();
            for (LayerInfo l : targets) {
                String name = l.name() + ".weight";
                Tensor w = net.weight(name);
                Svd.Decomposition d = Svd.thin(MatrixViews.toMatrix(w, scheme));
                int r = Svd.energyRank(d.s(), p.getEnergyKeep());
                if (p.isProjection()) {
                    net.setWeight(name, MatrixViews.toTensor(d.truncate(r), scheme, w.shape()));
                }
                if (p.getNuclearWeight() > 0) {
                    int k = full ? positive(d.s()) : r;
                    subgradients.put(name, MatrixViews.toTensor(nuclearSubgradient(d, k), scheme, w.shape()));
                }
                out.add(MethodSupport.layer(l.name(), scheme, List.of(r), List.of(d.p()), d.s()));
            }
            return new RankSnapshot("trp", "projection", epoch, step, out);
        }

        @Override
        public void beforeOptimizerStep(TrainingContext ctx) {
            if (!subgradients.isEmpty()) {
                nuclearSteps.add(ctx.step());
            }
            for (Map.Entry<String, Tensor> e : subgradients.entrySet()) {
                MethodSupport.addToGradient(
                        ctx.network(), e.getKey(), e.getValue().data(), p.getNuclearWeight(), ctx.batchManager());
            }
            subgradients.clear();
        }
    }

    /** Returns {@code U_k V_k^T}, the nuclear-norm sub-gradient of the rank-k part. */
    public static Matrix nuclearSubgradient(Svd.Decomposition d, int k) {
        return Svd.multiply(d.left(k, 0), false, d.right(k, 0), false);
    }

    /** Returns the number of singular values above {@code 1e-12 s_1}. */
    static int positive(double[] s) {
        int k = 0;
        while (k < s.length && s[k] > 1e-12 * s[0]) {
            k++;
        }
        return k;
    }

    @Override
    public MethodResult run(MethodRun run, TrpParams p) {
        long t0 = System.nanoTime();
        SavedModel start = run.model();
        List<LayerInfo> all = MethodSupport.layers(start);
        List<LayerInfo> targets = run.targets().select(all);
        Hooks hooks = new Hooks(p, targets);
        SavedModel learned;
        TrainingOutcome outcome;
        try (Network net = start.toNetwork()) {
            outcome = MethodSupport.train(net, run, run.training(), hooks, "TRP " + p.getScheme());
            learned = SavedModel.of(net, start.manifest());
        }
        double learnSeconds = (System.nanoTime() - t0) / 1e9;
        Scheme scheme = p.getScheme().scheme();
        List<LayerInfo> split = new ArrayList<>();
        for (LayerInfo l : targets) {
            if (p.isSplitStrided() || (l.stride().get(0) == 1 && l.stride().get(1) == 1)) {
                split.add(l);
            }
        }
        SpectrumCache cache = new SpectrumCache();
        Map<String, double[]> spectra = MethodSupport.spectra(learned.weights(), split, scheme, cache);
        RankPlan plan;
        if (p.getReduction() > 0) {
            double max = spectra.values().stream()
                    .mapToDouble(s -> s.length == 0 ? 0 : s[0])
                    .max()
                    .orElse(1);
            plan = MethodSupport.cheapestAbove(
                    learned,
                    t -> MethodSupport.thresholdPlan(learned, split, scheme, spectra, t),
                    p.getExportThreshold(),
                    Math.max(max, p.getExportThreshold()) * 1.0001,
                    MethodSupport.macTarget(learned, p.getReduction()),
                    false);
        } else {
            plan = MethodSupport.thresholdPlan(learned, split, scheme, spectra, p.getExportThreshold());
        }
        publishExport(run, id(), plan, spectra, scheme);
        return MethodSupport.finish(
                id(),
                run,
                learned,
                plan,
                p,
                t0,
                learnSeconds,
                "TRP " + scheme.id() + ", export ranks " + ranks(plan),
                outcome.status(),
                phaseMessage("training", outcome));
    }

    /** Returns "" for a completed phase, else {@code "<phase> <status>: <message>"}. */
    static String phaseMessage(String phase, TrainingOutcome o) {
        return o.status() == RunStatus.COMPLETED ? "" : phase + " " + o.status().id() + ": " + o.message();
    }

    static void publishExport(
            MethodRun run, String method, RankPlan plan, Map<String, double[]> spectra, Scheme scheme) {
        List<RankSnapshot.Layer> out = new ArrayList<>();
        plan.layers().forEach((name, lp) -> {
            double[] s = spectra.get(name);
            int r = lp.factorized() ? (lp.rank() == null ? lp.outRank() : lp.rank()) : s.length;
            out.add(MethodSupport.layer(
                    name, scheme, lp.ranks() != null ? lp.ranks() : List.of(r), List.of(s.length), s));
        });
        MethodSupport.publish(run, method, 0, "ranks", new RankSnapshot(method, "export", -1, 0, out));
    }

    static String ranks(RankPlan plan) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, LayerPlan> e : plan.layers().entrySet()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            LayerPlan lp = e.getValue();
            b.append(
                    !lp.factorized()
                            ? "dense"
                            : lp.ranks() != null ? lp.outRank() + "/" + lp.inRank() : String.valueOf(lp.rank()));
        }
        return b.toString();
    }
}
