package rankbench.experiment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizationTest {

    @Test
    void computeMatchesHandCalculatedMeanAndStd() {
        // Two 2-channel 1x2 images. Channel 0: 0, 255, 255, 0 -> values 0,1,1,0: mean 0.5, std 0.5.
        // Channel 1: 51, 51, 102, 102 -> values 0.2,0.2,0.4,0.4: mean 0.3, std 0.1.
        byte[] pixels = {0, (byte) 255, 51, 51, (byte) 255, 0, 102, 102};
        ImageDataset data = new ImageDataset("n", 2, 1, 2, pixels, new int[] {0, 0}, List.of("a"));
        Normalization norm = Normalization.compute(data);
        assertArrayEquals(new float[] {0.5f, 0.3f}, norm.mean(), 1e-6f);
        assertArrayEquals(new float[] {0.5f, 0.1f}, norm.std(), 1e-6f);
    }

    @Test
    void constantChannelGetsUnitStd() {
        ImageDataset data = new ImageDataset("c", 1, 1, 3, new byte[] {10, 10, 10}, new int[] {0}, List.of("a"));
        Normalization norm = Normalization.compute(data);
        assertEquals(10 / 255f, norm.mean()[0], 1e-7f);
        assertEquals(1f, norm.std()[0]);
    }

    @Test
    void identityHasZeroMeanAndUnitStd() {
        Normalization norm = Normalization.identity(3);
        assertArrayEquals(new float[3], norm.mean());
        assertArrayEquals(new float[] {1, 1, 1}, norm.std());
        assertEquals(3, norm.channels());
    }

    @Test
    void invalidArraysAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[2], new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[1], new float[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[1], new float[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[1], new float[] {Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[0], new float[0]));
        assertThrows(IllegalArgumentException.class, () -> Normalization.identity(0));
    }

    @Test
    void equalityHashAndTextUseArrayContents() {
        Normalization a = new Normalization(new float[] {0.1f}, new float[] {0.2f});
        Normalization b = new Normalization(new float[] {0.1f}, new float[] {0.2f});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new Normalization(new float[] {0.1f}, new float[] {0.3f}));
        assertEquals("Normalization[mean=[0.1], std=[0.2]]", a.toString());
    }

    @Test
    void arraysAreCopiedInAndOut() {
        float[] mean = {0.1f};
        Normalization norm = new Normalization(mean, new float[] {0.2f});
        mean[0] = 0.9f;
        norm.mean()[0] = 0.9f;
        assertEquals(0.1f, norm.mean()[0]);
    }
}
