package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenMP settings: whole numbers in range, named choices, defaults, a clear error otherwise. */
class OpenMpSettingsTest {

    @AfterEach
    void clear() {
        System.clearProperty("rankbench.ompSpin");
        System.clearProperty("rankbench.ompBlocktime");
        System.clearProperty("rankbench.openmp");
    }

    @Test
    void defaultsAndValuesAreTaken() {
        clear();
        assertEquals(0, OpenMp.ompSpin());
        assertEquals(1, OpenMp.blocktimeMillis());
        assertEquals(OpenMp.Choice.AUTO, OpenMp.choice());
        System.setProperty("rankbench.ompSpin", " 10000 ");
        System.setProperty("rankbench.ompBlocktime", "0");
        System.setProperty("rankbench.openmp", " GNU ");
        assertEquals(10000, OpenMp.ompSpin());
        assertEquals(0, OpenMp.blocktimeMillis());
        assertEquals(OpenMp.Choice.GNU, OpenMp.choice());
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        for (String bad : new String[] {"-1", "fast", "1e4"}) {
            System.setProperty("rankbench.ompSpin", bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, OpenMp::ompSpin);
            assertTrue(
                    e.getMessage().contains("rankbench.ompSpin")
                            && e.getMessage().contains(bad),
                    e.getMessage());
        }
        for (String bad : new String[] {"-1", "1001", "short"}) {
            System.setProperty("rankbench.ompBlocktime", bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, OpenMp::blocktimeMillis);
            assertTrue(
                    e.getMessage().contains("rankbench.ompBlocktime")
                            && e.getMessage().contains(bad),
                    e.getMessage());
        }
        System.setProperty("rankbench.openmp", "intel");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, OpenMp::choice);
        assertTrue(e.getMessage().contains("'intel'") && e.getMessage().contains("auto, llvm, gnu"), e.getMessage());
    }
}
