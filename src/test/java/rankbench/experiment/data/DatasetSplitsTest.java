package rankbench.experiment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetSplitsTest {

    private static final ImageDataset FULL = TestData.numbered(1000);
    private static final ImageDataset TEST = TestData.numbered(50).subset(new int[] {1, 2}, "numbered/test");

    private static int[] ids(ImageDataset data) {
        int[] ids = new int[data.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = TestData.id(data, i);
        }
        return ids;
    }

    @Test
    void sameSeedGivesSameSplit() {
        DatasetSplits a = DatasetSplits.split(FULL, TEST, 0.2, 42);
        DatasetSplits b = DatasetSplits.split(FULL, TEST, 0.2, 42);
        assertArrayEquals(ids(a.train()), ids(b.train()));
        assertArrayEquals(ids(a.validation()), ids(b.validation()));
    }

    @Test
    void differentSeedsGiveDifferentSplits() {
        assertFalse(Arrays.equals(
                ids(DatasetSplits.split(FULL, TEST, 0.2, 1).validation()),
                ids(DatasetSplits.split(FULL, TEST, 0.2, 2).validation())));
    }

    @Test
    void trainAndValidationAreDisjointAndCoverAllSamples() {
        DatasetSplits splits = DatasetSplits.split(FULL, TEST, 0.3, 7);
        Set<Integer> seen = new HashSet<>();
        for (int id : ids(splits.train())) {
            assertTrue(seen.add(id));
        }
        for (int id : ids(splits.validation())) {
            assertTrue(seen.add(id), "sample in both splits: " + id);
        }
        assertEquals(1000, seen.size());
        // Labels travel with their images.
        for (int i = 0; i < splits.validation().size(); i++) {
            assertEquals(
                    TestData.id(splits.validation(), i) % 3, splits.validation().label(i));
        }
    }

    @Test
    void validationFractionIsRespected() {
        assertEquals(100, DatasetSplits.split(FULL, TEST, 0.1, 3).validation().size());
        assertEquals(900, DatasetSplits.split(FULL, TEST, 0.1, 3).train().size());
        assertEquals(
                167, DatasetSplits.split(FULL, TEST, 1.0 / 6, 3).validation().size());
    }

    @Test
    void zeroFractionKeepsTheWholeTrainingSet() {
        DatasetSplits splits = DatasetSplits.split(FULL, TEST, 0, 3);
        assertSame(FULL, splits.train());
        assertEquals(0, splits.validation().size());
    }

    @Test
    void fractionOutsideZeroToOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> DatasetSplits.split(FULL, TEST, 1.0, 3));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplits.split(FULL, TEST, -0.1, 3));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplits.split(FULL, TEST, Double.NaN, 3));
    }

    @Test
    void splitsAreNamedAfterTheTrainingSetAndTestIsPassedThrough() {
        DatasetSplits splits = DatasetSplits.split(FULL, TEST, 0.5, 3);
        assertEquals("numbered/train", splits.train().name());
        assertEquals("numbered/validation", splits.validation().name());
        assertSame(TEST, splits.test());
    }

    @Test
    void limitCapsEverySplit() {
        DatasetSplits splits = DatasetSplits.split(FULL, TEST, 0.1, 3).limit(20);
        assertEquals(20, splits.train().size());
        assertEquals(20, splits.validation().size());
        assertEquals(2, splits.test().size());
    }

    @Test
    void incompatibleTestSetIsRejected() {
        ImageDataset other = new ImageDataset("o", 1, 2, 2, new byte[4], new int[1], List.of("x"));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplits.split(FULL, other, 0.1, 3));
    }
}
