package rankbench.experiment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {

    @TempDir
    Path dir;

    private static int[][] labels(int... values) {
        return Arrays.stream(values).mapToObj(v -> new int[] {v}).toArray(int[][]::new);
    }

    @Test
    void readsCifar10RecordsInChwOrderWithStandardNames() {
        Path batch = TestData.write(dir.resolve("data_batch_1.bin"), TestData.cifarRecords(labels(3, 0, 9, 1, 5), 0));
        ImageDataset data = CifarReader.readCifar10(List.of(batch), "c10");
        assertEquals(5, data.size());
        assertEquals(3, data.channels());
        assertEquals(32, data.height());
        assertEquals(32, data.width());
        assertArrayEquals(new int[] {3, 0, 9, 1, 5}, data.labels());
        assertEquals(CifarReader.CIFAR10_CLASSES, data.classNames());
        // Record 2, green plane (offset 1024), row 3, column 4: byte p = 1024 + 3 * 32 + 4.
        assertEquals((2 * 7 + 1024 + 3 * 32 + 4) & 0xFF, data.pixel(2, 1, 3, 4));
    }

    @Test
    void concatenatesBatchFilesInGivenOrder() {
        Path b1 = TestData.write(dir.resolve("data_batch_1.bin"), TestData.cifarRecords(labels(1, 2), 0));
        Path b2 = TestData.write(dir.resolve("data_batch_2.bin"), TestData.cifarRecords(labels(3), 10));
        ImageDataset data = CifarReader.readCifar10(List.of(b1, b2), "c10");
        assertArrayEquals(new int[] {1, 2, 3}, data.labels());
        assertEquals((10 * 7) & 0xFF, data.pixel(2, 0, 0, 0));
    }

    @Test
    void cifar10ClassNamesComeFromBatchesMetaTxt() throws IOException {
        Path batch = TestData.write(dir.resolve("data_batch_1.bin"), TestData.cifarRecords(labels(0, 2), 0));
        Files.writeString(dir.resolve("batches.meta.txt"), "alpha\nbeta\n gamma \n\n");
        ImageDataset data = CifarReader.readCifar10(List.of(batch), "c10");
        assertEquals(List.of("alpha", "beta", "gamma"), data.classNames());
    }

    @Test
    void labelWithoutClassNameIsReported() throws IOException {
        Path batch = TestData.write(dir.resolve("data_batch_1.bin"), TestData.cifarRecords(labels(0, 2), 0));
        Files.writeString(dir.resolve("batches.meta.txt"), "alpha\nbeta\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CifarReader.readCifar10(List.of(batch), "c"));
        assertEquals(batch + ": label 2 of record 1 is out of range 0..1", e.getMessage());
    }

    @Test
    void readsCifar100FineAndCoarseLabels() {
        int[][] labels = {{1, 42}, {19, 99}, {0, 0}, {5, 7}, {2, 3}};
        Path train = TestData.write(dir.resolve("train.bin"), TestData.cifarRecords(labels, 0));
        ImageDataset fine = CifarReader.readCifar100(List.of(train), "fine", true);
        ImageDataset coarse = CifarReader.readCifar100(List.of(train), "coarse", false);
        assertArrayEquals(new int[] {42, 99, 0, 7, 3}, fine.labels());
        assertArrayEquals(new int[] {1, 19, 0, 5, 2}, coarse.labels());
        assertEquals(100, fine.numClasses());
        assertEquals("class99", fine.classNames().get(99));
        assertEquals(20, coarse.numClasses());
        assertEquals((4 * 7 + 2048) & 0xFF, fine.pixel(4, 2, 0, 0));
    }

    @Test
    void cifar100ClassNamesComeFromLabelNameFiles() throws IOException {
        Path train = TestData.write(dir.resolve("train.bin"), TestData.cifarRecords(new int[][] {{1, 2}}, 0));
        Files.writeString(dir.resolve("fine_label_names.txt"), "f0\nf1\nf2\n");
        Files.writeString(dir.resolve("coarse_label_names.txt"), "k0\nk1\n");
        assertEquals(
                List.of("f0", "f1", "f2"),
                CifarReader.readCifar100(List.of(train), "f", true).classNames());
        assertEquals(
                List.of("k0", "k1"),
                CifarReader.readCifar100(List.of(train), "k", false).classNames());
    }

    @Test
    void sizeThatIsNotAMultipleOfTheRecordSizeIsReported() {
        Path batch = TestData.write(dir.resolve("data_batch_1.bin"), new byte[3073 * 2 + 10]);
        DatasetException e = assertThrows(DatasetException.class, () -> CifarReader.readCifar10(List.of(batch), "c"));
        assertEquals(batch + ": size 6156 bytes is not a multiple of the CIFAR-10 record size 3073", e.getMessage());
        Path train = TestData.write(dir.resolve("train.bin"), new byte[3073 * 2]);
        DatasetException e100 =
                assertThrows(DatasetException.class, () -> CifarReader.readCifar100(List.of(train), "c", true));
        assertEquals(
                train + ": size 6146 bytes is not a multiple of the CIFAR-100 record size 3074", e100.getMessage());
    }

    @Test
    void missingBatchFileIsReportedAsNotFound() {
        Path missing = dir.resolve("data_batch_9.bin");
        DatasetException e = assertThrows(DatasetException.class, () -> CifarReader.readCifar10(List.of(missing), "c"));
        assertEquals("Dataset not found: " + missing, e.getMessage());
    }
}
