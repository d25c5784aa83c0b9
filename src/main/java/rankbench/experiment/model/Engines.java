package rankbench.experiment.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the deep-learning engine (PyTorch through DJL, CPU) offline and owns its thread settings.
 *
 * <p>Offline mode is set by the program itself: the libtorch natives come from the
 * {@code pytorch-native-cpu} Maven artifact, so nothing is ever downloaded. The intra-op thread
 * count defaults to the number of cores (2 on the reference machine; see docs/PERFORMANCE.md for the
 * measurement) and can be changed with {@code -Drankbench.threads=N}, the environment variable
 * {@code RANKBENCH_THREADS}, or {@link #setThreads(int)}.
 */
public final class Engines {

    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);
    private static volatile Engine engine;

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
        preferPassiveOpenMpThreads();
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.default_engine", "PyTorch");
        // One inter-op thread: RankBench never runs independent graph branches in parallel.
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        int threads = defaultThreads();
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        long t0 = System.nanoTime();
        Engine e = Engine.getEngine("PyTorch");
        LOG.debug("PyTorch engine {} started in {} ms with {} threads",
                e.getVersion(), (System.nanoTime() - t0) / 1_000_000, threads);
        return e;
    }

    /**
     * Makes libtorch's OpenMP threads sleep instead of spin while waiting, unless the user chose a
     * policy. libgomp reads {@code OMP_WAIT_POLICY} once, when libtorch is loaded, so it is set in the
     * process environment (through libc's setenv) before the engine starts. Measured on 2 cores
     * (docs/PERFORMANCE.md): with another busy process, spinning threads collapse ResNet-20 training
     * from ~600 to ~40 images/s; passive waiting keeps ~250.
     */
    private static void preferPassiveOpenMpThreads() {
        setenvIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    }

    private static void setenvIfAbsent(String name, String value) {
        if (System.getenv(name) != null) {
            return;
        }
        try {
            LibC.INSTANCE.setenv(name, value, 0);
        } catch (Throwable e) { // JNA unavailable on this platform: keep the default
            LOG.debug("Could not set {}: {}", name, e.toString());
        }
    }

    /** The one libc function RankBench needs. */
    private interface LibC extends com.sun.jna.Library {
        LibC INSTANCE = com.sun.jna.Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);
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

    /** Sets the number of intra-op threads used by the engine from now on. */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        pytorch();
        JniUtils.setNumThreads(threads);
    }

    /** Returns the number of intra-op threads the engine currently uses. */
    public static int threads() {
        pytorch();
        return JniUtils.getNumThreads();
    }
}
