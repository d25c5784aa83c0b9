package rankbench.experiment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {

    /** Two 2x2x3 images: image i, channel c, row y, column x holds 100 * i + 20 * c + 3 * y + x. */
    private static ImageDataset twoRgbImages() {
        byte[] pixels = new byte[2 * 2 * 2 * 3];
        int p = 0;
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        pixels[p++] = (byte) (100 * i + 20 * c + 3 * y + x);
                    }
                }
            }
        }
        return new ImageDataset("two", 2, 2, 3, pixels, new int[] {1, 0}, List.of("a", "b"));
    }

    @Test
    void reportsShapeAndSizes() {
        ImageDataset data = twoRgbImages();
        assertEquals("two", data.name());
        assertEquals(2, data.size());
        assertEquals(2, data.channels());
        assertEquals(2, data.height());
        assertEquals(3, data.width());
        assertEquals(12, data.imageSize());
        assertEquals(2, data.numClasses());
    }

    @Test
    void pixelReadsChwLayout() {
        ImageDataset data = twoRgbImages();
        assertEquals(100 + 20 + 3 + 2, data.pixel(1, 1, 1, 2));
        assertEquals(0, data.pixel(0, 0, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> data.pixel(0, 2, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> data.pixel(2, 0, 0, 0));
    }

    @Test
    void pixelsAreUnsigned() {
        ImageDataset data = new ImageDataset("u", 1, 1, 1, new byte[] {(byte) 200}, new int[] {0}, List.of("a"));
        assertEquals(200, data.pixel(0, 0, 0, 0));
    }

    @Test
    void constructorRejectsWrongPixelCount() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ImageDataset("x", 1, 2, 2, new byte[7], new int[2], List.of("a")));
    }

    @Test
    void constructorRejectsLabelsOutOfRange() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ImageDataset("x", 1, 1, 1, new byte[2], new int[] {0, 2}, List.of("a", "b")));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ImageDataset("x", 1, 1, 1, new byte[1], new int[] {-1}, List.of("a", "b")));
    }

    @Test
    void normalizedImageAppliesPerChannelFormula() {
        ImageDataset data = twoRgbImages();
        Normalization norm = new Normalization(new float[] {0.5f, 0.1f}, new float[] {0.25f, 2f});
        float[] dst = new float[15];
        data.normalizedImage(1, norm, dst, 3);
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    float expected = (data.pixel(1, c, y, x) / 255f - norm.mean()[c]) / norm.std()[c];
                    assertEquals(expected, dst[3 + (c * 2 + y) * 3 + x], 1e-6f);
                }
            }
        }
        assertEquals(0f, dst[0]);
    }

    @Test
    void flippedImageMirrorsEachRow() {
        ImageDataset data = twoRgbImages();
        Normalization norm = Normalization.identity(2);
        float[] plain = new float[12];
        float[] flipped = new float[12];
        data.normalizedImage(0, norm, plain, 0);
        data.normalizedImageFlipped(0, norm, flipped, 0);
        for (int row = 0; row < 4; row++) {
            for (int x = 0; x < 3; x++) {
                assertEquals(plain[row * 3 + x], flipped[row * 3 + 2 - x]);
            }
        }
        assertEquals(2 / 255f, flipped[0], 1e-7f);
    }

    @Test
    void normalizationWithOtherChannelCountIsRejected() {
        ImageDataset data = twoRgbImages();
        assertThrows(
                IllegalArgumentException.class,
                () -> data.normalizedImage(0, Normalization.identity(3), new float[12], 0));
    }

    @Test
    void tooSmallDestinationIsRejected() {
        ImageDataset data = twoRgbImages();
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> data.normalizedImage(0, Normalization.identity(2), new float[12], 1));
    }

    @Test
    void subsetCopiesSelectedSamplesInOrder() {
        ImageDataset data = TestData.numbered(10);
        ImageDataset subset = data.subset(new int[] {7, 2, 7}, "sub");
        assertEquals("sub", subset.name());
        assertEquals(3, subset.size());
        assertEquals(7, TestData.id(subset, 0));
        assertEquals(2, TestData.id(subset, 1));
        assertEquals(7, TestData.id(subset, 2));
        assertArrayEquals(new int[] {1, 2, 1}, subset.labels());
        assertThrows(IndexOutOfBoundsException.class, () -> data.subset(new int[] {10}, "bad"));
    }

    @Test
    void limitKeepsFirstSamples() {
        ImageDataset data = TestData.numbered(10);
        ImageDataset first = data.limit(4);
        assertEquals(4, first.size());
        assertEquals(3, TestData.id(first, 3));
        assertSame(data, data.limit(10));
        assertSame(data, data.limit(100));
        assertEquals(0, data.limit(0).size());
        assertThrows(IllegalArgumentException.class, () -> data.limit(-1));
    }

    @Test
    void classCountsCountEachLabel() {
        assertArrayEquals(new int[] {4, 3, 3}, TestData.numbered(10).classCounts());
    }

    @Test
    void labelsAndClassNamesCannotChangeTheDataset() {
        ImageDataset data = TestData.numbered(3);
        data.labels()[0] = 2;
        assertEquals(0, data.label(0));
        assertThrows(
                UnsupportedOperationException.class, () -> data.classNames().set(0, "x"));
    }
}
