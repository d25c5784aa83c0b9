package rankbench.experiment.training;

import ai.djl.ndarray.NDManager;
import java.util.Locale;

/**
 * Hyperparameters of a supervised training run. Build with {@link #builder()}; {@code build()}
 * validates every value and names the wrong one.
 */
public final class TrainingConfig {

    private final int epochs;
    private final int batchSize;
    private final String optimizer;
    private final double learningRate;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final Schedule schedule;
    private final double decayPerEpoch;
    private final long maxSteps;
    private final long scheduleOffset;
    private final long scheduleTotal;
    private final long seed;
    private final boolean augmentFlip;
    private final double maxLoss;
    private final int snapshotEveryBatches;
    private final int maxBatchesPerEpoch;
    private final int evalBatchSize;

    private TrainingConfig(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.optimizer = b.optimizer;
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.nesterov = b.nesterov;
        this.weightDecay = b.weightDecay;
        this.schedule = b.schedule;
        this.decayPerEpoch = b.decayPerEpoch;
        this.maxSteps = b.maxSteps;
        this.scheduleOffset = b.scheduleOffset;
        this.scheduleTotal = b.scheduleTotal;
        this.seed = b.seed;
        this.augmentFlip = b.augmentFlip;
        this.maxLoss = b.maxLoss;
        this.snapshotEveryBatches = b.snapshotEveryBatches;
        this.maxBatchesPerEpoch = b.maxBatchesPerEpoch;
        this.evalBatchSize = b.evalBatchSize;
    }

    /** Returns a builder with the defaults of the Fashion-MNIST ResNet recipe (SGD Nesterov 0.9, wd 1e-4, one-cycle). */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder initialized with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.momentum = momentum;
        b.nesterov = nesterov;
        b.weightDecay = weightDecay;
        b.schedule = schedule;
        b.decayPerEpoch = decayPerEpoch;
        b.maxSteps = maxSteps;
        b.scheduleOffset = scheduleOffset;
        b.scheduleTotal = scheduleTotal;
        b.seed = seed;
        b.augmentFlip = augmentFlip;
        b.maxLoss = maxLoss;
        b.snapshotEveryBatches = snapshotEveryBatches;
        b.maxBatchesPerEpoch = maxBatchesPerEpoch;
        b.evalBatchSize = evalBatchSize;
        return b;
    }

    /** Returns the number of epochs. */
    public int epochs() {
        return epochs;
    }

    /** Returns the mini-batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Returns {@code sgd} or {@code adam}. */
    public String optimizer() {
        return optimizer;
    }

    /** Returns the (peak) learning rate. */
    public double learningRate() {
        return learningRate;
    }

    /** Returns the SGD momentum (Adam's beta1 is 0.9 regardless). */
    public double momentum() {
        return momentum;
    }

    /** Returns true for Nesterov momentum. */
    public boolean nesterov() {
        return nesterov;
    }

    /** Returns the L2 weight decay coefficient. */
    public double weightDecay() {
        return weightDecay;
    }

    /** Returns the schedule's id ({@code constant|step|cosine|onecycle|exponential}). */
    public String schedule() {
        return schedule.id();
    }

    /** Returns the learning-rate schedule. */
    public Schedule scheduleKind() {
        return schedule;
    }

    /** Returns the per-epoch factor of the {@link Schedule#EXPONENTIAL} schedule. */
    public double decayPerEpoch() {
        return decayPerEpoch;
    }

    /** Returns the cap on optimizer steps of the whole run (0 = none): the run ends after that many batches. */
    public long maxSteps() {
        return maxSteps;
    }

    /** Returns the offset of the schedule window (see {@link Builder#optScheduleWindow}). */
    public long scheduleOffset() {
        return scheduleOffset;
    }

    /** Returns the run length the schedule is evaluated against (0 = this run's own length). */
    public long scheduleTotal() {
        return scheduleTotal;
    }

    /** Returns the seed for shuffling and augmentation. */
    public long seed() {
        return seed;
    }

    /** Returns true if training images are flipped left-right at random. */
    public boolean augmentFlip() {
        return augmentFlip;
    }

    /** Returns the loss above which training counts as diverged. */
    public double maxLoss() {
        return maxLoss;
    }

    /** Returns how often (in batches) the last good weights are snapshotted. */
    public int snapshotEveryBatches() {
        return snapshotEveryBatches;
    }

    /** Returns the cap on batches per epoch (0 = no cap). */
    public int maxBatchesPerEpoch() {
        return maxBatchesPerEpoch;
    }

    /** Returns the batch size used for validation. */
    public int evalBatchSize() {
        return evalBatchSize;
    }

    /** Creates the learning-rate schedule (an exponential one counting one step per epoch). */
    public LearningRateSchedule newSchedule() {
        return newSchedule(1);
    }

    /**
     * Creates the learning-rate schedule of a run with {@code stepsPerEpoch} batches per epoch, seen
     * through the configured window if any.
     */
    public LearningRateSchedule newSchedule(long stepsPerEpoch) {
        LearningRateSchedule s = schedule.create(learningRate, decayPerEpoch, stepsPerEpoch);
        return scheduleTotal > 0 ? s.window(scheduleOffset, scheduleTotal) : s;
    }

    /** Creates the optimizer with its state under {@code parent}. */
    public Optimizer newOptimizer(NDManager parent) {
        return optimizer.equals("adam")
                ? Optimizer.adam(parent, 0.9, 0.999, 1e-8, weightDecay)
                : Optimizer.sgd(parent, momentum, nesterov, weightDecay);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s lr=%g momentum=%g%s wd=%g schedule=%s epochs=%d batch=%d seed=%d%s",
                optimizer,
                learningRate,
                momentum,
                nesterov ? " nesterov" : "",
                weightDecay,
                schedule,
                epochs,
                batchSize,
                seed,
                augmentFlip ? " flip" : "");
    }

    /** Builder of {@link TrainingConfig}. */
    public static final class Builder {
        private int epochs = 1;
        private int batchSize = 128;
        private String optimizer = "sgd";
        private double learningRate = 0.1;
        private double momentum = 0.9;
        private boolean nesterov = true;
        private double weightDecay = 1e-4;
        private Schedule schedule = Schedule.ONECYCLE;
        private double decayPerEpoch = 0.99;
        private long maxSteps = 0;
        private long scheduleOffset = 0;
        private long scheduleTotal = 0;
        private long seed = 0;
        private boolean augmentFlip = true;
        private double maxLoss = 1e3;
        private int snapshotEveryBatches = 100;
        private int maxBatchesPerEpoch = 0;
        private int evalBatchSize = 256;

        private Builder() {}

        /** Sets the number of epochs (>= 1). */
        public Builder setEpochs(int v) {
            epochs = v;
            return this;
        }

        /** Sets the mini-batch size (>= 2). */
        public Builder optBatchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Sets the optimizer: {@code sgd} or {@code adam}. */
        public Builder optOptimizer(String v) {
            optimizer = v.toLowerCase(Locale.ROOT);
            return this;
        }

        /** Sets the (peak) learning rate. */
        public Builder optLearningRate(double v) {
            learningRate = v;
            return this;
        }

        /** Sets the SGD momentum. */
        public Builder optMomentum(double v) {
            momentum = v;
            return this;
        }

        /** Enables or disables Nesterov momentum. */
        public Builder optNesterov(boolean v) {
            nesterov = v;
            return this;
        }

        /** Sets the weight decay. */
        public Builder optWeightDecay(double v) {
            weightDecay = v;
            return this;
        }

        /** Sets the schedule by its id (case-insensitive; unknown ids are refused). */
        public Builder optSchedule(String v) {
            schedule = Schedule.fromId(v);
            return this;
        }

        /** Sets the schedule. */
        public Builder optSchedule(Schedule v) {
            schedule = v;
            return this;
        }

        /** Sets the per-epoch factor of the exponential schedule (in (0, 1]). */
        public Builder optDecayPerEpoch(double v) {
            decayPerEpoch = v;
            return this;
        }

        /** Caps the run at {@code v} optimizer steps in total (0 = no cap); the capped epoch ends early. */
        public Builder optMaxSteps(long v) {
            maxSteps = v;
            return this;
        }

        /**
         * Evaluates the schedule at step {@code offset + s} of a run of {@code total} steps instead of
         * step {@code s} of this run ({@code total = 0}: off). Lets a run split into segments follow one
         * schedule.
         */
        public Builder optScheduleWindow(long offset, long total) {
            scheduleOffset = offset;
            scheduleTotal = total;
            return this;
        }

        /** Sets the seed. */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /** Enables or disables random horizontal flips. */
        public Builder optAugmentFlip(boolean v) {
            augmentFlip = v;
            return this;
        }

        /** Sets the loss above which the run counts as diverged. */
        public Builder optMaxLoss(double v) {
            maxLoss = v;
            return this;
        }

        /** Sets how often the last good weights are snapshotted. */
        public Builder optSnapshotEveryBatches(int v) {
            snapshotEveryBatches = v;
            return this;
        }

        /** Caps the number of batches per epoch (0 = no cap). */
        public Builder optMaxBatchesPerEpoch(int v) {
            maxBatchesPerEpoch = v;
            return this;
        }

        /** Sets the validation batch size. */
        public Builder optEvalBatchSize(int v) {
            evalBatchSize = v;
            return this;
        }

        /** Validates and builds. */
        public TrainingConfig build() {
            check(epochs >= 1, "epochs must be >= 1, got " + epochs);
            check(batchSize >= 2, "batch size must be >= 2, got " + batchSize);
            check(
                    optimizer.equals("sgd") || optimizer.equals("adam"),
                    "optimizer must be sgd or adam, got " + optimizer);
            check(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
            check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
            check(!nesterov || momentum > 0 || optimizer.equals("adam"), "Nesterov needs momentum > 0");
            check(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
            check(schedule != null, "schedule must be given");
            check(decayPerEpoch > 0 && decayPerEpoch <= 1, "decay per epoch must be in (0, 1], got " + decayPerEpoch);
            check(maxSteps >= 0, "max steps must be >= 0, got " + maxSteps);
            check(scheduleOffset >= 0 && scheduleTotal >= 0, "schedule window must be >= 0");
            check(maxLoss > 0, "max loss must be > 0");
            check(snapshotEveryBatches >= 1, "snapshot interval must be >= 1");
            check(maxBatchesPerEpoch >= 0, "max batches per epoch must be >= 0");
            check(evalBatchSize >= 1, "evaluation batch size must be >= 1");
            return new TrainingConfig(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
