package rankbench.experiment.model;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the native memory libtorch frees for its next allocation instead of handing it back to the system.
 *
 * <p>RankBench computes on Java threads, which glibc's allocator serves from secondary arenas. With glibc's
 * defaults, the activations a training step frees (several MB each) go back to the system at the end of
 * the step and come back as fresh pages in the next: 1 000-5 000 page faults per ResNet-20 training step
 * here, against none in PyTorch's own process, and a step with many faults is 5-10 % slower
 * (docs/PERFORMANCE.md). {@link #prepare()} therefore raises glibc's trim threshold (memory at the top of a
 * heap is kept) and fixes its mmap threshold at its maximum, 32 MB (allocations up to that size come from
 * the heaps, not from a mapping of their own). The process then keeps its peak native memory until it
 * exits, reusing it for later work.
 *
 * <p>{@code -Drankbench.nativeHeap=keep|return} (default {@code keep}; {@code return} leaves glibc's
 * defaults). The user's own {@code MALLOC_TRIM_THRESHOLD_} or {@code MALLOC_MMAP_THRESHOLD_} win. Only on
 * Linux with glibc; elsewhere nothing is changed.
 */
final class NativeHeap {

    private static final Logger LOG = LoggerFactory.getLogger(NativeHeap.class);

    /** glibc's {@code M_TRIM_THRESHOLD}. */
    private static final int M_TRIM_THRESHOLD = -1;
    /** glibc's {@code M_MMAP_THRESHOLD}. */
    private static final int M_MMAP_THRESHOLD = -3;
    /** The largest mmap threshold glibc accepts on 64-bit systems ({@code HEAP_MAX_SIZE / 2}). */
    static final int MMAP_THRESHOLD = 32 * 1024 * 1024;

    private NativeHeap() {}

    /** What {@code -Drankbench.nativeHeap} asks for. */
    enum Policy {
        /** Keep freed memory for reuse (the default). */
        KEEP,
        /** glibc's defaults: give freed memory back. */
        RETURN;

        /** The identifier of {@code -Drankbench.nativeHeap} ({@code "keep"}). */
        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Policy configured() {
            String v = System.getProperty("rankbench.nativeHeap");
            return v == null || v.isBlank()
                    ? KEEP
                    : EnumIds.parse(values(), Policy::id, v, "-Drankbench.nativeHeap: unknown value");
        }
    }

    /** Applies the policy once, before the engine allocates; returns what was done, for the log. */
    static String prepare() {
        if (Policy.configured() == Policy.RETURN) {
            return "glibc defaults (-Drankbench.nativeHeap=return)";
        }
        if (System.getenv("MALLOC_TRIM_THRESHOLD_") != null || System.getenv("MALLOC_MMAP_THRESHOLD_") != null) {
            return "as the environment says";
        }
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return "unchanged (not Linux)";
        }
        try {
            boolean trim = LibC.INSTANCE.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE) == 1;
            boolean mmap = LibC.INSTANCE.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1;
            String done = "freed memory kept (trim threshold " + (trim ? "raised" : "unchanged") + ", mmap threshold "
                    + (mmap ? "32 MB" : "unchanged") + ")";
            LOG.debug("Native heap: {}", done);
            return done;
        } catch (Throwable e) { // not glibc, or JNA unavailable: keep the defaults
            LOG.debug("Could not tune the native heap: {}", e.toString());
            return "unchanged (" + e.getClass().getSimpleName() + ")";
        }
    }
}
