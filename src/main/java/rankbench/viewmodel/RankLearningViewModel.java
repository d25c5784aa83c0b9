package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.methods.MethodResult;
import rankbench.experiment.methods.MethodRun;
import rankbench.experiment.methods.Methods;
import rankbench.experiment.methods.RankLearningMethod;
import rankbench.experiment.methods.RankSnapshot;
import rankbench.experiment.methods.RunRecorder;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingData;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingService;

/**
 * Rank learning in the window: a method picked from the {@link Methods} registry, its hyperparameter
 * bean with validation, start and cancel, progress and ETA, and live series (loss, accuracy, parameters,
 * MACs, the per-layer rank history and the selected layer's latest spectrum with the method's cut-off).
 * The run works on its own copy of the model (methods never modify their input) and on the window's
 * {@link HeldOutData}: it trains on the training split (at most {@link Limits#trainImages()}), makes every
 * choice on the validation images held out of the training split, and the test images (at most
 * {@link Limits#testImages()}) only report its test accuracies. Every run, whatever its status, becomes a
 * session {@link Run} through {@link RunRecorder} (its decimated history included). Events cross to the UI
 * thread through an {@link EventDrain}.
 */
public final class RankLearningViewModel {

    /**
     * How much data and training a run from the window uses.
     *
     * @param trainImages training images, validation images excluded (0: all)
     * @param testImages test images the reported test accuracies are measured on (0: all); never used to choose
     * @param batch batch size
     * @param maxBatches batches per epoch (0: all)
     * @param measureLatency measure the latency of the starting and the factorised model at the end
     */
    public record Limits(int trainImages, int testImages, int batch, int maxBatches, boolean measureLatency) {

        /** The limits derived from the workbench settings (the fine-tuning subset, the evaluation subset). */
        public static Limits from(WorkbenchViewModel.Settings s, boolean measureLatency) {
            return new Limits(s.fineTuneTrainImages(), s.testImages(), s.fineTuneBatch(), s.fineTuneMaxBatches(),
                    measureLatency);
        }
    }

    /** Runs a method on the training thread ({@link Methods#run} in production; a stub in tests). */
    @FunctionalInterface
    public interface Runner {
        /** Runs {@code method} with {@code parameters}; publishes to {@code run.listener()}. */
        MethodResult run(RankLearningMethod<?> method, MethodRun run, Object parameters) throws Exception;
    }

    /**
     * One rank update for the heat map.
     *
     * @param index zero-based update number (the heat map's x)
     * @param step the optimizer step across all phases when it arrived
     * @param phase what produced it ({@code projection}, {@code c-step}, {@code export}, ...)
     * @param ranks the first rank of every layer of {@link #layerNames()}, -1 if the update lacks the layer
     * @param fullRanks the largest possible first rank of every layer (0 if unknown)
     */
    public record RankStep(int index, double step, String phase, int[] ranks, int[] fullRanks) {

        /** Returns rank / full rank of layer {@code i} in [0, 1], or NaN if unknown. */
        public double fraction(int i) {
            return i >= ranks.length || ranks[i] < 0 || fullRanks[i] <= 0 ? Double.NaN
                    : Math.min(1, (double) ranks[i] / fullRanks[i]);
        }
    }

    private final TrainingService training;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final ObservableValue<SavedModel> model;
    private final ObservableValue<HeldOutData> data;
    private final Limits limits;
    private final Runner runner;
    private final Consumer<Run> onResult;
    private final EventDrain<TrainingEvent> drain;

    private final ObservableList<String> methods = FXCollections.unmodifiableObservableList(
            FXCollections.observableArrayList(Methods.all().keySet()));
    private final StringProperty selectedMethod = new SimpleStringProperty(this, "selectedMethod");
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper(this, "description", "");
    private final ReadOnlyObjectWrapper<Object> parameters = new ReadOnlyObjectWrapper<>(this, "parameters");
    private final ReadOnlyStringWrapper validationMessage = new ReadOnlyStringWrapper(this, "validationMessage", "");
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", 1);
    private final IntegerProperty fineTuneEpochs = new SimpleIntegerProperty(this, "fineTuneEpochs", 1);

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper(this, "eta", "");
    private final ReadOnlyStringWrapper phase = new ReadOnlyStringWrapper(this, "phase", "");
    private final ReadOnlyStringWrapper resultText = new ReadOnlyStringWrapper(this, "resultText",
            "Pick a method, set its hyperparameters and start.");
    private final ReadOnlyObjectWrapper<Run> result = new ReadOnlyObjectWrapper<>(this, "result");

    private final ObservableList<ChartPoint> loss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> trainAccuracy = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> validationAccuracy = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> params = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> macs = FXCollections.observableArrayList();
    private final ObservableList<RankStep> rankHistory = FXCollections.observableArrayList();
    private final ObservableList<String> layerNames = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> lossView = FXCollections.unmodifiableObservableList(loss);
    private final ObservableList<ChartPoint> trainAccuracyView = FXCollections.unmodifiableObservableList(trainAccuracy);
    private final ObservableList<ChartPoint> validationAccuracyView =
            FXCollections.unmodifiableObservableList(validationAccuracy);
    private final ObservableList<ChartPoint> paramsView = FXCollections.unmodifiableObservableList(params);
    private final ObservableList<ChartPoint> macsView = FXCollections.unmodifiableObservableList(macs);
    private final ObservableList<RankStep> rankHistoryView = FXCollections.unmodifiableObservableList(rankHistory);
    private final ObservableList<String> layerNamesView = FXCollections.unmodifiableObservableList(layerNames);
    private final StringProperty selectedLayer = new SimpleStringProperty(this, "selectedLayer");
    private final ReadOnlyObjectWrapper<double[]> spectrum = new ReadOnlyObjectWrapper<>(this, "spectrum");
    private final ReadOnlyIntegerWrapper cutoff = new ReadOnlyIntegerWrapper(this, "cutoff", 0);
    private final ReadOnlyStringWrapper spectrumTitle = new ReadOnlyStringWrapper(this, "spectrumTitle", "");

    private final Command start;
    private final Command cancel;
    private final Map<String, RankSnapshot.Layer> latestLayers = new LinkedHashMap<>();
    private TrainingService.Handle<Run> handle;
    private String currentRunId;
    private double stepOffset;
    private double lastStep;

    /**
     * Creates the view model.
     *
     * @param model the starting model (each run works on its own copy)
     * @param data the loaded data with its validation images held out (training limited by {@code limits})
     * @param onResult receives the session run of every run, whatever its status, on the UI thread
     */
    public RankLearningViewModel(TrainingService training, UiExecutor ui, DialogService dialogs,
            ObservableValue<SavedModel> model, ObservableValue<HeldOutData> data, Limits limits, Runner runner,
            Consumer<Run> onResult) {
        this.training = training;
        this.ui = ui;
        this.dialogs = dialogs;
        this.model = model;
        this.data = data;
        this.limits = limits;
        this.runner = runner;
        this.onResult = onResult;
        this.drain = new EventDrain<>(ui, this::onEvents);
        selectedMethod.addListener((o, a, b) -> methodChanged(b));
        selectedMethod.set(methods.get(0));
        selectedLayer.addListener((o, a, b) -> showSpectrum());
        var ready = Bindings.createBooleanBinding(() -> model.getValue() != null && data.getValue() != null
                && validationMessage.get().isEmpty() && epochs.get() >= 1 && fineTuneEpochs.get() >= 0,
                model, data, validationMessage, epochs, fineTuneEpochs);
        this.start = new Command(this::start, running.not().and(ready));
        this.cancel = new Command(this::cancel, running);
    }

    // ---------------------------------------------------------------- method and hyperparameters

    private void methodChanged(String id) {
        if (id == null || !Methods.all().containsKey(id)) {
            description.set("");
            parameters.set(null);
            validationMessage.set("Pick a method.");
            return;
        }
        RankLearningMethod<?> m = Methods.get(id);
        description.set(m.description());
        parameters.set(m.defaultParameters());
        validate();
    }

    /** Re-checks the hyperparameter bean (call after editing it); updates {@link #validationMessageProperty()}. */
    public void validate() {
        Object p = parameters.get();
        validationMessage.set(p == null ? "Pick a method." : validate(p));
    }

    /** Returns why a hyperparameter bean cannot run, or "" if it can (the methods' own checks). */
    public static String validate(Object p) {
        return Methods.validationMessage(p);
    }

    // ---------------------------------------------------------------- run

    private void start() {
        SavedModel m = model.getValue();
        HeldOutData d = data.getValue();
        RankLearningMethod<?> method = Methods.get(selectedMethod.get());
        Object hp = parameters.get();
        loss.clear();
        trainAccuracy.clear();
        validationAccuracy.clear();
        params.clear();
        macs.clear();
        rankHistory.clear();
        layerNames.clear();
        latestLayers.clear();
        spectrum.set(null);
        cutoff.set(0);
        spectrumTitle.set("");
        currentRunId = null;
        stepOffset = 0;
        lastStep = 0;
        progress.set(-1);
        eta.set("");
        phase.set("");
        result.set(null);
        running.set(true);
        resultText.set("Running " + method.id() + "\u2026");
        int n = Math.max(1, epochs.get());
        int ft = Math.max(0, fineTuneEpochs.get());
        TrainingConfig config = TrainingConfig.builder().setEpochs(n).optBatchSize(limits.batch())
                .optLearningRate(0.01).optSchedule("cosine").optMaxBatchesPerEpoch(limits.maxBatches()).build();
        TrainingConfig fine = ft == 0 ? null : config.toBuilder().setEpochs(ft).optLearningRate(0.01)
                .optSchedule("cosine").build();
        ImageDataset train = limits.trainImages() > 0 ? d.train().limit(limits.trainImages()) : d.train();
        ImageDataset validation = d.validation();
        ImageDataset test = limits.testImages() > 0 ? d.test().limit(limits.testImages()) : d.test();
        DatasetRef ref = new DatasetRef(d.ref().spec(), d.ref().name(), d.ref().description(), train.size(),
                validation.size(), test.size(), d.ref().validationFraction(), d.ref().splitSeed());
        RunRecorder recorder = new RunRecorder(m, drain::offer);
        LatencyMeter meter = limits.measureLatency() ? new LatencyMeter(32, 2, 5) : null;
        String started = java.time.Instant.now().toString();
        long t0 = System.nanoTime();
        handle = training.submit(token -> {
            Map<String, rankbench.experiment.model.Tensor> w = new LinkedHashMap<>();
            m.weights().forEach((k, t) -> w.put(k, t.copy()));
            SavedModel copy = new SavedModel(m.manifest(), w); // the run's own copy
            Normalization norm = new Normalization(m.manifest().mean(), m.manifest().std());
            MethodRun run = new MethodRun(copy, new TrainingData(train, validation, norm), test, config, fine,
                    Targets.defaults(), meter, recorder, token);
            try {
                MethodResult r = runner.run(method, run, hp);
                Run made = recorder.toRun(WindowRuns.NEW_ID, r, run, ref, started,
                        meter == null ? null : meter.batchSize());
                // a method that stops at the cancel flag but reports "completed" was still cancelled
                return token.isCancelled() && made.status() == RunStatus.COMPLETED
                        ? WindowRuns.withStatus(made, RunStatus.CANCELLED, "cancelled by the user") : made;
            } catch (Exception e) {
                Map<String, String> h = new LinkedHashMap<>(RunRecorder.settings(config, ""));
                h.putAll(RunRecorder.settings(fine, "fineTune."));
                h.putAll(RunRecorder.hyperparameters(hp));
                return WindowRuns.failed(RunKind.RANK_LEARNING, method.id(), method.id() + ", failed", h,
                        config.seed(), ref, started, (System.nanoTime() - t0) / 1e9, m, RankPlan.empty(),
                        WorkbenchViewModel.message(e), recorder.events());
            }
        });
        java.util.function.Supplier<Run> unstarted = () -> {
            Map<String, String> h = new LinkedHashMap<>(RunRecorder.settings(config, ""));
            h.putAll(RunRecorder.settings(fine, "fineTune."));
            h.putAll(RunRecorder.hyperparameters(hp));
            return WindowRuns.withStatus(WindowRuns.failed(RunKind.RANK_LEARNING, method.id(), method.id()
                    + ", cancelled before it started", h, config.seed(), ref, started, 0, m, RankPlan.empty(), "",
                    List.of()), RunStatus.CANCELLED, "cancelled before it started");
        };
        handle.result().whenComplete((r, err) -> ui.execute(() -> finished(
                err instanceof java.util.concurrent.CancellationException ? unstarted.get() : r,
                err instanceof java.util.concurrent.CancellationException ? null : err)));
    }

    private void finished(Run r, Throwable err) {
        running.set(false);
        handle = null;
        eta.set("");
        if (err != null) { // the job could not run at all (the service was closed)
            progress.set(0);
            resultText.set("Rank learning failed.");
            dialogs.showError("Rank learning failed", WorkbenchViewModel.message(err));
            return;
        }
        onResult.accept(r);
        if (r.status() == RunStatus.COMPLETED) {
            progress.set(1);
            result.set(r);
            resultText.set(describe(r));
            dialogs.notify("Rank learning finished");
        } else {
            progress.set(0);
            resultText.set(r.status() == RunStatus.CANCELLED
                    ? "Rank learning cancelled; kept as a cancelled run (" + r.statusMessage() + ")."
                    : "Rank learning " + r.status().id().toUpperCase(Locale.ROOT) + " \u2014 no result: "
                            + r.statusMessage());
            if (r.status() == RunStatus.FAILED) {
                dialogs.showError("Rank learning failed", r.statusMessage());
            }
        }
    }

    /** A one-line summary of a run: validation accuracies, test accuracy, parameters, MACs and latency. */
    static String describe(Run r) {
        RunMetrics m = r.metrics();
        return String.format(Locale.ROOT, "%s: validation compress-only %s, fine-tuned %s (test %s); params %,d "
                + "\u2192 %,d; MACs %,d \u2192 %,d; latency %s", r.method(),
                FineTuneViewModel.percent(m.compressOnlyValidationAccuracy()),
                FineTuneViewModel.percent(m.fineTunedValidationAccuracy()), FineTuneViewModel.percent(m.testAccuracy()),
                m.baseParams(), m.params(), m.baseMacs(), m.macs(),
                m.latencyMs() == null ? "not measured"
                        : String.format(Locale.ROOT, "%.2f \u2192 %.2f ms", m.baseLatencyMs(), m.latencyMs()));
    }

    private void cancel() {
        if (handle != null) {
            handle.cancel();
            resultText.set("Cancelling\u2026");
        }
    }

    // ---------------------------------------------------------------- events (UI thread)

    private void onEvents(List<TrainingEvent> events) {
        if (!running.get()) {
            return; // late events of a finished run
        }
        List<ChartPoint> l = new ArrayList<>();
        List<ChartPoint> a = new ArrayList<>();
        List<ChartPoint> v = new ArrayList<>();
        List<ChartPoint> p = new ArrayList<>();
        List<ChartPoint> mc = new ArrayList<>();
        List<RankStep> h = new ArrayList<>();
        boolean layersChanged = false;
        for (TrainingEvent e : events) {
            if (!e.runId().equals(currentRunId) && !(e instanceof TrainingEvent.MethodUpdate)) {
                currentRunId = e.runId();
                stepOffset = lastStep;
            }
            if (e instanceof TrainingEvent.RunStarted s) {
                phase.set(s.description());
            } else if (e instanceof TrainingEvent.BatchEnded b) {
                lastStep = stepOffset + b.step();
                l.add(new ChartPoint(lastStep, b.loss()));
                a.add(new ChartPoint(lastStep, b.accuracy()));
                progress.set(b.totalSteps() == 0 ? -1 : (double) b.step() / b.totalSteps());
                eta.set(FineTuneViewModel.etaText(b.etaSeconds()));
            } else if (e instanceof TrainingEvent.EpochEnded ep) {
                if (!Double.isNaN(ep.validationAccuracy())) {
                    v.add(new ChartPoint(lastStep, ep.validationAccuracy()));
                }
            } else if (e instanceof TrainingEvent.MethodUpdate u && u.payload() instanceof RankSnapshot s) {
                for (RankSnapshot.Layer layer : s.layers()) {
                    if (!layerNames.contains(layer.name())) {
                        layerNames.add(layer.name());
                        layersChanged = true;
                    }
                    latestLayers.put(layer.name(), layer);
                }
                int k = layerNames.size();
                int[] ranks = new int[k];
                int[] full = new int[k];
                java.util.Arrays.fill(ranks, -1);
                for (RankSnapshot.Layer layer : s.layers()) {
                    int i = layerNames.indexOf(layer.name());
                    ranks[i] = layer.rank().get(0);
                    full[i] = layer.fullRank().get(0);
                }
                h.add(new RankStep(rankHistory.size() + h.size(), lastStep, s.phase(), ranks, full));
                long[] cost = cost(s);
                if (cost != null) {
                    p.add(new ChartPoint(lastStep, cost[0]));
                    mc.add(new ChartPoint(lastStep, cost[1]));
                }
            }
        }
        // one list change per drain: a chart redraws once
        loss.addAll(l);
        trainAccuracy.addAll(a);
        validationAccuracy.addAll(v);
        params.addAll(p);
        macs.addAll(mc);
        rankHistory.addAll(h);
        if (layersChanged && (selectedLayer.get() == null || !layerNames.contains(selectedLayer.get()))) {
            selectedLayer.set(layerNames.get(0));
        }
        if (!h.isEmpty()) {
            showSpectrum();
        }
    }

    /** Parameters and MACs of the starting model factorised at a snapshot's ranks, or null. */
    private long[] cost(RankSnapshot s) {
        SavedModel m = model.getValue();
        if (m == null) {
            return null;
        }
        try {
            Map<String, LayerPlan> plan = new LinkedHashMap<>();
            for (RankSnapshot.Layer l : s.layers()) {
                Scheme scheme = Scheme.fromId(l.scheme());
                plan.put(l.name(), scheme == Scheme.TUCKER2 && l.rank().size() == 2
                        ? LayerPlan.tucker2(l.rank().get(0), l.rank().get(1)) : LayerPlan.of(scheme, l.rank().get(0)));
            }
            CostModel.Summary c = CostModel.of(m.manifest().network(), m.manifest().input(), new RankPlan(plan));
            return new long[] {c.params(), c.macs()};
        } catch (RuntimeException e) {
            return null; // layers the starting model does not have (e.g. an expanded network)
        }
    }

    private void showSpectrum() {
        RankSnapshot.Layer l = selectedLayer.get() == null ? null : latestLayers.get(selectedLayer.get());
        if (l == null) {
            spectrum.set(null);
            cutoff.set(0);
            spectrumTitle.set("");
            return;
        }
        spectrum.set(l.spectrum());
        cutoff.set(l.rank().get(0));
        spectrumTitle.set(l.name() + " \u2014 " + l.scheme() + " view, rank " + l.rank().get(0) + " of "
                + l.fullRank().get(0));
    }

    // ---------------------------------------------------------------- properties

    /** Ids of the available methods, in registry order. */
    public ObservableList<String> methods() {
        return methods;
    }

    /** The chosen method id (input); changing it resets the hyperparameters to the method's defaults. */
    public StringProperty selectedMethodProperty() {
        return selectedMethod;
    }

    /** One-line description of the chosen method. */
    public ReadOnlyStringProperty descriptionProperty() {
        return description.getReadOnlyProperty();
    }

    /** The chosen method's hyperparameter bean (edited in place; call {@link #validate()} after edits). */
    public ReadOnlyObjectProperty<Object> parametersProperty() {
        return parameters.getReadOnlyProperty();
    }

    /** Why the hyperparameters cannot run, or "" if they can. */
    public ReadOnlyStringProperty validationMessageProperty() {
        return validationMessage.getReadOnlyProperty();
    }

    /** Epochs of the rank-learning phase (input). */
    public IntegerProperty epochsProperty() {
        return epochs;
    }

    /** Epochs of fine-tuning the factorised model, 0 = none (input). */
    public IntegerProperty fineTuneEpochsProperty() {
        return fineTuneEpochs;
    }

    /** True while a run is active. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Progress 0..1 of the current training phase, or -1 while starting. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Remaining time of the current training phase. */
    public ReadOnlyStringProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    /** The description of the current training phase. */
    public ReadOnlyStringProperty phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The state of the run, or the result summary. */
    public ReadOnlyStringProperty resultTextProperty() {
        return resultText.getReadOnlyProperty();
    }

    /** The last completed run (null until one completes; never a cancelled, diverged or failed run). */
    public ReadOnlyObjectProperty<Run> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** Training loss per step (steps continue across phases). */
    public ObservableList<ChartPoint> loss() {
        return lossView;
    }

    /** Training accuracy per step. */
    public ObservableList<ChartPoint> trainAccuracy() {
        return trainAccuracyView;
    }

    /** Validation accuracy at each epoch end (x = step). */
    public ObservableList<ChartPoint> validationAccuracy() {
        return validationAccuracyView;
    }

    /** Parameters of the model factorised at each rank update's ranks (x = step). */
    public ObservableList<ChartPoint> params() {
        return paramsView;
    }

    /** MACs per image at each rank update's ranks (x = step). */
    public ObservableList<ChartPoint> macs() {
        return macsView;
    }

    /** Every rank update, in order (the heat map). */
    public ObservableList<RankStep> rankHistory() {
        return rankHistoryView;
    }

    /** The layers of the rank history (the heat map's rows), in the order first seen. */
    public ObservableList<String> layerNames() {
        return layerNamesView;
    }

    /** The layer whose spectrum is shown (input; the first layer once a run reports ranks). */
    public StringProperty selectedLayerProperty() {
        return selectedLayer;
    }

    /** The latest singular values of the selected layer (null before the first update). */
    public ReadOnlyObjectProperty<double[]> spectrumProperty() {
        return spectrum.getReadOnlyProperty();
    }

    /** The method's current cut-off (rank) of the selected layer. */
    public ReadOnlyIntegerProperty cutoffProperty() {
        return cutoff.getReadOnlyProperty();
    }

    /** A title for the spectrum chart. */
    public ReadOnlyStringProperty spectrumTitleProperty() {
        return spectrumTitle.getReadOnlyProperty();
    }

    /** Starts a run of the chosen method. */
    public Command startCommand() {
        return start;
    }

    /** Cancels the running method (it stops at its next batch). */
    public Command cancelCommand() {
        return cancel;
    }
}
