package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenMP spin setting: a whole number >= 0, passive (0) by default, a clear error otherwise. */
class EnginesOmpSpinTest {

    @AfterEach
    void clear() {
        System.clearProperty("rankbench.ompSpin");
    }

    @Test
    void defaultIsPassiveAndAValueIsTaken() {
        System.clearProperty("rankbench.ompSpin");
        assertEquals(0, Engines.ompSpin());
        System.setProperty("rankbench.ompSpin", " 10000 ");
        assertEquals(10000, Engines.ompSpin());
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        for (String bad : new String[] {"-1", "fast", "1e4"}) {
            System.setProperty("rankbench.ompSpin", bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Engines::ompSpin);
            assertTrue(
                    e.getMessage().contains("rankbench.ompSpin")
                            && e.getMessage().contains(bad),
                    e.getMessage());
        }
    }
}
