package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("engine")
class EngineOfflineTest {

    /**
     * Starts the engine in a fresh JVM with an empty DJL cache and every HTTP(S) connection routed to a
     * closed port: it can only succeed if the natives come from the class path and nothing is downloaded.
     * The program sets offline mode itself (the child gets no ai.djl.offline property).
     */
    @Test
    void engineStartsWithEmptyCacheAndNoNetwork(@TempDir Path cache) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(
                java,
                "-Dhttp.proxyHost=127.0.0.1",
                "-Dhttp.proxyPort=9",
                "-Dhttps.proxyHost=127.0.0.1",
                "-Dhttps.proxyPort=9",
                "-Djava.net.useSystemProxies=false",
                "-cp",
                System.getProperty("java.class.path"),
                EngineProbe.class.getName()));
        pb.environment().put("DJL_CACHE_DIR", cache.toString());
        pb.environment().remove("ENGINE_CACHE_DIR");
        String output = EngineProbe.run(pb);
        assertTrue(output.contains("OK PyTorch 2.7.1 10.0 offline=true"), output);
        assertTrue(output.contains("NETWORK "), output);
        // libtorch's own warnings (e.g. on deprecated native calls) would reach every command's stderr.
        assertFalse(output.contains("Warning:"), output);
        try (Stream<Path> s = Files.walk(cache)) {
            assertTrue(
                    s.anyMatch(f -> f.getFileName().toString().startsWith("libtorch")),
                    "natives were unpacked into the empty cache from the class path");
        }
    }
}
