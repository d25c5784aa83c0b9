package rankbench.experiment.model;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch's OpenMP runtime: which one runs its parallel regions, and how its idle threads wait.
 *
 * <p>The libtorch natives bring GNU's libgomp. LLVM's OpenMP runtime (libomp, Debian package
 * {@code libomp5-16}) implements the same entry points and lets idle threads spin for a bounded time
 * (its "block time", in milliseconds) before they sleep. libgomp offers only a spin count that does not
 * know whether the machine is busy, and collapses under load when it is long (docs/PERFORMANCE.md has the
 * measurements). When libomp is found, {@link #prepare()} loads it into the process's global symbol scope
 * before libtorch loads, so libtorch's OpenMP calls bind to it instead of its own libgomp (the dynamic
 * linker searches the global scope first); {@link #llvmKnownThreads()} proves the binding.
 *
 * <p>Settings (system properties): {@code -Drankbench.openmp=auto|llvm|gnu} (default {@code auto}: LLVM
 * if found, else GNU; {@code llvm} fails the start if it is not found); {@code -Drankbench.ompBlocktime=MS}
 * for LLVM (default {@value #DEFAULT_BLOCKTIME_MS} ms); {@code -Drankbench.ompSpin=N} for GNU (default 0 =
 * sleep at once). The user's own {@code OMP_WAIT_POLICY}, {@code KMP_BLOCKTIME} or {@code GOMP_SPINCOUNT}
 * in the environment win over these.
 */
public final class OpenMp {

    private static final Logger LOG = LoggerFactory.getLogger(OpenMp.class);

    /** A runtime that can run libtorch's parallel regions. */
    public enum Runtime {
        /** LLVM's libomp, loaded ahead of libtorch. */
        LLVM("LLVM libomp"),
        /** GNU's libgomp, bundled with the libtorch natives. */
        GNU("GNU libgomp (bundled with libtorch)");

        private final String label;

        Runtime(String label) {
            this.label = label;
        }

        /** Returns a human-readable name. */
        public String label() {
            return label;
        }
    }

    /** What the user asks for with {@code -Drankbench.openmp}. */
    public enum Choice {
        /** LLVM's runtime if it is installed, else GNU's. */
        AUTO,
        /** LLVM's runtime; the engine does not start without it. */
        LLVM,
        /** GNU's runtime, as the libtorch natives ship it. */
        GNU;

        /** Returns the lower-case identifier ({@code "llvm"}). */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses an identifier written by {@link #id()} (case-insensitive, surrounding spaces ignored). */
        public static Choice fromId(String id) {
            return EnumIds.parse(values(), Choice::id, id, "-Drankbench.openmp: unknown value");
        }
    }

    /**
     * The runtime in use.
     *
     * @param runtime which runtime runs libtorch's parallel regions
     * @param library the file it was loaded from ({@code bundled} for GNU's)
     * @param waiting how idle threads wait, as set ("spin 1 ms, then sleep", "sleep at once", or the
     *     user's environment)
     */
    public record Loaded(Runtime runtime, String library, String waiting) {
        /** Returns one line for logs, {@code --version} and benchmark output. */
        public String describe() {
            return runtime.label() + (runtime == Runtime.LLVM ? " (" + library + ")" : "") + ", idle threads: "
                    + waiting;
        }
    }

    /** LLVM block time RankBench sets unless told otherwise: spin this long, then sleep. */
    static final int DEFAULT_BLOCKTIME_MS = 1;

    /** GNU spin rounds RankBench sets unless told otherwise (0 = sleep at once). */
    static final long DEFAULT_OMP_SPIN = 0;

    private static final int RTLD_NOW = 0x2;
    private static final int RTLD_GLOBAL = 0x100;

    private static volatile Loaded loaded;
    /** Held for the life of the process: JNA would close the library when this is collected. */
    private static volatile NativeLibrary llvmLibrary;

    private OpenMp() {}

    /**
     * Chooses the runtime and its waiting, once, before libtorch loads (called by {@link Engines} as the
     * engine starts). Later calls return the first result.
     *
     * @throws IllegalStateException if {@code -Drankbench.openmp=llvm} and libomp cannot be loaded
     * @throws IllegalArgumentException if a setting is malformed
     */
    static synchronized Loaded prepare() {
        if (loaded != null) {
            return loaded;
        }
        Choice choice = choice();
        Loaded l = null;
        if (choice != Choice.GNU) {
            l = loadLlvm(choice == Choice.LLVM);
        }
        if (l == null) {
            l = new Loaded(Runtime.GNU, "bundled", gnuWaiting());
        }
        loaded = l;
        LOG.debug("OpenMP: {}", l.describe());
        return l;
    }

    /** Returns the runtime in use, if the engine has started. */
    public static Optional<Loaded> current() {
        return Optional.ofNullable(loaded);
    }

    /** Returns the setting of {@code -Drankbench.openmp} (default {@link Choice#AUTO}). */
    static Choice choice() {
        String v = System.getProperty("rankbench.openmp");
        return v == null || v.isBlank() ? Choice.AUTO : Choice.fromId(v);
    }

    private static Loaded loadLlvm(boolean required) {
        List<Path> candidates = llvmCandidates();
        for (Path p : candidates) {
            try {
                llvmLibrary = NativeLibrary.getInstance(
                        p.toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | RTLD_GLOBAL));
                // libomp reads its settings when it initializes, on its first call (libtorch's, later).
                setenvIfAbsent("LIBOMP_NUM_HIDDEN_HELPER_THREADS", "0");
                return new Loaded(Runtime.LLVM, p.toString(), llvmWaiting());
            } catch (UnsatisfiedLinkError e) {
                LOG.debug("Could not load {}: {}", p, e.getMessage());
            }
        }
        if (required) {
            throw new IllegalStateException("-Drankbench.openmp=llvm: LLVM's OpenMP runtime (libomp.so.5) was not "
                    + "found or did not load (looked at " + candidates + "); install Debian's libomp5-16");
        }
        return null;
    }

    /** Where libomp may be: the distribution's library directory, then LLVM's own, newest first. */
    static List<Path> llvmCandidates() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        String arch = System.getProperty("os.arch", "");
        String multiarch = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64-linux-gnu" : arch + "-linux-gnu";
        Path system = Path.of("/usr/lib", multiarch, "libomp.so.5");
        if (Files.isRegularFile(system)) {
            found.add(system);
        }
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib"))) {
            dirs.filter(d -> d.getFileName().toString().matches("llvm-\\d+"))
                    .sorted(Comparator.comparingInt((Path d) ->
                                    Integer.parseInt(d.getFileName().toString().substring(5)))
                            .reversed())
                    .map(d -> d.resolve("lib/libomp.so.5"))
                    .filter(Files::isRegularFile)
                    .forEach(found::add);
        } catch (IOException | SecurityException e) {
            LOG.debug("Could not list /usr/lib: {}", e.toString());
        }
        return found;
    }

    /** Sets LLVM's block time unless the user chose how threads wait; returns what applies. */
    private static String llvmWaiting() {
        String own = userWaiting("KMP_BLOCKTIME", "OMP_WAIT_POLICY");
        if (own != null) {
            return own;
        }
        int ms = blocktimeMillis();
        setenvIfAbsent("KMP_BLOCKTIME", String.valueOf(ms));
        return ms == 0 ? "sleep at once" : "spin " + ms + " ms, then sleep";
    }

    /** Sets GNU's waiting unless the user chose; returns what applies. */
    private static String gnuWaiting() {
        String own = userWaiting("OMP_WAIT_POLICY", "GOMP_SPINCOUNT");
        if (own != null) {
            return own;
        }
        long spin = ompSpin();
        if (spin == 0) {
            setenvIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
            return "sleep at once";
        }
        setenvIfAbsent("GOMP_SPINCOUNT", String.valueOf(spin));
        return "spin " + spin + " rounds, then sleep";
    }

    private static String userWaiting(String... names) {
        for (String n : names) {
            String v = System.getenv(n);
            if (v != null) {
                return "as the environment says (" + n + "=" + v + ")";
            }
        }
        return null;
    }

    /** The LLVM block time in ms ({@code -Drankbench.ompBlocktime}, default {@value #DEFAULT_BLOCKTIME_MS}). */
    static int blocktimeMillis() {
        return (int) wholeNumber("rankbench.ompBlocktime", DEFAULT_BLOCKTIME_MS, 1_000);
    }

    /** The GNU spin count ({@code -Drankbench.ompSpin}, default {@value #DEFAULT_OMP_SPIN}). */
    static long ompSpin() {
        return wholeNumber("rankbench.ompSpin", DEFAULT_OMP_SPIN, Long.MAX_VALUE);
    }

    private static long wholeNumber(String property, long defaultValue, long max) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0 || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-D" + property + " must be a whole number from 0 to " + max + ", got '" + v + "'");
        }
    }

    /**
     * Returns how many threads LLVM's runtime manages (its {@code kmp_get_num_known_threads}), or -1 if
     * it is not in use. After libtorch ran a parallel region on n threads this is at least n exactly when
     * libtorch's calls reached libomp.
     */
    public static int llvmKnownThreads() {
        NativeLibrary lib = llvmLibrary;
        if (lib == null) {
            return -1;
        }
        return lib.getFunction("kmp_get_num_known_threads").invokeInt(new Object[0]);
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
}
