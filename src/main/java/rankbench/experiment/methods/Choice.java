package rankbench.experiment.methods;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parsing shared by the enumerated settings of the hyperparameter beans (ids are case-insensitive). */
final class Choice {

    private Choice() {}

    /** Returns the constant whose id (its {@code toString()}) or name matches {@code s}. */
    static <E extends Enum<E>> E parse(Class<E> type, String s, String what) {
        String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E e : type.getEnumConstants()) {
            if (e.toString().equals(k)
                    || e.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(k)) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown " + what + " '" + s + "'; known: "
                + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", ")));
    }
}
