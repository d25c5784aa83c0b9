package rankbench.experiment.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.ParameterShapes;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.training.TrainingContext;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingHooks;
import rankbench.experiment.training.TrainingOutcome;

/**
 * S2 (docs/METHODS.md §4): each target conv becomes a linear chain {@code Q_in} (1x1, {@code Cin -> e Cin}),
 * {@code K} (k x k, {@code e Cin -> e Cout}), {@code Q_out} (1x1, {@code e Cout -> Cout}) initialized
 * so that it collapses exactly to the starting kernel; it is trained with the soft orthogonality
 * penalty on {@code Q_in}, {@code Q_out}; then collapsed, EVBMF picks the Tucker-2 ranks of each layer,
 * each layer is decomposed by HOSVD refined by HOOI sweeps, and the Tucker-2 model is fine-tuned.
 */
public final class OrthEvbmfMethod implements RankLearningMethod<OrthEvbmfParams> {

    @Override
    public String id() {
        return "orth-evbmf";
    }

    @Override
    public String description() {
        return "Over-parameterise + orthogonal regularization, collapse, EVBMF Tucker-2 ranks, decompose, fine-tune";
    }

    @Override
    public Class<OrthEvbmfParams> parametersType() {
        return OrthEvbmfParams.class;
    }

    @Override
    public OrthEvbmfParams defaultParameters() {
        return new OrthEvbmfParams();
    }

    @Override
    public void validate(OrthEvbmfParams p, int epochs) {
        MethodSupport.requireEpochs(epochs);
        MethodSupport.require(p.getExpansion() >= 1, "expansion must be >= 1, got " + p.getExpansion());
        MethodSupport.require(p.getMinRank() >= 1, "minRank must be >= 1, got " + p.getMinRank());
        MethodSupport.require(p.getEvbmfMultiplier() > 0, "evbmfMultiplier must be > 0, got " + p.getEvbmfMultiplier());
        MethodSupport.require(p.getOrthWeight() >= 0, "orthWeight must be >= 0, got " + p.getOrthWeight());
        MethodSupport.require(p.getHooiSweeps() >= 0, "hooiSweeps must be >= 0, got " + p.getHooiSweeps());
        MethodSupport.requireReduction(p.getReduction());
    }

    /** Returns the expanded chain of a conv. */
    static LayerSpec.Sequence expandedSpec(LayerSpec.Conv c, int e) {
        int ein = e * c.inChannels();
        int eout = e * c.outChannels();
        return new LayerSpec.Sequence(
                c.name(),
                List.of(
                        new LayerSpec.Conv("0", c.inChannels(), ein, 1, 1, 1, 1, 0, 0, false),
                        c.sameGeometry("1", ein, eout, false),
                        new LayerSpec.Conv("2", eout, c.outChannels(), 1, 1, 1, 1, 0, 0, c.bias())));
    }

    /**
     * Returns the over-parameterised model: every target conv expanded, with random orthonormal
     * {@code Q_in} (columns) and {@code Q_out} (rows) and {@code K = W x0 Q_out^T x1 Q_in}, so the
     * chain computes exactly the dense layer.
     */
    public static SavedModel expand(SavedModel dense, List<LayerInfo> targets, int e, long seed) {
        if (e < 1) {
            throw new IllegalArgumentException("expansion must be >= 1, got " + e);
        }
        Map<String, LayerSpec> repl = new LinkedHashMap<>();
        Map<String, Tensor> w = new LinkedHashMap<>(dense.weights());
        long k = seed;
        for (LayerInfo l : targets) {
            LayerSpec.Conv c = (LayerSpec.Conv) l.spec();
            repl.put(l.name(), expandedSpec(c, e));
            Tensor wt = w.remove(l.name() + ".weight");
            Tensor bias = w.remove(l.name() + ".bias");
            int cin = c.inChannels();
            int cout = c.outChannels();
            Matrix qIn = Structures.orthonormalColumns(e * cin, cin, k++); // (e Cin) x Cin
            Matrix qOutT = Structures.orthonormalColumns(e * cout, cout, k++); // (e Cout) x Cout
            Tensor kern = Structures.modeProduct(Structures.modeProduct(wt, qOutT, 0), qIn, 1);
            w.put(l.name() + ".0.weight", Structures.tensor(qIn, e * cin, cin, 1, 1));
            w.put(l.name() + ".1.weight", kern);
            w.put(l.name() + ".2.weight", Structures.tensor(qOutT.transpose(), cout, e * cout, 1, 1));
            if (bias != null) {
                w.put(l.name() + ".2.bias", bias);
            }
        }
        ModelManifest m = dense.manifest();
        LayerSpec.Sequence tree = NetworkSpec.replaceLayers(m.network(), repl);
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (String n : ParameterShapes.of(tree).keySet()) {
            ordered.put(n, w.get(n));
        }
        return new SavedModel(m.withNetwork(m.architecture() + " (expanded)", tree), ordered);
    }

    /** Collapses every expanded chain back into one kernel {@code W = K x0 Q_out x1 Q_in^T}. */
    public static SavedModel collapse(SavedModel expanded, SavedModel dense, List<LayerInfo> targets) {
        return LayerChains.collapse(expanded, dense, targets, (layer, w, shape) -> {
            Matrix qIn = Structures.matrix(w.get(layer + ".0.weight"));
            Matrix qOut = Structures.matrix(w.get(layer + ".2.weight"));
            return Structures.modeProduct(
                    Structures.modeProduct(w.get(layer + ".1.weight"), qOut, 0), qIn.transpose(), 1);
        });
    }

    /** The soft-orthogonality penalty on every chain's {@code Q_in} and {@code Q_out}, and the per-epoch EVBMF ranks. */
    static final class Hooks implements TrainingHooks {
        private final List<LayerInfo> targets;
        private final int e;
        private final double weight;
        private final String method;

        Hooks(List<LayerInfo> targets, int e, double weight, String method) {
            this.targets = targets;
            this.e = e;
            this.weight = weight;
            this.method = method;
        }

        /**
         * Adds the gradient of {@code weight (||Q_in^T Q_in - I||^2 + ||Q_out Q_out^T - I||^2)} after backward:
         * {@code 4 Q_in (Q_in^T Q_in - I)} and {@code 4 (Q_out Q_out^T - I) Q_out}, computed on copies outside the
         * gradient tape (views of parameters inside the tape made SVD training's loss sporadically NaN).
         */
        @Override
        public void beforeOptimizerStep(TrainingContext ctx) {
            if (weight == 0) {
                return;
            }
            NDManager m = ctx.batchManager();
            var params = ctx.network().parameters();
            for (LayerInfo l : targets) {
                int cin = l.weightShape().get(1);
                int cout = l.weightShape().get(0);
                NDArray in = params.get(l.name() + ".0.weight").getArray();
                NDArray out = params.get(l.name() + ".2.weight").getArray();
                if (!in.hasGradient() || !out.hasGradient()) {
                    continue;
                }
                NDArray qIn = at(m, at(m, in.duplicate()).reshape(e * cin, cin));
                NDArray gIn = at(
                        m,
                        at(
                                        m,
                                        qIn.matMul(at(
                                                m,
                                                at(m, at(m, qIn.transpose()).matMul(qIn))
                                                        .sub(at(m, m.eye(cin))))))
                                .mul((float) (4 * weight)));
                MethodSupport.addToGradient(in, at(m, gIn.reshape(in.getShape())));
                NDArray qOut = at(m, at(m, out.duplicate()).reshape(cout, e * cout));
                NDArray gOut = at(
                        m,
                        at(
                                        m,
                                        at(
                                                        m,
                                                        at(m, qOut.matMul(at(m, qOut.transpose())))
                                                                .sub(at(m, m.eye(cout))))
                                                .matMul(qOut))
                                .mul((float) (4 * weight)));
                MethodSupport.addToGradient(out, at(m, gOut.reshape(out.getShape())));
            }
        }

        /** Returns the penalty of the current weights (no gradient). */
        double penalty(Network net) {
            double total = 0;
            for (LayerInfo l : targets) {
                Matrix qIn = Structures.matrix(net.weight(l.name() + ".0.weight")); // e Cin x Cin
                Matrix qOut = Structures.matrix(net.weight(l.name() + ".2.weight")); // Cout x e Cout
                total += Svd.multiply(qIn, true, qIn, false).squaredDistanceToIdentity()
                        + Svd.multiply(qOut, false, qOut, true).squaredDistanceToIdentity();
            }
            return weight * total;
        }

        @Override
        public void onEpochEnd(TrainingContext ctx, TrainingEvent.EpochEnded epoch) {
            List<RankSnapshot.Layer> snap = new ArrayList<>();
            Map<String, Tensor> w = ctx.network().weights();
            SpectrumCache cache = new SpectrumCache();
            EvbmfRule rule = EvbmfRule.of(Scheme.TUCKER2);
            for (LayerInfo l : targets) {
                Matrix qIn = Structures.matrix(w.get(l.name() + ".0.weight"));
                Matrix qOut = Structures.matrix(w.get(l.name() + ".2.weight"));
                Tensor kern = w.get(l.name() + ".1.weight");
                Tensor collapsed = Structures.modeProduct(Structures.modeProduct(kern, qOut, 0), qIn.transpose(), 1);
                // EVBMF may estimate rank 0; a Tucker-2 layer needs at least 1 (as the export's minRank)
                int ro = Math.max(
                        1, rule.estimate(l.name(), collapsed, Scheme.TUCKER2, 0).rank());
                int ri = Math.max(
                        1, rule.estimate(l.name(), collapsed, Scheme.TUCKER2, 1).rank());
                snap.add(MethodSupport.layer(
                        l.name(),
                        Scheme.TUCKER2,
                        List.of(ro, ri),
                        List.of(collapsed.shape()[0], collapsed.shape()[1]),
                        cache.values(l.name(), collapsed, Scheme.TUCKER2, 0, true)));
            }
            ctx.publish("ranks", new RankSnapshot(method, "epoch", ctx.epoch(), ctx.step(), snap));
        }

        private static NDArray at(NDManager m, NDArray x) {
            x.attach(m);
            return x;
        }
    }

    /** Returns the EVBMF Tucker-2 plan of a (collapsed) model, layers not saving weights kept dense. */
    static RankPlan evbmfPlan(SavedModel model, List<LayerInfo> targets, OrthEvbmfParams p, double multiplier) {
        List<LayerInfo> all = MethodSupport.layers(model);
        EvbmfRule rule =
                new EvbmfRule(Scheme.TUCKER2, Targets.defaults(), multiplier, p.getMinRank(), p.isExactTau(), null);
        return RankRules.capAtBreakEven(rule.plan(targets, model.weights()).resolve(all, Scheme.TUCKER2), all);
    }

    @Override
    public MethodResult run(MethodRun run, OrthEvbmfParams p) {
        long t0 = System.nanoTime();
        SavedModel dense = run.model();
        List<LayerInfo> targets = new ArrayList<>();
        for (LayerInfo l : run.targets().select(MethodSupport.layers(dense))) {
            if (l.isConv()) {
                targets.add(l);
            }
        }
        validate(p, run.training().epochs());
        SavedModel expanded = expand(dense, targets, p.getExpansion(), p.getSeed());
        SavedModel trained;
        TrainingOutcome outcome;
        try (Network net = expanded.toNetwork()) {
            outcome = MethodSupport.train(
                    net,
                    run,
                    run.training(),
                    new Hooks(targets, p.getExpansion(), p.getOrthWeight(), id()),
                    "over-parameterised (e = " + p.getExpansion() + ") with orthogonality penalty");
            trained = SavedModel.of(net, expanded.manifest());
        }
        SavedModel learned = collapse(trained, dense, targets);
        double learnSeconds = (System.nanoTime() - t0) / 1e9;
        RankPlan plan;
        if (p.getReduction() > 0) {
            plan = MethodSupport.cheapestAbove(
                    learned,
                    k -> evbmfPlan(learned, targets, p, 1 / k),
                    1e-3,
                    1e3,
                    MethodSupport.macTarget(learned, p.getReduction()),
                    true);
        } else {
            plan = evbmfPlan(learned, targets, p, p.getEvbmfMultiplier());
        }
        Map<String, double[]> spectra =
                MethodSupport.spectra(learned.weights(), targets, Scheme.TUCKER2, new SpectrumCache());
        TrpMethod.publishExport(run, id(), plan, spectra, Scheme.TUCKER2);
        SavedModel refined = hooi(learned, plan, p.getHooiSweeps());
        return MethodSupport.finish(
                id(),
                run,
                refined,
                plan,
                p,
                t0,
                learnSeconds,
                "over-parameterised + EVBMF Tucker-2 (HOSVD + " + p.getHooiSweeps() + " HOOI sweeps), ranks "
                        + TrpMethod.ranks(plan),
                outcome.status(),
                TrpMethod.phaseMessage("training", outcome));
    }

    /**
     * Replaces every Tucker-2 layer of {@code plan} by its HOOI reconstruction at the planned ranks. The
     * reconstruction has multilinear rank (Ro, Ri), so the factorization's HOSVD of it recovers the HOOI
     * factors exactly and exports the refined decomposition.
     */
    static SavedModel hooi(SavedModel model, RankPlan plan, int sweeps) {
        if (sweeps <= 0) {
            return model;
        }
        Map<String, Tensor> w = new LinkedHashMap<>(model.weights());
        plan.layers().forEach((layer, lp) -> {
            if (lp.factorized() && lp.scheme() == Scheme.TUCKER2) {
                Tensor k = w.get(layer + ".weight");
                w.put(layer + ".weight", Hooi.reconstruct(k, Hooi.factors(k, lp.outRank(), lp.inRank(), sweeps)));
            }
        });
        return new SavedModel(model.manifest(), w);
    }
}
