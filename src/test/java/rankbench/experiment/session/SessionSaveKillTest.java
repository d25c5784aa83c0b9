package rankbench.experiment.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a process that is saving a session (SIGKILL, at seeded random moments) again and again: after every
 * kill the file must open, with the content of the last save the child completed or of the one it had just
 * renamed into place when it died, never anything in between. Two files are tortured side by side (one
 * per core).
 */
class SessionSaveKillTest {

    private static final Logger LOG = LoggerFactory.getLogger(SessionSaveKillTest.class);
    private static final int KILLS_PER_FILE = 26;

    @TempDir
    Path dir;

    /** What one series of kills saw. */
    private record Tally(int kills, int midSave, int renamedUnreported, long saves) {}

    @Test
    void aSaveKilledAtAnyMomentLeavesTheOldOrTheNewFile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Tally>> futures = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                Path sub = Files.createDirectory(dir.resolve("w" + w));
                long seed = 20261201L + w;
                futures.add(pool.submit(() -> killRepeatedly(sub, seed)));
            }
            int kills = 0;
            int midSave = 0;
            int unreported = 0;
            long saves = 0;
            for (Future<Tally> f : futures) {
                Tally t = f.get(10, TimeUnit.MINUTES);
                kills += t.kills();
                midSave += t.midSave();
                unreported += t.renamedUnreported();
                saves += t.saves();
            }
            LOG.info(
                    "save-kill test: {} kills, {} during a save (temporary file left), {} after the rename but "
                            + "before the child reported it, {} completed saves",
                    kills,
                    midSave,
                    unreported,
                    saves);
            assertTrue(kills >= 50);
            assertTrue(midSave > 0, "no kill hit a save in progress; the test proved nothing");
        } finally {
            pool.shutdownNow();
        }
    }

    private Tally killRepeatedly(Path dir, long seed) throws Exception {
        Path file = dir.resolve("killed" + SessionFiles.EXTENSION);
        Path log = dir.resolve("child.log");
        Random rnd = new Random(seed);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int midSave = 0;
        int unreported = 0;
        long saves = 0;
        for (int round = 0; round < KILLS_PER_FILE; round++) {
            long first = (round + 1) * 1_000_000L;
            // stdout to a file: every line the child printed before it died is there, no pipe to race with
            Process p = new ProcessBuilder(List.of(
                            java,
                            "-Xmx128m",
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "-Xshare:auto",
                            "-cp",
                            System.getProperty("java.class.path"),
                            SessionSaverMain.class.getName(),
                            file.toString(),
                            String.valueOf(first)))
                    .redirectOutput(log.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                long readyNanos = -1;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (readyNanos < 0) {
                    assertTrue(p.isAlive(), "the saver died: " + Files.readString(log));
                    assertTrue(System.nanoTime() < deadline, "the saver did not get ready");
                    Thread.sleep(5);
                    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                        if (line.startsWith("ready ")) {
                            readyNanos = Long.parseLong(line.substring(6));
                        }
                    }
                }
                // somewhere in the next few saves (a warm save takes some 10-50 ms, most of it in fsync):
                // while writing, forcing, renaming, or between two saves
                Thread.sleep(rnd.nextInt((int) Math.max(2, Math.min(150, readyNanos / 1_000_000))));
            } finally {
                p.destroyForcibly();
                p.waitFor(60, TimeUnit.SECONDS);
            }
            long saved = -1;
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith("saved ")) {
                    saved = Long.parseLong(line.substring(6));
                }
            }
            saves += saved - first + 1;
            try (var l = Files.list(dir)) {
                List<Path> temps = l.filter(f -> f.getFileName().toString().endsWith(".tmp"))
                        .toList();
                midSave += temps.isEmpty() ? 0 : 1;
                for (Path t : temps) {
                    Files.delete(t); // what a killed save leaves behind (the target is intact)
                }
            }
            ExperimentSession s = SessionFiles.read(file); // throws if the file is damaged
            long g = Long.parseLong(s.title().substring("generation ".length()));
            assertEquals(SessionSaverMain.runs(g), s.runs().size(), "round " + round + ": a mix of two saves");
            assertTrue(
                    g == saved || g == saved + 1,
                    "round " + round + ": found generation " + g + ", last completed save " + saved);
            unreported += g == saved + 1 ? 1 : 0;
        }
        return new Tally(KILLS_PER_FILE, midSave, unreported, saves);
    }
}
