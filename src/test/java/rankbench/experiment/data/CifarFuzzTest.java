package rankbench.experiment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.fuzz.ByteDamage;
import rankbench.fuzz.Fuzz;
import rankbench.fuzz.Fuzz.Case;
import rankbench.fuzz.Fuzz.Expect;

/**
 * Reads over a thousand damaged CIFAR-10 and CIFAR-100 binary batch sets (two batch files and an
 * optional class-name file) made by a seeded generator. Each must end in a {@link DatasetException}
 * naming a file on one line, or in a dataset whose record count follows the files' sizes; damage confined
 * to pixels keeps every label. Report: {@code target/fuzz/cifar.txt}.
 */
class CifarFuzzTest {

    static final long SEED = 20261204;
    static final int RECORD10 = 3073;
    static final int RECORD100 = 3074;

    @TempDir
    Path dir;

    static ImageDataset load(Path d) {
        if (Files.exists(d.resolve("train.bin"))) {
            return CifarReader.readCifar100(List.of(d.resolve("train.bin"), d.resolve("test.bin")), "fuzz", true);
        }
        return CifarReader.readCifar10(List.of(d.resolve("data_batch_1.bin"), d.resolve("data_batch_2.bin")), "fuzz");
    }

    @Test
    void damagedCifarBatchesAreRefusedCleanly() throws IOException {
        Random rnd = new Random(SEED);
        byte[] b1 = TestData.cifarRecords(new int[][] {{0}, {3}, {9}, {1}, {5}}, 1);
        byte[] b2 = TestData.cifarRecords(new int[][] {{2}, {7}, {4}}, 2);
        byte[] c1 = TestData.cifarRecords(new int[][] {{0, 12}, {19, 99}, {3, 50}}, 3);
        byte[] c2 = TestData.cifarRecords(new int[][] {{1, 1}, {2, 70}}, 4);
        List<Case> cases = new ArrayList<>();
        cases.add(ten("valid", Expect.LOAD, b1, b2));
        cases.add(hundred("valid", Expect.LOAD, c1, c2));
        addDamage(cases, rnd, b1, b2, RECORD10, 1, false);
        addDamage(cases, rnd, c1, c2, RECORD100, 2, true);
        String[] metas = {
            "",
            "\n\n  \n",
            "a\nb\nc\n",
            String.join("\n", CifarReader.CIFAR10_CLASSES) + "\nextra\n",
            String.join("\r\n", CifarReader.CIFAR10_CLASSES),
            "x".repeat(100_000) + "\n".repeat(10),
            "\u0000\u0001\n".repeat(10)
        };
        for (String m : metas) {
            Map<String, byte[]> f = files10(b1, b2);
            f.put("batches.meta.txt", m.getBytes(StandardCharsets.UTF_8));
            cases.add(new Case("meta", Expect.ANY, f, null, m.length() > 20 ? m.substring(0, 20) : m));
        }
        for (int i = 0; i < 5; i++) {
            Map<String, byte[]> f = files10(b1, b2);
            f.put("batches.meta.txt", ByteDamage.noise(400, rnd)); // invalid UTF-8, mostly
            cases.add(new Case("meta", Expect.ANY, f, null, "noise"));
        }
        cases.add(new Case(
                "meta",
                Expect.ANY,
                files10(b1, b2),
                d -> Files.createDirectories(d.resolve("batches.meta.txt")),
                "a folder"));
        cases.add(new Case(
                "meta",
                Expect.REFUSE,
                files10(b1, b2),
                d -> sparse(d.resolve("batches.meta.txt"), 3L << 30),
                "3 GB sparse"));
        cases.add(new Case(
                "huge-file",
                Expect.REFUSE,
                Map.of("data_batch_2.bin", b2),
                d -> sparse(d.resolve("data_batch_1.bin"), 3073L * 1_000_000),
                "3 GB sparse batch"));
        cases.add(new Case(
                "not-a-file",
                Expect.REFUSE,
                Map.of("data_batch_2.bin", b2),
                d -> Files.createDirectories(d.resolve("data_batch_1.bin")),
                ""));
        cases.add(new Case("missing", Expect.REFUSE, Map.of("data_batch_1.bin", b1), null, ""));

        int[] labels10 = {0, 3, 9, 1, 5, 2, 7, 4};
        int[] labels100 = {12, 99, 50, 1, 70};
        Fuzz.Report r = Fuzz.run(
                "cifar",
                SEED,
                cases,
                dir,
                CifarFuzzTest::load,
                DatasetException.class,
                (c, d) -> assertArrayEquals(c.files().containsKey("train.bin") ? labels100 : labels10, d.rawLabels()),
                (c, d) -> {
                    long bytes = c.files().entrySet().stream()
                            .filter(e -> e.getKey().endsWith(".bin"))
                            .mapToLong(e -> e.getValue().length)
                            .sum();
                    int rec = c.files().containsKey("train.bin") ? RECORD100 : RECORD10;
                    assertEquals(bytes / rec, d.size());
                    assertEquals(3072L * d.size(), d.rawPixels().length);
                    if (c.kind().endsWith("pixel-flip")) {
                        assertArrayEquals(c.files().containsKey("train.bin") ? labels100 : labels10, d.rawLabels());
                    }
                });
        Fuzz.assertClean(r, 1000);
    }

    private static void addDamage(
            List<Case> cases, Random rnd, byte[] b1, byte[] b2, int rec, int labelBytes, boolean hundred) {
        String p = hundred ? "c100-" : "c10-";
        BiFunction<byte[], byte[], Map<String, byte[]>> files =
                hundred ? CifarFuzzTest::files100 : CifarFuzzTest::files10;
        List<Integer> marks = new ArrayList<>();
        for (int i = 0; i <= b1.length / rec; i++) {
            marks.add(i * rec);
            marks.add(i * rec + labelBytes);
        }
        for (byte[] t : ByteDamage.truncations(b1, marks, 200, rnd)) {
            boolean whole = t.length % rec == 0 && t.length > 0;
            cases.add(new Case(
                    p + "truncated",
                    whole ? Expect.ANY : Expect.REFUSE,
                    files.apply(t, b2),
                    null,
                    t.length + " bytes"));
        }
        for (int i = 0; i < 150; i++) {
            byte[] m = b2.clone();
            int r = rnd.nextInt(m.length / rec);
            m[r * rec + rnd.nextInt(labelBytes)] = (byte) rnd.nextInt(256);
            cases.add(new Case(p + "label-flip", Expect.ANY, files.apply(b1, m), null, ""));
        }
        for (int i = 0; i < 80; i++) {
            byte[] m = b1.clone();
            int r = rnd.nextInt(m.length / rec);
            m[r * rec + labelBytes + rnd.nextInt(3072)] ^= (byte) (1 + rnd.nextInt(255));
            cases.add(new Case(p + "pixel-flip", Expect.LOAD, files.apply(m, b2), null, ""));
        }
        for (int i = 0; i < 80; i++) {
            int extra = i % 6 == 0 ? rec : 1 + rnd.nextInt(2 * rec);
            byte[] more = ByteDamage.concat(b2, ByteDamage.noise(extra + 1, rnd));
            boolean whole = more.length % rec == 0;
            cases.add(new Case(p + "appended", whole ? Expect.ANY : Expect.REFUSE, files.apply(b1, more), null, ""));
        }
        for (int i = 0; i < 10; i++) {
            byte[] noise = ByteDamage.noise(10_000, rnd);
            cases.add(new Case(
                    p + "noise",
                    noise.length % rec == 0 && noise.length > 0 ? Expect.ANY : Expect.REFUSE,
                    files.apply(noise, b2),
                    null,
                    ""));
        }
        cases.add(new Case(p + "empty", Expect.REFUSE, files.apply(new byte[0], b2), null, ""));
    }

    private static void sparse(Path f, long length) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(length);
        }
    }

    private static Map<String, byte[]> files10(byte[] b1, byte[] b2) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("data_batch_1.bin", b1);
        f.put("data_batch_2.bin", b2);
        return f;
    }

    private static Map<String, byte[]> files100(byte[] b1, byte[] b2) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("train.bin", b1);
        f.put("test.bin", b2);
        return f;
    }

    private static Case ten(String kind, Expect e, byte[] b1, byte[] b2) {
        return new Case(kind, e, files10(b1, b2), null, "");
    }

    private static Case hundred(String kind, Expect e, byte[] b1, byte[] b2) {
        return new Case(kind, e, files100(b1, b2), null, "");
    }
}
