package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.OpenMp;
import rankbench.experiment.training.ThroughputBenchmark;

/** {@code rankbench bench}: training and inference throughput of an architecture on this CPU. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure training (SGD momentum steps) and inference (eval mode) throughput on synthetic "
                + "1x28x28 inputs; medians after warm-up.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Option(names = "--arch", defaultValue = "resnet20", description = "Architecture (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--batch", defaultValue = "128", description = "Training batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--infer-batch",
            defaultValue = "256",
            description = "Inference batch size (default: ${DEFAULT-VALUE}).")
    int inferBatch;

    @Option(names = "--input", defaultValue = "1x28x28", description = "Input CxHxW (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--steps", defaultValue = "20", description = "Timed repetitions (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--warmup",
            defaultValue = "5",
            description = "Untimed warm-up repetitions (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() {
        output.applyEngine();
        String[] p = input.toLowerCase(Locale.ROOT).split("x");
        if (p.length != 3) {
            throw new IllegalArgumentException("--input must look like 1x28x28, got " + input);
        }
        FeatureShape shape = new FeatureShape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        if (steps < 1 || warmup < 0 || batch < 2 || inferBatch < 1) {
            throw new IllegalArgumentException("--steps >= 1, --warmup >= 0, --batch >= 2, --infer-batch >= 1");
        }
        Architecture a = Architecture.fromId(arch);
        ThroughputBenchmark.Result r;
        try (Network net = Network.create(a.build(shape, 10), shape, 0)) {
            r = ThroughputBenchmark.run(net, batch, inferBatch, warmup, steps);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode n = Json.MAPPER.valueToTree(r);
            n.put("arch", a.id());
            n.put("input", shape.toString());
            n.put("device", Engines.describe(Engines.device()));
            n.put("openmp", openMp());
            o.println(Json.pretty(n));
        } else {
            o.printf(
                    Locale.ROOT,
                    "%s %s on %s, %d threads: training %.0f img/s (batch %d, %.1f ms/step), "
                            + "inference %.0f img/s (batch %d, %.1f ms/batch), with batch norms folded %.0f img/s; OpenMP: %s%n",
                    a.id(),
                    shape,
                    Engines.describe(Engines.device()),
                    r.threads(),
                    r.trainImagesPerSecond(),
                    r.trainBatch(),
                    r.trainStepMillis(),
                    r.inferImagesPerSecond(),
                    r.inferBatch(),
                    r.inferBatchMillis(),
                    r.inferFoldedImagesPerSecond(),
                    openMp());
        }
        o.flush();
        return 0;
    }

    private static String openMp() {
        return OpenMp.current().map(OpenMp.Loaded::describe).orElse("unknown");
    }
}
