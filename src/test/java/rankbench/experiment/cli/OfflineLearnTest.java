package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.model.ModelFiles;

/**
 * Runs {@code learn} in a child JVM inside a new network namespace ({@code unshare -n}: no interface
 * but a down loopback), so any attempt to reach the network fails; it must still finish and write a
 * loadable model. Skipped where {@code unshare -n} is not available or not permitted.
 */
@Tag("engine")
class OfflineLearnTest {

    @TempDir
    Path dir;

    @Test
    void learnRunsWithTheNetworkCutOff() throws Exception {
        Assumptions.assumeTrue(unshareWorks(), "unshare -n is not available here");
        Path out = dir.resolve("learned.rbm");
        ChildJvm.Result r = ChildJvm.run(
                List.of("unshare", "-n"),
                300,
                "learn",
                "--method",
                "trp",
                "--limit",
                "256",
                "--epochs",
                "1",
                "--max-batches",
                "2",
                "--no-latency",
                "--test-limit",
                "64",
                "--threads",
                "1",
                "--out",
                out.toString(),
                "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.size(out) > 0);
        assertTrue(ModelFiles.read(out).weights().size() > 0);
    }

    private static boolean unshareWorks() {
        try {
            Process p = new ProcessBuilder("unshare", "-n", "true")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
