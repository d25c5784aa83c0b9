package rankbench.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared runner of the reader fuzz tests: each {@link Case} is materialized as files in a fresh
 * directory, handed to the reader under a per-case timeout in this JVM's normal heap, and classified.
 * A case may end only in the reader's own exception type with a one-line message that names the input
 * (refused) or in a load that passes the test's checks; anything else (another exception type, a
 * timeout, an {@link OutOfMemoryError}, a message without the file, a refusal where a load is required
 * or the other way round) is a failure. Counts per kind and outcome go to the log and to
 * {@code target/fuzz/<reader>.txt}.
 */
public final class Fuzz {

    private static final Logger LOG = LoggerFactory.getLogger(Fuzz.class);
    /** Per-case time limit: far above any honest case (milliseconds), low enough to catch a hang. */
    public static final Duration PER_CASE = Duration.ofSeconds(20);

    private Fuzz() {}

    /** What a case may end in. */
    public enum Expect {
        /** Must be refused. */
        REFUSE,
        /** Refused, or loaded exactly as the original input. */
        SAME_OR_REFUSE,
        /** Refused, or loaded (a different but valid input: the load must pass the test's own check). */
        ANY,
        /** Must load (a valid variation). */
        LOAD
    }

    /** Extra preparation of a case's directory (a sparse file, a folder where a file should be). */
    @FunctionalInterface
    public interface Setup {
        /** Prepares {@code dir} after the case's files were written. */
        void apply(Path dir) throws IOException;
    }

    /**
     * One input: its family, what it may end in, files (relative path to bytes) and an optional setup.
     *
     * @param kind the family, for the counts
     * @param expect what it may end in
     * @param files the files to write, by path relative to the case directory
     * @param setup more preparation, or null
     * @param label a description for failure messages
     */
    public record Case(String kind, Expect expect, Map<String, byte[]> files, Setup setup, String label) {
        /** A case of one file. */
        public static Case of(String kind, Expect expect, String file, byte[] bytes) {
            return new Case(kind, expect, Map.of(file, bytes), null, "");
        }

        /** A copy with a description. */
        public Case labeled(String l) {
            return new Case(kind, expect, files, setup, l);
        }
    }

    /** Reads the input in a case directory. */
    @FunctionalInterface
    public interface Loader<T> {
        /** Loads; throws the reader's exception type to refuse. */
        T load(Path dir) throws Exception;
    }

    /** Checks a load; throws (any {@link Throwable}) to report it as wrong. */
    @FunctionalInterface
    public interface Check<T> {
        /** Checks {@code loaded}, read from {@code c}. */
        void check(Case c, T loaded) throws Exception;
    }

    /** Outcome counts of one kind. */
    public static final class Tally {
        int cases;
        int refused;
        int loaded;
        int failed;
        String sample;
    }

    /** The outcome of a run: counts per kind, failures, the table written to the report. */
    public record Report(String reader, int cases, Map<String, Tally> tallies, List<String> failures, String table) {}

    /**
     * Runs every case.
     *
     * @param reader the reader's name (report file {@code target/fuzz/<reader>.txt})
     * @param seed the generator's seed, for the report
     * @param cases the inputs
     * @param dir an empty scratch directory
     * @param loader reads the input of a case directory
     * @param refusal the one exception type the reader may refuse with
     * @param same checks that a load equals the original ({@link Expect#SAME_OR_REFUSE})
     * @param valid checks any other load (for example that it saves and reads back unchanged)
     */
    public static <T> Report run(
            String reader,
            long seed,
            List<Case> cases,
            Path dir,
            Loader<T> loader,
            Class<? extends RuntimeException> refusal,
            Check<T> same,
            Check<T> valid)
            throws IOException {
        long t0 = System.nanoTime();
        Map<String, Tally> tallies = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Path work = dir.resolve("case");
        String where = work.toString();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Tally t = tallies.computeIfAbsent(c.kind(), k -> new Tally());
            t.cases++;
            String id = c.kind() + " #" + i + (c.label().isEmpty() ? "" : " (" + c.label() + ")");
            clean(work);
            Files.createDirectories(work);
            for (Map.Entry<String, byte[]> f : c.files().entrySet()) {
                Path p = work.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
            }
            if (c.setup() != null) {
                c.setup().apply(work);
            }
            T loaded;
            try {
                loaded = assertTimeoutPreemptively(PER_CASE, () -> loader.load(work), id);
            } catch (Throwable e) { // the reader's exception is rethrown as it is by assertTimeoutPreemptively
                String m = e.getMessage();
                if (!refusal.isInstance(e)) {
                    t.failed++;
                    failures.add(id + ": " + e);
                } else if (m == null || m.contains("\n") || m.contains("\r") || !m.contains(where)) {
                    t.failed++;
                    failures.add(id + ": the message does not name the file on one line: " + m);
                } else if (c.expect() == Expect.LOAD) {
                    t.failed++;
                    failures.add(id + ": refused, but is valid: " + m);
                } else {
                    t.refused++;
                    if (t.sample == null) {
                        t.sample = m.replace(where + "/", "").replace(where, "<dir>");
                    }
                }
                continue;
            }
            try {
                if (c.expect() == Expect.REFUSE) {
                    throw new AssertionError("loaded, but must be refused");
                }
                if (c.expect() == Expect.SAME_OR_REFUSE) {
                    same.check(c, loaded);
                } else {
                    valid.check(c, loaded);
                }
                t.loaded++;
            } catch (Throwable e) {
                t.failed++;
                failures.add(id + ": " + e);
            }
        }
        clean(work);
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT, "%s fuzz: %d cases in %.1f s (seed %d)%n", reader, cases.size(), seconds, seed));
        table.append(String.format(
                Locale.ROOT,
                "%-18s %6s %8s %7s %7s  %s%n",
                "kind",
                "cases",
                "refused",
                "loaded",
                "failed",
                "first message"));
        tallies.forEach((k, v) -> table.append(String.format(
                Locale.ROOT,
                "%-18s %6d %8d %7d %7d  %s%n",
                k,
                v.cases,
                v.refused,
                v.loaded,
                v.failed,
                v.sample == null ? "" : cut(v.sample))));
        LOG.info("{}", table);
        Path out = Path.of("target");
        if (Files.isDirectory(out)) {
            Files.createDirectories(out.resolve("fuzz"));
            Files.writeString(out.resolve("fuzz").resolve(reader + ".txt"), table);
        }
        return new Report(reader, cases.size(), tallies, failures, table.toString());
    }

    private static String cut(String s) {
        return s.length() <= 140 ? s : s.substring(0, 139) + "…";
    }

    /** Deletes a directory tree (without following links). */
    public static void clean(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                q.toFile().setWritable(true);
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The assertion of a fuzz test: no failure and at least {@code min} cases. */
    public static void assertClean(Report r, int min) {
        if (!r.failures().isEmpty()) {
            throw new AssertionError(
                    r.failures().size() + " of " + r.cases() + " " + r.reader() + " cases failed; first: "
                            + r.failures().subList(0, Math.min(8, r.failures().size())) + "\n" + r.table());
        }
        if (r.cases() < min) {
            throw new AssertionError("only " + r.cases() + " cases for " + r.reader() + ", want at least " + min);
        }
    }
}
