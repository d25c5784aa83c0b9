package rankbench.experiment.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Generators of small datasets and files for the tests of this package. */
final class TestData {

    private TestData() {}

    /** Returns class names {@code c0}, {@code c1}, .... */
    static List<String> names(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("c" + i);
        }
        return names;
    }

    /** Returns a dataset of random pixels and labels. */
    static ImageDataset random(String name, int n, int channels, int height, int width, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[n * channels * height * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return new ImageDataset(name, channels, height, width, pixels, labels, names(classes));
    }

    /** Returns a 1x2x2 dataset whose image {@code i} encodes {@code i} in its first two pixels. */
    static ImageDataset numbered(int n) {
        byte[] pixels = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[4 * i] = (byte) i;
            pixels[4 * i + 1] = (byte) (i >> 8);
            labels[i] = i % 3;
        }
        return new ImageDataset("numbered/train", 1, 2, 2, pixels, labels, names(3));
    }

    /** Decodes the number stored by {@link #numbered} in image {@code i} of {@code data}. */
    static int id(ImageDataset data, int i) {
        return data.pixel(i, 0, 0, 0) | data.pixel(i, 0, 0, 1) << 8;
    }

    /** Writes raw bytes to a file. */
    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Concatenates int headers (big-endian) and a body. */
    static byte[] idx(int[] header, byte[] body) {
        byte[] bytes = new byte[header.length * 4 + body.length];
        for (int i = 0; i < header.length; i++) {
            bytes[4 * i] = (byte) (header[i] >>> 24);
            bytes[4 * i + 1] = (byte) (header[i] >>> 16);
            bytes[4 * i + 2] = (byte) (header[i] >>> 8);
            bytes[4 * i + 3] = (byte) header[i];
        }
        System.arraycopy(body, 0, bytes, header.length * 4, body.length);
        return bytes;
    }

    /**
     * Returns CIFAR records: {@code labelBytes} label bytes per record (record {@code r} gets label bytes
     * {@code labels[r][k]}), then 3072 pixel bytes with value {@code (r * 7 + p) & 0xFF}.
     */
    static byte[] cifarRecords(int[][] labels, int pixelSeed) {
        int labelBytes = labels[0].length;
        int recordSize = labelBytes + 3072;
        byte[] bytes = new byte[labels.length * recordSize];
        for (int r = 0; r < labels.length; r++) {
            for (int k = 0; k < labelBytes; k++) {
                bytes[r * recordSize + k] = (byte) labels[r][k];
            }
            for (int p = 0; p < 3072; p++) {
                bytes[r * recordSize + labelBytes + p] = (byte) ((r + pixelSeed) * 7 + p);
            }
        }
        return bytes;
    }

    /** Returns a gray image with pixel (x, y) = {@code (base + 10 * y + x) & 0xFF}. */
    static BufferedImage grayImage(int width, int height, int base) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (base + 10 * y + x) & 0xFF);
            }
        }
        return image;
    }

    /** Returns an RGB image with r = base + x, g = base + 2 * y, b = 255 - base. */
    static BufferedImage rgbImage(int width, int height, int base) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (base + x) & 0xFF;
                int g = (base + 2 * y) & 0xFF;
                int b = (255 - base) & 0xFF;
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    /** Writes an image as PNG, creating parent folders. */
    static Path png(Path file, BufferedImage image) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
