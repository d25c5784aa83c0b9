package rankbench.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingData;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingLoop;
import rankbench.viewmodel.ProjectionEvaluator;

/**
 * A memory benchmark (not a test): trains ResNet-20 for {@code steps} steps of batch 128 on the bundled
 * Fashion-MNIST subset, then runs {@code evals} window-style evaluations (the window's
 * {@link ProjectionEvaluator}: project the planned layers of the embedded model, evaluate 1 000 test
 * images), and prints the resident set size (VmRSS of /proc/self/status), the Java heap in use and the
 * live NDArrays of the network's manager every 100 steps and every 20 evaluations. The heap is measured
 * after a full collection (live objects); RSS minus the committed heap is the native part (libtorch,
 * OpenBLAS, the JVM itself).
 *
 * <pre>
 * mvn -q -o -DskipTests package test-compile
 * java -Xmx2g -cp target/classes:target/test-classes:'target/lib/*' rankbench.bench.MemoryBench [steps] [evals] [out.tsv]
 * </pre>
 */
public final class MemoryBench {

    private MemoryBench() {}

    /** One measurement. */
    record Sample(String phase, long step, long rssKb, long heapKb, long committedKb, int liveArrays) {
        Sample(String phase, long step, int liveArrays) {
            this(phase, step, MemoryBench.rssKb(), MemoryBench.heapKb(), MemoryBench.committedKb(), liveArrays);
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%d",
                    phase,
                    step,
                    rssKb / 1024.0,
                    heapKb / 1024.0,
                    committedKb / 1024.0,
                    (rssKb - committedKb) / 1024.0,
                    liveArrays);
        }
    }

    static final String HEADER =
            "phase\tstep\trss_mb\theap_live_mb\theap_committed_mb\trss_minus_heap_mb\tlive_ndarrays";

    static long rssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Java heap in use after a full collection (the live heap, not garbage waiting to be collected). */
    static long heapKb() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / 1024;
    }

    static long committedKb() {
        return Runtime.getRuntime().totalMemory() / 1024;
    }

    /** Runs the benchmark; arguments: steps (2000), evaluations (200), an optional TSV output file. */
    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int evals = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<Sample> samples = new ArrayList<>();
        DataSource src = Datasets.bundledFashionMnistSubset();
        ImageDataset train = src.train();
        FeatureShape in = new FeatureShape(train.channels(), train.height(), train.width());
        LayerSpec.Sequence spec = Architecture.RESNET20.build(in, train.numClasses());
        int batchesPerEpoch = train.size() / 128;
        int epochs = (steps + batchesPerEpoch - 1) / batchesPerEpoch;
        System.out.println(HEADER);
        try (Network net = Network.create(spec, in, 0)) {
            Sample first =
                    new Sample("train", 0, net.manager().getManagedArrays().size());
            samples.add(first);
            System.out.println(first.line());
            TrainingConfig config = TrainingConfig.builder()
                    .setEpochs(epochs)
                    .optBatchSize(128)
                    .optLearningRate(0.05)
                    .optSchedule("constant")
                    .build();
            new TrainingLoop(
                            net,
                            new TrainingData(train, null, src.normalization()),
                            config,
                            null,
                            e -> {
                                if (e instanceof TrainingEvent.BatchEnded b && b.step() % 100 == 0) {
                                    Sample s = new Sample(
                                            "train",
                                            b.step(),
                                            net.manager().getManagedArrays().size());
                                    samples.add(s);
                                    System.out.println(s.line());
                                }
                            },
                            new CancellationToken(),
                            "memory bench")
                    .run();
        }
        SavedModel model = ModelFiles.readDefault();
        List<LayerInfo> layers =
                NetworkSpec.layers(model.manifest().network(), model.manifest().input());
        ImageDataset test = src.test().limit(1000);
        double[] ratios = {0.25, 0.4, 0.55, 0.7};
        try (ProjectionEvaluator evaluator = new ProjectionEvaluator(new SpectrumCache(), 250)) {
            for (int i = 1; i <= evals; i++) {
                RankPlan plan = RankRules.parameterRatio(layers, Scheme.CHANNEL, ratios[i % ratios.length])
                        .resolve(layers, Scheme.CHANNEL);
                double acc = evaluator.accuracy(model, test, plan, new CancellationToken());
                if (!(acc >= 0 && acc <= 1)) {
                    throw new IllegalStateException("evaluation " + i + " gave " + acc);
                }
                if (i % 20 == 0) {
                    Sample s = new Sample("eval", i, -1);
                    samples.add(s);
                    System.out.println(s.line());
                }
            }
        }
        summarize(samples, "train");
        summarize(samples, "eval");
        if (args.length > 2) {
            List<String> lines = new ArrayList<>(List.of(HEADER));
            samples.forEach(s -> lines.add(s.line()));
            Files.write(Path.of(args[2]), lines);
        }
    }

    /** Prints the RSS range of the second half of a phase relative to its median (the "flat after warm-up" figure). */
    static void summarize(List<Sample> samples, String phase) {
        List<Long> rss = samples.stream()
                .filter(s -> s.phase().equals(phase))
                .map(Sample::rssKb)
                .toList();
        if (rss.size() < 2) {
            return;
        }
        List<Long> tail = new ArrayList<>(rss.subList(rss.size() / 2, rss.size()));
        List<Long> sorted = new ArrayList<>(tail);
        sorted.sort(null);
        long median = sorted.get(sorted.size() / 2);
        long min = sorted.get(0);
        long max = sorted.get(sorted.size() - 1);
        System.out.printf(
                Locale.ROOT,
                "# %s, second half: RSS %.1f..%.1f MB, median %.1f MB, %+.1f%% / %+.1f%%; first %.1f"
                        + " MB, last %.1f MB%n",
                phase,
                min / 1024.0,
                max / 1024.0,
                median / 1024.0,
                100.0 * (min - median) / median,
                100.0 * (max - median) / median,
                rss.get(0) / 1024.0,
                rss.get(rss.size() - 1) / 1024.0);
    }
}
