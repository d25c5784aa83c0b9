package rankbench.experiment.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.model.TrainingRecord;
import rankbench.experiment.training.Evaluator;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingHooks;
import rankbench.experiment.training.TrainingLoop;
import rankbench.experiment.training.TrainingOutcome;

/** Shared steps of the rank-learning methods: evaluation, export, fine-tuning, budgets, gradient edits. */
public final class MethodSupport {

    private MethodSupport() {}

    /** Returns the test accuracy of a model with its own normalization (NaN without test images). */
    public static double accuracy(SavedModel model, ImageDataset test) {
        if (test == null || test.size() == 0) {
            return Double.NaN;
        }
        try (Network net = model.toNetwork()) {
            return accuracy(net, model.manifest(), test);
        }
    }

    static double accuracy(Network net, ModelManifest m, ImageDataset test) {
        if (test == null || test.size() == 0) {
            return Double.NaN;
        }
        return Evaluator.evaluate(net, test, new Normalization(m.mean(), m.std()), 256)
                .accuracy();
    }

    /** Returns {@code v}, or null if it was not measured (NaN); never unboxes a null. */
    static Double measured(double v) {
        return Double.isNaN(v) ? null : Double.valueOf(v);
    }

    /** Publishes a method update outside a training loop. */
    static void publish(MethodRun run, String method, long step, String kind, Object payload) {
        run.listener().onEvent(new TrainingEvent.MethodUpdate(method, step, kind, payload));
    }

    /** Returns the compressible layers of a model. */
    static List<LayerInfo> layers(SavedModel m) {
        return NetworkSpec.layers(m.manifest().network(), m.manifest().input());
    }

    /** Returns the layer-info of the starting model's layers by name. */
    static Map<String, LayerInfo> byName(List<LayerInfo> layers) {
        Map<String, LayerInfo> m = new LinkedHashMap<>();
        layers.forEach(l -> m.put(l.name(), l));
        return m;
    }

    /**
     * Returns the number of batches per epoch of a run's training loop (the loop drops the incomplete
     * last batch and honors the configured cap).
     */
    static int batchesPerEpoch(MethodRun run) {
        int n = run.data().train().size();
        int batch = Math.min(run.training().batchSize(), n);
        int b = n / Math.max(1, batch);
        int cap = run.training().maxBatchesPerEpoch();
        return Math.max(1, cap > 0 ? Math.min(b, cap) : b);
    }

    /**
     * Returns a configuration for one segment of a run that is split into several training loops: exactly
     * {@code steps} batches (as many epochs as needed, the last one partial), shuffled with
     * {@code seed}, the schedule of {@code c} continued from step {@code offset} of {@code total}.
     */
    static TrainingConfig segment(
            TrainingConfig c, long steps, int batchesPerEpoch, long offset, long total, long seed) {
        int epochs = (int) Math.max(1, (steps + batchesPerEpoch - 1) / batchesPerEpoch);
        return c.toBuilder()
                .setEpochs(epochs)
                .optMaxSteps(steps)
                .optScheduleWindow(offset, total)
                .optSeed(seed)
                .build();
    }

    /** Throws IllegalArgumentException with {@code message} unless {@code ok}. */
    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Checks a budget-mode reduction: 0 (off) or at least 1. */
    static void requireReduction(double r) {
        require(r == 0 || r >= 1, "reduction must be 0 (off) or >= 1, got " + r);
    }

    /** Checks the number of epochs of a run. */
    static void requireEpochs(int epochs) {
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
    }

    /** Runs a training loop and returns its outcome. */
    static TrainingOutcome train(
            Network net, MethodRun run, TrainingConfig config, TrainingHooks hooks, String description) {
        return new TrainingLoop(net, run.data(), config, hooks, run.listener(), run.cancel(), description).run();
    }

    /**
     * Adds {@code scale * delta} to the gradient of parameter {@code name} (after backward, before the
     * optimizer step). Temporaries live in {@code m}; the gradient handle is closed.
     */
    static void addToGradient(Network net, String name, float[] delta, double scale, NDManager m) {
        NDArray w = net.parameters().get(name).getArray();
        if (!w.hasGradient()) {
            return;
        }
        NDArray d = m.create(delta, w.getShape());
        d.muli((float) scale);
        try (NDArray g = w.getGradient()) {
            g.addi(d);
        }
    }

    /** Adds {@code delta} to the gradient of {@code w} in place (after backward, before the optimizer step). */
    static void addToGradient(NDArray w, NDArray delta) {
        try (NDArray g = w.getGradient()) {
            g.addi(delta);
        }
    }

    /** Creates an NDArray from a tensor in {@code m}. */
    static NDArray array(NDManager m, Tensor t) {
        long[] s = new long[t.shape().length];
        for (int i = 0; i < s.length; i++) {
            s[i] = t.shape()[i];
        }
        return m.create(t.data(), new Shape(s));
    }

    /** A layer entry of a rank snapshot. */
    static RankSnapshot.Layer layer(String name, Scheme s, List<Integer> rank, List<Integer> full, double[] spectrum) {
        return new RankSnapshot.Layer(name, s.id(), rank, full, spectrum);
    }

    /**
     * Returns the smallest value of {@code knob} in {@code [lo, hi]} (searched on a log scale when
     * {@code log}) whose plan costs at most {@code target} MACs; plans must get cheaper as the knob
     * grows. Returns the plan at {@code hi} if none meets the target.
     */
    static RankPlan cheapestAbove(
            SavedModel model, DoubleFunction<RankPlan> plan, double lo, double hi, double target, boolean log) {
        RankPlan atLo = plan.apply(lo);
        if (macs(model, atLo) <= target) {
            return atLo;
        }
        RankPlan best = plan.apply(hi);
        double a = lo;
        double b = hi;
        for (int it = 0; it < 60; it++) {
            double mid = log ? Math.sqrt(a * b) : (a + b) / 2;
            RankPlan p = plan.apply(mid);
            if (macs(model, p) <= target) {
                best = p;
                b = mid;
            } else {
                a = mid;
            }
        }
        return best;
    }

    /** Returns the MACs of {@code model} under {@code plan}. */
    static long macs(SavedModel model, RankPlan plan) {
        return CostModel.of(model.manifest().network(), model.manifest().input(), plan)
                .macs();
    }

    /** Returns the dense MACs divided by {@code reduction}. */
    static double macTarget(SavedModel model, double reduction) {
        return macs(model, RankPlan.empty()) / reduction;
    }

    /**
     * Plans every target layer at {@code max(1, #(s_i >= t))} of the given spectra, layers at or above
     * break-even kept dense.
     */
    static RankPlan thresholdPlan(
            SavedModel model, List<LayerInfo> targets, Scheme scheme, Map<String, double[]> spectra, double t) {
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerInfo l : targets) {
            m.put(
                    l.name(),
                    LayerPlan.of(RankRules.schemeFor(l, scheme), Math.max(1, Svd.valueRank(spectra.get(l.name()), t))));
        }
        List<LayerInfo> all =
                NetworkSpec.layers(model.manifest().network(), model.manifest().input());
        return RankRules.capAtBreakEven(new RankPlan(m).resolve(all, scheme), all);
    }

    /**
     * Plans every target at the largest rank with at most {@code ratio} of its dense parameters, the
     * ratio chosen (if {@code reduction > 0}) so that the model needs at most {@code 1/reduction} of its
     * dense MACs.
     */
    static RankPlan ratioPlan(
            SavedModel model, List<LayerInfo> targets, Scheme scheme, double ratio, double reduction) {
        List<LayerInfo> all =
                NetworkSpec.layers(model.manifest().network(), model.manifest().input());
        DoubleFunction<RankPlan> f = r -> RankRules.capAtBreakEven(
                RankRules.parameterRatio(targets, scheme, r).resolve(all, scheme), all);
        if (reduction <= 0) {
            return f.apply(ratio);
        }
        // larger ratio = more expensive; search on 1/ratio so that "larger knob = cheaper"
        return cheapestAbove(model, k -> f.apply(1 / k), 1.0, 1e4, macTarget(model, reduction), true);
    }

    /** Returns the spectra of the target layers' views in a weight map. */
    static Map<String, double[]> spectra(
            Map<String, Tensor> weights, List<LayerInfo> targets, Scheme scheme, SpectrumCache cache) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (LayerInfo l : targets) {
            Scheme s = RankRules.schemeFor(l, scheme);
            out.put(
                    l.name(),
                    cache.values(l.name(), weights.get(l.name() + ".weight"), s, s == Scheme.TUCKER2 ? 0 : -1, true));
        }
        return out;
    }

    /**
     * Ends a run whose rank-learning phases ended with {@code learnStatus}: factorizes {@code learned}
     * (whose layer tree is the starting model's) at {@code plan}, evaluates it (compress only, on validation
     * and test images), fine-tunes it if asked and the learning phases completed, measures parameters,
     * MACs and latency. The result's status is the worst of the phases'. A learning phase without a
     * result (diverged, failed) skips evaluation, fine-tuning and latency: its accuracies are NaN.
     */
    static MethodResult finish(
            String method,
            MethodRun run,
            SavedModel learned,
            RankPlan plan,
            Object params,
            long t0,
            double learnSeconds,
            String message,
            RunStatus learnStatus,
            String learnStatusMessage) {
        SavedModel start = run.model();
        SpectrumCache cache = new SpectrumCache();
        ImageDataset validation = run.data().validation();
        boolean result = learnStatus.hasResult();
        // a diverged or failed learning phase is not a result: no accuracies, no fine-tuning, no latency
        double base = result ? accuracy(start, run.test()) : Double.NaN;
        double direct =
                result ? accuracy(Factorizer.factorize(start, plan, new SpectrumCache()), run.test()) : Double.NaN;
        SavedModel factorized = Factorizer.factorize(learned, plan, cache);
        double compressed = result ? accuracy(factorized, run.test()) : Double.NaN;
        double compressedVal = result ? accuracy(factorized, validation) : Double.NaN;
        if (result) {
            publish(
                    run,
                    method,
                    0,
                    "compressed",
                    Map.of("accuracy", compressed, "directAccuracy", direct, "baseAccuracy", base));
        }
        RunStatus status = learnStatus;
        String statusMessage = learnStatusMessage == null ? "" : learnStatusMessage;
        double tuned = Double.NaN;
        double tunedVal = Double.NaN;
        double ftSeconds = 0;
        double baseMs = Double.NaN;
        double ms = Double.NaN;
        SavedModel model = factorized;
        try (Network net = factorized.toNetwork()) {
            if (run.fineTune() != null
                    && status == RunStatus.COMPLETED
                    && !run.cancel().isCancelled()) {
                long f0 = System.nanoTime();
                TrainingOutcome ft = train(
                        net, run, run.fineTune(), TrainingHooks.none(), method + ": fine-tune the factorized model");
                ftSeconds = (System.nanoTime() - f0) / 1e9;
                status = status.then(ft.status());
                if (ft.status() != RunStatus.COMPLETED) {
                    statusMessage = "fine-tuning " + ft.status().id() + ": " + ft.message();
                }
                if (ft.status().hasResult()) {
                    tuned = accuracy(net, factorized.manifest(), run.test());
                    tunedVal = accuracy(net, factorized.manifest(), validation);
                    model = SavedModel.of(net, factorized.manifest());
                }
            }
            if (run.latency() != null && status.hasResult()) {
                try (Network b = start.toNetwork()) {
                    LatencyMeter.Pair pair = run.latency().measurePair(b, net);
                    baseMs = pair.denseMs();
                    ms = pair.factoredMs();
                }
            }
        }
        CostModel.Summary cost =
                CostModel.of(start.manifest().network(), start.manifest().input(), plan);
        double wall = (System.nanoTime() - t0) / 1e9;
        TrainingRecord old = start.manifest().training();
        TrainingConfig tc = run.training();
        TrainingRecord rec = new TrainingRecord(
                run.data().train().name(),
                tc.epochs(),
                tc.batchSize(),
                "rank learning: " + method,
                tc.learningRate(),
                tc.schedule(),
                tc.weightDecay(),
                tc.seed(),
                measured(Double.isNaN(tunedVal) ? compressedVal : tunedVal),
                measured(Double.isNaN(tuned) ? compressed : tuned),
                wall,
                Instant.now().toString(),
                old == null ? null : old.command());
        ModelManifest mf = model.manifest().withTraining(rec);
        model = new SavedModel(mf, model.weights());
        String summary = message;
        if (status.hasResult() && cost.params() >= cost.baseParams()) {
            summary = message + "; compressed nothing: every layer stayed dense";
        }
        return new MethodResult(
                method,
                status,
                statusMessage.isEmpty() ? status.id() : statusMessage,
                model,
                plan,
                base,
                direct,
                compressed,
                tuned,
                compressedVal,
                tunedVal,
                validation == null ? 0 : validation.size(),
                run.test() == null ? 0 : run.test().size(),
                cost.baseParams(),
                cost.params(),
                cost.baseMacs(),
                cost.macs(),
                baseMs,
                ms,
                learnSeconds,
                ftSeconds,
                wall,
                params,
                summary);
    }
}
