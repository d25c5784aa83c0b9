package rankbench.experiment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.fuzz.ByteDamage;
import rankbench.fuzz.Fuzz;
import rankbench.fuzz.Fuzz.Case;
import rankbench.fuzz.Fuzz.Expect;

/**
 * Reads over a thousand damaged image folders (three class folders of three 4 x 4 PNG images) made by a
 * seeded generator: truncated, flipped and foreign image files, PNG headers that claim gigapixel images
 * (with their CRC made right), images of another size, empty and odd folders. Each must end in a
 * {@link DatasetException} naming a file on one line, or in a dataset of 3 classes of 4 x 4 images.
 * Report: {@code target/fuzz/image-folder.txt}.
 */
class ImageFolderFuzzTest {

    static final long SEED = 20261205;
    private static final String[] FILES = {
        "a/0.png", "a/1.png", "a/2.png", "b/0.png", "b/1.png", "b/2.png", "c/0.png", "c/1.png", "c/2.png"
    };

    @TempDir
    Path dir;

    static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG with the IHDR width and height replaced and the chunk's CRC recomputed. */
    static byte[] withPngSize(byte[] png, int w, int h) {
        byte[] m = png.clone();
        ByteBuffer b = ByteBuffer.wrap(m); // signature (8), length (4), "IHDR" (4), width, height, ...
        b.putInt(16, w).putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(m, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return m;
    }

    Map<String, byte[]> valid(byte[][] images) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        for (int i = 0; i < FILES.length; i++) {
            f.put(FILES[i], images[i]);
        }
        return f;
    }

    @Test
    void damagedImageFoldersAreRefusedCleanly() throws IOException {
        Random rnd = new Random(SEED);
        byte[][] images = new byte[FILES.length][];
        for (int i = 0; i < FILES.length; i++) {
            images[i] = encode(i % 2 == 0 ? TestData.grayImage(4, 4, 20 * i) : TestData.rgbImage(4, 4, 20 * i), "png");
        }
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("valid", Expect.LOAD, valid(images), null, ""));
        int idatEnd = images[0].length - 12; // IEND is the last 12 bytes
        for (int k = 0; k < 4; k++) {
            int victim = rnd.nextInt(FILES.length);
            for (byte[] t : ByteDamage.truncations(images[victim], List.of(0, 8, 16, 24, 33, 41, idatEnd), 60, rnd)) {
                Map<String, byte[]> f = valid(images);
                f.put(FILES[victim], t);
                // Java's PNG reader decodes an image whose file ends after the pixel data's zlib stream
                cases.add(new Case(
                        "png-truncated",
                        t.length < 41 ? Expect.REFUSE : Expect.ANY,
                        f,
                        null,
                        FILES[victim] + " " + t.length));
            }
        }
        for (int i = 0; i < 400; i++) {
            int victim = rnd.nextInt(FILES.length);
            Map<String, byte[]> f = valid(images);
            f.put(FILES[victim], ByteDamage.flipped(images[victim], i % 3 == 0 ? 8 : 0, images[victim].length, rnd));
            cases.add(new Case("png-byte-flip", Expect.ANY, f, null, FILES[victim]));
        }
        int[][] claims = {
            {1 << 30, 1 << 30},
            {Integer.MAX_VALUE, 1},
            {1, Integer.MAX_VALUE},
            {-1, 4},
            {0, 4},
            {4, 0},
            {65536, 65536},
            {5000, 5000},
            {20000, 1},
            {4096, 4097},
            {Integer.MIN_VALUE, Integer.MIN_VALUE},
            {5, 4},
            {4, 3}
        };
        for (int[] c : claims) {
            for (int k = 0; k < 3; k++) {
                int victim = rnd.nextInt(FILES.length);
                Map<String, byte[]> f = valid(images);
                f.put(FILES[victim], withPngSize(images[victim], c[0], c[1]));
                cases.add(new Case("png-size-claim", Expect.REFUSE, f, null, c[0] + "x" + c[1]));
            }
        }
        byte[][] foreign = {
            new byte[0],
            "not an image".getBytes(StandardCharsets.UTF_8),
            {(byte) 0x89, 'P', 'N', 'G'},
            {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
            {'G', 'I', 'F', '8', '9', 'a'},
            {'B', 'M', 0, 0},
            {'P', 'K', 3, 4}
        };
        for (byte[] b : foreign) {
            for (int k = 0; k < 4; k++) {
                Map<String, byte[]> f = valid(images);
                f.put(FILES[rnd.nextInt(FILES.length)], b);
                cases.add(new Case("foreign-data", Expect.REFUSE, f, null, ""));
            }
        }
        for (int i = 0; i < 40; i++) {
            Map<String, byte[]> f = valid(images);
            f.put(FILES[rnd.nextInt(FILES.length)], ByteDamage.noise(3000, rnd));
            cases.add(new Case("foreign-data", Expect.REFUSE, f, null, "noise"));
        }
        for (String format : new String[] {"bmp", "gif", "jpg"}) {
            byte[] other = encode(TestData.rgbImage(4, 4, 7), format);
            Map<String, byte[]> f = valid(images);
            f.put("b/3." + format, other);
            cases.add(new Case("other-format", Expect.LOAD, f, null, format));
            for (byte[] t : ByteDamage.truncations(other, List.of(2, 10, 14, 26, 54), 25, rnd)) {
                Map<String, byte[]> g = valid(images);
                g.put("b/3." + format, t);
                cases.add(new Case("other-format-truncated", Expect.ANY, g, null, format + " " + t.length));
            }
            for (int i = 0; i < 25; i++) {
                Map<String, byte[]> g = valid(images);
                g.put("b/3." + format, ByteDamage.flipped(other, 0, Math.min(other.length, 64), rnd));
                cases.add(new Case("other-format-flip", Expect.ANY, g, null, format));
            }
        }
        byte[] bmp = encode(TestData.rgbImage(4, 4, 7), "bmp"); // BITMAPINFOHEADER width and height at 18, 22
        for (int[] c : claims) {
            byte[] m = bmp.clone();
            ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putInt(18, c[0]).putInt(22, c[1]);
            Map<String, byte[]> f = valid(images);
            f.put("c/3.bmp", m);
            cases.add(new Case("bmp-size-claim", Expect.REFUSE, f, null, c[0] + "x" + c[1]));
        }
        Map<String, byte[]> other = valid(images);
        other.put("a/3.png", encode(TestData.grayImage(5, 4, 0), "png"));
        cases.add(new Case("size-mismatch", Expect.REFUSE, other, null, ""));
        Map<String, byte[]> ignored = valid(images);
        ignored.put("a/README.txt", "x".getBytes(StandardCharsets.UTF_8));
        ignored.put("a/.hidden.png", "x".getBytes(StandardCharsets.UTF_8));
        ignored.put(".git/x.png", "x".getBytes(StandardCharsets.UTF_8));
        cases.add(new Case(
                "ignored-files", Expect.LOAD, ignored, d -> Files.createDirectories(d.resolve("b/dir.png")), ""));
        Map<String, byte[]> odd = valid(images);
        odd.put("c/ä ö 日本.png", images[0]);
        cases.add(new Case("odd-names", Expect.LOAD, odd, null, ""));
        cases.add(new Case(
                "empty-class", Expect.REFUSE, valid(images), d -> Files.createDirectories(d.resolve("d")), ""));
        cases.add(new Case(
                "empty-class", Expect.REFUSE, valid(images), d -> Files.createDirectories(d.resolve("d/sub")), ""));
        cases.add(new Case("no-classes", Expect.REFUSE, Map.of("x.png", images[0]), null, ""));
        cases.add(new Case("no-classes", Expect.REFUSE, Map.of(), null, ""));
        cases.add(new Case("missing", Expect.REFUSE, Map.of(), d -> Files.delete(d), ""));
        cases.add(new Case(
                "bomb",
                Expect.REFUSE,
                valid(images),
                d -> Files.write(
                        d.resolve("a/9.png"),
                        encode(new BufferedImage(4096, 4096, BufferedImage.TYPE_BYTE_GRAY), "png")),
                "4096x4096 of zeros"));

        Fuzz.Report r = Fuzz.run(
                "image-folder",
                SEED,
                cases,
                dir,
                d -> ImageFolderReader.read(d, "fuzz"),
                DatasetException.class,
                (c, d) -> {},
                (c, d) -> {
                    assertEquals(List.of("a", "b", "c"), d.classNames());
                    assertEquals(4, d.height());
                    assertEquals(4, d.width());
                    long expectedImages = c.files().keySet().stream()
                            .filter(n -> !n.contains("/.") && !n.startsWith(".") && !n.endsWith(".txt"))
                            .count();
                    assertEquals(expectedImages, d.size());
                    if (c.kind().equals("valid")) {
                        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2}, d.rawLabels());
                    }
                });
        Fuzz.assertClean(r, 1000);
    }
}
