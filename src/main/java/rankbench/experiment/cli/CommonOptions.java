package rankbench.experiment.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.model.DeviceChoice;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/** Options shared by commands, as picocli mixins. */
final class CommonOptions {

    private CommonOptions() {}

    /**
     * Runs a long job so that Ctrl+C (SIGINT/SIGTERM) cancels it between batches and waits up to 60 s for
     * it to finish writing its result, instead of killing it mid-step.
     */
    static <T> T cancelOnInterrupt(CancellationToken token, Callable<T> body) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    token.cancel();
                    try {
                        done.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "rankbench-cancel-on-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.call();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is waiting for us and now lets the JVM exit
            }
        }
    }

    /** {@code --json}, {@code --verbose}, {@code --threads}, {@code --device}. */
    static final class Output {
        @Option(names = "--json", description = "Print machine-readable JSON.")
        boolean json;

        @Option(names = "--verbose", description = "Print stack traces on errors.")
        boolean verbose;

        @Option(
                names = "--threads",
                paramLabel = "N",
                description = "Intra-op threads of the engine (default: number of cores, or RANKBENCH_THREADS).")
        Integer threads;

        @Option(
                names = "--device",
                paramLabel = "auto|cpu|gpu",
                converter = DeviceConverter.class,
                description = "Where the engine computes: auto (the first CUDA GPU if the engine sees one, else the "
                        + "CPU), cpu or gpu (default: -Drankbench.device, RANKBENCH_DEVICE, else auto).")
        DeviceChoice device;

        /**
         * Applies the engine options, {@code --threads} and {@code --device} (or the default device
         * choice), before anything is loaded, so that an unusable device stops the command at once.
         */
        void applyEngine() {
            if (threads != null) {
                Engines.setThreads(threads);
            }
            DeviceChoice choice = device != null ? device : Engines.defaultDeviceChoice();
            try {
                Engines.setDevice(choice);
            } catch (IllegalStateException e) {
                String from = device != null ? "--device " : "device (rankbench.device or RANKBENCH_DEVICE) ";
                throw new IllegalStateException(from + choice.id() + ": " + e.getMessage(), e);
            }
        }

        /** The same as {@link #applyEngine()} (its name from before {@code --device}). */
        void applyThreads() {
            applyEngine();
        }
    }

    /** Parses {@code --device}, listing the choices on a bad value. */
    static final class DeviceConverter implements ITypeConverter<DeviceChoice> {
        @Override
        public DeviceChoice convert(String value) {
            try {
                return DeviceChoice.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --data}, {@code --limit}, {@code --seed}. */
    static final class Data {
        @Option(
                names = "--data",
                paramLabel = "PATH|fashion-mnist",
                description = "Dataset: fashion-mnist (Debian package, else the bundled subset), "
                        + "fashion-mnist-subset, or a directory (IDX, CIFAR binary, image folders). "
                        + "Default: ${DEFAULT-VALUE}.",
                defaultValue = "fashion-mnist")
        String data;

        @Option(names = "--limit", paramLabel = "N", description = "Use only the first N samples of each split.")
        Integer limit;

        @Option(
                names = "--seed",
                paramLabel = "S",
                description = "Random seed (default: ${DEFAULT-VALUE}).",
                defaultValue = "0")
        long seed;

        DataSource load() {
            DataSource src = Datasets.load(data);
            if (limit == null) {
                return src;
            }
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
            }
            return new DataSource(
                    src.name(),
                    src.description() + " (first " + limit + " of each split)",
                    src.train().limit(limit),
                    src.test().limit(limit),
                    src.normalization());
        }

        static ImageDataset limit(ImageDataset d, Integer n) {
            return n == null ? d : d.limit(n);
        }
    }

    /** {@code --model}. */
    static final class Model {
        @Option(
                names = "--model",
                paramLabel = "FILE",
                description = "Model file (.rbm). Default: the embedded ResNet-20 trained on Fashion-MNIST.")
        Path model;

        SavedModel load() {
            return model == null ? ModelFiles.readDefault() : ModelFiles.read(model);
        }

        String describe() {
            return model == null ? "embedded default model" : model.toString();
        }
    }
}
