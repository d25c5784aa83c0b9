package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.Device;
import ai.djl.engine.StandardCapabilities;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.model.DeviceChoice;
import rankbench.experiment.model.Engines;

/** The window's device setting in the preferences (no toolkit), against this build's CPU natives. */
class DeviceSettingTest {

    private static final String NO_GPU = "the PyTorch engine sees no CUDA GPU; this build has CPU natives — build "
            + "with -Pcuda on a machine with CUDA";

    private final Preferences node = Preferences.userRoot().node("rankbench-test/device-" + System.nanoTime());
    private final DeviceSetting setting = new DeviceSetting(node);

    @BeforeEach
    void noConfiguredDevice() {
        assumeFalse(System.getenv("RANKBENCH_DEVICE") != null, "RANKBENCH_DEVICE is set");
        System.clearProperty("rankbench.device");
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        node.removeNode();
        System.clearProperty("rankbench.device");
    }

    @Test
    void nothingStoredIsAuto() {
        assertEquals(DeviceChoice.AUTO, setting.stored());
        assertEquals(DeviceChoice.AUTO, setting.atStart());
        assertEquals(Optional.empty(), setting.applyAtStart());
        assertEquals(DeviceChoice.AUTO, setting.current());
    }

    @Test
    void anUnreadableStoredChoiceIsForgotten() {
        node.put(DeviceSetting.KEY, "tpu");
        assertEquals(DeviceChoice.AUTO, setting.stored());
        assertNull(node.get(DeviceSetting.KEY, null));
    }

    @Test
    void theSystemPropertyDecidesAtStartWithoutOverwritingTheStoredChoice() {
        node.put(DeviceSetting.KEY, "gpu");
        System.setProperty("rankbench.device", "cpu");
        assertEquals(DeviceChoice.CPU, setting.atStart());
        assertEquals(Optional.empty(), setting.applyAtStart());
        assertEquals(DeviceChoice.CPU, setting.current());
        assertEquals("gpu", node.get(DeviceSetting.KEY, null));
    }

    @Tag("engine")
    @Test
    void aStoredGpuWithoutOneFallsBackToTheCpuWithAWarningAndStaysStored() {
        assumeFalse(Engines.pytorch().hasCapability(StandardCapabilities.CUDA), "a CUDA build");
        node.put(DeviceSetting.KEY, "gpu");
        assertEquals(Optional.of("Device gpu: " + NO_GPU + ". Computing on the CPU."), setting.applyAtStart());
        assertEquals(Device.cpu(), Engines.device());
        assertEquals(DeviceChoice.CPU, setting.current());
        assertEquals("gpu", node.get(DeviceSetting.KEY, null));
    }

    @Tag("engine")
    @Test
    void choosingStoresAndAppliesAndAnUnusableChoiceChangesNothing() {
        assumeFalse(Engines.pytorch().hasCapability(StandardCapabilities.CUDA), "a CUDA build");
        assertEquals(Device.cpu(), setting.choose(DeviceChoice.CPU));
        assertEquals("cpu", node.get(DeviceSetting.KEY, null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> setting.choose(DeviceChoice.GPU));
        assertEquals("Device gpu: " + NO_GPU, e.getMessage());
        assertEquals("cpu", node.get(DeviceSetting.KEY, null));
        assertEquals(DeviceChoice.CPU, setting.current());
        assertEquals(Device.cpu(), setting.choose(DeviceChoice.AUTO));
        assertEquals("auto", node.get(DeviceSetting.KEY, null));
    }
}
