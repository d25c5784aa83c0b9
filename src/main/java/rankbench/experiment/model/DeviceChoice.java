package rankbench.experiment.model;

import java.util.Locale;

/**
 * Where the engine computes: the user's choice, resolved to a device by {@link Engines#setDevice}.
 *
 * <p>{@link #AUTO} takes the first CUDA GPU the PyTorch engine sees and otherwise the CPU, so the same
 * command runs on a laptop and on a GPU machine. {@link #GPU} insists on a GPU and fails with one clear
 * message when there is none; {@link #CPU} never uses a GPU.
 */
public enum DeviceChoice {
    /** The first CUDA GPU if the engine sees one, else the CPU. */
    AUTO,
    /** The CPU. */
    CPU,
    /** The first CUDA GPU; an error if the engine sees none. */
    GPU;

    /** Returns the lower-case identifier used on the command line and in preferences ({@code "gpu"}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an identifier written by {@link #id()} (case-insensitive, surrounding spaces ignored). */
    public static DeviceChoice fromId(String id) {
        return EnumIds.parse(values(), DeviceChoice::id, id, "unknown device");
    }
}
