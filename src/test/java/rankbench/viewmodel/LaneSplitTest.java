package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneSplitTest {

    @Test
    void everyImageGoesToExactlyOneLaneInBatches() {
        for (int n : new int[] {0, 1, 7, 125, 999, 1000, 1001}) {
            for (int batch : new int[] {1, 3, 125, 2000}) {
                for (int lanes : new int[] {1, 2, 3, 8}) {
                    LaneSplit s = new LaneSplit(n, batch, lanes);
                    int[] owner = new int[n];
                    Arrays.fill(owner, -1);
                    for (int l = 0; l < lanes; l++) {
                        int[] idx = s.indices(l);
                        for (int k = 0; k < idx.length; k++) {
                            assertEquals(-1, owner[idx[k]], "image given twice");
                            owner[idx[k]] = l;
                            assertEquals(l, (idx[k] / batch) % lanes, "batch b belongs to lane b % lanes");
                            assertTrue(k == 0 || idx[k] > idx[k - 1], "in order");
                        }
                    }
                    for (int o : owner) {
                        assertTrue(o >= 0, "image left out");
                    }
                }
            }
        }
    }

    @Test
    void aGlobalRangeIsOneLocalRangeInEveryLane() {
        int n = 1003;
        LaneSplit s = new LaneSplit(n, 125, 2);
        for (int from = 0; from <= n; from += 17) {
            for (int to = from; to <= n; to += 61) {
                List<Integer> expected = new ArrayList<>();
                List<Integer> actual = new ArrayList<>();
                for (int l = 0; l < 2; l++) {
                    int[] idx = s.indices(l);
                    for (int g : idx) {
                        if (g >= from && g < to) {
                            expected.add(g);
                        }
                    }
                    for (int k = s.local(l, from); k < s.local(l, to); k++) {
                        actual.add(idx[k]);
                    }
                }
                assertEquals(expected, actual, from + ".." + to);
            }
        }
    }

    @Test
    void theFirstQuarterIsSharedOut() {
        LaneSplit s = new LaneSplit(1000, 125, 2);
        assertEquals(125, s.local(0, 250));
        assertEquals(125, s.local(1, 250));
        assertArrayEquals(new int[] {500, 500}, new int[] {s.local(0, 1000), s.local(1, 1000)});
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new LaneSplit(10, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new LaneSplit(10, 5, 0));
    }
}
