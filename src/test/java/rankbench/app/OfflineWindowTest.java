package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window with the network cut off: {@link OfflineWindowProbe} runs in a child JVM inside a new network
 * namespace ({@code unshare -n}) and must load the embedded model, the data and its first accuracy without
 * an error. Skipped where {@code unshare -n} is not available or not permitted.
 */
class OfflineWindowTest {

    @TempDir
    Path dir;

    @Test
    void theWindowOpensAndEvaluatesWithTheNetworkCutOff() throws Exception {
        Assumptions.assumeTrue(unshareWorks(), "unshare -n is not available here");
        Path out = dir.resolve("probe.out");
        String home = System.getProperty("user.home");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                "unshare",
                "-n",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dglass.platform=Monocle",
                "-Dmonocle.platform=Headless",
                "-Dprism.order=sw",
                "-Djava.awt.headless=true",
                "-Djava.util.prefs.userRoot=" + dir.resolve("prefs"),
                "-Duser.home=" + dir, // no recovery files at home
                "-Dorg.bytedeco.javacpp.cachedir=" + Path.of(home, ".javacpp", "cache"),
                "-cp",
                System.getProperty("java.class.path"),
                OfflineWindowProbe.class.getName()));
        pb.environment().put("RANKBENCH_THREADS", "1");
        pb.environment().putIfAbsent("DJL_CACHE_DIR", Path.of(home, ".djl.ai").toString()); // natives unpacked once
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), log);
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
