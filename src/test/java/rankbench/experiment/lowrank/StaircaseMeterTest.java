package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.NetworkSpec;

/** The staircase of every layer is measured once per geometry, cached, and read back only when trusted. */
@Tag("engine")
class StaircaseMeterTest {

    @TempDir
    Path dir;

    private static final FeatureShape IN = new FeatureShape(1, 8, 8);

    private static List<LayerInfo> layers() {
        LayerSpec.Sequence net = new LayerSpec.Sequence(
                "",
                List.of(
                        LayerSpec.Conv.square("conv1", 1, 8, 3, 1, 1, false),
                        LayerSpec.Conv.square("a", 8, 8, 3, 1, 1, false),
                        LayerSpec.Conv.square("b", 8, 8, 3, 1, 1, false),
                        LayerSpec.Conv.square("c", 8, 16, 3, 2, 1, false),
                        new LayerSpec.GlobalAvgPool("pool"),
                        new LayerSpec.Flatten("flatten"),
                        new LayerSpec.Dense("fc", 16, 4, true)));
        return NetworkSpec.layers(net, IN);
    }

    private StaircaseMeter meter(LatencyKey.Machine m, boolean remeasure) {
        return new StaircaseMeter(
                new LatencyMeter(2, 0, 1),
                m,
                List.of(Scheme.CHANNEL, Scheme.TUCKER2),
                2,
                new LatencyCache(dir),
                remeasure);
    }

    @Test
    void targetsGetTheirCandidatesOthersOnlyADenseTimeAndTheCacheIsReadBack() throws Exception {
        LatencyKey.Machine here = new LatencyKey.Machine("Test CPU", 1, "test engine");
        List<LayerInfo> layers = layers();
        StaircaseMeter meter = meter(here, false);
        LatencyTable t = meter.measure(layers, List.of("a", "b", "c"));
        assertEquals(
                List.of("conv1", "a", "b", "c", "fc"), List.copyOf(t.layers().keySet()));
        assertTrue(t.layers().get("conv1").steps().isEmpty());
        assertTrue(t.layers().get("fc").steps().isEmpty());
        assertSame(t.layers().get("a"), t.layers().get("b"), "equal geometry is measured once");
        for (String name : List.of("a", "c")) {
            LayerInfo l = layers.stream()
                    .filter(x -> x.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            List<LayerPlan> measured = t.layers().get(name).steps().stream()
                    .map(LatencyStaircase.Step::plan)
                    .toList();
            assertEquals(meter.candidates(l), measured);
            assertTrue(!measured.isEmpty());
        }
        try (var files = Files.list(dir)) {
            assertEquals(4, files.count(), "one file per geometry, targets or not");
        }
        LatencyTable again = meter(here, false).measure(layers, List.of("a", "b", "c"));
        assertEquals(
                t.layers().get("conv1"),
                again.layers().get("conv1"),
                "a dense time that is not a target's is " + "read back too, so the dense sum is the same in every run");
        assertEquals(t.layers().get("fc"), again.layers().get("fc"));
        assertEquals(t.layers().get("a"), again.layers().get("a"));
        assertEquals(t.layers().get("c"), again.layers().get("c"));
        // another thread count is another key: measured again (times from a fresh measurement differ)
        LatencyKey.Machine other = new LatencyKey.Machine("Test CPU", 2, "test engine");
        assertNotEquals(meter.key(layers.get(1)), meter(other, false).key(layers.get(1)));
        LatencyTable fresh = meter(here, true).measure(layers, List.of("c"));
        assertEquals(
                t.layers().get("c").steps().size(),
                fresh.layers().get("c").steps().size());
    }
}
