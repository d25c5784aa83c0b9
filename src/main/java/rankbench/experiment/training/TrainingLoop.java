package rankbench.experiment.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.Tensor;

/**
 * The supervised training loop: shuffle, batch, forward, loss (+ hook terms), backward, hook edits,
 * optimizer step, hook edits, validation at every epoch end.
 *
 * <p>Runs synchronously on the calling thread (the {@link TrainingService} gives it its own). It
 * checks the {@link CancellationToken} between batches, so a cancelled run leaves the network with
 * the weights of its last complete step. Every {@code snapshotEveryBatches} batches (and at every
 * epoch end) it copies the weights; when the loss becomes NaN, infinite or larger than
 * {@code maxLoss}, it restores that copy and ends with status {@code DIVERGED}.
 * Shuffling and augmentation draw from one generator seeded with the configured seed, and weights
 * are initialized by the caller, so a run is deterministic for a fixed thread count.
 */
public final class TrainingLoop {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    private final Network net;
    private final TrainingData data;
    private final TrainingConfig config;
    private final TrainingHooks hooks;
    private final TrainingListener listener;
    private final CancellationToken cancel;
    private final String runId;
    private final String description;

    /** Creates a loop; nothing happens until {@link #run()}. */
    public TrainingLoop(
            Network net,
            TrainingData data,
            TrainingConfig config,
            TrainingHooks hooks,
            TrainingListener listener,
            CancellationToken cancel,
            String description) {
        this.net = net;
        this.data = data;
        this.config = config;
        this.hooks = hooks == null ? TrainingHooks.none() : hooks;
        this.listener = listener == null ? TrainingListener.none() : listener;
        this.cancel = cancel == null ? CancellationToken.none() : cancel;
        this.runId = UUID.randomUUID().toString().substring(0, 8);
        this.description = description == null ? config.toString() : description;
        checkCompatible();
    }

    /** Returns this run's id (as found in its events). */
    public String runId() {
        return runId;
    }

    private void checkCompatible() {
        ImageDataset t = data.train();
        var in = net.inputShape();
        if (t.channels() != in.channels() || t.height() != in.height() || t.width() != in.width()) {
            throw new IllegalArgumentException("training images are " + t.channels() + "x" + t.height() + "x"
                    + t.width() + " but the network expects " + in);
        }
        if (t.numClasses() > net.numClasses()) {
            throw new IllegalArgumentException(
                    "dataset has " + t.numClasses() + " classes but the network " + net.numClasses());
        }
        if (t.size() < 2) {
            throw new IllegalArgumentException("training set has " + t.size() + " images; need at least 2");
        }
    }

    /** Runs to completion, cancellation or divergence; exceptions propagate after a RunFailed event. */
    public TrainingOutcome run() {
        long t0 = System.nanoTime();
        try {
            return runInternal(t0);
        } catch (RuntimeException | Error e) {
            listener.onEvent(new TrainingEvent.RunFailed(runId, messageOf(e), List.of(e.toString())));
            throw e;
        }
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private TrainingOutcome runInternal(long t0) {
        Engine engine = Engines.pytorch();
        Engines.noGradOnThisThread();
        ImageDataset train = data.train();
        int batch = Math.min(config.batchSize(), train.size());
        int batchesPerEpoch = train.size() / batch; // the incomplete last batch is dropped
        if (config.maxBatchesPerEpoch() > 0) {
            batchesPerEpoch = Math.min(batchesPerEpoch, config.maxBatchesPerEpoch());
        }
        long totalSteps = (long) batchesPerEpoch * config.epochs();
        if (config.maxSteps() > 0) {
            totalSteps = Math.min(totalSteps, config.maxSteps());
        }
        ImageDataset val = data.validation();
        int epochs = (int) ((totalSteps + batchesPerEpoch - 1) / batchesPerEpoch);
        listener.onEvent(new TrainingEvent.RunStarted(
                runId,
                description,
                epochs,
                batchesPerEpoch,
                train.size(),
                val == null ? 0 : val.size(),
                System.currentTimeMillis()));

        SplittableRandom rnd = new SplittableRandom(config.seed());
        LearningRateSchedule schedule = config.newSchedule(batchesPerEpoch);
        int img = train.imageSize();
        float[] xs = new float[batch * img];
        int[] ys = new int[batch];
        Shape xShape = new Shape(batch, train.channels(), train.height(), train.width());
        Loss ce = Loss.softmaxCrossEntropyLoss();

        Map<String, Tensor> lastGood = net.weights();
        long lastGoodStep = 0;
        double lastValAcc = Double.NaN;
        double lastValLoss = Double.NaN;
        int epochsDone = 0;
        long step = 0;
        double smoothedIps = 0;
        double secondsPerStep = 0;

        try (Optimizer optimizer = config.newOptimizer(net.manager())) {
            Ctx ctx = new Ctx(optimizer);
            hooks.onRunStart(ctx);
            for (int epoch = 0; epoch < epochs; epoch++) {
                long epochStart = System.nanoTime();
                int[] order = permutation(train.size(), rnd);
                double lossSum = 0;
                double accSum = 0;
                int seen = 0;
                int batchesThisEpoch = (int) Math.min(batchesPerEpoch, totalSteps - step);
                for (int b = 0; b < batchesThisEpoch; b++) {
                    if (cancel.isCancelled()) {
                        return end(
                                ctx,
                                RunStatus.CANCELLED,
                                epochsDone,
                                step,
                                lastValAcc,
                                lastValLoss,
                                t0,
                                "cancelled at epoch " + (epoch + 1) + ", batch " + b);
                    }
                    long bt0 = System.nanoTime();
                    for (int i = 0; i < batch; i++) {
                        int idx = order[b * batch + i];
                        if (config.augmentFlip() && rnd.nextBoolean()) {
                            train.normalizedImageFlipped(idx, data.normalization(), xs, i * img);
                        } else {
                            train.normalizedImage(idx, data.normalization(), xs, i * img);
                        }
                        ys[i] = train.label(idx);
                    }
                    double lr = schedule.at(step, totalSteps);
                    float lossValue;
                    float accValue;
                    try (NDManager m = net.manager().newSubManager()) {
                        ctx.begin(m, epoch, b, step, lr);
                        hooks.beforeBatch(ctx);
                        NDArray x = m.create(FloatBuffer.wrap(xs), xShape);
                        NDArray y = m.create(ys);
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray logits = net.forward(x, true);
                            NDArray loss = ce.evaluate(new NDList(y), new NDList(logits));
                            NDArray extra = hooks.extraLoss(ctx);
                            NDArray total = extra == null ? loss : loss.add(extra);
                            lossValue = loss.getFloat();
                            float totalValue = extra == null ? lossValue : total.getFloat();
                            if (!Float.isFinite(totalValue) || totalValue > config.maxLoss()) {
                                Optimizer.zeroGradients(net.parameters());
                                net.loadWeights(lastGood);
                                optimizer.reset();
                                String why = Float.isFinite(totalValue)
                                        ? "exploded to " + totalValue
                                        : "became " + totalValue;
                                return end(
                                        ctx,
                                        RunStatus.DIVERGED,
                                        epochsDone,
                                        lastGoodStep,
                                        lastValAcc,
                                        lastValLoss,
                                        t0,
                                        "loss " + why + " at epoch " + (epoch + 1) + ", batch " + b
                                                + "; restored the weights of step " + lastGoodStep);
                            }
                            accValue = logits.argMax(1)
                                    .toType(y.getDataType(), false)
                                    .eq(y)
                                    .toType(DataType.FLOAT32, false)
                                    .mean()
                                    .getFloat();
                            gc.backward(total);
                        }
                        hooks.beforeOptimizerStep(ctx);
                        optimizer.step(net.parameters(), lr);
                        hooks.afterOptimizerStep(ctx);
                    }
                    step++;
                    lossSum += lossValue * batch;
                    accSum += accValue * batch;
                    seen += batch;
                    double dt = (System.nanoTime() - bt0) / 1e9;
                    smoothedIps = smoothedIps == 0 ? batch / dt : 0.9 * smoothedIps + 0.1 * batch / dt;
                    secondsPerStep = secondsPerStep == 0 ? dt : 0.95 * secondsPerStep + 0.05 * dt;
                    listener.onEvent(new TrainingEvent.BatchEnded(
                            runId,
                            epoch,
                            b,
                            step,
                            totalSteps,
                            lossValue,
                            accValue,
                            lr,
                            smoothedIps,
                            secondsPerStep * (totalSteps - step)));
                    if (step % config.snapshotEveryBatches() == 0) {
                        lastGood = net.weights();
                        lastGoodStep = step;
                    }
                }
                double valLoss = Double.NaN;
                double valAcc = Double.NaN;
                if (val != null && val.size() > 0) {
                    EvaluationResult r =
                            Evaluator.evaluate(net, val, data.normalization(), config.evalBatchSize(), cancel);
                    valLoss = r.loss();
                    valAcc = r.accuracy();
                    lastValAcc = valAcc;
                    lastValLoss = valLoss;
                }
                epochsDone = epoch + 1;
                lastGood = net.weights();
                lastGoodStep = step;
                TrainingEvent.EpochEnded ended = new TrainingEvent.EpochEnded(
                        runId,
                        epoch,
                        lossSum / Math.max(1, seen),
                        accSum / Math.max(1, seen),
                        valLoss,
                        valAcc,
                        (System.nanoTime() - epochStart) / 1e9);
                LOG.debug("epoch {}: {}", epoch + 1, ended);
                listener.onEvent(ended);
                hooks.onEpochEnd(ctx, ended);
                if (step >= totalSteps) {
                    break; // the step cap ended this (possibly partial) epoch
                }
            }
            return end(
                    ctx,
                    RunStatus.COMPLETED,
                    epochsDone,
                    step,
                    lastValAcc,
                    lastValLoss,
                    t0,
                    "completed " + epochsDone + " epochs");
        }
    }

    private TrainingOutcome end(
            Ctx ctx, RunStatus status, int epochs, long step, double valAcc, double valLoss, long t0, String message) {
        TrainingOutcome o =
                new TrainingOutcome(status, epochs, step, valAcc, valLoss, (System.nanoTime() - t0) / 1e9, message);
        hooks.onRunEnd(ctx, o);
        listener.onEvent(new TrainingEvent.RunEnded(runId, o));
        return o;
    }

    private static int[] permutation(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private final class Ctx implements TrainingContext {
        private final Optimizer optimizer;
        private NDManager manager;
        private int epoch;
        private int batch;
        private long step;
        private double lr;

        Ctx(Optimizer optimizer) {
            this.optimizer = optimizer;
        }

        void begin(NDManager m, int epoch, int batch, long step, double lr) {
            this.manager = m;
            this.epoch = epoch;
            this.batch = batch;
            this.step = step;
            this.lr = lr;
        }

        @Override
        public Network network() {
            return net;
        }

        @Override
        public Optimizer optimizer() {
            return optimizer;
        }

        @Override
        public int epoch() {
            return epoch;
        }

        @Override
        public int batchInEpoch() {
            return batch;
        }

        @Override
        public long step() {
            return step;
        }

        @Override
        public double learningRate() {
            return lr;
        }

        @Override
        public NDManager batchManager() {
            if (manager == null) {
                throw new IllegalStateException("no batch is running");
            }
            return manager;
        }

        @Override
        public void publish(String kind, Object payload) {
            listener.onEvent(new TrainingEvent.MethodUpdate(runId, step, kind, payload));
        }
    }
}
