package rankbench.viewmodel;

import rankbench.experiment.training.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.DatasetSplits;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.Evaluator;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingData;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingLoop;
import rankbench.experiment.training.TrainingOutcome;
import rankbench.experiment.training.TrainingService;

/**
 * Fine-tuning of the factorised model in the background: live loss and accuracy series, progress and
 * ETA, cancel, and the compress-only versus fine-tuned accuracy. Training events cross to the UI thread
 * through an {@link EventDrain}, so a flood of batches costs one UI task per drain.
 */
public final class FineTuneViewModel {

    /**
     * The result of a run.
     *
     * @param compressOnly accuracy of the factorised model before fine-tuning
     * @param fineTuned accuracy after fine-tuning (NaN if cancelled)
     * @param outcome how training ended
     * @param model the fine-tuned factorised model
     */
    public record Result(double compressOnly, double fineTuned, TrainingOutcome outcome, SavedModel model) {}

    private final TrainingService training;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final WorkbenchViewModel.Settings settings;
    private final SpectrumCache cache;
    private final EventDrain<TrainingEvent> drain;

    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", 1);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper(this, "eta", "");
    private final ReadOnlyStringWrapper resultText = new ReadOnlyStringWrapper(this, "resultText",
            "Fine-tune the factorised model to recover accuracy.");
    private final ReadOnlyObjectWrapper<Result> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ObservableList<ChartPoint> loss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> trainAccuracy = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> validationAccuracy = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> lossView = FXCollections.unmodifiableObservableList(loss);
    private final ObservableList<ChartPoint> trainAccuracyView = FXCollections.unmodifiableObservableList(trainAccuracy);
    private final ObservableList<ChartPoint> validationAccuracyView =
            FXCollections.unmodifiableObservableList(validationAccuracy);
    private final Command start;
    private final Command cancel;
    private TrainingService.Handle<Result> handle;
    private Runnable startAction = () -> {};

    FineTuneViewModel(TrainingService training, UiExecutor ui, DialogService dialogs,
            WorkbenchViewModel.Settings settings, SpectrumCache cache, javafx.beans.value.ObservableBooleanValue ready) {
        this.training = training;
        this.ui = ui;
        this.dialogs = dialogs;
        this.settings = settings;
        this.cache = cache;
        this.drain = new EventDrain<>(ui, this::onEvents);
        this.start = new Command(() -> startAction.run(), running.not().and(ready));
        this.cancel = new Command(this::cancel, running);
    }

    void setStartAction(Runnable r) {
        startAction = r;
    }

    /** Starts fine-tuning {@code model} factorised by {@code plan}; UI thread. */
    void start(SavedModel model, RankPlan plan, DataSource data, ImageDataset evalTest) {
        if (running.get()) {
            return;
        }
        int n = Math.max(1, epochs.get());
        loss.clear();
        trainAccuracy.clear();
        validationAccuracy.clear();
        progress.set(-1);
        eta.set("");
        result.set(null);
        running.set(true);
        resultText.set("Fine-tuning " + n + " epoch" + (n == 1 ? "" : "s") + "\u2026");
        TrainingConfig config = TrainingConfig.builder().setEpochs(n).optBatchSize(settings.fineTuneBatch())
                .optLearningRate(0.01).optSchedule("cosine").optMaxBatchesPerEpoch(settings.fineTuneMaxBatches())
                .optSnapshotEveryBatches(50).build();
        ImageDataset train = settings.fineTuneTrainImages() > 0 ? data.train().limit(settings.fineTuneTrainImages())
                : data.train();
        handle = training.submit(token -> {
            SavedModel factorised = Factorizer.factorize(model, plan, cache);
            DatasetSplits splits = DatasetSplits.split(train, data.test(), 0.1, 1);
            Normalization norm = new Normalization(model.manifest().mean(), model.manifest().std());
            try (Network net = factorised.toNetwork()) {
                double before = Evaluator.evaluate(net, evalTest, norm, settings.evalBatch(), token).accuracy();
                TrainingLoop loop = new TrainingLoop(net, new TrainingData(splits.train(), splits.validation(), norm),
                        config, null, drain::offer, token, "fine-tune " + factorised.manifest().architecture());
                TrainingOutcome out = loop.run();
                double after = token.isCancelled() ? Double.NaN
                        : Evaluator.evaluate(net, evalTest, norm, settings.evalBatch()).accuracy();
                return new Result(before, after, out, SavedModel.of(net, factorised.manifest()));
            }
        });
        handle.result().whenComplete((r, err) -> ui.execute(() -> finished(r, err)));
    }

    private void finished(Result r, Throwable err) {
        running.set(false);
        handle = null;
        eta.set("");
        if (err != null) {
            Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (c instanceof CancellationException) {
                progress.set(0);
                resultText.set("Fine-tuning cancelled.");
                return;
            }
            progress.set(0);
            resultText.set("Fine-tuning failed.");
            dialogs.showError("Fine-tuning failed", c.getMessage() == null ? c.getClass().getSimpleName()
                    : c.getMessage());
            return;
        }
        result.set(r);
        if (r.outcome().status() == RunStatus.CANCELLED) {
            resultText.set(String.format(Locale.ROOT, "Cancelled after %d steps. Compress-only %.2f %%.",
                    r.outcome().steps(), 100 * r.compressOnly()));
            dialogs.notify("Fine-tuning cancelled");
        } else {
            progress.set(1);
            resultText.set(String.format(Locale.ROOT, "Compress-only %.2f %%  \u2192  fine-tuned %.2f %%  (%s)",
                    100 * r.compressOnly(), 100 * r.fineTuned(), r.outcome().message()));
            dialogs.notify("Fine-tuning finished");
        }
    }

    private void onEvents(List<TrainingEvent> events) {
        List<ChartPoint> l = new ArrayList<>();
        List<ChartPoint> a = new ArrayList<>();
        List<ChartPoint> v = new ArrayList<>();
        for (TrainingEvent e : events) {
            if (e instanceof TrainingEvent.BatchEnded b) {
                l.add(new ChartPoint(b.step(), b.loss()));
                a.add(new ChartPoint(b.step(), b.accuracy()));
                progress.set(b.totalSteps() == 0 ? -1 : (double) b.step() / b.totalSteps());
                eta.set(etaText(b.etaSeconds()));
            } else if (e instanceof TrainingEvent.EpochEnded ep) {
                if (!Double.isNaN(ep.validationAccuracy())) {
                    v.add(new ChartPoint(ep.epoch() + 1, ep.validationAccuracy()));
                }
            }
        }
        // one list change per drain: a chart redraws once
        loss.addAll(l);
        trainAccuracy.addAll(a);
        validationAccuracy.addAll(v);
    }

    static String etaText(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "ETA %d:%02d", s / 60, s % 60);
    }

    /** Requests cancellation; the run stops at its next batch. */
    public void cancel() {
        if (handle != null) {
            handle.cancel();
            resultText.set("Cancelling\u2026");
        }
    }

    /** Number of epochs to fine-tune (input). */
    public IntegerProperty epochsProperty() {
        return epochs;
    }

    /** True while a run is active. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Progress 0..1, or -1 while starting. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Remaining time, e.g. {@code ETA 1:23}. */
    public ReadOnlyStringProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    /** Compress-only versus fine-tuned accuracy, or the state of the run. */
    public ReadOnlyStringProperty resultTextProperty() {
        return resultText.getReadOnlyProperty();
    }

    /** The last result (null until a run finishes). */
    public ReadOnlyObjectProperty<Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** Training loss per step. */
    public ObservableList<ChartPoint> loss() {
        return lossView;
    }

    /** Training accuracy per step. */
    public ObservableList<ChartPoint> trainAccuracy() {
        return trainAccuracyView;
    }

    /** Validation accuracy per epoch. */
    public ObservableList<ChartPoint> validationAccuracy() {
        return validationAccuracyView;
    }

    /** Starts fine-tuning the current plan. */
    public Command startCommand() {
        return start;
    }

    /** Cancels the running fine-tune. */
    public Command cancelCommand() {
        return cancel;
    }
}
