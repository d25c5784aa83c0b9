package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.fuzz.ByteDamage;
import rankbench.fuzz.Fuzz;
import rankbench.fuzz.Fuzz.Case;
import rankbench.fuzz.Fuzz.Expect;
import rankbench.fuzz.JsonMutations;
import rankbench.fuzz.RawZip;

/**
 * Opens well over a thousand damaged, truncated and hostile {@code .rbm} model files made by a seeded
 * generator from one valid file of a tiny network that has every layer type. Each must end in a
 * {@link ModelFileException} naming the file on one line, or in a load; a load of a file whose damage
 * cannot have changed the model must give the original model, any other load must save and read back
 * unchanged. See {@link Fuzz} for the timeout and the report ({@code target/fuzz/model-file.txt}).
 */
class ModelFileFuzzTest {

    static final long SEED = 20261201;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "model.rbm";

    @TempDir
    Path dir;

    /** A network with a conv, batch norm, relu, residual block with a padding shortcut, pools and a linear layer. */
    static ModelManifest tinyManifest() {
        FeatureShape in = new FeatureShape(1, 8, 8);
        LayerSpec.Sequence net = new LayerSpec.Sequence(
                "",
                List.of(
                        LayerSpec.Conv.square("conv1", 1, 4, 3, 1, 1, false),
                        new LayerSpec.BatchNorm("bn1", 4),
                        new LayerSpec.Relu("relu"),
                        new LayerSpec.Residual(
                                "block",
                                List.of(
                                        LayerSpec.Conv.square("conv1", 4, 8, 3, 2, 1, true),
                                        new LayerSpec.BatchNorm("bn1", 8)),
                                new LayerSpec.PadShortcut("shortcut", 4, 8, 2)),
                        new LayerSpec.MaxPool("pool", 2, 2),
                        new LayerSpec.GlobalAvgPool("avgpool"),
                        new LayerSpec.Flatten("flatten"),
                        new LayerSpec.Dense("fc", 8, 3, true)));
        return new ModelManifest(
                ModelFiles.FORMAT_VERSION,
                "tiny",
                in,
                List.of("a", "b", "c"),
                new float[] {0.5f},
                new float[] {0.25f},
                net,
                new TrainingRecord(
                        "synthetic",
                        1,
                        8,
                        "sgd",
                        0.1,
                        "constant",
                        0.0,
                        1L,
                        0.5,
                        null,
                        1.0,
                        "2026-12-01T08:00:00Z",
                        "fuzz"),
                null);
    }

    static byte[] bytes(SavedModel m) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelFiles.write(m, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void damagedAndHostileModelFilesAreRefusedCleanly() throws IOException {
        SavedModel original = new SavedModel(
                tinyManifest(), SafeTensorsDamage.randomWeights(tinyManifest().network(), 3));
        byte[] valid = bytes(original);
        LinkedHashMap<String, byte[]> entries = entries(valid);
        Random rnd = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        Consumer<Case> add = cases::add;
        zipDamage(entries, rnd, add);
        manifestDamage(entries, rnd, add);
        weightsDamage(entries, rnd, add);
        knownBugs(entries, add);
        cases.add(new Case(
                "not-a-file", Expect.REFUSE, Map.of(), d -> Files.createDirectories(d.resolve(FILE)), "a directory"));
        cases.add(new Case(
                "huge-file",
                Expect.REFUSE,
                Map.of(),
                d -> {
                    try (RandomAccessFile f =
                            new RandomAccessFile(d.resolve(FILE).toFile(), "rw")) {
                        f.write(valid);
                        f.setLength(3L << 30); // sparse: claims 3 GB on disk without using it
                    }
                },
                "3 GB sparse file"));
        Fuzz.Report r = Fuzz.run(
                "model-file",
                SEED,
                cases,
                dir,
                d -> ModelFiles.read(d.resolve(FILE)),
                ModelFileException.class,
                (c, m) -> assertSame(original, m),
                (c, m) -> assertSame(m, ModelFiles.read(new ByteArrayInputStream(bytes(m)), "re-saved")));
        Fuzz.assertClean(r, 1000);
    }

    static void assertSame(SavedModel a, SavedModel b) throws IOException {
        assertEquals(
                JSON.writeValueAsString(a.manifest().withWeightsSha256(null)),
                JSON.writeValueAsString(b.manifest().withWeightsSha256(null)));
        assertEquals(a.weights(), b.weights());
    }

    static LinkedHashMap<String, byte[]> entries(byte[] zip) throws IOException {
        LinkedHashMap<String, byte[]> m = new LinkedHashMap<>();
        try (var z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                m.put(e.getName(), z.readAllBytes());
            }
        }
        return m;
    }

    /** Entries as a zip with truthful headers: the manifest deflated, the weights stored. */
    static List<RawZip.Entry> raw(Map<String, byte[]> entries) {
        List<RawZip.Entry> l = new ArrayList<>();
        entries.forEach((k, v) -> l.add(k.endsWith(".json") ? RawZip.Entry.deflated(k, v) : RawZip.Entry.stored(k, v)));
        return l;
    }

    /** The same entries with the weights replaced and the manifest's checksum made to fit them. */
    static byte[] withWeights(Map<String, byte[]> entries, byte[] weights) throws IOException {
        ObjectNode m = (ObjectNode) JSON.readTree(entries.get(ModelFiles.MANIFEST));
        m.put("weightsSha256", ModelFiles.sha256(weights));
        LinkedHashMap<String, byte[]> e = new LinkedHashMap<>(entries);
        e.put(ModelFiles.MANIFEST, m.toString().getBytes(StandardCharsets.UTF_8));
        e.put(ModelFiles.WEIGHTS, weights);
        return RawZip.build(raw(e));
    }

    static byte[] withManifest(Map<String, byte[]> entries, String manifest) {
        LinkedHashMap<String, byte[]> e = new LinkedHashMap<>(entries);
        e.put(ModelFiles.MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
        return RawZip.build(raw(e));
    }

    private static void zipDamage(Map<String, byte[]> entries, Random rnd, Consumer<Case> add) {
        RawZip.Layout[] layout = new RawZip.Layout[1];
        byte[] b = RawZip.build(raw(entries), layout);
        RawZip.Layout l = layout[0];
        List<Integer> marks = new ArrayList<>();
        for (List<Integer> ms : List.of(l.localHeaders(), l.dataStarts(), l.centralHeaders())) {
            for (int m : ms) {
                for (int d : new int[] {0, 4, 14, 26, 30, 46}) {
                    marks.add(m + d);
                }
            }
        }
        marks.add(l.end());
        marks.add(b.length - 22);
        for (byte[] t : ByteDamage.truncations(b, marks, 150, rnd)) {
            add.accept(Case.of("zip-truncated", Expect.REFUSE, FILE, t));
        }
        for (int i = 0; i < 200; i++) {
            int from = i % 2 == 0 ? 0 : l.centralHeaders().get(0);
            add.accept(
                    Case.of("zip-byte-flip", Expect.SAME_OR_REFUSE, FILE, ByteDamage.flipped(b, from, b.length, rnd)));
        }
        byte[][] magic = {
            new byte[0],
            "just text".getBytes(StandardCharsets.UTF_8),
            {0x1f, (byte) 0x8b, 8, 0},
            "%PDF-1.4".getBytes(StandardCharsets.UTF_8),
            RawZip.build(List.of()),
            {'P', 'K'},
            {'P', 'K', 5, 6}
        };
        for (byte[] m : magic) {
            add.accept(Case.of("wrong-magic", Expect.REFUSE, FILE, m));
        }
        for (int i = 0; i < 20; i++) {
            byte[] noise = ByteDamage.noise(3000, rnd);
            add.accept(Case.of("wrong-magic", Expect.REFUSE, FILE, noise));
            add.accept(
                    Case.of("wrong-magic", Expect.REFUSE, FILE, ByteDamage.concat(new byte[] {'P', 'K', 3, 4}, noise)));
        }
        for (String n : List.of(ModelFiles.MANIFEST, ModelFiles.WEIGHTS)) {
            List<RawZip.Entry> d = raw(entries);
            d.add(
                    n.endsWith(".json")
                            ? RawZip.Entry.deflated(n, entries.get(n))
                            : RawZip.Entry.stored(n, entries.get(n)));
            add.accept(Case.of("zip-duplicate", Expect.REFUSE, FILE, RawZip.build(d)));
        }
        for (String n : new String[] {
            "../manifest.json",
            "/etc/passwd",
            "../../x",
            "C:\\x",
            "weights/../../x",
            "manifest.json\u0000.txt",
            "README.txt",
            "META-INF/MANIFEST.MF",
            "x".repeat(5000),
            "weights.safetensors/"
        }) {
            List<RawZip.Entry> d = raw(entries);
            d.add(RawZip.Entry.stored(n, "payload".getBytes(StandardCharsets.UTF_8)));
            add.accept(Case.of("zip-hostile-name", Expect.REFUSE, FILE, RawZip.build(d)));
            List<RawZip.Entry> renamed = raw(entries);
            renamed.replaceAll(e -> e.name().equals(ModelFiles.MANIFEST) ? e.withName(n) : e);
            add.accept(Case.of("zip-hostile-name", Expect.REFUSE, FILE, RawZip.build(renamed)));
        }
        for (String target : entries.keySet()) {
            for (long size : new long[] {0xFFFF_FFFFL, 3L << 30, 1L << 31, 0}) {
                List<RawZip.Entry> d = raw(entries);
                d.replaceAll(e -> e.name().equals(target) ? e.withDeclaredSize(size) : e);
                add.accept(Case.of("zip-lying-header", Expect.REFUSE, FILE, RawZip.build(d))
                        .labeled(target + " " + size));
            }
            List<RawZip.Entry> cs = raw(entries);
            cs.replaceAll(e -> e.name().equals(target)
                    ? new RawZip.Entry(
                            e.name(), e.method(), e.stored(), e.declaredSize(), e.declaredCompressedSize() + 7, e.crc())
                    : e);
            // a stored entry is read by its declared size and CRC: a wrong compressed size may go unnoticed
            add.accept(Case.of("zip-lying-header", Expect.SAME_OR_REFUSE, FILE, RawZip.build(cs))
                    .labeled(target + " csize"));
            List<RawZip.Entry> crc = raw(entries);
            crc.replaceAll(e -> e.name().equals(target)
                    ? new RawZip.Entry(
                            e.name(), e.method(), e.stored(), e.declaredSize(), e.declaredCompressedSize(), e.crc() ^ 1)
                    : e);
            add.accept(Case.of("zip-lying-header", Expect.REFUSE, FILE, RawZip.build(crc))
                    .labeled(target + " crc"));
        }
        byte[] bomb = RawZip.zeroBomb(2048); // 2 GiB of zeros in about 2 MB
        for (String target : entries.keySet()) {
            for (long claim : new long[] {100, entries.get(target).length, 0xFFFF_FFFFL}) {
                List<RawZip.Entry> d = raw(entries);
                d.replaceAll(e ->
                        e.name().equals(target) ? new RawZip.Entry(target, 8, bomb, claim, bomb.length, e.crc()) : e);
                add.accept(Case.of("zip-inflate-bomb", Expect.REFUSE, FILE, RawZip.build(d))
                        .labeled(target));
            }
        }
        List<RawZip.Entry> first = new ArrayList<>(raw(entries)); // weights first, then the manifest
        Collections.reverse(first);
        add.accept(Case.of("zip-order", Expect.SAME_OR_REFUSE, FILE, RawZip.build(first)));
        List<RawZip.Entry> bombFirst = new ArrayList<>(first);
        bombFirst.set(0, new RawZip.Entry(ModelFiles.WEIGHTS, 8, bomb, 100, bomb.length, 0));
        add.accept(Case.of("zip-inflate-bomb", Expect.REFUSE, FILE, RawZip.build(bombFirst))
                .labeled("before manifest"));
    }

    private static void manifestDamage(Map<String, byte[]> entries, Random rnd, Consumer<Case> add) {
        String text = new String(entries.get(ModelFiles.MANIFEST), StandardCharsets.UTF_8);
        for (JsonMutations.Variant v : JsonMutations.of(text, 50, rnd)) {
            add.accept(Case.of(
                    "manifest-" + v.kind(),
                    v.mustRefuse() ? Expect.REFUSE : Expect.ANY,
                    FILE,
                    withManifest(entries, v.text())));
        }
    }

    private static void weightsDamage(Map<String, byte[]> entries, Random rnd, Consumer<Case> add) throws IOException {
        for (SafeTensorsDamage.Variant v : SafeTensorsDamage.all(entries.get(ModelFiles.WEIGHTS), rnd, 25)) {
            add.accept(Case.of("weights-" + v.kind(), v.expect(), FILE, withWeights(entries, v.bytes())));
        }
    }

    /** The failures a first probe found, and their neighbors: each must be refused. */
    private static void knownBugs(Map<String, byte[]> entries, Consumer<Case> add) throws IOException {
        ObjectNode base = (ObjectNode) JSON.readTree(entries.get(ModelFiles.MANIFEST));
        List<Consumer<ObjectNode>> edits = List.of(
                m -> conv(m).put("strideH", 0),
                m -> conv(m).put("strideW", -1),
                m -> conv(m).remove("name"),
                m -> conv(m).putNull("name"),
                m -> conv(m).put("name", "a.b"),
                m -> ((ObjectNode) m.at("/network/children/6")).remove("name"),
                m -> ((ObjectNode) m.at("/network/children/4")).put("stride", 0),
                m -> ((ObjectNode) m.at("/network/children/4")).put("kernel", 0),
                m -> ((ObjectNode) m.at("/network/children/3/shortcut")).put("stride", 0),
                m -> ((ObjectNode) m.at("/network/children/3/shortcut")).put("outChannels", 2),
                m -> ((ObjectNode) m.at("/input")).put("height", 1 << 30).put("width", 1 << 30),
                m -> ((ObjectNode) m.at("/input"))
                        .put("channels", 1 << 20)
                        .put("height", 1 << 12)
                        .put("width", 1 << 12),
                m -> ((ObjectNode) m.at("/input")).put("height", 0),
                m -> conv(m).put("kernelH", 100_000),
                m -> conv(m).put("inChannels", 2_000_000_000),
                m -> conv(m).put("padH", -3),
                m -> conv(m).put("outChannels", 1 << 24),
                m -> ((ObjectNode) m.at("/network/children/7"))
                        .put("inFeatures", 1 << 24)
                        .put("outFeatures", 1 << 24),
                m -> ((ArrayNode) m.at("/network/children")).add(conv(m).deepCopy()),
                m -> ((ArrayNode) m.at("/network/children")).addNull(),
                m -> ((ObjectNode) m.at("/network/children/3")).putNull("body"),
                m -> m.putNull("network"),
                m -> m.putNull("input"),
                m -> m.putNull("classes"),
                m -> ((ArrayNode) m.at("/classes")).addNull(),
                m -> m.putNull("mean"),
                m -> ((ArrayNode) m.at("/std")).set(0, JSON.getNodeFactory().numberNode(0.0)),
                m -> ((ArrayNode) m.at("/mean")).add(0.5),
                m -> m.put("formatVersion", 2),
                m -> m.put("formatVersion", 0),
                m -> ((ObjectNode) m.at("/network/children/0")).put("type", "java.lang.Runtime"));
        for (Consumer<ObjectNode> e : edits) {
            ObjectNode m = base.deepCopy();
            e.accept(m);
            add.accept(Case.of("known-bug", Expect.REFUSE, FILE, withManifest(entries, m.toString()))
                    .labeled(m.toString().substring(0, Math.min(60, m.toString().length()))));
        }
        add.accept(Case.of("known-bug", Expect.REFUSE, FILE, withManifest(entries, "null"))
                .labeled("manifest null"));
    }

    private static ObjectNode conv(ObjectNode m) {
        return (ObjectNode) m.at("/network/children/0");
    }
}
