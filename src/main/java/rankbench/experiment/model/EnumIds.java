package rankbench.experiment.model;

import java.util.Arrays;
import java.util.function.Function;

/** Parses the lower-case identifiers of the engine's setting enums (devices, OpenMP runtimes, layouts). */
final class EnumIds {

    private EnumIds() {}

    /**
     * Returns the value whose identifier is {@code text} (case-insensitive, surrounding spaces ignored).
     *
     * @param unknown the start of the error message, e.g. {@code "unknown device"}
     * @throws IllegalArgumentException naming {@code text} and every identifier if none matches
     */
    static <E extends Enum<E>> E parse(E[] values, Function<E, String> id, String text, String unknown) {
        String key = text == null ? "" : text.strip();
        for (E v : values) {
            if (id.apply(v).equalsIgnoreCase(key)) {
                return v;
            }
        }
        throw new IllegalArgumentException(unknown + " '" + text + "'; choose one of "
                + String.join(", ", Arrays.stream(values).map(id).toList()));
    }
}
