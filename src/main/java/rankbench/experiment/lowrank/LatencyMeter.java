package rankbench.experiment.lowrank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import rankbench.experiment.model.BatchNormFolding;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.Network;

/**
 * Measures forward latency on the engine's device (see {@code Engines.device()}; the CPU unless a
 * GPU was chosen) in inference mode: of single layers (dense versus their factor layers) and of whole
 * networks, whose batch norms are folded into their convs as for every inference. Each measurement is the median of {@code repeats} timed
 * runs after {@code warmup} untimed ones, at a fixed batch size. Weights are random (timing does not
 * depend on their values). Runs on the calling thread; the engine's thread setting applies.
 */
public final class LatencyMeter {

    /** The default batch size (the training batch size of the reference recipe). */
    public static final int DEFAULT_BATCH = 128;

    /**
     * Candidate forms timed in one interleaved round with their dense layer (see {@link #denseAndForms}); it
     * bounds the weights held at once (a wide layer has over a hundred candidate forms).
     */
    static final int FORMS_PER_ROUND = 8;

    /**
     * Passes of a single image through each network of the first whole-network measurement of a process,
     * before the warm-up proper. The Java side of a pass (DJL's wrappers, the network's blocks) runs the
     * same code at any batch size; the JVM's optimizing compiler takes it on only after thousands of
     * calls, and while it compiles it competes for the cores and the code runs slower. Without these
     * passes a fresh process measured the dense ResNet-20 at 32–39 ms and a factorized one (half as many
     * ops again) 1.18–1.29× faster; with them, 25–29 ms and 1.15–1.44×, median 1.29× (docs/PERFORMANCE.md).
     * Single images make this cheap (about 1.5 ms a pass for ResNet-20), and the compiled code stays for
     * the rest of the process, so later measurements skip it; a JVM without the optimizing compiler (the
     * window's launcher runs C1 only) skips it too.
     */
    static final int JIT_WARMUP_PASSES = 300;

    /**
     * Whether this JVM has the optimizing compiler the single-image passes are for: not with C1 only
     * ({@code -XX:TieredStopAtLevel} below 4, the launcher's setting) or interpreted ({@code -Xint}).
     */
    static final boolean OPTIMIZING_JIT =
            optimizingJit(ManagementFactory.getRuntimeMXBean().getInputArguments());

    static boolean optimizingJit(List<String> jvmArgs) {
        boolean optimizing = true;
        for (String a : jvmArgs) {
            if (a.equals("-Xint")) {
                optimizing = false;
            } else if (a.startsWith("-XX:TieredStopAtLevel=")) {
                try {
                    optimizing = Integer.parseInt(a.substring("-XX:TieredStopAtLevel=".length())) >= 4;
                } catch (NumberFormatException e) {
                    optimizing = true; // the JVM would not have started with it
                }
            }
        }
        return optimizing;
    }

    /** Single-image passes run so far in this process for {@link #JIT_WARMUP_PASSES}. */
    private static final AtomicInteger JIT_PASSES_DONE = new AtomicInteger();

    /** Single-image warm-up passes run so far in this process (for tests). */
    static int jitWarmupPassesDone() {
        return JIT_PASSES_DONE.get();
    }

    private final int batchSize;
    private final int warmup;
    private final int repeats;

    /**
     * The measured latency of one layer.
     *
     * @param layer layer name
     * @param denseMs median ms of the dense layer
     * @param factoredMs median ms of the factor layers (NaN if the layer is not factorized)
     */
    public record LayerLatency(String layer, double denseMs, double factoredMs) {

        /** Returns {@code denseMs / factoredMs} (above 1 means the factorized form is faster). */
        public double speedup() {
            return denseMs / factoredMs;
        }
    }

    /** Creates a meter: batch size, untimed warm-up runs, timed runs. */
    public LatencyMeter(int batchSize, int warmup, int repeats) {
        if (batchSize < 1 || warmup < 0 || repeats < 1) {
            throw new IllegalArgumentException(
                    "need batch >= 1, warmup >= 0, repeats >= 1; got " + batchSize + ", " + warmup + ", " + repeats);
        }
        this.batchSize = batchSize;
        this.warmup = warmup;
        this.repeats = repeats;
    }

    /** Creates a meter with batch 128, 3 warm-up runs and 10 timed runs. */
    public static LatencyMeter defaults() {
        return new LatencyMeter(DEFAULT_BATCH, 3, 10);
    }

    /** Returns the batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Returns the number of untimed warm-up runs. */
    public int warmup() {
        return warmup;
    }

    /** Returns the number of timed runs. */
    public int repeats() {
        return repeats;
    }

    /**
     * Returns the median ms of a forward pass of {@code net} as RankBench runs inference (validation, test
     * figures, the what-if): in inference mode, with its batch norms folded into their convs
     * ({@link BatchNormFolding}), as a deployed model runs too.
     */
    public double measure(Network net) {
        return BatchNormFolding.onFolded(net, this::measureAsIs);
    }

    /**
     * Two networks measured alternately ({@link #measurePair}).
     *
     * @param denseMs median ms of the first network (e.g. the dense model)
     * @param factoredMs median ms of the second (its factorized form)
     * @param speedupLow first quartile of the per-run ratios (first / second) of the runs taken in turn
     * @param speedupHigh third quartile of those ratios: half the runs lie between the two
     */
    public record Pair(double denseMs, double factoredMs, double speedupLow, double speedupHigh) {

        /** Returns {@code denseMs / factoredMs}. */
        public double speedup() {
            return denseMs / factoredMs;
        }
    }

    /**
     * Measures two networks taking the same input shape, {@code a} (e.g. the dense model) and {@code b} (its
     * factorized form), as {@link #measure(Network)} does but alternately: after both warm-ups, one timed run
     * of each in turn. A change in the machine's speed during the measurement then slows both alike, so the
     * ratio of the two medians is steadier than that of two measurements one after the other. The spread of
     * the per-run ratios says how steady the machine was.
     */
    public Pair measurePair(Network a, Network b) {
        if (!a.inputShape().equals(b.inputShape())) {
            throw new IllegalArgumentException(
                    "the two networks take different inputs: " + a.inputShape() + " and " + b.inputShape());
        }
        double[][] times =
                BatchNormFolding.onFolded(a, fa -> BatchNormFolding.onFolded(b, fb -> timeRuns(true, fa, fb)));
        double[] ratios = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            ratios[i] = times[0][i] / times[1][i];
        }
        return new Pair(median(times[0]), median(times[1]), quantile(ratios, 0.25), quantile(ratios, 0.75));
    }

    private double measureAsIs(Network net) {
        return medians(timeRuns(true, net))[0];
    }

    /** Median ms of each single-layer network, their timed runs interleaved (run k of each, then k + 1). */
    private double[] measureLayers(Network... nets) {
        return medians(timeRuns(false, nets));
    }

    private static double[] medians(double[][] times) {
        double[] medians = new double[times.length];
        for (int k = 0; k < times.length; k++) {
            medians[k] = median(times[k]);
        }
        return medians;
    }

    /**
     * The ms of every timed run of each network, interleaved (run k of each, then run k + 1);
     * {@code wholeNetworks} (not single layers) get the process's {@link #JIT_WARMUP_PASSES} first.
     */
    private double[][] timeRuns(boolean wholeNetworks, Network... nets) {
        FeatureShape in = nets[0].inputShape();
        float[] data = new float[batchSize * in.size()];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        Shape shape = new Shape(batchSize, in.channels(), in.height(), in.width());
        if (wholeNetworks && OPTIMIZING_JIT && JIT_PASSES_DONE.get() < JIT_WARMUP_PASSES) {
            Shape one = new Shape(1, in.channels(), in.height(), in.width());
            for (int run = 0; run < JIT_WARMUP_PASSES; run++) {
                for (Network net : nets) {
                    time(net, data, one);
                }
                JIT_PASSES_DONE.incrementAndGet();
            }
        }
        for (Network net : nets) {
            for (int run = 0; run < warmup; run++) {
                time(net, data, shape);
            }
        }
        double[][] times = new double[nets.length][repeats];
        for (int run = 0; run < repeats; run++) {
            for (int k = 0; k < nets.length; k++) {
                times[k][run] = time(nets[k], data, shape);
            }
        }
        return times;
    }

    /** The ms of one forward pass of {@code net} on {@code data}. */
    private static double time(Network net, float[] data, Shape shape) {
        try (NDManager m = net.manager().newSubManager()) {
            NDArray x = m.create(FloatBuffer.wrap(data, 0, Math.toIntExact(shape.size())), shape);
            long t0 = System.nanoTime();
            NDArray y = net.forward(x, false);
            awaitResult(y);
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    private static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** The {@code q}-quantile of {@code values}, interpolated linearly between order statistics. */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Returns once {@code y} is computed. The CPU runs eagerly, so it is then; a GPU queues kernels,
     * so the first sample of the result is copied back, which waits for the queue (a small copy).
     */
    private static void awaitResult(NDArray y) {
        if (y.getDevice().isGpu()) {
            y.get(0).toFloatArray();
        }
    }

    /**
     * Measures one layer dense and, if {@code plan} factorizes it, as its factor layers, the two alternately
     * ({@link #denseAndForms}).
     */
    public LayerLatency layer(LayerInfo l, LayerPlan plan) {
        boolean factorized = plan != null && plan.factorized();
        double[] ms = denseAndForms(l, factorized ? List.of(plan) : List.of(), () -> false);
        return new LayerLatency(l.name(), ms[0], factorized ? ms[1] : Double.NaN);
    }

    /**
     * Measures a layer dense and in each of {@code forms} (factorizing plans) alternately: the dense layer
     * and up to {@link #FORMS_PER_ROUND} forms are warmed up, then timed one run of each in turn, so that a
     * change in the machine's speed during the measurement slows all of them alike. For more forms, each
     * further round times the dense layer again, and a form's time is scaled by the ratio of the dense
     * layer's overall median to its median in the form's round (a form's measured ratio to dense is kept).
     * Single conv and linear layers have no batch norm to fold.
     *
     * @param cancelled checked before each round; a {@link CancellationException} when it says so
     * @return the median ms of the dense layer at index 0, of {@code forms.get(i)} at index {@code i + 1}
     */
    public double[] denseAndForms(LayerInfo l, List<LayerPlan> forms, BooleanSupplier cancelled) {
        for (LayerPlan p : forms) {
            if (p == null || !p.factorized()) {
                throw new IllegalArgumentException(l.name() + ": a factorizing plan is needed, got " + p);
            }
        }
        FeatureShape in = CostModel.inputShape(l);
        int rounds = Math.max(1, (forms.size() + FORMS_PER_ROUND - 1) / FORMS_PER_ROUND);
        double[] denseByRound = new double[rounds];
        double[] raw = new double[forms.size()];
        for (int r = 0; r < rounds; r++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("latency measurement cancelled");
            }
            List<LayerPlan> round =
                    forms.subList(r * FORMS_PER_ROUND, Math.min(forms.size(), (r + 1) * FORMS_PER_ROUND));
            List<Network> nets = new ArrayList<>();
            try {
                nets.add(network(l, l.spec(), in));
                for (LayerPlan p : round) {
                    nets.add(network(l, Factorizer.pairSpec(l.spec(), p), in));
                }
                double[] ms = measureLayers(nets.toArray(Network[]::new));
                denseByRound[r] = ms[0];
                System.arraycopy(ms, 1, raw, r * FORMS_PER_ROUND, round.size());
            } finally {
                nets.forEach(Network::close);
            }
        }
        double dense = median(denseByRound);
        double[] out = new double[forms.size() + 1];
        out[0] = dense;
        for (int i = 0; i < forms.size(); i++) {
            out[i + 1] = raw[i] * dense / denseByRound[i / FORMS_PER_ROUND];
        }
        return out;
    }

    private static Network network(LayerInfo l, LayerSpec layer, FeatureShape in) {
        return Network.create(new LayerSpec.Sequence("", wrap(l, layer)), in, 1);
    }

    /** Measures every layer of a (resolved) plan; layers not factorized get only a dense time. */
    public Map<String, LayerLatency> layers(List<LayerInfo> layers, RankPlan plan) {
        Map<String, LayerLatency> out = new LinkedHashMap<>();
        for (LayerInfo l : layers) {
            out.put(l.name(), layer(l, plan.get(l.name())));
        }
        return out;
    }

    private static List<LayerSpec> wrap(LayerInfo l, LayerSpec layer) {
        List<LayerSpec> c = new ArrayList<>();
        if (!l.isConv()) {
            c.add(new LayerSpec.Flatten("flatten"));
        }
        c.add(layer);
        return c;
    }
}
