package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing of device choices and their resolution against what the engine sees (no engine needed). */
class DeviceChoiceTest {

    @Test
    void idsAreLowerCaseAndRoundTrip() {
        assertEquals(
                List.of("auto", "cpu", "gpu"),
                Stream.of(DeviceChoice.values()).map(DeviceChoice::id).toList());
        for (DeviceChoice c : DeviceChoice.values()) {
            assertEquals(c, DeviceChoice.fromId(c.id()));
        }
    }

    @ParameterizedTest
    @CsvSource({"GPU, GPU", "' cpu ', CPU", "Auto, AUTO"})
    void parsingIgnoresCaseAndSurroundingSpaces(String text, DeviceChoice expected) {
        assertEquals(expected, DeviceChoice.fromId(text));
    }

    @Test
    void anUnknownDeviceNamesItAndListsTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.fromId("tpu"));
        assertEquals("unknown device 'tpu'; choose one of auto, cpu, gpu", e.getMessage());
        assertEquals(
                "unknown device 'null'; choose one of auto, cpu, gpu",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.fromId(null))
                        .getMessage());
    }

    @Test
    void autoTakesTheFirstGpuWhenTheEngineSeesOneAndTheCpuOtherwise() {
        assertEquals(Device.gpu(0), Engines.resolve(DeviceChoice.AUTO, new Engines.GpuView(true, 2)));
        assertEquals(Device.cpu(), Engines.resolve(DeviceChoice.AUTO, new Engines.GpuView(true, 0)));
        assertEquals(Device.cpu(), Engines.resolve(DeviceChoice.AUTO, new Engines.GpuView(false, 0)));
    }

    @Test
    void cpuIsTheCpuEvenWithGpusVisible() {
        assertEquals(Device.cpu(), Engines.resolve(DeviceChoice.CPU, new Engines.GpuView(true, 4)));
    }

    @Test
    void gpuTakesTheFirstGpu() {
        assertEquals(Device.gpu(0), Engines.resolve(DeviceChoice.GPU, new Engines.GpuView(true, 1)));
    }

    @Test
    void gpuWithoutCudaNativesSaysToBuildWithTheCudaProfile() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> Engines.resolve(DeviceChoice.GPU, new Engines.GpuView(false, 0)));
        assertEquals(
                "the PyTorch engine sees no CUDA GPU; this build has CPU natives — build with -Pcuda on a "
                        + "machine with CUDA",
                e.getMessage());
    }

    @Test
    void gpuWithCudaNativesButNoGpuPointsAtTheDriver() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> Engines.resolve(DeviceChoice.GPU, new Engines.GpuView(true, 0)));
        assertEquals(
                "the PyTorch engine sees no CUDA GPU; its natives have CUDA, so check the NVIDIA driver and "
                        + "CUDA_VISIBLE_DEVICES",
                e.getMessage());
    }

    @Test
    void devicesAreDescribedInPyTorchSpelling() {
        assertEquals("cpu", Engines.describe(Device.cpu()));
        assertEquals("cuda:1", Engines.describe(Device.gpu(1)));
    }

    @Test
    void theNativesOfThisBuildAreTheCpuOnesUnlessBuiltWithTheCudaProfile() {
        String flavor = Engines.nativesFlavor();
        assertTrue(flavor.equals("cpu") || flavor.startsWith("cu"), flavor);
    }
}
