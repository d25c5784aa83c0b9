package rankbench.experiment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.fuzz.ByteDamage;
import rankbench.fuzz.Fuzz;
import rankbench.fuzz.Fuzz.Case;
import rankbench.fuzz.Fuzz.Expect;
import rankbench.fuzz.Gzip;

/**
 * Reads well over a thousand damaged IDX image/label pairs, raw and gzipped, made by a seeded generator
 * from one valid pair (20 images of 6 x 5, 3 classes). Each must end in a {@link DatasetException} naming
 * a file on one line, or in a dataset with as many labels as images; damage confined to pixels keeps the
 * labels, damage the format detects (gzip CRC) gives the original or a refusal. Report:
 * {@code target/fuzz/idx.txt}.
 */
class IdxFuzzTest {

    static final long SEED = 20261203;
    private static final List<String> CLASSES = List.of("a", "b", "c");

    @TempDir
    Path dir;

    static ImageDataset load(Path d) {
        return IdxReader.read(d.resolve("images"), d.resolve("labels"), "fuzz", CLASSES);
    }

    @Test
    void damagedIdxFilesAreRefusedCleanly() throws IOException {
        ImageDataset original = TestData.random("orig", 20, 1, 6, 5, 3, 11);
        int n = original.size();
        int plane = 30;
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) original.label(i);
        }
        byte[] img = TestData.idx(new int[] {IdxReader.IMAGE_MAGIC, n, 6, 5}, original.rawPixels());
        byte[] lab = TestData.idx(new int[] {IdxReader.LABEL_MAGIC, n}, labels);
        Random rnd = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        cases.add(pair("valid", Expect.LOAD, img, lab));
        cases.add(pair("valid", Expect.LOAD, Gzip.of(img), Gzip.of(lab)));
        for (boolean gz : new boolean[] {false, true}) {
            String g = gz ? "gz-" : "raw-";
            UnaryOperator<byte[]> z = gz ? Gzip::of : b -> b;
            List<Integer> imgMarks = new ArrayList<>(List.of(0, 2, 4, 8, 12, 16, img.length - 1));
            for (int i = 1; i < n; i++) {
                imgMarks.add(16 + i * plane);
            }
            for (byte[] t : ByteDamage.truncations(img, imgMarks, 60, rnd)) {
                cases.add(pair(g + "images-truncated", Expect.REFUSE, z.apply(t), z.apply(lab)));
            }
            for (byte[] t : ByteDamage.truncations(lab, List.of(0, 4, 8, 9, lab.length - 1), 20, rnd)) {
                cases.add(pair(g + "labels-truncated", Expect.REFUSE, z.apply(img), z.apply(t)));
            }
            for (int i = 0; i < 60; i++) {
                cases.add(pair(
                        g + "header-flip", Expect.ANY, z.apply(ByteDamage.flipped(img, 0, 16, rnd)), z.apply(lab)));
                cases.add(
                        pair(g + "header-flip", Expect.ANY, z.apply(img), z.apply(ByteDamage.flipped(lab, 0, 8, rnd))));
                cases.add(pair(
                        g + "pixel-flip",
                        Expect.LOAD,
                        z.apply(ByteDamage.flipped(img, 16, img.length, rnd)),
                        z.apply(lab)));
                cases.add(pair(
                        g + "label-flip",
                        Expect.ANY,
                        z.apply(img),
                        z.apply(ByteDamage.flipped(lab, 8, lab.length, rnd))));
            }
            int[][] claims = {
                {Integer.MAX_VALUE, 6, 5},
                {n, Integer.MAX_VALUE, Integer.MAX_VALUE},
                {n, 1 << 16, 1 << 16},
                {1 << 30, 1, 1},
                {-1, 6, 5},
                {n, -6, 5},
                {n, 0, 5},
                {n, 6, 0},
                {0, 6, 5},
                {n + 1, 6, 5},
                {n - 1, 6, 5},
                {n, 5, 6},
                {n, 3, 5},
                {Integer.MIN_VALUE, 1, 1},
                {65536, 65536, 65536},
                {46341, 46341, 1}
            };
            for (int[] c : claims) {
                byte[] m = ByteDamage.withIntBE(
                        ByteDamage.withIntBE(ByteDamage.withIntBE(img, 4, c[0]), 8, c[1]), 12, c[2]);
                // 5 x 6 has as many pixels as 6 x 5: a different but well-formed file
                cases.add(pair(
                        g + "size-claim",
                        c[1] * c[2] == 30 && c[0] == n ? Expect.ANY : Expect.REFUSE,
                        z.apply(m),
                        z.apply(lab)));
            }
            for (int c : new int[] {Integer.MAX_VALUE, -1, 0, n + 1, n - 1, 1 << 30}) {
                cases.add(
                        pair(g + "size-claim", Expect.REFUSE, z.apply(img), z.apply(ByteDamage.withIntBE(lab, 4, c))));
            }
            for (int magic : new int[] {0, 0x0803, 0x0801, 0x0802, 0x0903, 0x0804, 0x08030000, -1}) {
                if (magic != IdxReader.IMAGE_MAGIC) {
                    cases.add(pair(
                            g + "wrong-magic",
                            Expect.REFUSE,
                            z.apply(ByteDamage.withIntBE(img, 0, magic)),
                            z.apply(lab)));
                }
                if (magic != IdxReader.LABEL_MAGIC) {
                    cases.add(pair(
                            g + "wrong-magic",
                            Expect.REFUSE,
                            z.apply(img),
                            z.apply(ByteDamage.withIntBE(lab, 0, magic))));
                }
            }
            cases.add(pair(g + "swapped", Expect.REFUSE, z.apply(lab), z.apply(img)));
            for (int i = 0; i < 10; i++) {
                cases.add(pair(g + "noise", Expect.REFUSE, z.apply(ByteDamage.noise(2000, rnd)), z.apply(lab)));
                cases.add(pair(
                        g + "trailing",
                        Expect.REFUSE,
                        z.apply(ByteDamage.concat(img, ByteDamage.noise(100, rnd))),
                        z.apply(lab)));
            }
        }
        byte[] gzImg = Gzip.of(img);
        for (int i = 0; i < 80; i++) { // gzip's own header, deflate data and CRC trailer
            cases.add(pair(
                    "gz-stream-flip",
                    Expect.SAME_OR_REFUSE,
                    ByteDamage.flipped(gzImg, 0, gzImg.length, rnd),
                    Gzip.of(lab)));
        }
        for (byte[] t :
                ByteDamage.truncations(gzImg, List.of(0, 1, 2, 10, gzImg.length - 8, gzImg.length - 4), 30, rnd)) {
            cases.add(pair("gz-stream-truncated", Expect.REFUSE, t, Gzip.of(lab)));
        }
        cases.add(pair("gz-stream-truncated", Expect.REFUSE, new byte[] {0x1f, (byte) 0x8b}, lab));
        // headers that claim hundreds of megabytes over a stream of zeros that really inflates that far
        byte[] bombHeader = TestData.idx(new int[] {IdxReader.IMAGE_MAGIC, 100_000, 50, 50}, new byte[0]);
        byte[] bomb = Gzip.ofWithZeros(bombHeader, 250_000_000L + 1);
        cases.add(pair("gz-bomb", Expect.REFUSE, bomb, Gzip.of(lab)).labeled("250 MB of zeros, one byte too many"));
        byte[] claim = TestData.idx(new int[] {IdxReader.IMAGE_MAGIC, 1_000_000, 100, 20}, new byte[0]);
        cases.add(pair("gz-bomb", Expect.REFUSE, Gzip.ofWithZeros(claim, 1 << 20), Gzip.of(lab))
                .labeled("claims 2 GB"));
        cases.add(new Case(
                "not-a-file",
                Expect.REFUSE,
                Map.of("labels", lab),
                d -> Files.createDirectories(d.resolve("images")),
                "images is a folder"));
        cases.add(new Case("missing", Expect.REFUSE, Map.of("images", img), null, "no labels"));

        byte[] pixels = original.rawPixels();
        Fuzz.Report r = Fuzz.run(
                "idx",
                SEED,
                cases,
                dir,
                IdxFuzzTest::load,
                DatasetException.class,
                (c, d) -> {
                    assertArrayEquals(pixels, d.rawPixels());
                    assertArrayEquals(original.rawLabels(), d.rawLabels());
                },
                (c, d) -> {
                    assertEquals(d.size(), d.rawLabels().length);
                    assertEquals((long) d.size() * d.imageSize(), d.rawPixels().length);
                    if (c.kind().endsWith("pixel-flip")) {
                        assertArrayEquals(original.rawLabels(), d.rawLabels());
                        assertEquals(6, d.height());
                    }
                    assertTrue(d.size() > 0);
                });
        Fuzz.assertClean(r, 1000);
    }

    private static Case pair(String kind, Expect e, byte[] images, byte[] labels) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("images", images);
        files.put("labels", labels);
        return new Case(kind, e, files, null, "");
    }
}
