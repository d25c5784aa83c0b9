package rankbench.app;

import ai.djl.Device;
import java.util.Optional;
import java.util.prefs.Preferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.model.DeviceChoice;
import rankbench.experiment.model.Engines;

/**
 * The window's device: a {@link DeviceChoice} kept in the preferences (key {@value #KEY}), applied at
 * start and changed from the {@link DeviceMenu}. {@code -Drankbench.device} or {@code RANKBENCH_DEVICE},
 * when given, decide for that start (as for the command line) without overwriting the stored choice.
 *
 * <p>A change applies to networks built from then on; a network already open (the interactive
 * evaluator's) stays where it is until the model is loaded again.
 */
final class DeviceSetting {

    /** The preference key. */
    static final String KEY = "device";

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSetting.class);

    private static DeviceSetting application;

    private final Preferences node;
    private DeviceChoice inForce;

    DeviceSetting(Preferences node) {
        this.node = node;
    }

    /** The application's setting (one per process, in the application's preferences). */
    static synchronized DeviceSetting application() {
        if (application == null) {
            application = new DeviceSetting(Preferences.userNodeForPackage(DeviceSetting.class));
        }
        return application;
    }

    /** Returns the choice in force: the last one applied, else the one of {@link #atStart()}. */
    synchronized DeviceChoice current() {
        return inForce != null ? inForce : atStart();
    }

    /** Returns the stored choice; {@code auto} if there is none or it is unreadable (then it is forgotten). */
    DeviceChoice stored() {
        String v = node.get(KEY, null);
        if (v == null) {
            return DeviceChoice.AUTO;
        }
        try {
            return DeviceChoice.fromId(v);
        } catch (IllegalArgumentException e) {
            LOG.warn("Forgetting the stored device: {}", e.getMessage());
            node.remove(KEY);
            return DeviceChoice.AUTO;
        }
    }

    /** Returns the choice in force at start: the system property or environment variable, else the stored one. */
    DeviceChoice atStart() {
        return Engines.configuredDeviceChoice().orElseGet(this::stored);
    }

    /**
     * Applies the start choice; call it before any network is built. {@code auto} is left to the engine,
     * which resolves it when the first network is built (on a worker, so the window opens without
     * waiting for the engine); {@code cpu} is set at once; {@code gpu} asks the engine and, if it sees
     * no GPU, falls back to the CPU.
     *
     * @return the warning to show when {@code gpu} fell back to the CPU, else empty
     */
    synchronized Optional<String> applyAtStart() {
        DeviceChoice choice = atStart();
        inForce = choice;
        if (choice == DeviceChoice.AUTO) {
            return Optional.empty(); // the engine's default is then auto too: resolved with the first network
        }
        try {
            Engines.setDevice(choice);
            return Optional.empty();
        } catch (IllegalStateException e) {
            Engines.setDevice(DeviceChoice.CPU);
            inForce = DeviceChoice.CPU;
            String warning = "Device gpu: " + e.getMessage() + ". Computing on the CPU.";
            LOG.warn(warning);
            return Optional.of(warning);
        }
    }

    /**
     * Applies a choice to the networks built from now on and stores it.
     *
     * @return the device it resolved to
     * @throws IllegalStateException if {@code gpu} is chosen and the engine sees none; nothing changes then
     */
    synchronized Device choose(DeviceChoice choice) {
        Device d;
        try {
            d = Engines.setDevice(choice);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Device " + choice.id() + ": " + e.getMessage(), e);
        }
        node.put(KEY, choice.id());
        inForce = choice;
        return d;
    }
}
