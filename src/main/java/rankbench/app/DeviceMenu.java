package rankbench.app;

import java.util.function.Consumer;
import javafx.scene.control.Menu;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import rankbench.experiment.model.DeviceChoice;

/**
 * The Device menu: auto, CPU or GPU, one of them selected, stored through a {@link DeviceSetting}. A
 * choice the engine cannot honor (gpu without one) is reported and the previous selection stays.
 */
final class DeviceMenu {

    private DeviceMenu() {}

    /** Creates the menu ({@code deviceMenu}; items {@code deviceAuto}, {@code deviceCpu}, {@code deviceGpu}). */
    static Menu create(DeviceSetting setting, Consumer<String> onError) {
        Menu menu = new Menu("_Device");
        menu.setId("deviceMenu");
        ToggleGroup group = new ToggleGroup();
        for (DeviceChoice c : DeviceChoice.values()) {
            RadioMenuItem item = new RadioMenuItem(label(c));
            item.setId("device" + c.name().charAt(0) + c.id().substring(1));
            item.setUserData(c);
            item.setToggleGroup(group);
            item.setSelected(c == setting.current());
            menu.getItems().add(item);
        }
        group.selectedToggleProperty().addListener((obs, before, now) -> {
            if (now == null || now.getUserData() == setting.current()) {
                return;
            }
            try {
                setting.choose((DeviceChoice) now.getUserData());
            } catch (IllegalStateException e) {
                group.selectToggle(before);
                onError.accept(e.getMessage());
            }
        });
        return menu;
    }

    private static String label(DeviceChoice c) {
        return switch (c) {
            case AUTO -> "_Auto (first CUDA GPU, else CPU)";
            case CPU -> "_CPU";
            case GPU -> "_GPU (CUDA)";
        };
    }
}
