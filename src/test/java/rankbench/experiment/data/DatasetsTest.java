package rankbench.experiment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path tmp;

    private static void writeIdx(Path dir, ImageDataset train, ImageDataset test, String suffix) {
        IdxReader.write(
                train,
                dir.resolve("train-images-idx3-ubyte" + suffix),
                dir.resolve("train-labels-idx1-ubyte" + suffix),
                suffix.endsWith(".gz"));
        IdxReader.write(
                test,
                dir.resolve("t10k-images-idx3-ubyte" + suffix),
                dir.resolve("t10k-labels-idx1-ubyte" + suffix),
                suffix.endsWith(".gz"));
    }

    private static byte[] cifar10(int records) {
        int[][] labels = new int[records][1];
        for (int i = 0; i < records; i++) {
            labels[i][0] = i % 10;
        }
        return TestData.cifarRecords(labels, records);
    }

    @Test
    void loadsIdxDirectoryWithNumberedClassesAndComputedNormalization() {
        Path dir = tmp.resolve("digits");
        ImageDataset train = TestData.random("t", 30, 1, 6, 6, 10, 1);
        ImageDataset test = TestData.random("t", 8, 1, 6, 6, 10, 2);
        writeIdx(dir, train, test, ".gz");
        DataSource source = Datasets.load(dir.toString());
        assertEquals("digits", source.name());
        assertEquals("digits/train", source.train().name());
        assertEquals("digits/test", source.test().name());
        assertArrayEquals(train.rawPixels(), source.train().rawPixels());
        assertArrayEquals(test.labels(), source.test().labels());
        assertEquals(10, source.train().numClasses());
        assertEquals("0", source.train().classNames().get(0));
        assertEquals(Normalization.compute(source.train()), source.normalization());
        assertTrue(source.description().contains(dir.toString()), source.description());
    }

    @Test
    void directoryNamedFashionUsesFashionMnistClassesAndNormalization() {
        Path dir = tmp.resolve("my-fashion-copy");
        writeIdx(dir, TestData.random("t", 5, 1, 4, 4, 10, 1), TestData.random("t", 5, 1, 4, 4, 10, 2), "");
        DataSource source = Datasets.load(dir.toString());
        assertEquals("fashion-mnist", source.name());
        assertEquals(Datasets.FASHION_MNIST_CLASSES, source.train().classNames());
        assertEquals(Datasets.FASHION_MNIST_NORMALIZATION, source.normalization());
    }

    @Test
    void acceptsMnistDotSpellingOfIdxFileNames() {
        Path dir = tmp.resolve("mnist");
        writeIdx(dir, TestData.random("t", 5, 1, 4, 4, 3, 1), TestData.random("t", 2, 1, 4, 4, 3, 2), "");
        for (String base : List.of("train-images", "train-labels", "t10k-images", "t10k-labels")) {
            String idx = base.endsWith("images") ? "idx3" : "idx1";
            assertTrue(dir.resolve(base + "-" + idx + "-ubyte")
                    .toFile()
                    .renameTo(dir.resolve(base + "." + idx + "-ubyte").toFile()));
        }
        DataSource source = Datasets.load(dir.toString());
        assertEquals(5, source.train().size());
        assertEquals(2, source.test().size());
    }

    @Test
    void incompleteIdxDirectoryListsMissingFiles() throws IOException {
        Path dir = tmp.resolve("partial");
        writeIdx(dir, TestData.random("t", 5, 1, 4, 4, 3, 1), TestData.random("t", 2, 1, 4, 4, 3, 2), ".gz");
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(dir.toString()));
        assertEquals("Incomplete IDX dataset in " + dir + ": missing t10k-labels-idx1-ubyte[.gz]", e.getMessage());
    }

    @Test
    void loadsCifar10Directory() {
        Path dir = tmp.resolve("cifar10");
        for (int b = 1; b <= 5; b++) {
            TestData.write(dir.resolve("data_batch_" + b + ".bin"), cifar10(b));
        }
        TestData.write(dir.resolve("test_batch.bin"), cifar10(4));
        DataSource source = Datasets.load(dir.toString());
        assertEquals(1 + 2 + 3 + 4 + 5, source.train().size());
        assertEquals(4, source.test().size());
        assertEquals(3, source.train().channels());
        assertEquals(CifarReader.CIFAR10_CLASSES, source.train().classNames());
        assertEquals(3, source.normalization().channels());
        // Batches are read in numeric order: the first record of data_batch_2 follows data_batch_1's single one.
        assertEquals((2 * 7) & 0xFF, source.train().pixel(1, 0, 0, 0));
    }

    @Test
    void findsCifar10InItsArchiveSubfolder() {
        Path dir = tmp.resolve("download");
        Path bin = dir.resolve("cifar-10-batches-bin");
        TestData.write(bin.resolve("data_batch_1.bin"), cifar10(3));
        TestData.write(bin.resolve("test_batch.bin"), cifar10(2));
        DataSource source = Datasets.load(dir.toString());
        assertEquals(3, source.train().size());
        assertEquals(2, source.test().size());
    }

    @Test
    void loadsCifar100DirectoryWithFineLabels() {
        Path dir = tmp.resolve("cifar100");
        TestData.write(dir.resolve("train.bin"), TestData.cifarRecords(new int[][] {{1, 50}, {2, 60}, {3, 70}}, 0));
        TestData.write(dir.resolve("test.bin"), TestData.cifarRecords(new int[][] {{4, 80}}, 0));
        DataSource source = Datasets.load(dir.toString());
        assertArrayEquals(new int[] {50, 60, 70}, source.train().labels());
        assertEquals(100, source.test().numClasses());
    }

    @Test
    void loadsImageFolderWithTrainAndTestSubfolders() {
        Path dir = tmp.resolve("pets");
        TestData.png(dir.resolve("train/cat/1.png"), TestData.rgbImage(3, 3, 1));
        TestData.png(dir.resolve("train/cat/2.png"), TestData.rgbImage(3, 3, 2));
        TestData.png(dir.resolve("train/dog/1.png"), TestData.rgbImage(3, 3, 3));
        TestData.png(dir.resolve("test/cat/1.png"), TestData.rgbImage(3, 3, 4));
        TestData.png(dir.resolve("test/dog/1.png"), TestData.rgbImage(3, 3, 5));
        DataSource source = Datasets.load(dir.toString());
        assertEquals("pets", source.name());
        assertEquals(3, source.train().size());
        assertEquals(2, source.test().size());
        assertEquals(List.of("cat", "dog"), source.test().classNames());
        assertArrayEquals(new int[] {0, 1}, source.test().labels());
    }

    @Test
    void testFolderWithOtherClassesIsRejected() {
        Path dir = tmp.resolve("pets");
        TestData.png(dir.resolve("train/cat/1.png"), TestData.grayImage(3, 3, 1));
        TestData.png(dir.resolve("test/cow/1.png"), TestData.grayImage(3, 3, 1));
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(dir.toString()));
        assertTrue(e.getMessage().startsWith(dir.resolve("test") + ": class folders [cow] differ"), e.getMessage());
    }

    @Test
    void unsplitImageFolderHoldsOutASixthAsTestDeterministically() {
        Path dir = tmp.resolve("shapes");
        for (int i = 0; i < 12; i++) {
            TestData.png(dir.resolve((i % 2 == 0 ? "even" : "odd") + "/" + i + ".png"), TestData.grayImage(2, 2, i));
        }
        DataSource a = Datasets.load(dir.toString());
        DataSource b = Datasets.load(dir.toString());
        assertEquals(10, a.train().size());
        assertEquals(2, a.test().size());
        assertArrayEquals(a.test().rawPixels(), b.test().rawPixels());
        Set<Integer> bases = new HashSet<>();
        for (ImageDataset d : List.of(a.train(), a.test())) {
            for (int i = 0; i < d.size(); i++) {
                bases.add(d.pixel(i, 0, 0, 0));
            }
        }
        assertEquals(12, bases.size());
    }

    @Test
    void missingPathIsReportedAsNotFound() {
        Path missing = tmp.resolve("x/y");
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(missing.toString()));
        assertEquals("Dataset not found: " + missing, e.getMessage());
    }

    @Test
    void directoryWithoutKnownFormatListsWhatWasLookedFor() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("junk/sub"));
        Files.writeString(dir.resolve("a.txt"), "x");
        DatasetException e = assertThrows(
                DatasetException.class, () -> Datasets.load(tmp.resolve("junk").toString()));
        String m = e.getMessage();
        assertTrue(m.startsWith("No dataset found in " + tmp.resolve("junk") + ": looked for"), m);
        for (String part :
                List.of("train-images-idx3-ubyte", "data_batch_1.bin", "test_batch.bin", "train.bin", "image folder")) {
            assertTrue(m.contains(part), m);
        }
    }

    @Test
    void regularFileIsNotADatasetDirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(file.toString()));
        assertTrue(e.getMessage().startsWith(file + ": not a directory"), e.getMessage());
    }

    @Test
    void blankSpecIsRejected() {
        assertThrows(DatasetException.class, () -> Datasets.load(" "));
        assertThrows(DatasetException.class, () -> Datasets.load(null));
    }

    @Test
    void bundledSubsetLoadsFromTheClasspath() {
        DataSource source = Datasets.load("fashion-mnist-subset");
        assertEquals("fashion-mnist-subset", source.name());
        assertEquals(2000, source.train().size());
        assertEquals(1000, source.test().size());
        assertEquals(1, source.train().channels());
        assertEquals(28, source.train().height());
        assertEquals(28, source.train().width());
        assertEquals(Datasets.FASHION_MNIST_CLASSES, source.train().classNames());
        assertEquals(Datasets.FASHION_MNIST_NORMALIZATION, source.normalization());
        assertEquals(9, source.train().label(0));
        assertEquals(9, source.test().label(0));
        for (int count : source.train().classCounts()) {
            assertTrue(count > 150, "every class is represented in the subset");
        }
    }

    @Test
    void fashionMnistNormalizationConstantIsCloseToTheSubsetStatistics() {
        Normalization computed =
                Normalization.compute(Datasets.bundledFashionMnistSubset().train());
        assertEquals(0.2860f, computed.mean()[0], 0.01f);
        assertEquals(0.3530f, computed.std()[0], 0.01f);
    }
}
