package rankbench.viewmodel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.methods.RunRecorder;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunEvent;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.session.SoftwareVersions;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.Evaluator;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingData;
import rankbench.experiment.training.TrainingListener;
import rankbench.experiment.training.TrainingLoop;
import rankbench.experiment.training.TrainingOutcome;

/**
 * One fine-tune of the window, prepared on the UI thread when it starts and run on the training thread: the
 * model of a shown run that has one (copied; that run is the parent) or the base model factorized by the plan
 * on screen is measured on the validation and test images, trained with the run settings on the training
 * split (validation images held out), measured again if it completed, and becomes a session {@link Run} of kind
 * {@code FINE_TUNE} whatever its status: an exception makes a failed run, a job cancelled before it started a
 * cancelled one. The test accuracy is only reported, never used to choose.
 */
final class FineTuneJob {

    private final SavedModel model;
    private final RankPlan plan;
    private final Run parent;
    private final ImageDataset train;
    private final ImageDataset validation;
    private final ImageDataset test;
    private final DatasetRef ref;
    private final TrainingConfig config;
    private final Map<String, String> hp;
    private final String started;
    private final long t0;
    private final RunRecorder recorder;
    private final SpectrumCache cache;
    private final int evalBatch;

    /**
     * Prepares a fine-tune (UI thread); its clock starts now.
     *
     * @param model the base model
     * @param plan the plan on screen (used unless {@code from} has a result)
     * @param data the training, validation and test images
     * @param from the run shown, or null; if it has a result its model is fine-tuned
     * @param settings the run settings (epochs, learning rate, schedule, subset, seed)
     * @param listener receives the training events (through the run's {@link RunRecorder})
     * @param cache the singular values the plan is factorized with
     * @param evalBatch the batch size of the accuracy measurements
     */
    FineTuneJob(
            SavedModel model,
            RankPlan plan,
            HeldOutData data,
            Run from,
            RunSettingsViewModel settings,
            TrainingListener listener,
            SpectrumCache cache,
            int evalBatch) {
        this.model = model;
        this.parent = from != null && from.hasResult() ? from : null;
        this.plan = parent != null ? parent.plan() : plan;
        this.config = settings.config().toBuilder().optSnapshotEveryBatches(50).build();
        this.train = settings.trainSubset(data.train());
        this.validation = data.validation();
        this.test = data.test();
        this.ref = new DatasetRef(
                data.ref().spec(),
                data.ref().name(),
                data.ref().description(),
                train.size(),
                validation.size(),
                test.size(),
                data.ref().validationFraction(),
                data.ref().splitSeed());
        this.hp = new LinkedHashMap<>(RunRecorder.settings(config, ""));
        this.started = Instant.now().toString();
        this.t0 = System.nanoTime();
        this.recorder = new RunRecorder(model, listener);
        this.cache = cache;
        this.evalBatch = evalBatch;
    }

    /** What is fine-tuned, for the text shown while it runs: the model of a run, or the plan on screen. */
    String subject() {
        return parent != null ? "the model of " + parent.id() : "the plan on screen";
    }

    /** Runs the fine-tune (training thread); an exception or error becomes a failed run. */
    Run run(CancellationToken token) {
        try {
            return fineTune(token);
        } catch (RuntimeException | Error e) {
            return failed(
                    "fine-tune, failed",
                    (System.nanoTime() - t0) / 1e9,
                    WorkbenchViewModel.message(e),
                    recorder.events());
        }
    }

    /** The run of a fine-tune cancelled before it started: cancelled, with nothing to show. */
    Run cancelledBeforeStart() {
        return WindowRuns.withStatus(
                failed("fine-tune, cancelled before it started", 0, "cancelled before it started", List.of()),
                RunStatus.CANCELLED,
                "cancelled before it started");
    }

    /** A fine-tune that made no model: its label, wall time, why, and the events recorded until then. */
    private Run failed(String label, double wallSeconds, String why, List<RunEvent> events) {
        return WindowRuns.failed(
                        RunKind.FINE_TUNE,
                        "fine-tune",
                        label,
                        hp,
                        config.seed(),
                        ref,
                        started,
                        wallSeconds,
                        model,
                        plan,
                        why,
                        events)
                .withParentId(parent == null ? null : parent.id());
    }

    private Run fineTune(CancellationToken token) {
        SavedModel factorized = parent != null ? copy(parent.model()) : Factorizer.factorize(model, plan, cache);
        Normalization norm = WindowRuns.normalization(model);
        try (Network net = factorized.toNetwork()) {
            double before = Evaluator.evaluate(net, validation, norm, evalBatch).accuracy();
            double beforeTest = Evaluator.evaluate(net, test, norm, evalBatch).accuracy();
            TrainingLoop loop = new TrainingLoop(
                    net,
                    new TrainingData(train, validation, norm),
                    config,
                    null,
                    recorder,
                    token,
                    "fine-tune " + factorized.manifest().architecture());
            TrainingOutcome out = loop.run();
            RunStatus status = out.status();
            boolean measured = status == RunStatus.COMPLETED;
            Double after = measured
                    ? RunMetrics.measured(
                            Evaluator.evaluate(net, validation, norm, evalBatch).accuracy())
                    : null;
            Double afterTest = measured
                    ? RunMetrics.measured(
                            Evaluator.evaluate(net, test, norm, evalBatch).accuracy())
                    : null;
            CostModel.Summary c =
                    CostModel.of(model.manifest().network(), model.manifest().input(), plan);
            RunMetrics m = new RunMetrics(
                    c.baseParams(),
                    c.params(),
                    c.baseMacs(),
                    c.macs(),
                    RunMetrics.measured(before),
                    after,
                    RunMetrics.measured(beforeTest),
                    afterTest,
                    validation.size(),
                    test.size(),
                    null,
                    null,
                    null);
            String label = String.format(
                    Locale.ROOT,
                    "fine-tune%s %d epoch%s, lr %s, %.2fx fewer MACs",
                    parent == null ? "" : " of " + parent.id(),
                    config.epochs(),
                    config.epochs() == 1 ? "" : "s",
                    config.learningRate(),
                    (double) c.baseMacs() / Math.max(1, c.macs()));
            return new Run(
                    WindowRuns.NEW_ID,
                    RunKind.FINE_TUNE,
                    "fine-tune",
                    label,
                    hp,
                    config.seed(),
                    ref,
                    SoftwareVersions.current(),
                    status,
                    out.message(),
                    started,
                    (System.nanoTime() - t0) / 1e9,
                    parent == null ? null : parent.id(),
                    plan,
                    m,
                    recorder.events(),
                    SavedModel.of(net, factorized.manifest()));
        }
    }

    /** A copy of a run's weights: training never touches the weights a run keeps. */
    private static SavedModel copy(SavedModel m) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        m.weights().forEach((k, t) -> w.put(k, t.copy()));
        return new SavedModel(m.manifest(), w);
    }
}
