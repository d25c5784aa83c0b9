package rankbench.experiment.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the deep-learning engine (PyTorch through DJL) offline and owns its thread and device settings.
 *
 * <p>Offline mode is set by the program itself: the libtorch natives come from the
 * {@code pytorch-native-cpu} Maven artifact (or its CUDA twin with {@code -Pcuda}), so nothing is
 * ever downloaded. The intra-op thread count defaults to the number of cores (2 on the reference
 * machine; see docs/PERFORMANCE.md for the measurement) and can be changed with
 * {@code -Drankbench.threads=N}, the environment variable {@code RANKBENCH_THREADS}, or
 * {@link #setThreads(int)}.
 *
 * <p>The device every {@link Network} is created on is chosen once here: {@link #setDevice} resolves a
 * {@link DeviceChoice}; without a call, {@code -Drankbench.device=auto|cpu|gpu} or
 * {@code RANKBENCH_DEVICE} decides, and otherwise {@code auto}. All arrays of a network live in
 * sub-managers of its model's manager, so they follow its device.
 */
public final class Engines {

    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);
    private static volatile Engine engine;
    private static volatile Device device;

    /**
     * What the engine tells about GPUs: whether its natives were built with CUDA and how many GPUs it sees.
     *
     * @param cudaNatives the loaded libtorch has CUDA support
     * @param count the number of CUDA GPUs visible (0 without CUDA natives)
     */
    record GpuView(boolean cudaNatives, int count) {}

    /** Test seam: where GPU facts come from (the engine; tests inject a fake to cover the GPU paths). */
    static volatile Supplier<GpuView> gpus = Engines::probeGpus;

    private static final Object THREAD_COUNT_LOCK = new Object();
    /** The intra-op thread count new threads inherit (set when the engine starts). */
    private static volatile int configuredThreads;

    private Engines() {}

    /** Returns the PyTorch engine, starting it offline on first use. */
    public static Engine pytorch() {
        Engine e = engine;
        if (e == null) {
            synchronized (Engines.class) {
                e = engine;
                if (e == null) {
                    e = start();
                    engine = e;
                }
            }
        }
        return e;
    }

    private static Engine start() {
        OpenMp.prepare();
        String heap = NativeHeap.prepare();
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.default_engine", "PyTorch");
        // One inter-op thread: RankBench never runs independent graph branches in parallel.
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        int threads = defaultThreads();
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        long t0 = System.nanoTime();
        Engine e = Engine.getEngine("PyTorch");
        configuredThreads = threads;
        LOG.debug(
                "PyTorch engine {} started in {} ms with {} threads; native heap: {}",
                e.getVersion(),
                (System.nanoTime() - t0) / 1_000_000,
                threads,
                heap);
        return e;
    }

    /** Returns the configured default number of intra-op threads. */
    public static int defaultThreads() {
        String v = System.getProperty("rankbench.threads");
        if (v == null || v.isBlank()) {
            v = System.getenv("RANKBENCH_THREADS");
        }
        if (v != null && !v.isBlank()) {
            try {
                int n = Integer.parseInt(v.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
            LOG.warn("Ignoring invalid thread count '{}'", v);
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Turns autograd recording off for the calling thread. PyTorch's grad mode is thread-local and
     * on by default in new threads; inference, optimizer updates and in-place weight edits must run
     * with it off (otherwise in-place updates of parameters fail and inference records a graph).
     * A gradient collector turns it on for its scope.
     */
    public static void noGradOnThisThread() {
        pytorch();
        if (JniUtils.isGradMode()) {
            JniUtils.setGradMode(false);
        }
    }

    /**
     * Returns the device new networks are created on, resolving the default choice
     * ({@link #defaultDeviceChoice()}) on first use.
     *
     * @throws IllegalStateException if the default choice is {@code gpu} and the engine sees no GPU
     */
    public static Device device() {
        Device d = device;
        if (d == null) {
            synchronized (Engines.class) {
                d = device;
                if (d == null) {
                    d = resolve(defaultDeviceChoice());
                    device = d;
                }
            }
        }
        return d;
    }

    /**
     * Chooses the device of networks created from now on (existing networks stay where they are) and
     * returns it. On failure nothing changes.
     *
     * @throws IllegalStateException if {@code choice} is {@code gpu} and the engine sees no GPU
     */
    public static Device setDevice(DeviceChoice choice) {
        Device d = resolve(choice);
        synchronized (Engines.class) {
            device = d;
        }
        LOG.debug("Device {} resolved to {}", choice.id(), describe(d));
        return d;
    }

    /** Resolves a choice against the GPUs the engine sees, without changing the current device. */
    public static Device resolve(DeviceChoice choice) {
        return choice == DeviceChoice.CPU ? Device.cpu() : resolve(choice, gpus.get());
    }

    static Device resolve(DeviceChoice choice, GpuView gpu) {
        return switch (choice) {
            case CPU -> Device.cpu();
            case AUTO -> gpu.count() > 0 ? Device.gpu(0) : Device.cpu();
            case GPU -> {
                if (gpu.count() > 0) {
                    yield Device.gpu(0);
                }
                throw new IllegalStateException(
                        gpu.cudaNatives()
                                ? "the PyTorch engine sees no CUDA GPU; its natives have CUDA, so check the NVIDIA driver "
                                        + "and CUDA_VISIBLE_DEVICES"
                                : "the PyTorch engine sees no CUDA GPU; this build has CPU natives — build with -Pcuda "
                                        + "on a machine with CUDA");
            }
        };
    }

    private static GpuView probeGpus() {
        Engine e = pytorch();
        boolean cuda = e.hasCapability(StandardCapabilities.CUDA);
        return new GpuView(cuda, cuda ? e.getGpuCount() : 0);
    }

    /**
     * Returns the device choice of {@code -Drankbench.device} or else {@code RANKBENCH_DEVICE}, or
     * {@link DeviceChoice#AUTO}; an unknown value is logged and ignored.
     */
    public static DeviceChoice defaultDeviceChoice() {
        return configuredDeviceChoice().orElse(DeviceChoice.AUTO);
    }

    /**
     * Returns the device choice of {@code -Drankbench.device} or else {@code RANKBENCH_DEVICE}, if one
     * is given; an unknown value is logged and ignored.
     */
    public static Optional<DeviceChoice> configuredDeviceChoice() {
        String v = System.getProperty("rankbench.device");
        if (v == null || v.isBlank()) {
            v = System.getenv("RANKBENCH_DEVICE");
        }
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DeviceChoice.fromId(v));
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring the device setting: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Returns the flavor of the libtorch natives on the class path ({@code cpu}, or {@code cu128} in a
     * {@code -Pcuda} build), read from the native jar without starting the engine; {@code unknown} if
     * there is none.
     */
    public static String nativesFlavor() {
        try (InputStream in = Engines.class.getResourceAsStream("/native/lib/pytorch.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("flavor", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Returns a device in PyTorch's spelling: {@code cpu} or {@code cuda:0}. */
    public static String describe(Device d) {
        return d.isGpu() ? "cuda:" + d.getDeviceId() : "cpu";
    }

    /** Sets the number of intra-op threads used by the engine from now on. */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        pytorch();
        synchronized (THREAD_COUNT_LOCK) {
            JniUtils.setNumThreads(threads);
            configuredThreads = threads;
        }
    }

    /**
     * Sets the number of intra-op threads of the calling thread only; every other thread keeps the
     * configured count ({@link #setThreads}). libtorch's OpenMP thread count is per thread, but setting it
     * also sets the count that threads starting their first op inherit, so that default is put back at once
     * from a short-lived thread. Used by work that runs on several threads side by side, one intra-op
     * thread each (the window's what-if evaluation), where independent threads lose less to a busy core
     * than one team whose members wait for each other at every op.
     */
    public static void setThreadsOnThisThread(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        pytorch();
        synchronized (THREAD_COUNT_LOCK) {
            int others = configuredThreads;
            // First let libtorch initialize this thread's count (it does so once per thread, from the default,
            // on the thread's first parallel op), or that first op would undo the setting below.
            JniUtils.getNumThreads();
            JniUtils.setNumThreads(threads);
            if (threads != others) {
                Thread restore = new Thread(() -> JniUtils.setNumThreads(others), "rankbench-thread-count");
                restore.start();
                try {
                    restore.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while setting the engine's thread count", e);
                }
            }
        }
    }

    /**
     * Returns the intra-op thread count a thread gets unless it sets its own: the count last set with
     * {@link #setThreads}, or the default if the engine has not started (without starting it).
     */
    public static int configuredThreads() {
        int n = configuredThreads;
        return n > 0 ? n : defaultThreads();
    }

    /**
     * Describes the settings that change the engine's speed or the last float digits of its results, without
     * starting it: intra-op threads, OpenMP runtime (once the engine has started), activation layout and
     * native heap policy. Recorded with every run ({@code SoftwareVersions}).
     */
    public static String settings() {
        return configuredThreads() + " intra-op threads; OpenMP: "
                + OpenMp.current().map(OpenMp.Loaded::describe).orElse("engine not started")
                + "; activation layout: " + ActivationLayout.configured().describe()
                + "; native heap: " + NativeHeap.Policy.configured().id();
    }

    /** Returns the number of intra-op threads the engine currently uses. */
    public static int threads() {
        pytorch();
        return JniUtils.getNumThreads();
    }
}
