package rankbench.experiment.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Started in a child JVM by {@link EngineOfflineTest} and {@link OpenMpRuntimeTest}: starts the engine and
 * computes something.
 */
public final class EngineProbe {

    private EngineProbe() {}

    /**
     * Prints "OK engine-version sum offline=..." and "NETWORK n parameters" (after writing a network's
     * weights) on success; with the argument {@code openmp}, also the
     * OpenMP runtime in use and how many threads LLVM's runtime knows after a parallel op.
     */
    public static void main(String[] args) {
        var engine = Engines.pytorch();
        try (NDManager m = engine.newBaseManager()) {
            float s = m.arange(5f).sum().getFloat();
            System.out.println("OK " + engine.getEngineName() + " " + engine.getVersion() + " " + s + " offline="
                    + System.getProperty("ai.djl.offline"));
        }
        // Weights written into a network: the path every command that loads a model takes.
        FeatureShape in = new FeatureShape(1, 28, 28);
        try (Network net = Network.create(Architecture.fromId("lenet5").build(in, 10), in, 1)) {
            System.out.println("NETWORK " + net.parameters().size() + " parameters");
        }
        if (args.length > 0 && args[0].equals("openmp")) {
            int sum = parallelOp(2);
            System.out.println("OPENMP " + OpenMp.current().orElseThrow().describe() + " known="
                    + OpenMp.llvmKnownThreads() + " exact=" + sum);
        }
    }

    /**
     * Runs {@code pb} (a child JVM with this class as its main class), its error output merged into its
     * output, and returns that output once the child exited with 0; a child still running after 120 s or
     * failing fails the test, with its output.
     */
    static String run(ProcessBuilder pb) throws IOException, InterruptedException {
        pb.redirectErrorStream(true);
        Process p = pb.start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            throw new AssertionError("engine probe timed out: " + output);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("engine probe exited with " + p.exitValue() + ": " + output);
        }
        return output;
    }

    /**
     * Runs ops large enough for libtorch to split over {@code threads} threads (2^20 elements, above ATen's
     * grain size) and returns 1 if their result is exact ({@code max(x, 0) + min(x, 0) == x} everywhere),
     * else 0. The engine's configured thread count is put back afterwards.
     */
    static int parallelOp(int threads) {
        int before = Engines.configuredThreads();
        Engines.setThreads(threads);
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.linspace(-1f, 1f, 1 << 20).reshape(new Shape(1 << 10, 1 << 10));
            NDArray y = x.maximum(0f).add(x.minimum(0f));
            return y.sub(x).abs().max().getFloat() == 0f ? 1 : 0;
        } finally {
            Engines.setThreads(before);
        }
    }
}
