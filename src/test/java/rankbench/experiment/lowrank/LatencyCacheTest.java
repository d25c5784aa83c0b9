package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;

/** Measured staircases on disk: exact round trips, and nothing trusted that is corrupt or foreign. */
class LatencyCacheTest {

    @TempDir
    Path dir;

    private static final LatencyKey.Machine HERE =
            new LatencyKey.Machine("Test CPU 9000", 2, "DJL 0.34.0, PyTorch 2.7.1");
    private static final List<Scheme> SCHEMES = List.of(Scheme.CHANNEL, Scheme.TUCKER2);

    private static LatencyKey key(LatencyKey.Machine m) {
        return new LatencyKey(
                LatencyKey.FORMAT, m, 128, 3, 10, 16, SCHEMES, "conv 64->64 k3x3 s1x1 p1x1 bias=false in 64x7x7");
    }

    private static LatencyStaircase staircase() {
        return new LatencyStaircase(
                2.0794321987654323,
                List.of(
                        new LatencyStaircase.Step(LayerPlan.of(Scheme.CHANNEL, 16), 1.0912345678901234),
                        new LatencyStaircase.Step(LayerPlan.of(Scheme.CHANNEL, 32), 1.4),
                        new LatencyStaircase.Step(LayerPlan.tucker2(16, 16), 0.6543210987654321)));
    }

    @Test
    void aStaircaseRoundTripsExactly() {
        LatencyCache cache = new LatencyCache(dir.resolve("latency"));
        assertEquals(Optional.empty(), cache.read(key(HERE)));
        cache.write(key(HERE), staircase());
        assertTrue(Files.isRegularFile(cache.file(key(HERE))));
        assertEquals(Optional.of(staircase()), cache.read(key(HERE)));
    }

    @Test
    void aFileFromAnotherMachineThreadCountOrEngineIsIgnored() throws Exception {
        LatencyCache cache = new LatencyCache(dir);
        for (LatencyKey.Machine other : List.of(
                new LatencyKey.Machine("Other CPU", 2, HERE.engine()),
                new LatencyKey.Machine(HERE.cpu(), 1, HERE.engine()),
                new LatencyKey.Machine(HERE.cpu(), 2, "DJL 0.33.0, PyTorch 2.5.1"))) {
            assertNotEquals(key(other).fileName(), key(HERE).fileName());
            cache.write(key(other), staircase());
            // copied over this machine's file name: the key inside does not match, so it is not trusted
            Files.copy(cache.file(key(other)), cache.file(key(HERE)), StandardCopyOption.REPLACE_EXISTING);
            assertEquals(Optional.empty(), cache.read(key(HERE)), other.toString());
            assertEquals(Optional.of(staircase()), cache.read(key(other)));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "{\"key\":",
                "null",
                "{}",
                "{\"key\":null,\"staircase\":null}",
                "[1,2,3]",
                "{\"unknown\":1}"
            })
    void aCorruptFileIsIgnored(String content) throws Exception {
        LatencyCache cache = new LatencyCache(dir);
        Files.writeString(cache.file(key(HERE)), content);
        assertEquals(Optional.empty(), cache.read(key(HERE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"ms\" : 1.4", "\"denseMs\" : 2.0794321987654323", "\"rank\" : 32"})
    void aFileWithBadValuesIsIgnored(String field) throws Exception {
        LatencyCache cache = new LatencyCache(dir);
        cache.write(key(HERE), staircase());
        Path f = cache.file(key(HERE));
        String good = Files.readString(f);
        assertTrue(good.contains(field), good);
        String name = field.substring(0, field.indexOf(':') + 1);
        for (String bad : List.of("-1.0", "0", "\"NaN\"", "null", "1e999")) {
            Files.writeString(f, good.replace(field, name + " " + bad), StandardCharsets.UTF_8);
            assertEquals(Optional.empty(), cache.read(key(HERE)), field + " -> " + bad);
        }
    }

    @Test
    void aFailedWriteLosesOnlyTheCache() throws Exception {
        Path notADirectory = dir.resolve("file");
        Files.writeString(notADirectory, "x");
        LatencyCache cache = new LatencyCache(notADirectory);
        cache.write(key(HERE), staircase()); // logged, not thrown
        assertEquals(Optional.empty(), cache.read(key(HERE)));
    }

    @Test
    void theCpuModelIsReadFromCpuinfoWithAFallback() throws Exception {
        Path info = dir.resolve("cpuinfo");
        Files.writeString(
                info,
                "processor\t: 0\nvendor_id\t: X\nmodel name\t: Intel(R)  Xeon(R) Platinum\n"
                        + "processor\t: 1\nmodel name\t: Intel(R)  Xeon(R) Platinum\n");
        assertEquals("Intel(R) Xeon(R) Platinum", LatencyKey.Machine.cpuModel(info));
        String fallback = LatencyKey.Machine.cpuModel(dir.resolve("missing"));
        assertTrue(fallback.contains(System.getProperty("os.arch")), fallback);
    }

    @Test
    void candidatesAreMultiplesBelowBreakEvenAndTuckerKeepsTheChannelRatio() {
        FeatureShape in = new FeatureShape(1, 28, 28);
        List<LayerInfo> layers = NetworkSpec.layers(Architecture.RESNET20.build(in, 10), in);
        for (LayerInfo l : layers) {
            List<LayerPlan> c = LatencyStaircase.candidates(
                    l, List.of(Scheme.CHANNEL, Scheme.SPATIAL, Scheme.INPUT, Scheme.TUCKER2), 8);
            assertEquals(c.size(), c.stream().distinct().count(), l.name());
            for (LayerPlan p : c) {
                assertFalse(CostModel.layer(l, p).aboveBreakEven(), l.name() + " " + p);
                if (p.scheme() == Scheme.TUCKER2) {
                    assertEquals(0, p.outRank() % 8);
                    assertEquals(0, p.inRank() % 8);
                    int cout = l.weightShape().get(0);
                    int cin = l.weightShape().get(1);
                    assertEquals((double) p.outRank() / cout, (double) p.inRank() / cin, 8.0 / Math.min(cout, cin));
                } else {
                    assertEquals(0, p.rank() % 8, l.name() + " " + p);
                    assertEquals(l.isConv() ? p.scheme() : Scheme.LINEAR, p.scheme());
                }
            }
        }
        LayerInfo l3 = layers.stream()
                .filter(l -> l.name().equals("layer3.1.conv1"))
                .findFirst()
                .orElseThrow();
        // 64 x 576 view: break-even 57.6, so channel ranks 16, 32, 48
        assertEquals(
                List.of(
                        LayerPlan.of(Scheme.CHANNEL, 16),
                        LayerPlan.of(Scheme.CHANNEL, 32),
                        LayerPlan.of(Scheme.CHANNEL, 48)),
                LatencyStaircase.candidates(l3, List.of(Scheme.CHANNEL), 16));
    }
}
