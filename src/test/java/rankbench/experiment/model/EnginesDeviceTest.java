package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.Device;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The device setting against the real engine of this build (CPU natives) and, injected, a visible GPU. */
@Tag("engine")
class EnginesDeviceTest {

    private Supplier<Engines.GpuView> realGpus;

    @BeforeEach
    void keepTheProbe() {
        realGpus = Engines.gpus;
        assumeFalse(
                Engines.pytorch().hasCapability(StandardCapabilities.CUDA),
                "these tests describe the default build, whose natives have no CUDA");
    }

    @AfterEach
    void restore() {
        Engines.gpus = realGpus;
        System.clearProperty("rankbench.device");
        Engines.setDevice(Engines.defaultDeviceChoice());
    }

    @Test
    void autoIsTheCpuWhenTheEngineSeesNoGpu() {
        assertEquals(Device.cpu(), Engines.setDevice(DeviceChoice.AUTO));
        assertEquals(Device.cpu(), Engines.device());
    }

    @Test
    void aNetworkBuiltUnderAutoHasItsParametersAndBatchesOnTheCpu() {
        Engines.setDevice(DeviceChoice.AUTO);
        FeatureShape in = new FeatureShape(1, 28, 28);
        try (Network net = Network.create(Architecture.LENET5.build(in, 10), in, 3);
                NDManager m = net.manager().newSubManager()) {
            assertEquals(Device.cpu(), net.device());
            for (Parameter p : net.parameters().values()) {
                assertEquals(Device.cpu(), p.getArray().getDevice(), p.getName());
            }
            NDArray x = m.create(new float[28 * 28], new Shape(1, 1, 28, 28));
            assertEquals(Device.cpu(), x.getDevice());
            assertEquals(Device.cpu(), net.forward(x, false).getDevice());
        }
    }

    @Test
    void gpuFailsWithTheBuildHintAndLeavesTheDeviceAsItWas() {
        Engines.setDevice(DeviceChoice.CPU);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Engines.setDevice(DeviceChoice.GPU));
        assertEquals(
                "the PyTorch engine sees no CUDA GPU; this build has CPU natives — build with -Pcuda on a "
                        + "machine with CUDA",
                e.getMessage());
        assertEquals(Device.cpu(), Engines.device());
    }

    @Test
    void autoTakesTheFirstGpuWhenOneIsVisible() {
        Engines.gpus = () -> new Engines.GpuView(true, 2);
        assertEquals(Device.gpu(0), Engines.setDevice(DeviceChoice.AUTO));
        assertEquals(Device.gpu(0), Engines.device());
        assertEquals(Device.gpu(0), Engines.setDevice(DeviceChoice.GPU));
        assertEquals(Device.cpu(), Engines.setDevice(DeviceChoice.CPU));
    }

    @Test
    void theDefaultChoiceComesFromTheSystemPropertyAndIgnoresUnknownValues() {
        assumeFalse(System.getenv("RANKBENCH_DEVICE") != null, "RANKBENCH_DEVICE is set");
        assertEquals(DeviceChoice.AUTO, Engines.defaultDeviceChoice());
        System.setProperty("rankbench.device", "CPU");
        assertEquals(DeviceChoice.CPU, Engines.defaultDeviceChoice());
        System.setProperty("rankbench.device", "tpu");
        assertEquals(DeviceChoice.AUTO, Engines.defaultDeviceChoice());
    }
}
