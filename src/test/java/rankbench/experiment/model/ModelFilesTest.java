package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("engine")
class ModelFilesTest {

    private static SavedModel lenet;

    @TempDir
    Path dir;

    @BeforeAll
    static void createModel() {
        lenet = TestModels.random(Architecture.LENET5, 42);
    }

    private byte[] bytes(SavedModel m) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ModelFiles.write(m, bos);
        return bos.toByteArray();
    }

    @Test
    void saveAndLoadThroughTheEngineIsBitExact() throws IOException {
        SavedModel original = TestModels.random(Architecture.RESNET20, 7);
        Path f = dir.resolve("m.rbm");
        ModelFiles.write(original, f);
        SavedModel read = ModelFiles.read(f);
        assertEquals(original.weights(), read.weights()); // Tensor equality is bit-wise on float arrays
        assertEquals(original.manifest().network(), read.manifest().network());
        try (Network net = read.toNetwork()) {
            assertEquals(original.weights(), net.weights());
        }
    }

    @Test
    void writingReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("m.rbm");
        ModelFiles.write(lenet, f);
        ModelFiles.write(lenet, f);
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void missingFileIsNamed() {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.read(dir.resolve("none.rbm")));
        assertTrue(e.getMessage().startsWith("Model file not found:"), e.getMessage());
    }

    @Test
    void notAZipIsRejected() throws IOException {
        Path f = dir.resolve("x.rbm");
        Files.writeString(f, "just text");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.read(f));
        assertTrue(e.getMessage().contains("not a RankBench model file"), e.getMessage());
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        byte[] b = bytes(lenet);
        Path f = dir.resolve("t.rbm");
        Files.write(f, Arrays.copyOf(b, b.length / 2));
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.read(f));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void flippedWeightByteFailsTheChecksum() throws IOException {
        byte[] weights = SafeTensors.toBytes(lenet.weights(), null);
        weights[weights.length - 3] ^= 0x40;
        byte[] zip = zip(Map.of(
                ModelFiles.MANIFEST,
                manifestJson(lenet.manifest()
                        .withWeightsSha256(ModelFiles.sha256(SafeTensors.toBytes(lenet.weights(), null)))),
                ModelFiles.WEIGHTS,
                weights));
        ModelFileException e = assertThrows(
                ModelFileException.class, () -> ModelFiles.read(new ByteArrayInputStream(zip), "flipped.rbm"));
        assertEquals("flipped.rbm: weights are corrupt (checksum mismatch)", e.getMessage());
    }

    @Test
    void futureFormatVersionIsRejected() throws IOException {
        ModelManifest m = lenet.manifest();
        ModelManifest future = new ModelManifest(
                99, m.architecture(), m.input(), m.classes(), m.mean(), m.std(), m.network(), null, null);
        byte[] zip = zip(Map.of(
                ModelFiles.MANIFEST,
                manifestJson(future),
                ModelFiles.WEIGHTS,
                SafeTensors.toBytes(lenet.weights(), null)));
        ModelFileException e =
                assertThrows(ModelFileException.class, () -> ModelFiles.read(new ByteArrayInputStream(zip), "f.rbm"));
        assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
    }

    @Test
    void weightOfTheWrongShapeIsNamed() throws IOException {
        LinkedHashMap<String, Tensor> w = new LinkedHashMap<>(lenet.weights());
        w.put("conv2.weight", new Tensor(new int[] {16, 6, 3, 3}, new float[16 * 6 * 9]));
        ModelFileException e = assertThrows(
                ModelFileException.class,
                () -> ModelFiles.read(new ByteArrayInputStream(bytes(new SavedModel(lenet.manifest(), w))), "s.rbm"));
        assertEquals("s.rbm: weight 'conv2.weight' has shape [16, 6, 3, 3], expected [16, 6, 5, 5]", e.getMessage());
    }

    @Test
    void missingAndUnexpectedWeightsAreNamed() throws IOException {
        LinkedHashMap<String, Tensor> w = new LinkedHashMap<>(lenet.weights());
        w.remove("fc3.bias");
        ModelFileException e = assertThrows(
                ModelFileException.class,
                () -> ModelFiles.read(new ByteArrayInputStream(bytes(new SavedModel(lenet.manifest(), w))), "m.rbm"));
        assertEquals("m.rbm: weight 'fc3.bias' is missing", e.getMessage());
        LinkedHashMap<String, Tensor> extra = new LinkedHashMap<>(lenet.weights());
        extra.put("fc4.weight", new Tensor(new int[] {1}, new float[1]));
        e = assertThrows(
                ModelFileException.class,
                () -> ModelFiles.read(
                        new ByteArrayInputStream(bytes(new SavedModel(lenet.manifest(), extra))), "m.rbm"));
        assertEquals("m.rbm: unexpected weight 'fc4.weight'", e.getMessage());
    }

    @Test
    void corruptManifestIsReported() throws IOException {
        byte[] zip = zip(Map.of(
                ModelFiles.MANIFEST,
                "{\"formatVersion\": 1, \"network\": [".getBytes(StandardCharsets.UTF_8),
                ModelFiles.WEIGHTS,
                SafeTensors.toBytes(lenet.weights(), null)));
        ModelFileException e =
                assertThrows(ModelFileException.class, () -> ModelFiles.read(new ByteArrayInputStream(zip), "c.rbm"));
        assertTrue(e.getMessage().startsWith("c.rbm: corrupt manifest"), e.getMessage());
    }

    @Test
    void networkRejectsWeightsOfTheWrongShapeAndKeepsItsOwn() {
        try (Network net = lenet.toNetwork()) {
            LinkedHashMap<String, Tensor> w = new LinkedHashMap<>(lenet.weights());
            w.put("fc1.weight", new Tensor(new int[] {120, 401}, new float[120 * 401]));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.loadWeights(w));
            assertTrue(e.getMessage().contains("fc1.weight"), e.getMessage());
            assertEquals(lenet.weights(), net.weights());
        }
    }

    @Test
    void seededInitializationIsDeterministicAndHeScaled() {
        SavedModel a = TestModels.random(Architecture.RESNET20, 3);
        SavedModel b = TestModels.random(Architecture.RESNET20, 3);
        SavedModel c = TestModels.random(Architecture.RESNET20, 4);
        assertEquals(a.weights(), b.weights());
        assertFalse(a.weights().equals(c.weights()));
        float[] w = a.weights().get("layer3.0.conv2.weight").data(); // fan-in 64*9
        double var = 0;
        for (float v : w) {
            var += v * v;
        }
        var /= w.length;
        assertEquals(2.0 / 576, var, 0.1 * 2.0 / 576);
    }

    private static byte[] manifestJson(ModelManifest m) throws IOException {
        return ModelFiles.json().writeValueAsBytes(m);
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bos.toByteArray();
    }
}
