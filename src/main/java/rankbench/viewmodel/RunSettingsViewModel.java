package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.training.Schedule;
import rankbench.experiment.training.TrainingConfig;

/**
 * The typed settings of a training run started from the window, shared by fine-tuning and rank learning:
 * epochs, learning rate, schedule (an enum), weight decay, batch size, the training-image subset and the
 * seed; for rank learning also the fine-tune phase (epochs, learning rate) and the target layers (empty:
 * the default selection, see {@link Targets#defaults()}). {@link #config()} turns them into the run's
 * {@link TrainingConfig}, so what the user set is what the run uses and what its session {@code Run}
 * records; {@link #validationMessageProperty()} says why they cannot run ("" if they can).
 */
public final class RunSettingsViewModel {

    private final int maxBatchesPerEpoch;
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", 1);
    private final DoubleProperty learningRate = new SimpleDoubleProperty(this, "learningRate", 0.01);
    private final ObjectProperty<Schedule> schedule = new SimpleObjectProperty<>(this, "schedule", Schedule.COSINE);
    private final DoubleProperty weightDecay = new SimpleDoubleProperty(this, "weightDecay", 1e-4);
    private final IntegerProperty batch = new SimpleIntegerProperty(this, "batch");
    private final IntegerProperty trainImages = new SimpleIntegerProperty(this, "trainImages");
    private final LongProperty seed = new SimpleLongProperty(this, "seed", 0);
    private final IntegerProperty fineTuneEpochs = new SimpleIntegerProperty(this, "fineTuneEpochs", 1);
    private final DoubleProperty fineTuneLearningRate = new SimpleDoubleProperty(this, "fineTuneLearningRate", 0.01);
    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final ObservableList<String> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ObservableList<String> targetLayers = FXCollections.observableArrayList();
    private final StringBinding validationMessage;

    /**
     * Creates settings with the window's defaults.
     *
     * @param batch the default batch size
     * @param trainImages the default training-image subset (0: all)
     * @param maxBatchesPerEpoch batches per epoch (0: all; fixed by the window's configuration)
     */
    public RunSettingsViewModel(int batch, int trainImages, int maxBatchesPerEpoch) {
        this.maxBatchesPerEpoch = maxBatchesPerEpoch;
        this.batch.set(batch);
        this.trainImages.set(trainImages);
        validationMessage = Bindings.createStringBinding(
                this::check,
                epochs,
                learningRate,
                schedule,
                weightDecay,
                this.batch,
                this.trainImages,
                fineTuneEpochs,
                fineTuneLearningRate,
                targetLayers,
                layers);
    }

    /** The settings of the window's configuration (its batch, training subset and batches per epoch). */
    public static RunSettingsViewModel from(WorkbenchSettings s) {
        return new RunSettingsViewModel(s.fineTuneBatch(), s.fineTuneTrainImages(), s.fineTuneMaxBatches());
    }

    private String check() {
        List<String> problems = new ArrayList<>();
        if (epochs.get() < 1) {
            problems.add("epochs must be at least 1");
        }
        if (!(learningRate.get() > 0) || Double.isInfinite(learningRate.get())) {
            problems.add("the learning rate must be a positive number");
        }
        if (schedule.get() == null) {
            problems.add("pick a learning-rate schedule");
        }
        if (!(weightDecay.get() >= 0) || Double.isInfinite(weightDecay.get())) {
            problems.add("the weight decay must be 0 or positive");
        }
        if (batch.get() < 1) {
            problems.add("the batch size must be at least 1");
        }
        if (trainImages.get() < 0) {
            problems.add("the training-image limit must be 0 (all) or positive");
        }
        if (fineTuneEpochs.get() < 0) {
            problems.add("fine-tune epochs must be 0 (none) or positive");
        }
        if (fineTuneEpochs.get() > 0 && !(fineTuneLearningRate.get() > 0)) {
            problems.add("the fine-tune learning rate must be a positive number");
        }
        for (String t : targetLayers) {
            if (!layers.isEmpty() && !layers.contains(t)) {
                problems.add("unknown target layer '" + t + "'");
                break;
            }
        }
        return problems.isEmpty() ? "" : String.join("; ", problems);
    }

    /** The configuration of the training (or rank-learning) phase. */
    public TrainingConfig config() {
        return TrainingConfig.builder()
                .setEpochs(Math.max(1, epochs.get()))
                .optBatchSize(Math.max(1, batch.get()))
                .optLearningRate(learningRate.get())
                .optSchedule(schedule.get())
                .optWeightDecay(weightDecay.get())
                .optMaxBatchesPerEpoch(maxBatchesPerEpoch)
                .optSeed(seed.get())
                .build();
    }

    /** The configuration of the fine-tune phase after rank learning, or null for none (0 epochs). */
    public TrainingConfig fineTuneConfig() {
        int ft = fineTuneEpochs.get();
        return ft <= 0
                ? null
                : config().toBuilder()
                        .setEpochs(ft)
                        .optLearningRate(fineTuneLearningRate.get())
                        .build();
    }

    /** The layers to compress: the chosen ones, or the default selection if none is chosen. */
    public Targets targets() {
        return targetLayers.isEmpty() ? Targets.defaults() : Targets.of(List.copyOf(targetLayers));
    }

    /** {@code data} limited to the training-image subset (all if the limit is 0). */
    public ImageDataset trainSubset(ImageDataset data) {
        return trainImages.get() > 0 ? data.limit(trainImages.get()) : data;
    }

    /** Replaces the layers that can be targeted (the base model's compressible layers); drops stale choices. */
    public void setLayers(List<String> names) {
        layers.setAll(names);
        targetLayers.removeIf(t -> !names.contains(t));
    }

    /** A short summary, e.g. {@code 3 epochs, lr 0.01 cosine, wd 0.0001, batch 128, seed 0}. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%d epoch%s, lr %s %s, wd %s, batch %d, seed %d",
                epochs.get(),
                epochs.get() == 1 ? "" : "s",
                learningRate.get(),
                schedule.get(),
                weightDecay.get(),
                batch.get(),
                seed.get());
    }

    /** Epochs of the run (input, at least 1). */
    public IntegerProperty epochsProperty() {
        return epochs;
    }

    /** Peak learning rate (input, positive). */
    public DoubleProperty learningRateProperty() {
        return learningRate;
    }

    /** Learning-rate schedule (input). */
    public ObjectProperty<Schedule> scheduleProperty() {
        return schedule;
    }

    /** L2 weight decay (input, 0 or positive). */
    public DoubleProperty weightDecayProperty() {
        return weightDecay;
    }

    /** Batch size (input, at least 1). */
    public IntegerProperty batchProperty() {
        return batch;
    }

    /** Training images used (input; 0 = the whole training split, validation images excluded). */
    public IntegerProperty trainImagesProperty() {
        return trainImages;
    }

    /** Seed of shuffling and augmentation (input). */
    public LongProperty seedProperty() {
        return seed;
    }

    /** Epochs of fine-tuning after rank learning (input, 0 = none). */
    public IntegerProperty fineTuneEpochsProperty() {
        return fineTuneEpochs;
    }

    /** Learning rate of fine-tuning after rank learning (input, positive). */
    public DoubleProperty fineTuneLearningRateProperty() {
        return fineTuneLearningRate;
    }

    /** The layers that can be targeted (the base model's compressible layers, PyTorch names). */
    public ObservableList<String> layers() {
        return layersView;
    }

    /** The chosen target layers (input; empty = the default selection). */
    public ObservableList<String> targetLayers() {
        return targetLayers;
    }

    /** Why these settings cannot run, or "" if they can. */
    public ObservableStringValue validationMessageProperty() {
        return validationMessage;
    }
}
