package rankbench.experiment.session;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens well over a thousand damaged, truncated and hostile session files made by a seeded generator. Each
 * must end in a {@link SessionFileException} whose message starts with the file's name, or in a load;
 * where the damage cannot have changed the content (a flipped byte the format ignores) the load must give
 * the original session, where the case is invalid by construction it must be refused, and a session that
 * is accepted must save and read back unchanged. Every case has a
 * timeout and runs in this JVM's normal heap, so a hang or an OutOfMemoryError fails the test. The counts
 * per kind go to the log and to {@code target/session-fuzz-report.txt}.
 */
class SessionFileFuzzTest {

    private static final Logger LOG = LoggerFactory.getLogger(SessionFileFuzzTest.class);
    private static final Duration PER_CASE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    /** Outcome counts of one kind. */
    private static final class Tally {
        int cases;
        int refused;
        int loaded;
        String sample;
    }

    @Test
    void damagedAndHostileFilesAreRefusedCleanly() throws Exception {
        long t0 = System.nanoTime();
        FuzzCorpus corpus = new FuzzCorpus(1201);
        List<FuzzCorpus.Case> cases = corpus.cases;
        ExperimentSession original = corpus.original;

        Map<String, Tally> tallies = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Path f = dir.resolve("fuzz" + SessionFiles.EXTENSION);
        String prefix = f + ": ";
        for (int i = 0; i < cases.size(); i++) {
            FuzzCorpus.Case c = cases.get(i);
            Files.write(f, c.bytes());
            Tally t = tallies.computeIfAbsent(c.kind(), k -> new Tally());
            t.cases++;
            ExperimentSession loaded = null;
            String refusal = null;
            try {
                loaded = assertTimeoutPreemptively(PER_CASE, () -> SessionFiles.read(f), c.kind() + " #" + i);
            } catch (Throwable e) { // SessionFileException is rethrown unchecked by assertTimeoutPreemptively
                if (!(e instanceof SessionFileException)) { // a timeout, an OutOfMemoryError, any other failure
                    failures.add(c.kind() + " #" + i + ": " + e);
                    continue;
                }
                refusal = e.getMessage();
            }
            if (refusal != null) {
                t.refused++;
                if (t.sample == null) {
                    t.sample = refusal.substring(Math.min(refusal.length(), prefix.length()));
                }
                if (!refusal.startsWith(prefix) || refusal.contains("\n")) {
                    failures.add(c.kind() + " #" + i + ": message does not name the file on one line: " + refusal);
                }
                continue;
            }
            t.loaded++;
            if (c.expect() == FuzzCorpus.Expect.REFUSE) {
                failures.add(c.kind() + " #" + i + " " + c.label() + ": loaded, but must be refused");
            } else if (c.expect() == FuzzCorpus.Expect.SAME_OR_REFUSE) {
                try {
                    SessionFixtures.assertSameSession(original, loaded);
                } catch (AssertionError e) {
                    failures.add(c.kind() + " #" + i + ": loaded a different session: " + e.getMessage());
                }
            } else {
                try { // whatever is accepted can be saved and reads back the same
                    ExperimentSession again =
                            SessionFiles.read(new ByteArrayInputStream(SessionBytes.bytes(loaded)), "re-saved");
                    SessionFixtures.assertSameSession(loaded, again);
                } catch (AssertionError | SessionFileException | RuntimeException e) {
                    failures.add(c.kind() + " #" + i + ": loaded, but does not save and read back: " + e);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder report = new StringBuilder(String.format(
                Locale.ROOT, "session-file fuzz: %d cases in %.1f s (seed 1201)%n", cases.size(), seconds));
        report.append(String.format("%-16s %6s %8s %7s  %s%n", "kind", "cases", "refused", "loaded", "first message"));
        tallies.forEach((k, t) -> report.append(String.format(
                "%-16s %6d %8d %7d  %s%n", k, t.cases, t.refused, t.loaded, t.sample == null ? "" : t.sample)));
        LOG.info("{}", report);
        Path out = Path.of("target", "session-fuzz-report.txt");
        if (Files.isDirectory(out.getParent())) {
            Files.writeString(out, report);
        }
        assertTrue(
                failures.isEmpty(),
                failures.size() + " failures, first ones: " + failures.subList(0, Math.min(10, failures.size())));
        assertTrue(cases.size() >= 1000, "only " + cases.size() + " cases");
    }
}
