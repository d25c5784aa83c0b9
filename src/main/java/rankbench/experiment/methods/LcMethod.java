package rankbench.experiment.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.MatrixViews;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.Schedule;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingContext;
import rankbench.experiment.training.TrainingHooks;
import rankbench.experiment.training.TrainingOutcome;

/**
 * The LC algorithm with learned ranks (docs/METHODS.md §6, S4): alternate L steps (training with the
 * quadratic pull {@code (mu/2)||w - Delta - lambda/mu||^2}, its gradient added after backward) and C
 * steps (per layer the exact best rank and truncation by one SVD), with multipliers and a growing
 * {@code mu}. The result uses the C-step weights {@code Delta}. The run's epochs are spread over the
 * L steps in batches; each L step restarts its learning rate, which decays per epoch of the L step.
 */
public final class LcMethod implements RankLearningMethod<LcParams> {

    @Override
    public String id() {
        return "lc";
    }

    @Override
    public String description() {
        return "LC: L steps with a quadratic pull and multipliers, C steps by SVD with the cost rule, growing mu";
    }

    @Override
    public Class<LcParams> parametersType() {
        return LcParams.class;
    }

    @Override
    public LcParams defaultParameters() {
        return new LcParams();
    }

    /**
     * The L-step hook: adds {@code mu (w - target)} to each target weight's gradient. The targets are
     * constant during an L step, so they are copied to the engine once, not every batch.
     */
    static final class Pull implements TrainingHooks {
        private final Map<String, Tensor> targets;
        private final double mu;
        private NDManager manager;
        private final Map<String, NDArray> onEngine = new HashMap<>();

        Pull(Map<String, Tensor> targets, double mu) {
            this.targets = targets;
            this.mu = mu;
        }

        @Override
        public void beforeOptimizerStep(TrainingContext ctx) {
            if (manager == null) {
                manager = ctx.network().manager().newSubManager();
                targets.forEach((name, t) -> onEngine.put(name, MethodSupport.array(manager, t)));
            }
            for (Map.Entry<String, NDArray> e : onEngine.entrySet()) {
                var w = ctx.network().parameters().get(e.getKey()).getArray();
                if (!w.hasGradient()) {
                    continue;
                }
                try (var d = w.sub(e.getValue());
                        var g = w.getGradient()) {
                    d.muli((float) mu);
                    g.addi(d);
                }
            }
        }

        @Override
        public void onRunEnd(TrainingContext ctx, TrainingOutcome outcome) {
            if (manager != null) {
                manager.close();
                manager = null;
                onEngine.clear();
            }
        }
    }

    @Override
    public void validate(LcParams p, int epochs) {
        MethodSupport.requireEpochs(epochs);
        MethodSupport.require(p.getSteps() >= 1, "steps must be >= 1, got " + p.getSteps());
        MethodSupport.require(p.getMu0() > 0 && Double.isFinite(p.getMu0()), "mu0 must be > 0, got " + p.getMu0());
        MethodSupport.require(
                p.getMuGrowth() >= 1 && Double.isFinite(p.getMuGrowth()),
                "muGrowth must be >= 1, got " + p.getMuGrowth());
        MethodSupport.require(p.getAlpha() >= 0, "alpha must be >= 0, got " + p.getAlpha());
        MethodSupport.require(p.getCost() != null, "cost must be macs or params");
        MethodSupport.require(p.getScheme() != null, "scheme must be channel, spatial, spatial-vh or input");
        MethodSupport.require(
                p.getStepLearningRate() >= 0 && Double.isFinite(p.getStepLearningRate()),
                "stepLearningRate must be >= 0 (0 = the run's learning rate), got " + p.getStepLearningRate());
        MethodSupport.require(
                p.getStepLearningRateDecay() > 0 && p.getStepLearningRateDecay() <= 1,
                "stepLearningRateDecay must be in (0, 1], got " + p.getStepLearningRateDecay());
        MethodSupport.require(
                p.getEpochsPerStep() >= 0, "epochsPerStep must be >= 0 (0 = auto), got " + p.getEpochsPerStep());
        double need = (p.getSteps() - 1) * p.getEpochsPerStep();
        MethodSupport.require(
                need <= epochs + 1e-9,
                "LC: " + (p.getSteps() - 1) + " L steps x "
                        + plain(p.getEpochsPerStep()) + " epochs = " + plain(need) + " epochs, more than the run's "
                        + epochs
                        + "; lower steps or epochsPerStep, or set epochsPerStep=0 to spread the run's epochs over the L steps");
        MethodSupport.requireReduction(p.getReduction());
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * The L-step lengths in batches: the run's {@code epochs x batchesPerEpoch} batches spread evenly over
     * the L steps (each at least one batch; fewer L steps if there are fewer batches), or a fixed
     * {@code epochsPerStep}. Element k-1 is the length of L step k.
     */
    static long[] stepLengths(LcParams p, int epochs, int batchesPerEpoch) {
        int lSteps = p.getSteps() - 1;
        if (lSteps <= 0) {
            return new long[0];
        }
        if (p.getEpochsPerStep() > 0) {
            long len = Math.max(1, Math.round(p.getEpochsPerStep() * batchesPerEpoch));
            long[] out = new long[lSteps];
            Arrays.fill(out, len);
            return out;
        }
        long total = (long) epochs * batchesPerEpoch;
        int k = (int) Math.min(lSteps, total);
        long[] out = new long[k];
        for (int i = 0; i < k; i++) {
            out[i] = (i + 1) * total / k - i * total / k;
        }
        return out;
    }

    @Override
    public MethodResult run(MethodRun run, LcParams p) {
        validate(p, run.training().epochs());
        long t0 = System.nanoTime();
        SavedModel start = run.model();
        List<LayerInfo> all = MethodSupport.layers(start);
        List<LayerInfo> targets = run.targets().select(all);
        Scheme scheme = p.getScheme().scheme();
        CostKind cost = p.getCost();
        int batchesPerEpoch = MethodSupport.batchesPerEpoch(run);
        long[] lengths = stepLengths(p, run.training().epochs(), batchesPerEpoch);
        int steps = lengths.length + 1;
        // fewer steps than asked: mu grows faster so that it still ends at mu0 * growth^(K-1)
        double growth = steps == p.getSteps() || steps == 1
                ? p.getMuGrowth()
                : Math.pow(p.getMuGrowth(), (p.getSteps() - 1) / (double) (steps - 1));
        double lr0 = p.getStepLearningRate() > 0
                ? p.getStepLearningRate()
                : run.training().learningRate();
        Map<String, Double> unit = new LinkedHashMap<>();
        targets.forEach(l -> unit.put(l.name(), LcCostRule.unitCost(l, scheme, cost)));
        Map<String, Tensor> lambda = new LinkedHashMap<>();
        Map<String, Tensor> delta = new LinkedHashMap<>();
        Map<String, Integer> ranks = new LinkedHashMap<>();
        RunStatus status = RunStatus.COMPLETED;
        String statusMessage = "";
        int done = 0;
        SavedModel learned;
        try (Network net = start.toNetwork()) {
            for (int k = 0; k < steps; k++) {
                if (run.cancel().isCancelled()) {
                    status = RunStatus.CANCELLED;
                    statusMessage = "cancelled after LC step " + (k - 1);
                    break;
                }
                double mu = p.getMu0() * Math.pow(growth, k);
                if (k > 0) {
                    Map<String, Tensor> pullTo = new LinkedHashMap<>();
                    for (LayerInfo l : targets) {
                        String n = l.name() + ".weight";
                        pullTo.put(n, axpy(delta.get(n), 1 / mu, lambda.get(n)));
                    }
                    long len = lengths[k - 1];
                    // the L-step learning rate restarts at lr0 and decays per epoch of the L step
                    TrainingConfig lc = run.training().toBuilder()
                            .setEpochs((int) ((len + batchesPerEpoch - 1) / batchesPerEpoch))
                            .optMaxSteps(len)
                            .optLearningRate(lr0)
                            .optSchedule(Schedule.EXPONENTIAL)
                            .optDecayPerEpoch(p.getStepLearningRateDecay())
                            .optSeed(run.training().seed() + k)
                            .build();
                    TrainingOutcome o = MethodSupport.train(
                            net,
                            run,
                            lc,
                            new Pull(pullTo, mu),
                            "LC L step " + k + "/" + (steps - 1) + " (mu " + mu + ", " + len + " batches)");
                    if (o.status() != RunStatus.COMPLETED) {
                        // no C step on a cancelled or diverged L step: the result is the last C step's Delta
                        status = o.status();
                        statusMessage = TrpMethod.phaseMessage("LC L step " + k, o);
                        break;
                    }
                }
                // C step on X = w - lambda/mu
                Map<String, Svd.Decomposition> svds = new LinkedHashMap<>();
                for (LayerInfo l : targets) {
                    String n = l.name() + ".weight";
                    Tensor w = net.weight(n);
                    Tensor x = lambda.containsKey(n) ? axpy(w, -1 / mu, lambda.get(n)) : w;
                    svds.put(l.name(), Svd.thin(MatrixViews.toMatrix(x, RankRules.schemeFor(l, scheme))));
                }
                double alpha =
                        p.getReduction() > 0 ? budgetAlpha(start, targets, scheme, svds, unit, mu, p) : p.getAlpha();
                List<RankSnapshot.Layer> snap = new ArrayList<>();
                double gap = 0;
                boolean last = k == steps - 1;
                for (LayerInfo l : targets) {
                    String n = l.name() + ".weight";
                    Svd.Decomposition d = svds.get(l.name());
                    int r = LcCostRule.rank(d.s(), alpha, mu, unit.get(l.name()), p.isNormalize());
                    Scheme s = RankRules.schemeFor(l, scheme);
                    Tensor w = net.weight(n);
                    Tensor dl = MatrixViews.toTensor(d.truncate(r), s, w.shape());
                    delta.put(n, dl);
                    ranks.put(l.name(), r);
                    gap += sq(w, dl);
                    if (p.isMultipliers() && (last || growth != 1)) {
                        Tensor lam = lambda.containsKey(n) ? lambda.get(n) : new Tensor(w.shape(), new float[w.size()]);
                        // lambda <- lambda - mu (w - Delta)
                        float[] out = lam.data().clone();
                        for (int i = 0; i < out.length; i++) {
                            out[i] -= (float) (mu * (w.data()[i] - dl.data()[i]));
                        }
                        lambda.put(n, new Tensor(w.shape(), out));
                    }
                    snap.add(MethodSupport.layer(l.name(), s, List.of(r), List.of(d.p()), d.s()));
                }
                done = k + 1;
                MethodSupport.publish(run, id(), k, "ranks", new RankSnapshot(id(), "c-step", k, k, snap));
                MethodSupport.publish(
                        run,
                        id(),
                        k,
                        "lc-step",
                        Map.of("step", k, "mu", mu, "alpha", alpha, "distance", Math.sqrt(gap)));
            }
            for (Map.Entry<String, Tensor> e : delta.entrySet()) {
                net.setWeight(e.getKey(), e.getValue());
            }
            learned = SavedModel.of(net, start.manifest());
        }
        double learnSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerInfo l : targets) {
            m.put(l.name(), LcCostRule.layerPlan(l, RankRules.schemeFor(l, scheme), ranks.getOrDefault(l.name(), 1)));
        }
        RankPlan plan = new RankPlan(m).resolve(all, scheme);
        long batches = Arrays.stream(lengths).sum();
        String lowered = steps < p.getSteps()
                ? String.format(
                        Locale.ROOT,
                        "; %d steps asked, lowered to one L step per batch, mu growth %.4g",
                        p.getSteps(),
                        growth)
                : "";
        return MethodSupport.finish(
                id(),
                run,
                learned,
                plan,
                p,
                t0,
                learnSeconds,
                "LC " + done + " of " + steps + " steps (" + batches + " L-step batches" + lowered + "), ranks "
                        + TrpMethod.ranks(plan),
                status,
                statusMessage);
    }

    /** The smallest alpha whose C-step plan needs at most the budgeted MACs. */
    private static double budgetAlpha(
            SavedModel start,
            List<LayerInfo> targets,
            Scheme scheme,
            Map<String, Svd.Decomposition> svds,
            Map<String, Double> unit,
            double mu,
            LcParams p) {
        List<LayerInfo> all = MethodSupport.layers(start);
        double target = MethodSupport.macTarget(start, p.getReduction());
        double lo = 1e-16;
        double hi = 1e4;
        for (int it = 0; it < 80 && hi / lo > 1 + 1e-6; it++) {
            double a = Math.sqrt(lo * hi);
            Map<String, LayerPlan> m = new LinkedHashMap<>();
            for (LayerInfo l : targets) {
                int r = LcCostRule.rank(svds.get(l.name()).s(), a, mu, unit.get(l.name()), p.isNormalize());
                m.put(l.name(), LcCostRule.layerPlan(l, RankRules.schemeFor(l, scheme), r));
            }
            if (MethodSupport.macs(start, new RankPlan(m).resolve(all, scheme)) <= target) {
                hi = a;
            } else {
                lo = a;
            }
        }
        return hi;
    }

    /** Returns {@code a + c * b}. */
    static Tensor axpy(Tensor a, double c, Tensor b) {
        if (b == null) {
            return a;
        }
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (a.data()[i] + c * b.data()[i]);
        }
        return new Tensor(a.shape().clone(), out);
    }

    private static double sq(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = (double) a.data()[i] - b.data()[i];
            s += d * d;
        }
        return s;
    }
}
