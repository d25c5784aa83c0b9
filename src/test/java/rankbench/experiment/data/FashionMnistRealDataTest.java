package rankbench.experiment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks against the real Fashion-MNIST of the Debian package dataset-fashion-mnist; skipped without it. */
class FashionMnistRealDataTest {

    private static DataSource real;

    @BeforeAll
    static void loadRealData() {
        assumeTrue(Datasets.debianFashionMnistAvailable(), "dataset-fashion-mnist is not installed");
        real = Datasets.load("fashion-mnist");
    }

    @Test
    void hasSixtyThousandTrainingAndTenThousandTestImages() {
        assertEquals(60000, real.train().size());
        assertEquals(10000, real.test().size());
        assertEquals("fashion-mnist", real.name());
        assertTrue(real.description().contains("Debian package dataset-fashion-mnist"), real.description());
    }

    @Test
    void imagesAre28By28GrayscaleWithTenClasses() {
        for (ImageDataset d : new ImageDataset[] {real.train(), real.test()}) {
            assertEquals(1, d.channels());
            assertEquals(28, d.height());
            assertEquals(28, d.width());
            assertEquals(10, d.numClasses());
            assertEquals(Datasets.FASHION_MNIST_CLASSES, d.classNames());
        }
        assertEquals(Datasets.FASHION_MNIST_NORMALIZATION, real.normalization());
    }

    @Test
    void classesAreBalanced() {
        int[] train = new int[10];
        int[] test = new int[10];
        Arrays.fill(train, 6000);
        Arrays.fill(test, 1000);
        assertArrayEquals(train, real.train().classCounts());
        assertArrayEquals(test, real.test().classCounts());
    }

    @Test
    void normalizationConstantMatchesTheTrainingStatistics() {
        Normalization computed = Normalization.compute(real.train());
        assertEquals(0.2860f, computed.mean()[0], 5e-4f);
        assertEquals(0.3530f, computed.std()[0], 5e-4f);
    }

    @Test
    void bundledSubsetIsABitExactPrefixOfTheRealData() {
        DataSource subset = Datasets.bundledFashionMnistSubset();
        assertEquals(2000, subset.train().size());
        assertEquals(1000, subset.test().size());
        assertPrefix(real.train(), subset.train());
        assertPrefix(real.test(), subset.test());
    }

    private static void assertPrefix(ImageDataset full, ImageDataset prefix) {
        int n = prefix.size();
        assertArrayEquals(Arrays.copyOf(full.rawPixels(), n * full.imageSize()), prefix.rawPixels());
        assertArrayEquals(Arrays.copyOf(full.rawLabels(), n), prefix.rawLabels());
    }
}
