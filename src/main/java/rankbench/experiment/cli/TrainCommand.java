package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.methods.RunRecorder;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.session.SoftwareVersions;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.ModelTrainer;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingListener;

/** {@code rankbench train}: trains a built-in architecture from scratch and writes a model file. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a built-in architecture from scratch and save it as a model file. "
                + "With --json, prints one JSON object per line (progress), the last one the result.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Mixin
    CommonOptions.Data data;

    @Option(
            names = "--arch",
            defaultValue = "resnet20",
            description = "lenet5, resnet20, resnet32, resnet56, vgg16, resnet18 (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--epochs", defaultValue = "8", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.2", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adam (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--no-nesterov", description = "Use classical instead of Nesterov momentum.")
    boolean noNesterov;

    @Option(names = "--wd", defaultValue = "1e-4", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(
            names = "--schedule",
            defaultValue = "onecycle",
            description = "constant, step, cosine or onecycle (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--no-flip", description = "Disable random horizontal flips.")
    boolean noFlip;

    @Option(
            names = "--validation",
            defaultValue = "0.05",
            description = "Fraction of the training split held out for validation (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(
            names = "--max-batches",
            defaultValue = "0",
            description = "Cap on batches per epoch, 0 = all (for quick trials).")
    int maxBatches;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Model file to write (also written after every epoch as a checkpoint).")
    Path out;

    @Mixin
    SessionOptions session;

    @Override
    public Integer call() throws Exception {
        output.applyEngine();
        Architecture architecture = Architecture.fromId(arch);
        TrainingConfig config = TrainingConfig.builder()
                .setEpochs(epochs)
                .optBatchSize(batch)
                .optOptimizer(optimizer)
                .optLearningRate(lr)
                .optMomentum(momentum)
                .optNesterov(!noNesterov && !optimizer.equalsIgnoreCase("adam"))
                .optWeightDecay(weightDecay)
                .optSchedule(schedule)
                .optSeed(data.seed)
                .optAugmentFlip(!noFlip)
                .optMaxBatchesPerEpoch(maxBatches)
                .build();
        if (validation < 0 || validation >= 1) {
            throw new IllegalArgumentException("--validation must be in [0, 1), got " + validation);
        }
        session.precheck(null, null);
        DataSource source = data.load();
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressPrinter progress = new ProgressPrinter(output.json, o, err);
        String startedAt = Instant.now().toString();
        RunRecorder recorder = new RunRecorder(null, progress);
        CancellationToken cancel = new CancellationToken();
        String command = "rankbench "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        ModelTrainer.Result r = CommonOptions.cancelOnInterrupt(
                cancel,
                () -> ModelTrainer.train(architecture, source, validation, config, recorder, cancel, out, command));
        progress.finish();
        ObjectNode res = Json.object();
        res.put("event", "result");
        res.put("status", r.outcome().status().name().toLowerCase(Locale.ROOT));
        res.put("message", r.outcome().message());
        res.put("out", out.toString());
        res.put("architecture", architecture.id());
        res.put("dataset", source.name());
        res.put("epochs", r.outcome().epochsCompleted());
        Json.put(res, "validationAccuracy", r.outcome().validationAccuracy());
        if (r.test() != null) {
            res.put("testAccuracy", r.test().accuracy());
            res.put("testLoss", r.test().loss());
            res.put("testCount", r.test().count());
        }
        res.put("wallSeconds", r.outcome().wallSeconds());
        if (session.enabled()) {
            Run stored = session.appendTraining(
                    toRun(r, config, source, recorder, startedAt), r.model(), out.toString(), datasetRef(source));
            res.put("session", session.file.toString());
            res.put("sessionRun", stored.id());
        }
        if (output.json) {
            o.println(Json.line(res));
        } else {
            o.printf(
                    Locale.ROOT,
                    "%s: %s. Test accuracy %.2f %% on %d images. Wrote %s%n",
                    architecture.id(),
                    r.outcome().message(),
                    r.test() == null ? Double.NaN : 100 * r.test().accuracy(),
                    r.test() == null ? 0 : r.test().count(),
                    out);
        }
        o.flush();
        return r.outcome().status() == RunStatus.DIVERGED ? 3 : 0;
    }

    /** The session entry of this training: kind TRAIN, the trained model's figures, the decimated history. */
    private Run toRun(
            ModelTrainer.Result r, TrainingConfig config, DataSource source, RunRecorder recorder, String startedAt) {
        SavedModel m = r.model();
        CostModel.Summary cost =
                CostModel.of(m.manifest().network(), m.manifest().input(), RankPlan.empty());
        Map<String, String> hp = new LinkedHashMap<>();
        hp.put("architecture", arch);
        hp.putAll(RunRecorder.settings(config, ""));
        hp.put("optimizer", String.valueOf(config.optimizer()));
        hp.put("momentum", String.valueOf(config.momentum()));
        hp.put("nesterov", String.valueOf(config.nesterov()));
        hp.put("augmentFlip", String.valueOf(config.augmentFlip()));
        hp.put("validationFraction", String.valueOf(validation));
        int validationImages = (int) Math.round(source.train().size() * validation);
        RunMetrics metrics = new RunMetrics(
                cost.baseParams(),
                cost.params(),
                cost.baseMacs(),
                cost.macs(),
                RunMetrics.measured(r.outcome().validationAccuracy()),
                null,
                r.test() == null ? null : r.test().accuracy(),
                null,
                validationImages,
                r.test() == null ? null : (int) r.test().count(),
                null,
                null,
                null);
        String label = String.format(
                Locale.ROOT,
                "%s trained %d epoch%s",
                arch,
                r.outcome().epochsCompleted(),
                r.outcome().epochsCompleted() == 1 ? "" : "s");
        return new Run(
                "run-1",
                RunKind.TRAIN,
                arch,
                label,
                hp,
                config.seed(),
                datasetRef(source),
                SoftwareVersions.current(),
                r.outcome().status(),
                r.outcome().message(),
                startedAt,
                r.outcome().wallSeconds(),
                null,
                RankPlan.empty(),
                metrics,
                recorder.events(),
                m);
    }

    private DatasetRef datasetRef(DataSource source) {
        int heldOut = (int) Math.round(source.train().size() * validation);
        return new DatasetRef(
                data.data,
                source.name(),
                source.description(),
                source.train().size() - heldOut,
                heldOut,
                source.test().size(),
                validation,
                data.seed);
    }

    /** Prints progress: a bar on a terminal, JSON lines with --json. */
    static final class ProgressPrinter implements TrainingListener {
        private final boolean json;
        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean terminal = System.console() != null;
        private long lastPrint;
        private int epochs;

        ProgressPrinter(boolean json, PrintWriter out, PrintWriter err) {
            this.json = json;
            this.out = out;
            this.err = err;
        }

        @Override
        public void onEvent(TrainingEvent e) {
            if (e instanceof TrainingEvent.RunStarted s) {
                epochs = s.epochs();
                if (json) {
                    out.println(Json.line(Json.event(s)));
                    out.flush();
                } else {
                    err.printf(
                            Locale.ROOT,
                            "Training %s: %d train / %d validation images, %d batches per epoch%n",
                            s.description(),
                            s.trainSamples(),
                            s.validationSamples(),
                            s.batchesPerEpoch());
                }
            } else if (e instanceof TrainingEvent.BatchEnded b) {
                long now = System.currentTimeMillis();
                if (json) {
                    if (b.step() % 50 == 0) {
                        out.println(Json.line(Json.event(b)));
                        out.flush();
                    }
                } else if (terminal && now - lastPrint > 200) {
                    lastPrint = now;
                    double frac = (double) b.step() / Math.max(1, b.totalSteps());
                    int width = 30;
                    int fill = (int) Math.round(frac * width);
                    err.printf(
                            Locale.ROOT,
                            "\repoch %d/%d [%s%s] %3.0f%% loss %.3f acc %5.1f%% %4.0f img/s ETA %s ",
                            b.epoch() + 1,
                            epochs,
                            "=".repeat(fill),
                            " ".repeat(width - fill),
                            100 * frac,
                            b.loss(),
                            100 * b.accuracy(),
                            b.imagesPerSecond(),
                            eta(b.etaSeconds()));
                    err.flush();
                }
            } else if (e instanceof TrainingEvent.EpochEnded ep) {
                if (json) {
                    out.println(Json.line(Json.event(ep)));
                    out.flush();
                } else {
                    err.printf(
                            Locale.ROOT,
                            "%sepoch %d/%d: train loss %.4f acc %.2f %%, validation loss %.4f acc %.2f %% (%.0f s)%n",
                            terminal ? "\r" : "",
                            ep.epoch() + 1,
                            epochs,
                            ep.trainLoss(),
                            100 * ep.trainAccuracy(),
                            ep.validationLoss(),
                            100 * ep.validationAccuracy(),
                            ep.seconds());
                    err.flush();
                }
            } else if (e instanceof TrainingEvent.RunFailed f && !json) {
                err.println();
            }
        }

        void finish() {
            err.flush();
        }

        private static String eta(double s) {
            if (!Double.isFinite(s)) {
                return "--:--";
            }
            long t = Math.round(s);
            return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
        }
    }
}
