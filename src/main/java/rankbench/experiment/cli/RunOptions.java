package rankbench.experiment.cli;

import picocli.CommandLine.Option;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.DatasetSplits;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.Schedule;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingData;

/**
 * The training settings shared by {@code learn} and {@code finetune} (optimizer, schedule, batch, data
 * split, latency), as a picocli mixin, and the data and configuration they build.
 */
final class RunOptions {

    @Option(
            names = "--lr",
            defaultValue = "0.01",
            description = "Peak learning rate of the training phase (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--schedule",
            defaultValue = "cosine",
            description = "Learning-rate schedule: constant, step, cosine, onecycle or exponential (x0.99 per epoch) "
                    + "(default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--momentum",
            defaultValue = "0.9",
            description = "SGD momentum, Nesterov (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(
            names = {"--weight-decay", "--wd"},
            defaultValue = "1e-4",
            description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--max-batches", defaultValue = "0", description = "Cap on batches per epoch, 0 = all.")
    int maxBatches;

    @Option(
            names = "--validation",
            defaultValue = "0.05",
            description = "Fraction of the training images held out for validation (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(
            names = "--test-limit",
            paramLabel = "N",
            description = "Use only the first N test images (default: --limit if given, else all).")
    Integer testLimit;

    @Option(names = "--no-latency", description = "Skip the latency measurement.")
    boolean noLatency;

    @Option(
            names = "--latency-batch",
            defaultValue = "128",
            description = "Batch size of latency measurement (default: ${DEFAULT-VALUE}).")
    int latencyBatch;

    /** The images of a run: the source, its training/validation/test split and the model's normalization. */
    record Inputs(DataSource source, DatasetSplits splits, ImageDataset test, TrainingData data) {}

    /** Checks the settings, each with a message naming its option. */
    void check(CommonOptions.Data data) {
        require(lr > 0 && Double.isFinite(lr), "--lr must be > 0, got " + lr);
        Schedule.fromId(schedule);
        require(batch >= 2, "--batch must be >= 2, got " + batch);
        require(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay must be >= 0, got " + weightDecay);
        require(maxBatches >= 0, "--max-batches must be >= 0, got " + maxBatches);
        require(validation >= 0 && validation < 1, "--validation must be in [0, 1), got " + validation);
        require(data.limit == null || data.limit >= 2, "--limit must be >= 2, got " + data.limit);
        require(testLimit == null || testLimit >= 1, "--test-limit must be >= 1, got " + testLimit);
        require(latencyBatch >= 1, "--latency-batch must be >= 1, got " + latencyBatch);
    }

    /** Loads the data and splits it: the validation images are held out of the training split. */
    Inputs load(CommonOptions.Data data, SavedModel start) {
        DataSource src = Datasets.load(data.data);
        ImageDataset trainAll = CommonOptions.Data.limit(src.train(), data.limit);
        ImageDataset test = CommonOptions.Data.limit(src.test(), testLimit != null ? testLimit : data.limit);
        DatasetSplits splits = DatasetSplits.split(trainAll, test, validation, data.seed);
        Normalization norm =
                new Normalization(start.manifest().mean(), start.manifest().std());
        return new Inputs(src, splits, test, new TrainingData(splits.train(), splits.validation(), norm));
    }

    /** The training configuration of {@code epochs} epochs with these settings and {@code seed}. */
    TrainingConfig config(int epochs, long seed) {
        return TrainingConfig.builder()
                .setEpochs(epochs)
                .optBatchSize(batch)
                .optLearningRate(lr)
                .optMomentum(momentum)
                .optNesterov(momentum > 0)
                .optWeightDecay(weightDecay)
                .optSchedule(Schedule.fromId(schedule))
                .optSeed(seed)
                .optMaxBatchesPerEpoch(maxBatches)
                .build();
    }

    /** The whole-model latency meter, or null with {@code --no-latency}. */
    LatencyMeter latencyMeter() {
        return noLatency ? null : new LatencyMeter(latencyBatch, 3, 10);
    }

    /** The latency batch recorded with a run (null if latency is not measured). */
    Integer recordedLatencyBatch() {
        return noLatency ? null : latencyBatch;
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
