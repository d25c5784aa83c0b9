package rankbench.viewmodel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.methods.MethodResult;
import rankbench.experiment.methods.MethodRun;
import rankbench.experiment.methods.RankLearningMethod;
import rankbench.experiment.methods.RunRecorder;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingData;

/**
 * The lifecycle of the window's rank-learning runs: {@link #start} makes a {@link MethodRun} of the run
 * settings on a copy of the model (methods never modify their input), the training subset, the validation
 * images held out of the training split and at most {@link RankLearningViewModel.Limits#testImages()} test
 * images, and hands it to the {@link TrainingRunViewModel}; the end of the run, whatever its status, becomes
 * a session {@link Run} through {@link RunRecorder} (a method that throws: a failed run; a run cancelled
 * before it started: a cancelled one), passed to {@code onResult}, told in the result text and, once
 * completed, kept as {@link #resultProperty()}. Started and ended on the UI thread; the method runs on the
 * training thread.
 */
final class RankLearningRuns {

    private final DialogService dialogs;
    private final ObservableValue<SavedModel> model;
    private final ObservableValue<HeldOutData> data;
    private final RankLearningViewModel.Limits limits;
    private final RankLearningViewModel.Runner runner;
    private final Consumer<Run> onResult;
    private final RunSettingsViewModel settings;
    private final TrainingRunViewModel run;
    private final RankHistoryViewModel history;
    private final ReadOnlyObjectWrapper<Run> result;

    /**
     * Creates the lifecycle of the runs of one view model.
     *
     * @param bean the view model the result belongs to
     * @param settings the run settings each run is made of
     * @param run the shared start/cancel/progress state the runs go through
     * @param history the rank updates, cleared when a run starts
     * @param onResult receives the session run of every run, whatever its status, on the UI thread
     */
    RankLearningRuns(
            Object bean,
            DialogService dialogs,
            ObservableValue<SavedModel> model,
            ObservableValue<HeldOutData> data,
            RankLearningViewModel.Limits limits,
            RankLearningViewModel.Runner runner,
            Consumer<Run> onResult,
            RunSettingsViewModel settings,
            TrainingRunViewModel run,
            RankHistoryViewModel history) {
        this.dialogs = dialogs;
        this.model = model;
        this.data = data;
        this.limits = limits;
        this.runner = runner;
        this.onResult = onResult;
        this.settings = settings;
        this.run = run;
        this.history = history;
        this.result = new ReadOnlyObjectWrapper<>(bean, "result");
    }

    /**
     * Starts a run of {@code method} with the hyperparameter bean {@code hp} and the current settings on the
     * model and data shown (both present).
     */
    void start(RankLearningMethod<?> method, Object hp) {
        SavedModel m = model.getValue();
        HeldOutData d = data.getValue();
        history.clear();
        result.set(null);
        TrainingConfig config = settings.config();
        TrainingConfig fine = settings.fineTuneConfig();
        Targets targets = settings.targets();
        ImageDataset train = settings.trainSubset(d.train());
        ImageDataset validation = d.validation();
        ImageDataset test = limits.testImages() > 0 ? d.test().limit(limits.testImages()) : d.test();
        DatasetRef ref = new DatasetRef(
                d.ref().spec(),
                d.ref().name(),
                d.ref().description(),
                train.size(),
                validation.size(),
                test.size(),
                d.ref().validationFraction(),
                d.ref().splitSeed());
        RunRecorder recorder = new RunRecorder(m, run.listener());
        LatencyMeter meter = limits.measureLatency() ? new LatencyMeter(32, 2, 5) : null;
        String started = Instant.now().toString();
        long t0 = System.nanoTime();
        Map<String, String> h = new LinkedHashMap<>(RunRecorder.settings(config, ""));
        h.putAll(RunRecorder.settings(fine, "fineTune."));
        h.put("targets", targets.toString());
        h.putAll(RunRecorder.hyperparameters(hp));
        run.start(
                "Running " + method.id() + " (" + settings.describe() + ")\u2026",
                token -> {
                    Map<String, Tensor> w = new LinkedHashMap<>();
                    m.weights().forEach((k, t) -> w.put(k, t.copy()));
                    SavedModel copy = new SavedModel(m.manifest(), w); // the run's own copy
                    Normalization norm =
                            new Normalization(m.manifest().mean(), m.manifest().std());
                    MethodRun mr = new MethodRun(
                            copy,
                            new TrainingData(train, validation, norm),
                            test,
                            config,
                            fine,
                            targets,
                            meter,
                            recorder,
                            token);
                    try {
                        MethodResult r = runner.run(method, mr, hp);
                        Run made = recorder.toRun(
                                WindowRuns.NEW_ID, r, mr, ref, started, meter == null ? null : meter.batchSize());
                        // a method that stops at the cancel flag but reports "completed" was still cancelled
                        return token.isCancelled() && made.status() == RunStatus.COMPLETED
                                ? WindowRuns.withStatus(made, RunStatus.CANCELLED, "cancelled by the user")
                                : made;
                    } catch (Exception e) {
                        return WindowRuns.failed(
                                RunKind.RANK_LEARNING,
                                method.id(),
                                method.id() + ", failed",
                                h,
                                config.seed(),
                                ref,
                                started,
                                (System.nanoTime() - t0) / 1e9,
                                m,
                                RankPlan.empty(),
                                WorkbenchViewModel.message(e),
                                recorder.events());
                    }
                },
                () -> WindowRuns.withStatus(
                        WindowRuns.failed(
                                RunKind.RANK_LEARNING,
                                method.id(),
                                method.id() + ", cancelled before it started",
                                h,
                                config.seed(),
                                ref,
                                started,
                                0,
                                m,
                                RankPlan.empty(),
                                "",
                                List.of()),
                        RunStatus.CANCELLED,
                        "cancelled before it started"),
                this::finished);
    }

    private void finished(Run r) {
        onResult.accept(r);
        if (r.status() == RunStatus.COMPLETED) {
            result.set(r);
            run.ended(describe(r), true);
            dialogs.notify("Rank learning finished");
        } else {
            run.ended(
                    r.status() == RunStatus.CANCELLED
                            ? "Rank learning cancelled; kept as a cancelled run (" + r.statusMessage() + ")."
                            : "Rank learning " + r.status().id().toUpperCase(Locale.ROOT) + " \u2014 no result: "
                                    + r.statusMessage(),
                    false);
            if (r.status() == RunStatus.FAILED) {
                dialogs.showError("Rank learning failed", r.statusMessage());
            }
        }
    }

    /** A one-line summary of a run: validation accuracies, test accuracy, parameters, MACs and latency. */
    static String describe(Run r) {
        RunMetrics m = r.metrics();
        return String.format(
                Locale.ROOT,
                "%s: validation compress-only %s, fine-tuned %s (test %s); params %,d "
                        + "\u2192 %,d; MACs %,d \u2192 %,d; latency %s",
                r.method(),
                FineTuneViewModel.percent(m.compressOnlyValidationAccuracy()),
                FineTuneViewModel.percent(m.fineTunedValidationAccuracy()),
                FineTuneViewModel.percent(m.testAccuracy()),
                m.baseParams(),
                m.params(),
                m.baseMacs(),
                m.macs(),
                m.latencyMs() == null
                        ? "not measured"
                        : String.format(Locale.ROOT, "%.2f \u2192 %.2f ms", m.baseLatencyMs(), m.latencyMs()));
    }

    /** The last completed run (null until one completes; never a cancelled, diverged or failed run). */
    ReadOnlyObjectProperty<Run> resultProperty() {
        return result.getReadOnlyProperty();
    }
}
