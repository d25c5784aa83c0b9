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
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.methods.MethodRun;
import rankbench.experiment.methods.PlanFineTune;
import rankbench.experiment.methods.RunRecorder;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.TrainingConfig;

/**
 * {@code rankbench finetune}: factorizes a model at a rank plan (a rule's, or a plan file from
 * {@code select --save-plan}) and fine-tunes the factorized model: the one-shot baseline of the
 * comparison with the rank-learning methods. Output, exit codes and session runs are those of
 * {@code learn}; the run's kind is fine-tune.
 */
@Command(
        name = "finetune",
        mixinStandardHelpOptions = true,
        description = "Factorize a model at a rank plan (--plan from `select --save-plan`, or --energy, --threshold, "
                + "--ratio) and fine-tune the factorized model; report validation and test accuracy (compress-only "
                + "and fine-tuned), parameters, MACs and latency. With --json, prints one JSON object per line, the "
                + "last one the result.")
final class FineTuneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Mixin
    CommonOptions.Data data;

    @Mixin
    CommonOptions.Model model;

    @Mixin
    PlanOptions planOptions;

    @Mixin
    RunOptions runOptions;

    @Option(
            names = "--epochs",
            defaultValue = "1",
            description = "Epochs of fine-tuning the factorized model (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--rule",
            paramLabel = "NAME",
            description = "The rule that chose the plan, as the run's method name (e.g. evbmf, lc, sensitivity); "
                    + "default: the rule option given (energy, threshold, ratio, ranks).")
    String ruleName;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "RESULT.rbm",
            description = "Where to write the fine-tuned model.")
    Path out;

    @Mixin
    SessionOptions session;

    @Override
    public Integer call() throws Exception {
        output.applyEngine();
        if (!planOptions.hasRule()) {
            throw new IllegalArgumentException(
                    "give a plan: --plan PLAN.json (see `select --save-plan`), --energy, " + "--threshold or --ratio");
        }
        RunOptions.require(epochs >= 1, "--epochs must be >= 1, got " + epochs);
        runOptions.check(data);
        SavedModel start = model.load();
        session.precheck(start, model.describe()); // fail before training if the session cannot take the run
        RankPlan plan = planOptions.plan(start, new SpectrumCache(), null);
        String rule = ruleName == null ? planOptions.ruleId() : ruleName.trim();
        RunOptions.require(!rule.isEmpty(), "--rule must not be empty");
        RunOptions.Inputs in = runOptions.load(data, start);
        TrainingConfig fineTune = runOptions.config(epochs, data.seed);
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunRecorder recorder = new RunRecorder(start, new RunOutput.Events(output.json, o, err));
        String startedAt = Instant.now().toString();
        long t0 = System.nanoTime();
        DatasetRef ref = SessionOptions.dataset(data.data, in.source(), in.splits(), runOptions.validation, data.seed);
        CancellationToken cancel = new CancellationToken();
        MethodRun run = new MethodRun(
                start,
                in.data(),
                in.test(),
                fineTune,
                fineTune,
                Targets.defaults(),
                runOptions.latencyMeter(),
                recorder,
                cancel);
        Map<String, String> settings = new LinkedHashMap<>(planOptions.settings());
        settings.put("model", model.describe());
        RunOutput.Context c = new RunOutput.Context(
                model.describe(),
                in.source().name(),
                in.splits().train().size(),
                in.test().size(),
                fineTune,
                "plan",
                Json.MAPPER.valueToTree(settings),
                runOptions.latencyBatch,
                out);
        RecordedRun recorded = new RecordedRun(
                o,
                output.json,
                RunKind.FINE_TUNE,
                rule,
                run,
                recorder,
                settings,
                ref,
                startedAt,
                t0,
                session,
                start,
                model.describe(),
                runOptions.recordedLatencyBatch(),
                out);
        return recorded.finish(() -> PlanFineTune.run(rule, run, plan, settings), c, "compress-only");
    }
}
