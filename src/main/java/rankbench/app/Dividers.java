package rankbench.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.prefs.Preferences;
import javafx.scene.control.SplitPane;

/**
 * Remembers the divider positions of the window's split panes in its preferences: {@link #restore} sets
 * them from the stored values (or the defaults), {@link #save} stores them (when the window closes).
 * Keys: {@code key} for the first divider, {@code key.1}, {@code key.2}, ... for the others.
 */
final class Dividers {

    private final Preferences prefs;
    private final Map<String, SplitPane> panes = new LinkedHashMap<>();

    Dividers(Preferences prefs) {
        this.prefs = prefs;
    }

    /** Sets {@code pane}'s dividers from the preferences under {@code key}, else {@code defaults}. */
    SplitPane restore(String key, SplitPane pane, double... defaults) {
        double[] at = new double[defaults.length];
        for (int i = 0; i < at.length; i++) {
            double v = prefs.getDouble(name(key, i), defaults[i]);
            at[i] = v > 0.02 && v < 0.98 ? v : defaults[i]; // a collapsed pane is not restored collapsed
        }
        pane.setDividerPositions(at);
        panes.put(key, pane);
        return pane;
    }

    /** Stores the dividers of every restored pane. */
    void save() {
        panes.forEach((key, pane) -> {
            double[] at = pane.getDividerPositions();
            for (int i = 0; i < at.length; i++) {
                prefs.putDouble(name(key, i), at[i]);
            }
        });
    }

    /** The preference key of divider {@code i}. */
    static String name(String key, int i) {
        return i == 0 ? key : key + "." + i;
    }
}
