package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Which OpenMP runtime runs libtorch's parallel regions: LLVM's when it is installed (and then libtorch's
 * calls really reach it), GNU's when asked for or when LLVM's is missing, and in each case the engine
 * computes the same.
 */
@Tag("engine")
class OpenMpRuntimeTest {

    @Test
    void thisJvmUsesLlvmWhereverItIsInstalledAndLibtorchReachesIt() {
        Engines.pytorch();
        OpenMp.Loaded l = OpenMp.current().orElseThrow();
        if (OpenMp.llvmCandidates().isEmpty() || System.getProperty("rankbench.openmp") != null) {
            assumeFalse(true, "LLVM's OpenMP runtime is not installed here (or a runtime was chosen)");
        }
        assertEquals(OpenMp.Runtime.LLVM, l.runtime(), l.describe());
        assertEquals(1, EngineProbe.parallelOp(2));
        assertTrue(OpenMp.llvmKnownThreads() >= 2, "libomp knows " + OpenMp.llvmKnownThreads() + " threads");
    }

    @Test
    void eachRuntimeStartsTheEngineAndSaysWhichItIs() throws IOException, InterruptedException {
        String gnu = probe("gnu");
        assertTrue(gnu.contains("GNU libgomp (bundled with libtorch), idle threads: sleep at once"), gnu);
        assertTrue(gnu.contains("known=-1 exact=1"), gnu);
        if (!OpenMp.llvmCandidates().isEmpty()) {
            String llvm = probe("llvm");
            assertTrue(llvm.contains("LLVM libomp (/usr/lib/") && llvm.contains("spin 1 ms, then sleep"), llvm);
            assertTrue(llvm.matches("(?s).*known=[2-9] exact=1.*"), llvm);
        }
    }

    private static String probe(String openmp) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(
                java,
                "-Drankbench.openmp=" + openmp,
                "-Drankbench.threads=2",
                "-cp",
                System.getProperty("java.class.path"),
                EngineProbe.class.getName(),
                "openmp"));
        for (String own : new String[] {"OMP_WAIT_POLICY", "KMP_BLOCKTIME", "GOMP_SPINCOUNT", "LD_PRELOAD"}) {
            pb.environment().remove(own);
        }
        return EngineProbe.run(pb);
    }
}
