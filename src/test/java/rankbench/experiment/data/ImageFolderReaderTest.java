package rankbench.experiment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    @TempDir
    Path root;

    @Test
    void grayImagesGiveOneChannelWithExactPixels() {
        TestData.png(root.resolve("b/1.png"), TestData.grayImage(4, 3, 0));
        TestData.png(root.resolve("a/1.png"), TestData.grayImage(4, 3, 100));
        TestData.png(root.resolve("a/2.png"), TestData.grayImage(4, 3, 200));
        ImageDataset data = ImageFolderReader.read(root, "g");
        assertEquals(List.of("a", "b"), data.classNames());
        assertArrayEquals(new int[] {0, 0, 1}, data.labels());
        assertEquals(1, data.channels());
        assertEquals(3, data.height());
        assertEquals(4, data.width());
        assertEquals(100 + 10 * 2 + 3, data.pixel(0, 0, 2, 3));
        assertEquals((200 + 10 * 1 + 2) & 0xFF, data.pixel(1, 0, 1, 2));
        assertEquals(0, data.pixel(2, 0, 0, 0));
    }

    @Test
    void colorImagesGiveThreeChannelsInChwOrder() {
        TestData.png(root.resolve("cat/x.png"), TestData.rgbImage(5, 2, 30));
        TestData.png(root.resolve("dog/y.png"), TestData.grayImage(5, 2, 7));
        ImageDataset data = ImageFolderReader.read(root, "rgb");
        assertEquals(3, data.channels());
        assertEquals(30 + 4, data.pixel(0, 0, 1, 4));
        assertEquals(30 + 2, data.pixel(0, 1, 1, 4));
        assertEquals(255 - 30, data.pixel(0, 2, 1, 4));
        // The gray image is replicated into all three channels.
        for (int c = 0; c < 3; c++) {
            assertEquals(7 + 10 + 3, data.pixel(1, c, 1, 3));
        }
    }

    @Test
    void colorTypedImagesWithEqualChannelsCountAsGray() {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 0, 0x505050);
        TestData.png(root.resolve("only/a.png"), image);
        ImageDataset data = ImageFolderReader.read(root, "gray-rgb");
        assertEquals(1, data.channels());
        assertEquals(0x50, data.pixel(0, 0, 0, 1));
    }

    @Test
    void hiddenAndNonImageFilesAreIgnored() throws IOException {
        TestData.png(root.resolve("a/1.png"), TestData.grayImage(2, 2, 0));
        Files.writeString(root.resolve("a/notes.txt"), "not an image");
        Files.writeString(root.resolve("a/.hidden.png"), "not an image");
        Files.createDirectories(root.resolve(".cache"));
        Files.writeString(root.resolve("README.md"), "top-level files are ignored");
        ImageDataset data = ImageFolderReader.read(root, "h");
        assertEquals(1, data.size());
        assertEquals(List.of("a"), data.classNames());
    }

    @Test
    void emptyClassFolderIsReported() throws IOException {
        TestData.png(root.resolve("a/1.png"), TestData.grayImage(2, 2, 0));
        Files.createDirectories(root.resolve("b"));
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderReader.read(root, "e"));
        assertTrue(e.getMessage().startsWith("Empty class folder: " + root.resolve("b")), e.getMessage());
    }

    @Test
    void undecodableImageIsReported() throws IOException {
        TestData.png(root.resolve("a/1.png"), TestData.grayImage(2, 2, 0));
        Path bad = TestData.write(root.resolve("a/2.png"), "garbage, not a PNG".getBytes());
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderReader.read(root, "u"));
        assertTrue(e.getMessage().startsWith(bad + ": cannot decode image"), e.getMessage());
    }

    @Test
    void imageOfDifferentSizeIsReported() {
        Path first = TestData.png(root.resolve("a/1.png"), TestData.grayImage(4, 4, 0));
        Path other = TestData.png(root.resolve("b/1.png"), TestData.grayImage(4, 5, 0));
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderReader.read(root, "s"));
        assertEquals(
                other + ": image is 4x5 but the first image " + first + " is 4x4; all images must have the same size",
                e.getMessage());
    }

    @Test
    void folderWithoutClassFoldersIsReported() {
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderReader.read(root, "n"));
        assertTrue(e.getMessage().startsWith(root + ": no class sub-folders found"), e.getMessage());
    }

    @Test
    void missingRootIsReportedAsNotFound() {
        Path missing = root.resolve("nope");
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderReader.read(missing, "m"));
        assertEquals("Dataset not found: " + missing, e.getMessage());
    }
}
