package rankbench.experiment.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.SplittableRandom;
import rankbench.experiment.model.BatchNormFolding;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.Network;

/**
 * Measures training and inference throughput of a network on synthetic inputs: training steps with
 * SGD momentum (forward, cross-entropy, backward, update) at a given batch size, and inference in
 * eval mode at batch 256. Reports the median over timed repetitions after warm-up.
 */
public final class ThroughputBenchmark {

    private ThroughputBenchmark() {}

    /**
     * Benchmark figures.
     *
     * @param trainImagesPerSecond median training throughput
     * @param inferImagesPerSecond median inference throughput
     * @param threads engine intra-op threads used
     * @param trainBatch training batch size
     * @param inferBatch inference batch size
     * @param trainStepMillis median milliseconds per training step
     * @param inferBatchMillis median milliseconds per inference batch
     * @param inferFoldedImagesPerSecond median inference throughput with batch norms folded into the convs
     *     (how RankBench evaluates)
     * @param inferFoldedBatchMillis median milliseconds per inference batch, batch norms folded
     */
    public record Result(
            double trainImagesPerSecond,
            double inferImagesPerSecond,
            int threads,
            int trainBatch,
            int inferBatch,
            double trainStepMillis,
            double inferBatchMillis,
            double inferFoldedImagesPerSecond,
            double inferFoldedBatchMillis) {}

    /** Runs the benchmark; {@code steps} timed repetitions after {@code warmup} untimed ones. */
    public static Result run(Network net, int trainBatch, int inferBatch, int warmup, int steps) {
        Engine engine = Engines.pytorch();
        var in = net.inputShape();
        SplittableRandom rnd = new SplittableRandom(1);
        float[] x = new float[Math.max(trainBatch, inferBatch) * in.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        int[] y = new int[trainBatch];
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextInt(net.numClasses());
        }
        Loss ce = Loss.softmaxCrossEntropyLoss();
        double[] train = new double[steps];
        try (Optimizer opt = Optimizer.sgd(net.manager(), 0.9, false, 1e-4)) {
            for (int s = -warmup; s < steps; s++) {
                long t0 = System.nanoTime();
                try (NDManager m = net.manager().newSubManager()) {
                    NDArray xs = m.create(
                            Arrays.copyOf(x, trainBatch * in.size()),
                            new Shape(trainBatch, in.channels(), in.height(), in.width()));
                    NDArray ys = m.create(y);
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray loss = ce.evaluate(new NDList(ys), new NDList(net.forward(xs, true)));
                        gc.backward(loss);
                    }
                    opt.step(net.parameters(), 0.01);
                }
                if (s >= 0) {
                    train[s] = (System.nanoTime() - t0) / 1e9;
                }
            }
        }
        double[] infer = inference(net, x, inferBatch, warmup, steps);
        double[] folded = BatchNormFolding.onFolded(net, fn -> inference(fn, x, inferBatch, warmup, steps));
        double mt = median(train);
        double mi = median(infer);
        double mf = median(folded);
        return new Result(
                trainBatch / mt,
                inferBatch / mi,
                Engines.threads(),
                trainBatch,
                inferBatch,
                mt * 1e3,
                mi * 1e3,
                inferBatch / mf,
                mf * 1e3);
    }

    private static double[] inference(Network net, float[] x, int inferBatch, int warmup, int steps) {
        var in = net.inputShape();
        double[] infer = new double[steps];
        for (int s = -warmup; s < steps; s++) {
            long t0 = System.nanoTime();
            try (NDManager m = net.manager().newSubManager()) {
                NDArray xs = m.create(
                        Arrays.copyOf(x, inferBatch * in.size()),
                        new Shape(inferBatch, in.channels(), in.height(), in.width()));
                net.forward(xs, false).toFloatArray();
            }
            if (s >= 0) {
                infer[s] = (System.nanoTime() - t0) / 1e9;
            }
        }
        return infer;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
