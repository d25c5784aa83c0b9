package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.engine.StandardCapabilities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.TestModels;

/** {@code --device} on the commands that compute, on this build's CPU natives. */
class CliDeviceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_GPU = "the PyTorch engine sees no CUDA GPU; this build has CPU natives — build "
            + "with -Pcuda on a machine with CUDA";

    @TempDir
    Path dir;

    @BeforeEach
    void defaultBuild() {
        assumeFalse(
                Engines.pytorch().hasCapability(StandardCapabilities.CUDA),
                "these tests describe the default build, whose natives have no CUDA");
    }

    @AfterEach
    void restoreTheDefaultDevice() {
        System.clearProperty("rankbench.device");
        Engines.setDevice(Engines.defaultDeviceChoice());
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "bench", "compress", "latency", "select", "learn", "finetune"})
    void everyComputingCommandOffersTheDevice(String command) {
        CliTest.Run r = CliTest.cli(command, "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--device=auto|cpu|gpu"), r.out());
    }

    @Test
    void gpuWithoutOneIsOneLineBeforeAnyModelOrDataIsRead() {
        CliTest.Run r = CliTest.cli(
                "evaluate",
                "--device",
                "gpu",
                "--model",
                dir.resolve("none.rbm").toString(),
                "--data",
                dir.resolve("nodata").toString());
        assertEquals(1, r.exit());
        assertEquals("Error: --device gpu: " + NO_GPU + System.lineSeparator(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void gpuWithoutOneStopsLearnBeforeItWritesAnything() throws IOException {
        Path model = dir.resolve("lenet.rbm");
        ModelFiles.write(TestModels.random(Architecture.LENET5, 1), model);
        CliTest.Run r = CliTest.cli(
                "learn",
                "--device",
                "gpu",
                "--method",
                "trp",
                "--model",
                model.toString(),
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "64",
                "--out",
                dir.resolve("out.rbm").toString(),
                "--session",
                dir.resolve("s.rbsession").toString());
        assertEquals(1, r.exit());
        assertEquals("Error: --device gpu: " + NO_GPU + System.lineSeparator(), r.err());
        assertEquals("", r.out());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(model), files.toList());
        }
    }

    @Test
    void gpuFromTheSystemPropertySaysWhereItCameFrom() {
        System.setProperty("rankbench.device", "gpu");
        CliTest.Run r = CliTest.cli("evaluate", "--data", dir.resolve("nodata").toString());
        assertEquals(1, r.exit());
        assertEquals(
                "Error: device (rankbench.device or RANKBENCH_DEVICE) gpu: " + NO_GPU,
                r.err().strip());
    }

    @Test
    void anUnknownDeviceIsAUsageErrorListingTheChoices() {
        CliTest.Run r = CliTest.cli("evaluate", "--device", "tpu");
        assertEquals(2, r.exit());
        assertEquals(
                "Error: Invalid value for option '--device': unknown device 'tpu'; choose one of auto, cpu, gpu; "
                        + "see rankbench evaluate --help",
                r.err().strip());
    }

    @Tag("engine")
    @Test
    void cpuGivesBitIdenticalResultsToNoFlag() throws IOException {
        Path model = dir.resolve("lenet.rbm");
        ModelFiles.write(TestModels.random(Architecture.LENET5, 4), model);
        String[] args = {
            "evaluate",
            "--json",
            "--model",
            model.toString(),
            "--data",
            "fashion-mnist-subset",
            "--limit",
            "96",
            "--batch",
            "32"
        };
        CliTest.Run plain = CliTest.cli(args);
        CliTest.Run cpu = CliTest.cli(
                Stream.concat(Stream.of(args), Stream.of("--device", "cpu")).toArray(String[]::new));
        CliTest.Run auto = CliTest.cli(
                Stream.concat(Stream.of(args), Stream.of("--device", "AUTO")).toArray(String[]::new));
        assertEquals(0, plain.exit(), plain.err());
        assertEquals(0, cpu.exit(), cpu.err());
        JsonNode a = JSON.readTree(plain.out());
        assertEquals(96, a.get("count").asLong());
        assertEquals(plain.out(), cpu.out()); // accuracy, loss, per-class and confusion, digit for digit
        assertEquals(plain.out(), auto.out());
    }

    @Tag("engine")
    @Test
    void benchReportsTheDeviceItRanOn() throws IOException {
        CliTest.Run r = CliTest.cli(
                "bench",
                "--json",
                "--device",
                "cpu",
                "--arch",
                "lenet5",
                "--batch",
                "4",
                "--infer-batch",
                "4",
                "--steps",
                "1",
                "--warmup",
                "0");
        assertEquals(0, r.exit(), r.err());
        assertEquals("cpu", JSON.readTree(r.out()).get("device").asText());
    }
}
