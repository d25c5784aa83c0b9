package rankbench.experiment.cli;

import java.time.Instant;
import rankbench.experiment.methods.RunRecorder;
import rankbench.experiment.model.NetworkSpec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.DatasetSplits;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.methods.MethodResult;
import rankbench.experiment.methods.MethodRun;
import rankbench.experiment.methods.Methods;
import rankbench.experiment.methods.RankLearningMethod;
import rankbench.experiment.methods.RankSnapshot;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.Schedule;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingData;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingListener;

/**
 * {@code rankbench learn}: runs a rank-learning method on a model and writes the factorised result.
 * With {@code --json}, prints one JSON object per line (training progress, per-layer ranks and
 * spectra), the last one the result with its {@code status}. The exit code is the run status's
 * ({@link RunStatus#exitCode()}: 0 completed, 130 cancelled, 3 diverged, 1 failed); a run without a
 * result (diverged, failed) writes no model file.
 */
@Command(name = "learn", mixinStandardHelpOptions = true,
        description = "Learn low ranks during training with a method (trp, lc, lra, svd-train, orth-evbmf), "
                + "export the factorised model, fine-tune it, and report accuracy, parameters, MACs and latency. "
                + "With --json, prints one JSON object per line, the last one the result.")
final class LearnCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Mixin
    CommonOptions.Data data;

    @Mixin
    CommonOptions.Model model;

    @Option(names = "--method", required = true, paramLabel = "trp|lc|lra|svd-train|orth-evbmf",
            description = "The rank-learning method.")
    String method;

    @Option(names = {"-P", "--param"}, paramLabel = "NAME=VALUE",
            description = "A hyperparameter of the method (repeatable); see --list-params.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--list-params",
            description = "Print the method's hyperparameters (default, unit, description) and exit.")
    boolean listParams;

    @Option(names = "--epochs", defaultValue = "1", description = "Epochs of the rank-learning phase; every method "
            + "maps them onto its own schedule (pruning points, LC steps) and compresses within them "
            + "(default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate of the rank-learning phase (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--schedule", defaultValue = "cosine",
            description = "Learning-rate schedule: constant, step, cosine, onecycle or exponential (x0.99 per epoch) "
                    + "(default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum, Nesterov (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = {"--weight-decay", "--wd"}, defaultValue = "1e-4",
            description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--targets", defaultValue = "default", paramLabel = "LAYER,LAYER|default",
            description = "Layers to compress: default (every k x k conv except the first) or a comma-separated list "
                    + "of layer names (see `info`) (default: ${DEFAULT-VALUE}).")
    String targets;

    @Option(names = "--max-batches", defaultValue = "0", description = "Cap on batches per epoch, 0 = all.")
    int maxBatches;

    @Option(names = "--finetune-epochs", defaultValue = "1",
            description = "Epochs of fine-tuning the factorised model, 0 = none (default: ${DEFAULT-VALUE}).")
    int fineTuneEpochs;

    @Option(names = "--finetune-lr", defaultValue = "0.01",
            description = "Learning rate of fine-tuning, cosine schedule (default: ${DEFAULT-VALUE}).")
    double fineTuneLr;

    @Option(names = "--validation", defaultValue = "0.05",
            description = "Fraction of the training images held out for validation (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--test-limit", paramLabel = "N",
            description = "Use only the first N test images (default: --limit if given, else all).")
    Integer testLimit;

    @Option(names = "--no-latency", description = "Skip the latency measurement.")
    boolean noLatency;

    @Option(names = "--latency-batch", defaultValue = "128", description = "Batch size of latency measurement (default: ${DEFAULT-VALUE}).")
    int latencyBatch;

    @Option(names = "--include-first", description = "Also compress the first conv.")
    boolean includeFirst;

    @Option(names = "--include-pointwise", description = "Also compress 1x1 convs.")
    boolean includePointwise;

    @Option(names = "--include-linear", description = "Also compress linear layers (trp, lc, lra).")
    boolean includeLinear;

    @Option(names = "--out", paramLabel = "RESULT.rbm", description = "Where to write the factorised model.")
    Path out;

    // --session: append this run to an experiment session (SessionOptions)
    @Mixin
    SessionOptions session;

    @Override
    public Integer call() throws Exception {
        output.applyThreads();
        RankLearningMethod<?> m = Methods.get(method);
        Object hp = MethodParams.parse(m, params);
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (listParams) {
            MethodParams.list(m, hp, output.json, o);
            o.flush();
            return 0;
        }
        if (out == null) {
            throw new IllegalArgumentException("give --out RESULT.rbm (where the factorised model is written)");
        }
        checkSettings();
        Methods.validate(hp, epochs);
        Targets selection = targets();
        SavedModel start = model.load();
        session.precheck(start, model.describe()); // session: fail before training if it cannot take the run
        selection.select(NetworkSpec.layers(start.manifest().network(),
                start.manifest().input())); // unknown layer names fail here, before any data is loaded
        DataSource src = Datasets.load(data.data);
        ImageDataset trainAll = CommonOptions.Data.limit(src.train(), data.limit);
        ImageDataset test = CommonOptions.Data.limit(src.test(), testLimit != null ? testLimit : data.limit);
        DatasetSplits splits = DatasetSplits.split(trainAll, test, validation, data.seed);
        Normalization norm = new Normalization(start.manifest().mean(), start.manifest().std());
        TrainingConfig training = TrainingConfig.builder().setEpochs(epochs).optBatchSize(batch).optLearningRate(lr)
                .optMomentum(momentum).optNesterov(momentum > 0).optWeightDecay(weightDecay)
                .optSchedule(Schedule.fromId(schedule)).optSeed(data.seed).optMaxBatchesPerEpoch(maxBatches).build();
        TrainingConfig fineTune = fineTuneEpochs <= 0 ? null : training.toBuilder().setEpochs(fineTuneEpochs)
                .optLearningRate(fineTuneLr).optSchedule(Schedule.COSINE).build();
        Printer printer = new Printer(output.json, o, err);
        // session: record the run's history while forwarding every event to the printer
        RunRecorder recorder = new RunRecorder(start, printer);
        String startedAt = Instant.now().toString();
        CancellationToken cancel = new CancellationToken();
        MethodRun run = new MethodRun(start, new TrainingData(splits.train(), splits.validation(), norm), test,
                training, fineTune, selection, noLatency ? null : new LatencyMeter(latencyBatch, 3, 10), recorder,
                cancel);
        MethodResult r;
        try {
            r = CommonOptions.cancelOnInterrupt(cancel, () -> Methods.run(m, run, hp));
        } catch (Exception | Error e) {
            if (output.json) { // the stream still ends with a result object; the error line goes to stderr
                ObjectNode f = Json.object();
                f.put("event", "result");
                f.put("method", m.id());
                f.put("status", RunStatus.FAILED.id());
                f.put("statusMessage", Cli.oneLine(e));
                o.println(Json.line(f));
                o.flush();
            }
            throw e;
        }
        boolean written = r.status().hasResult();
        if (written) {
            ModelFiles.write(r.model(), out);
        }
        if (session.enabled()) { // session: append the run whatever its status (SessionOptions)
            var ref = SessionOptions.dataset(data.data, src, splits, validation, data.seed);
            session.append(recorder.toRun("run-1", r, run, ref, startedAt, noLatency ? null : latencyBatch), start,
                    model.describe(), ref);
        }
        ObjectNode res = Json.object();
        res.put("event", "result");
        res.put("method", r.method());
        res.put("status", r.status().id());
        res.put("statusMessage", r.statusMessage());
        res.put("message", r.message());
        if (written) {
            res.put("out", out.toString());
        } else {
            res.putNull("out");
        }
        res.put("model", model.describe());
        res.put("dataset", src.name());
        res.put("trainImages", splits.train().size());
        res.put("testImages", test.size());
        res.put("epochs", epochs);
        res.put("learningRate", lr);
        res.put("schedule", Schedule.fromId(schedule).id());
        res.put("weightDecay", weightDecay);
        res.put("batch", batch);
        res.put("seed", data.seed);
        res.put("targets", selection.toString());
        res.set("parameters", MethodParams.toJson(hp));
        res.set("plan", Json.MAPPER.readTree(r.plan().toJson()).get("layers"));
        Json.put(res, "baseAccuracy", r.baseAccuracy());
        Json.put(res, "directAccuracy", r.directAccuracy());
        Json.put(res, "compressedAccuracy", r.compressedAccuracy());
        Json.put(res, "fineTunedAccuracy", r.fineTunedAccuracy());
        Json.put(res, "compressedValidationAccuracy", r.compressedValidationAccuracy());
        Json.put(res, "fineTunedValidationAccuracy", r.fineTunedValidationAccuracy());
        res.put("validationImages", r.validationImages());
        res.put("baseParams", r.baseParams());
        res.put("params", r.params());
        res.put("baseMacs", r.baseMacs());
        res.put("macs", r.macs());
        Json.put(res, "macReduction", (double) r.baseMacs() / r.macs());
        Json.put(res, "baseLatencyMs", r.baseLatencyMs());
        Json.put(res, "latencyMs", r.latencyMs());
        res.put("latencyBatch", latencyBatch);
        res.put("learnSeconds", r.learnSeconds());
        res.put("fineTuneSeconds", r.fineTuneSeconds());
        res.put("wallSeconds", r.wallSeconds());
        if (output.json) {
            o.println(Json.line(res));
        } else if (!written) {
            o.printf(Locale.ROOT, "%s %s: %s%n", r.method(), r.status().id(), r.statusMessage());
            o.println("not a result: nothing written to " + out);
        } else {
            if (r.status() != RunStatus.COMPLETED) {
                o.printf(Locale.ROOT, "%s %s: %s%n", r.method(), r.status().id(), r.statusMessage());
            }
            o.printf(Locale.ROOT, "%s: %s%n", r.method(), r.message());
            o.printf(Locale.ROOT, "parameters %,d -> %,d (%.2fx fewer), MACs %,d -> %,d (%.2fx fewer)%n",
                    r.baseParams(), r.params(), (double) r.baseParams() / r.params(), r.baseMacs(), r.macs(),
                    (double) r.baseMacs() / r.macs());
            o.printf(Locale.ROOT, "test accuracy (%d images): dense %.2f %%, one-shot at these ranks %.2f %%, "
                    + "after rank learning %.2f %%, fine-tuned %.2f %%%n", test.size(), 100 * r.baseAccuracy(),
                    100 * r.directAccuracy(), 100 * r.compressedAccuracy(), 100 * r.fineTunedAccuracy());
            o.printf(Locale.ROOT, "latency (batch %d): %.2f ms -> %.2f ms; wall time %.0f s (learning %.0f s, "
                    + "fine-tuning %.0f s)%n", latencyBatch, r.baseLatencyMs(), r.latencyMs(), r.wallSeconds(),
                    r.learnSeconds(), r.fineTuneSeconds());
            o.println("factorised model written to " + out);
        }
        o.flush();
        return r.status().exitCode();
    }

    /** Checks the run settings, each with a message naming its option. */
    private void checkSettings() {
        require(epochs >= 1, "--epochs must be >= 1, got " + epochs);
        require(lr > 0 && Double.isFinite(lr), "--lr must be > 0, got " + lr);
        Schedule.fromId(schedule);
        require(batch >= 2, "--batch must be >= 2, got " + batch);
        require(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay must be >= 0, got " + weightDecay);
        require(maxBatches >= 0, "--max-batches must be >= 0, got " + maxBatches);
        require(fineTuneEpochs >= 0, "--finetune-epochs must be >= 0, got " + fineTuneEpochs);
        require(fineTuneLr > 0 && Double.isFinite(fineTuneLr), "--finetune-lr must be > 0, got " + fineTuneLr);
        require(validation >= 0 && validation < 1, "--validation must be in [0, 1), got " + validation);
        require(data.limit == null || data.limit >= 2, "--limit must be >= 2, got " + data.limit);
        require(testLimit == null || testLimit >= 1, "--test-limit must be >= 1, got " + testLimit);
        require(latencyBatch >= 1, "--latency-batch must be >= 1, got " + latencyBatch);
    }

    /** The target layers from {@code --targets} and the include flags. */
    private Targets targets() {
        Targets t = Targets.parse(targets);
        if (!t.layers().isEmpty()) {
            require(!includeFirst && !includePointwise && !includeLinear,
                    "--targets with layer names cannot be combined with --include-first/-pointwise/-linear");
            return t;
        }
        return new Targets(includeFirst, includePointwise, includeLinear);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Streams events: JSON lines with --json, short progress lines on stderr otherwise. */
    static final class Printer implements TrainingListener {
        private final boolean json;
        private final PrintWriter out;
        private final PrintWriter err;

        Printer(boolean json, PrintWriter out, PrintWriter err) {
            this.json = json;
            this.out = out;
            this.err = err;
        }

        @Override
        public void onEvent(TrainingEvent e) {
            if (json) {
                if (e instanceof TrainingEvent.BatchEnded b && b.step() % 20 != 0) {
                    return;
                }
                out.println(Json.line(Json.event(e)));
                out.flush();
            } else if (e instanceof TrainingEvent.RunStarted s) {
                err.printf(Locale.ROOT, "%s: %d train / %d validation images, %d epochs%n", s.description(),
                        s.trainSamples(), s.validationSamples(), s.epochs());
            } else if (e instanceof TrainingEvent.EpochEnded ep) {
                err.printf(Locale.ROOT, "  epoch %d: train loss %.4f acc %.2f %%, validation acc %.2f %% (%.0f s)%n",
                        ep.epoch() + 1, ep.trainLoss(), 100 * ep.trainAccuracy(), 100 * ep.validationAccuracy(),
                        ep.seconds());
            } else if (e instanceof TrainingEvent.MethodUpdate u && u.payload() instanceof RankSnapshot s
                    && !"projection".equals(s.phase())) {
                StringBuilder b = new StringBuilder();
                s.layers().forEach(l -> b.append(' ').append(l.rank().size() == 1 ? l.rank().get(0)
                        : l.rank().get(0) + "/" + l.rank().get(1)));
                err.printf(Locale.ROOT, "  ranks (%s %d):%s%n", s.phase(), s.epoch(), b);
            }
            err.flush();
        }
    }
}
