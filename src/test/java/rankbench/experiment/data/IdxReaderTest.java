package rankbench.experiment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private static void assertSameData(ImageDataset expected, ImageDataset actual) {
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.channels(), actual.channels());
        assertEquals(expected.height(), actual.height());
        assertEquals(expected.width(), actual.width());
        assertArrayEquals(expected.rawPixels(), actual.rawPixels());
        assertArrayEquals(expected.labels(), actual.labels());
        assertEquals(expected.classNames(), actual.classNames());
    }

    private static void assertMessage(DatasetException e, Object file, String... parts) {
        assertTrue(e.getMessage().contains(file.toString()), () -> "file not named: " + e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' missing in: " + e.getMessage());
        }
        assertTrue(!e.getMessage().contains("\n"), "message must be one line");
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path validLabels(int n) {
        return TestData.write(dir.resolve("labels"), TestData.idx(new int[] {0x801, n}, new byte[n]));
    }

    @Test
    void gzippedRoundTripIsBitExact() {
        ImageDataset data = TestData.random("d", 37, 1, 5, 7, 10, 1);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        Path labels = dir.resolve("train-labels-idx1-ubyte.gz");
        IdxReader.write(data, images, labels, true);
        assertSameData(data, IdxReader.read(images, labels, "d", data.classNames()));
    }

    @Test
    void rawRoundTripIsBitExact() throws IOException {
        ImageDataset data = TestData.random("d", 12, 1, 3, 4, 5, 2);
        Path images = dir.resolve("sub/images");
        Path labels = dir.resolve("sub/labels");
        IdxReader.write(data, images, labels, false);
        assertEquals(16 + 12 * 12, Files.size(images));
        assertEquals(8 + 12, Files.size(labels));
        assertSameData(data, IdxReader.read(images, labels, "d", data.classNames()));
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByFileName() {
        ImageDataset data = TestData.random("d", 9, 1, 4, 4, 3, 3);
        Path gzippedWithoutSuffix = dir.resolve("images.raw");
        Path rawWithGzSuffix = dir.resolve("labels.gz");
        IdxReader.write(data, gzippedWithoutSuffix, dir.resolve("unused"), true);
        IdxReader.write(data, dir.resolve("unused2"), rawWithGzSuffix, false);
        assertSameData(data, IdxReader.read(gzippedWithoutSuffix, rawWithGzSuffix, "d", data.classNames()));
    }

    @Test
    void streamsAreReadWithoutBeingClosedAndMissingClassNamesAreNumbered() throws IOException {
        byte[] images = gzip(TestData.idx(new int[] {0x803, 3, 1, 2}, new byte[] {1, 2, 3, 4, 5, 6}));
        byte[] labels = TestData.idx(new int[] {0x801, 3}, new byte[] {0, 4, 2});
        boolean[] closed = new boolean[2];
        InputStream imageStream = new ByteArrayInputStream(images) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ImageDataset data = IdxReader.read(imageStream, new ByteArrayInputStream(labels), "s", null, "mem");
        assertEquals(List.of("0", "1", "2", "3", "4"), data.classNames());
        assertArrayEquals(new int[] {0, 4, 2}, data.labels());
        assertEquals(6, data.pixel(2, 0, 0, 1));
        assertTrue(!closed[0], "caller's stream must stay open");
    }

    @Test
    void missingFileIsReportedAsNotFound() {
        Path missing = dir.resolve("x/y");
        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(missing, validLabels(1), "d", null));
        assertEquals("Dataset not found: " + missing, e.getMessage());
    }

    @Test
    void wrongImageMagicReportsFoundAndExpected() {
        Path images = TestData.write(dir.resolve("images"), new byte[16]);
        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(images, validLabels(0), "d", null));
        assertEquals(images + ": not an IDX image file (magic 0x00000000, expected 0x00000803)", e.getMessage());
    }

    @Test
    void swappedImageAndLabelFilesAreRejected() {
        ImageDataset data = TestData.random("d", 4, 1, 2, 2, 3, 4);
        Path images = dir.resolve("images.gz");
        Path labels = dir.resolve("labels.gz");
        IdxReader.write(data, images, labels, true);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(labels, images, "d", null));
        assertEquals(labels + ": not an IDX image file (magic 0x00000801, expected 0x00000803)", e.getMessage());
    }

    @Test
    void wrongLabelMagicReportsFoundAndExpected() {
        Path images = TestData.write(dir.resolve("images"), TestData.idx(new int[] {0x803, 1, 1, 1}, new byte[1]));
        Path labels = TestData.write(dir.resolve("labels"), TestData.idx(new int[] {0x12345678, 1}, new byte[1]));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, "d", null));
        assertEquals(labels + ": not an IDX label file (magic 0x12345678, expected 0x00000801)", e.getMessage());
    }

    @Test
    void truncatedPixelsReportExpectedAndFoundBytes() {
        Path images =
                TestData.write(dir.resolve("images"), TestData.idx(new int[] {0x803, 60000, 28, 28}, new byte[1000]));
        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(images, validLabels(60000), "d", null));
        assertEquals(images + ": truncated: expected 47040000 bytes of pixels, found 1000", e.getMessage());
    }

    @Test
    void truncatedLabelsReportExpectedAndFoundBytes() {
        Path images = TestData.write(dir.resolve("images"), TestData.idx(new int[] {0x803, 5, 1, 1}, new byte[5]));
        Path labels = TestData.write(dir.resolve("labels"), TestData.idx(new int[] {0x801, 5}, new byte[3]));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, "d", null));
        assertEquals(labels + ": truncated: expected 5 bytes of labels, found 3", e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() {
        Path images = TestData.write(dir.resolve("images"), new byte[] {0, 0, 8, 3, 0, 0});
        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(images, validLabels(1), "d", null));
        assertMessage(e, images, "truncated", "16-byte IDX header", "found 6 bytes");
    }

    @Test
    void truncatedGzipStreamIsReported() throws IOException {
        byte[] full = gzip(TestData.idx(
                new int[] {0x803, 100, 10, 10},
                TestData.random("r", 100, 1, 10, 10, 2, 5).rawPixels()));
        Path images = TestData.write(dir.resolve("images.gz"), Arrays.copyOf(full, full.length / 2));
        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(images, validLabels(100), "d", null));
        assertMessage(e, images, "truncated");
    }

    @Test
    void imageLabelCountMismatchNamesBothFiles() {
        Path images = TestData.write(dir.resolve("images"), TestData.idx(new int[] {0x803, 3, 1, 1}, new byte[3]));
        Path labels = validLabels(2);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, "d", null));
        assertEquals(
                "Image/label count mismatch: " + images + " has 3 images but " + labels + " has 2 labels",
                e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesTheLabelFile() {
        Path images = TestData.write(dir.resolve("images"), TestData.idx(new int[] {0x803, 3, 1, 1}, new byte[3]));
        Path labels = TestData.write(dir.resolve("labels"), TestData.idx(new int[] {0x801, 3}, new byte[] {0, 1, 7}));
        DatasetException e =
                assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, "d", List.of("a", "b", "c")));
        assertEquals(labels + ": label 7 of sample 2 is out of range 0..2", e.getMessage());
    }

    @Test
    void streamErrorsNameTheSourceDescription() {
        byte[] images = new byte[16];
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> IdxReader.read(
                        new ByteArrayInputStream(images),
                        new ByteArrayInputStream(new byte[8]),
                        "d",
                        null,
                        "classpath:/x"));
        assertMessage(e, "classpath:/x [images]", "not an IDX image file");
    }

    @Test
    void writingMultiChannelDataIsRejected() {
        ImageDataset rgb = TestData.random("rgb", 2, 3, 2, 2, 2, 6);
        assertThrows(
                IllegalArgumentException.class, () -> IdxReader.write(rgb, dir.resolve("i"), dir.resolve("l"), false));
    }
}
