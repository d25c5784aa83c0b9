package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;
import rankbench.experiment.model.Tensor;

/** {@link SpectrumCache#cachedValues}: a lookup that never computes. */
class SpectrumCacheTest {

    private static Tensor conv(long seed) {
        Random r = new Random(seed);
        float[] d = new float[8 * 4 * 3 * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return new Tensor(new int[] {8, 4, 3, 3}, d);
    }

    @Test
    void cachedValuesAreNullUntilComputedAndNeverCompute() {
        SpectrumCache c = new SpectrumCache();
        Tensor w = conv(1);

        assertNull(c.cachedValues("l", w, Scheme.SPATIAL, -1, true));
        assertEquals(0, c.computations());

        double[] v = c.values("l", w, Scheme.SPATIAL, -1, true);

        assertArrayEquals(v, c.cachedValues("l", w, Scheme.SPATIAL, -1, true));
        assertNull(c.cachedValues("l", w, Scheme.SPATIAL, -1, false), "the fast values are another entry");
        assertNull(c.cachedValues("l", w, Scheme.CHANNEL, -1, true));
        assertNull(c.cachedValues("l", w, Scheme.TUCKER2, 0, true));
        assertEquals(1, c.computations());
    }

    @Test
    void cachedValuesOfChangedWeightsAreNull() {
        SpectrumCache c = new SpectrumCache();
        Tensor w = conv(2);
        c.values("l", w, Scheme.TUCKER2, 1, true);
        Tensor changed = w.copy();
        changed.data()[5] += 1;

        assertNull(c.cachedValues("l", changed, Scheme.TUCKER2, 1, true));
        assertEquals(4, c.cachedValues("l", w.copy(), Scheme.TUCKER2, 1, true).length, "compared by value");
    }

    @Test
    void cachedValuesAreACopy() {
        SpectrumCache c = new SpectrumCache();
        Tensor w = conv(3);
        double[] v = c.values("l", w, Scheme.CHANNEL, -1, true);

        c.cachedValues("l", w, Scheme.CHANNEL, -1, true)[0] = -1;

        assertArrayEquals(v, c.cachedValues("l", w, Scheme.CHANNEL, -1, true));
    }
}
