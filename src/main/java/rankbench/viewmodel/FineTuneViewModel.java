package rankbench.viewmodel;

import rankbench.experiment.training.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.methods.RunRecorder;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.session.SoftwareVersions;
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
 * ETA, cancel, and the compress-only versus fine-tuned validation accuracy. Every run becomes a session
 * {@link Run} (kind {@code FINE_TUNE}, the fine-tuned model, its decimated history via {@link RunRecorder},
 * validation and test accuracies), whatever its status: a cancelled, diverged or failed fine-tune is
 * handed on with that status and never shown as a result. It trains on the training split with the
 * validation images held out, chooses nothing on the test set, and measures the test accuracy once at
 * the end (reported only). Training events cross to the UI thread through an {@link EventDrain}, so a
 * flood of batches costs one UI task per drain.
 */
public final class FineTuneViewModel {

    /**
     * The result of a run that has one (completed or cancelled).
     *
     * @param compressOnly validation accuracy of the factorised model before fine-tuning
     * @param fineTuned validation accuracy after fine-tuning
     * @param run the session run (its model, history and test accuracies)
     */
    public record Result(double compressOnly, double fineTuned, Run run) {}

    private final TrainingService training;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final WorkbenchViewModel.Settings settings;
    private final SpectrumCache cache;
    private final EventDrain<TrainingEvent> drain;
    private final java.util.function.UnaryOperator<Run> onRun;

    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", 1);
    private final DoubleProperty learningRate = new SimpleDoubleProperty(this, "learningRate", 0.01);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper(this, "eta", "");
    private final ReadOnlyStringWrapper resultText = new ReadOnlyStringWrapper(this, "resultText",
            "Fine-tune the factorised model to recover accuracy (measured on validation images).");
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
    private TrainingService.Handle<Run> handle;
    private Runnable startAction = () -> {};

    FineTuneViewModel(TrainingService training, UiExecutor ui, DialogService dialogs,
            WorkbenchViewModel.Settings settings, SpectrumCache cache, javafx.beans.value.ObservableBooleanValue ready,
            java.util.function.UnaryOperator<Run> onRun) {
        this.training = training;
        this.ui = ui;
        this.dialogs = dialogs;
        this.settings = settings;
        this.cache = cache;
        this.onRun = onRun;
        this.drain = new EventDrain<>(ui, this::onEvents);
        this.start = new Command(() -> startAction.run(), running.not().and(ready)
                .and(learningRate.greaterThan(0)).and(epochs.greaterThan(0)));
        this.cancel = new Command(this::cancel, running);
    }

    void setStartAction(Runnable r) {
        startAction = r;
    }

    /**
     * Starts fine-tuning on {@code data}'s training split (UI thread): the model of {@code from} if a run
     * with a model is shown (the new run's parent), else {@code model} factorised by {@code plan}.
     */
    void start(SavedModel model, RankPlan plan, HeldOutData data, Run from) {
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
        Run parent = from != null && from.hasResult() ? from : null;
        RankPlan startPlan = parent != null ? parent.plan() : plan;
        resultText.set("Fine-tuning " + (parent != null ? "the model of " + parent.id() : "the plan on screen") + ", "
                + n + " epoch" + (n == 1 ? "" : "s") + "\u2026");
        TrainingConfig config = TrainingConfig.builder().setEpochs(n).optBatchSize(settings.fineTuneBatch())
                .optLearningRate(learningRate.get()).optSchedule("cosine")
                .optMaxBatchesPerEpoch(settings.fineTuneMaxBatches()).optSnapshotEveryBatches(50).build();
        ImageDataset train = settings.fineTuneTrainImages() > 0 ? data.train().limit(settings.fineTuneTrainImages())
                : data.train();
        ImageDataset validation = data.validation();
        ImageDataset test = data.test();
        DatasetRef ref = new DatasetRef(data.ref().spec(), data.ref().name(), data.ref().description(), train.size(),
                validation.size(), test.size(), data.ref().validationFraction(), data.ref().splitSeed());
        Map<String, String> hp = new LinkedHashMap<>(RunRecorder.settings(config, ""));
        String started = java.time.Instant.now().toString();
        long t0 = System.nanoTime();
        RunRecorder recorder = new RunRecorder(model, drain::offer);
        handle = training.submit(token -> {
            try {
                return fineTune(model, startPlan, parent, train, validation, test, ref, config, hp, started, t0,
                        recorder, token);
            } catch (RuntimeException | Error e) {
                return WindowRuns.failed(RunKind.FINE_TUNE, "fine-tune", "fine-tune, failed", hp, config.seed(), ref,
                        started, (System.nanoTime() - t0) / 1e9, model, startPlan, WorkbenchViewModel.message(e),
                        recorder.events()).withParentId(parent == null ? null : parent.id());
            }
        });
        // cancelled before it started: nothing was made, but the run is kept as cancelled
        java.util.function.Supplier<Run> unstarted = () -> WindowRuns.withStatus(WindowRuns.failed(RunKind.FINE_TUNE,
                "fine-tune", "fine-tune, cancelled before it started", hp, config.seed(), ref, started, 0, model,
                startPlan, "cancelled before it started", List.of()).withParentId(parent == null ? null : parent.id()),
                RunStatus.CANCELLED, "cancelled before it started");
        handle.result().whenComplete((r, err) -> ui.execute(() -> finished(
                err instanceof java.util.concurrent.CancellationException ? unstarted.get() : r,
                err instanceof java.util.concurrent.CancellationException ? null : err)));
    }

    private Run fineTune(SavedModel model, RankPlan plan, Run parent, ImageDataset train, ImageDataset validation,
            ImageDataset test, DatasetRef ref, TrainingConfig config, Map<String, String> hp, String started, long t0,
            RunRecorder recorder, rankbench.experiment.training.CancellationToken token) {
        SavedModel factorised = parent != null ? copy(parent.model()) : Factorizer.factorize(model, plan, cache);
        Normalization norm = new Normalization(model.manifest().mean(), model.manifest().std());
        int batch = settings.evalBatch();
        try (Network net = factorised.toNetwork()) {
            double before = Evaluator.evaluate(net, validation, norm, batch).accuracy();
            double beforeTest = Evaluator.evaluate(net, test, norm, batch).accuracy();
            TrainingLoop loop = new TrainingLoop(net, new TrainingData(train, validation, norm), config, null,
                    recorder, token, "fine-tune " + factorised.manifest().architecture());
            TrainingOutcome out = loop.run();
            RunStatus status = out.status();
            boolean measured = status == RunStatus.COMPLETED;
            Double after = measured ? RunMetrics.measured(Evaluator.evaluate(net, validation, norm, batch).accuracy())
                    : null;
            Double afterTest = measured ? RunMetrics.measured(Evaluator.evaluate(net, test, norm, batch).accuracy())
                    : null;
            CostModel.Summary c = CostModel.of(model.manifest().network(), model.manifest().input(), plan);
            RunMetrics m = new RunMetrics(c.baseParams(), c.params(), c.baseMacs(), c.macs(),
                    RunMetrics.measured(before), after, RunMetrics.measured(beforeTest), afterTest, validation.size(),
                    test.size(), null, null, null);
            String label = String.format(Locale.ROOT, "fine-tune%s %d epoch%s, lr %s, %.2fx fewer MACs",
                    parent == null ? "" : " of " + parent.id(), config.epochs(), config.epochs() == 1 ? "" : "s",
                    config.learningRate(), (double) c.baseMacs() / Math.max(1, c.macs()));
            return new Run(WindowRuns.NEW_ID, RunKind.FINE_TUNE, "fine-tune", label, hp, config.seed(), ref,
                    SoftwareVersions.current(), status, out.message(), started, (System.nanoTime() - t0) / 1e9,
                    parent == null ? null : parent.id(),
                    plan, m, recorder.events(), SavedModel.of(net, factorised.manifest()));
        }
    }

    /** A copy of a run's weights: training never touches the weights a run keeps. */
    private static SavedModel copy(SavedModel m) {
        Map<String, rankbench.experiment.model.Tensor> w = new LinkedHashMap<>();
        m.weights().forEach((k, t) -> w.put(k, t.copy()));
        return new SavedModel(m.manifest(), w);
    }

    private void finished(Run r, Throwable err) {
        running.set(false);
        handle = null;
        eta.set("");
        if (err != null) { // the job itself could not run (the service was closed)
            progress.set(0);
            resultText.set("Fine-tuning failed.");
            dialogs.showError("Fine-tuning failed", WorkbenchViewModel.message(err));
            return;
        }
        r = onRun.apply(r); // as stored in the session, with its id
        RunMetrics m = r.metrics();
        switch (r.status()) {
            case COMPLETED -> {
                progress.set(1);
                result.set(new Result(value(m.compressOnlyValidationAccuracy()), value(m.fineTunedValidationAccuracy()),
                        r));
                resultText.set("Validation accuracy: compress-only " + percent(m.compressOnlyValidationAccuracy())
                        + "  \u2192  fine-tuned " + percent(m.fineTunedValidationAccuracy()) + "  (" + r.statusMessage()
                        + "; test, fine-tuned: " + percent(m.fineTunedTestAccuracy()) + ")");
                dialogs.notify("Fine-tuning finished: " + r.label());
            }
            case CANCELLED -> {
                progress.set(0);
                if (r.model() == null) {
                    resultText.set("Cancelled before it started; kept as a cancelled run with nothing to show.");
                    return;
                }
                resultText.set("Cancelled (" + r.statusMessage() + "). Validation accuracy, compress-only "
                        + percent(m.compressOnlyValidationAccuracy()) + "; the partly fine-tuned model is kept as a "
                        + "cancelled run, not measured.");
                dialogs.notify("Fine-tuning cancelled");
            }
            default -> {
                progress.set(0);
                resultText.set("Fine-tuning " + r.status().id().toUpperCase(Locale.ROOT) + " \u2014 no result: "
                        + r.statusMessage());
                dialogs.notify("Fine-tuning " + r.status().id());
            }
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

    /** A percentage with two decimals, or "not measured". */
    static String percent(Double v) {
        return v == null ? "not measured" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }

    private static double value(Double v) {
        return v == null ? Double.NaN : v;
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

    /** Learning rate of fine-tuning (input; must be positive). */
    public DoubleProperty learningRateProperty() {
        return learningRate;
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

    /** The last completed run's figures (null until one completes; never a cancelled, diverged or failed run). */
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
