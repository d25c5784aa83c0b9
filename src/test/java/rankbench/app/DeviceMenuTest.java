package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.engine.StandardCapabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import rankbench.experiment.model.Engines;

/** The Device menu (headless): shows the stored choice, stores a new one, refuses a GPU that is not there. */
@Tag("engine")
@ExtendWith(ApplicationExtension.class)
class DeviceMenuTest {

    private final Preferences node = Preferences.userRoot().node("rankbench-test/device-menu-" + System.nanoTime());
    private final List<String> errors = new ArrayList<>();
    private Menu menu;

    @Start
    void start(Stage stage) {
        node.put(DeviceSetting.KEY, "cpu");
        menu = DeviceMenu.create(new DeviceSetting(node), errors::add);
        stage.setScene(new Scene(new VBox(new MenuBar(menu)), 300, 100));
        stage.show();
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        node.removeNode();
        Engines.setDevice(Engines.defaultDeviceChoice());
    }

    private RadioMenuItem item(String id) {
        for (MenuItem i : menu.getItems()) {
            if (id.equals(i.getId())) {
                return (RadioMenuItem) i;
            }
        }
        throw new AssertionError("no menu item " + id);
    }

    @Test
    void theStoredChoiceIsSelectedAndANewOneIsStored(FxRobot robot) {
        assertEquals("deviceMenu", menu.getId());
        assertTrue(item("deviceCpu").isSelected());
        robot.interact(() -> item("deviceAuto").setSelected(true));
        assertEquals("auto", node.get(DeviceSetting.KEY, null));
        assertEquals(List.of(), errors);
    }

    @Test
    void aGpuThatIsNotThereIsReportedAndTheSelectionStays(FxRobot robot) {
        assumeFalse(Engines.pytorch().hasCapability(StandardCapabilities.CUDA), "a CUDA build");
        robot.interact(() -> item("deviceGpu").setSelected(true));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("Device gpu: the PyTorch engine sees no CUDA GPU"), errors.get(0));
        assertTrue(item("deviceCpu").isSelected());
        assertEquals("cpu", node.get(DeviceSetting.KEY, null));
    }
}
