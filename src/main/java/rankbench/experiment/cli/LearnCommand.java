package rankbench.experiment.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rankbench.experiment.methods.MethodRun;
import rankbench.experiment.methods.Methods;
import rankbench.experiment.methods.RankLearningMethod;
import rankbench.experiment.methods.RunRecorder;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.Schedule;
import rankbench.experiment.training.TrainingConfig;

/**
 * {@code rankbench learn}: runs a rank-learning method on a model and writes the factorized result.
 * With {@code --json}, prints one JSON object per line (training progress, per-layer ranks and
 * spectra), the last one the result with its {@code status}. The exit code is the run status's
 * ({@link RunStatus#exitCode()}: 0 completed, 130 cancelled, 3 diverged, 1 failed); a run without a
 * result (diverged, failed) writes no model file.
 */
@Command(
        name = "learn",
        mixinStandardHelpOptions = true,
        description = "Learn low ranks during training with a method (trp, lc, lra, svd-train, orth-evbmf), "
                + "export the factorized model, fine-tune it, and report accuracy, parameters, MACs and latency. "
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

    @Option(
            names = "--method",
            required = true,
            paramLabel = "trp|lc|lra|svd-train|orth-evbmf",
            description = "The rank-learning method.")
    String method;

    @Option(
            names = {"-P", "--param"},
            paramLabel = "NAME=VALUE",
            description = "A hyperparameter of the method (repeatable); see --list-params.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(
            names = "--list-params",
            description = "Print the method's hyperparameters (default, unit, description) and exit.")
    boolean listParams;

    @Option(
            names = "--epochs",
            defaultValue = "1",
            description = "Epochs of the rank-learning phase; every method "
                    + "maps them onto its own schedule (pruning points, LC steps) and compresses within them "
                    + "(default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--targets",
            defaultValue = "default",
            paramLabel = "LAYER,LAYER|default",
            description = "Layers to compress: default (every k x k conv except the first) or a comma-separated list "
                    + "of layer names (see `info`) (default: ${DEFAULT-VALUE}).")
    String targets;

    @Mixin
    RunOptions runOptions;

    @Option(
            names = "--finetune-epochs",
            defaultValue = "1",
            description = "Epochs of fine-tuning the factorized model, 0 = none (default: ${DEFAULT-VALUE}).")
    int fineTuneEpochs;

    @Option(
            names = "--finetune-lr",
            defaultValue = "0.01",
            description = "Learning rate of fine-tuning, cosine schedule (default: ${DEFAULT-VALUE}).")
    double fineTuneLr;

    @Option(names = "--include-first", description = "Also compress the first conv.")
    boolean includeFirst;

    @Option(names = "--include-pointwise", description = "Also compress 1x1 convs.")
    boolean includePointwise;

    @Option(names = "--include-linear", description = "Also compress linear layers (trp, lc, lra).")
    boolean includeLinear;

    @Option(names = "--out", paramLabel = "RESULT.rbm", description = "Where to write the factorized model.")
    Path out;

    // --session: append this run to an experiment session (SessionOptions)
    @Mixin
    SessionOptions session;

    @Override
    public Integer call() throws Exception {
        output.applyEngine();
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
            throw new IllegalArgumentException("give --out RESULT.rbm (where the factorized model is written)");
        }
        checkSettings();
        Methods.validate(hp, epochs);
        Targets selection = targets();
        SavedModel start = model.load();
        session.precheck(start, model.describe()); // session: fail before training if it cannot take the run
        selection.select(NetworkSpec.layers(
                start.manifest().network(),
                start.manifest().input())); // unknown layer names fail here, before any data is loaded
        RunOptions.Inputs in = runOptions.load(data, start);
        TrainingConfig training = runOptions.config(epochs, data.seed);
        TrainingConfig fineTune = fineTuneEpochs <= 0
                ? null
                : training.toBuilder()
                        .setEpochs(fineTuneEpochs)
                        .optLearningRate(fineTuneLr)
                        .optSchedule(Schedule.COSINE)
                        .build();
        // session: record the run's history while forwarding every event to the printer
        RunRecorder recorder = new RunRecorder(start, new RunOutput.Events(output.json, o, err));
        String startedAt = Instant.now().toString();
        long t0 = System.nanoTime();
        DatasetRef ref = SessionOptions.dataset(data.data, in.source(), in.splits(), runOptions.validation, data.seed);
        CancellationToken cancel = new CancellationToken();
        MethodRun run = new MethodRun(
                start,
                in.data(),
                in.test(),
                training,
                fineTune,
                selection,
                runOptions.latencyMeter(),
                recorder,
                cancel);
        RunOutput.Context c = new RunOutput.Context(
                model.describe(),
                in.source().name(),
                in.splits().train().size(),
                in.test().size(),
                training,
                selection.toString(),
                MethodParams.toJson(hp),
                runOptions.latencyBatch,
                out);
        RecordedRun recorded = new RecordedRun(
                o,
                output.json,
                RunKind.RANK_LEARNING,
                m.id(),
                run,
                recorder,
                hp,
                ref,
                startedAt,
                t0,
                session,
                start,
                model.describe(),
                runOptions.recordedLatencyBatch(),
                out);
        return recorded.finish(() -> Methods.run(m, run, hp), c, "after rank learning");
    }

    /** Checks the run settings, each with a message naming its option. */
    private void checkSettings() {
        require(epochs >= 1, "--epochs must be >= 1, got " + epochs);
        runOptions.check(data);
        require(fineTuneEpochs >= 0, "--finetune-epochs must be >= 0, got " + fineTuneEpochs);
        require(fineTuneLr > 0 && Double.isFinite(fineTuneLr), "--finetune-lr must be > 0, got " + fineTuneLr);
    }

    /** The target layers from {@code --targets} and the include flags. */
    private Targets targets() {
        Targets t = Targets.parse(targets);
        if (!t.layers().isEmpty()) {
            require(
                    !includeFirst && !includePointwise && !includeLinear,
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
}
