package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Application;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThemeTest {

    private final Preferences prefs = Preferences.userRoot().node("rankbench-theme-test-" + System.nanoTime());

    @AfterEach
    void removeNode() throws BackingStoreException {
        prefs.removeNode();
        System.clearProperty("rankbench.theme");
    }

    @Test
    void modenaByDefaultThenWhatWasStoredAndAnUnknownNameIsTheDefault() {
        assertEquals(Theme.MODENA, Theme.stored(prefs));
        Theme.PRIMER_LIGHT.store(prefs);
        assertEquals(Theme.PRIMER_LIGHT, Theme.stored(prefs));
        prefs.put("theme", "neon");
        assertEquals(Theme.MODENA, Theme.stored(prefs));
    }

    @Test
    void thePropertyChoosesForOneStartWithoutStoringIt() {
        Theme.PRIMER_LIGHT.store(prefs);
        System.setProperty("rankbench.theme", "modena");
        assertEquals(Theme.MODENA, Theme.stored(prefs));
        assertEquals("PRIMER_LIGHT", prefs.get("theme", null));
    }

    @Test
    void eachThemeHasAStylesheetAndPrimerLightIsTheShippedAtlantaFxOne() {
        assertEquals(Application.STYLESHEET_MODENA, Theme.MODENA.stylesheet());
        String primer = Theme.PRIMER_LIGHT.stylesheet();
        assertNotNull(getClass().getResource(primer.startsWith("/") ? primer : "/" + primer), primer);
        assertTrue(primer.contains("primer-light"), primer);
    }
}
