package rankbench.app;

import atlantafx.base.theme.PrimerLight;
import java.util.Locale;
import java.util.prefs.Preferences;
import javafx.application.Application;

/**
 * The look of the window, remembered in the preferences: JavaFX's own Modena (the default) or AtlantaFX's
 * Primer Light. Primer Light is not the default because it measured slower and roomier: the window took
 * 4.8-5.4 s instead of 4.0-4.6 s to appear (three starts each, docs/PERFORMANCE.md), and its larger
 * paddings cut off layer-table headers at 1400 px.
 */
enum Theme {
    /** JavaFX's built-in Modena (the default). */
    MODENA("Modena (JavaFX)"),
    /** AtlantaFX Primer Light. */
    PRIMER_LIGHT("Primer Light (AtlantaFX)");

    private static final String KEY = "theme";
    private final String label;

    Theme(String label) {
        this.label = label;
    }

    /** The name shown in View ▸ Theme. */
    String label() {
        return label;
    }

    /** The user-agent stylesheet of this theme. */
    String stylesheet() {
        return this == PRIMER_LIGHT ? new PrimerLight().getUserAgentStylesheet() : Application.STYLESHEET_MODENA;
    }

    /** Makes this the look of every window of the application. */
    void apply() {
        Application.setUserAgentStylesheet(stylesheet());
    }

    /**
     * The theme of {@code -Drankbench.theme=primer_light|modena} if given, else the stored one, else the
     * default (an unknown name is the default too).
     */
    static Theme stored(Preferences prefs) {
        String s = System.getProperty("rankbench.theme", prefs.get(KEY, MODENA.name()));
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return MODENA;
        }
    }

    /** Stores this theme. */
    void store(Preferences prefs) {
        prefs.put(KEY, name());
    }
}
