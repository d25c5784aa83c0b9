package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Name maps, what a state dict reveals by itself, and import errors that name every tensor (no engine). */
class SafetensorsImportTest {

    private static final FeatureShape IN = new FeatureShape(1, 28, 28);

    @TempDir
    Path dir;

    /** A state dict of {@code arch} with numbered values (distinct per tensor). */
    private static LinkedHashMap<String, Tensor> stateDict(Architecture arch, FeatureShape in, int classes) {
        LinkedHashMap<String, Tensor> w = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, int[]> e :
                ParameterShapes.of(arch.build(in, classes)).entrySet()) {
            int n = 1;
            for (int d : e.getValue()) {
                n *= d;
            }
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = k + i * 1e-3f;
            }
            w.put(e.getKey(), new Tensor(e.getValue(), v));
            k++;
        }
        return w;
    }

    private Path write(String name, Map<String, Tensor> w) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, SafeTensors.toBytes(w, null));
        return f;
    }

    @Test
    void nameMapRenamesPrefixesAndExactNamesDropsNullsAndStripsDataParallel() {
        NameMap m =
                NameMap.of(mapOf("head.", "linear.", "head.fc.", "fc.", "stem.weight", "conv1.weight", "aux.", null));
        assertEquals("linear.bias", m.apply("head.bias"));
        assertEquals("fc.weight", m.apply("head.fc.weight")); // the longest prefix wins
        assertEquals("conv1.weight", m.apply("stem.weight"));
        assertNull(m.apply("aux.conv.weight"));
        assertEquals("layer1.0.conv1.weight", m.apply("module.layer1.0.conv1.weight"));
        assertEquals("bn1.weight", m.apply("bn1.weight"));
        assertThrows(IllegalArgumentException.class, () -> NameMap.of(Map.of("fc.", "linear")));
    }

    private static Map<String, String> mapOf(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aForeignNamingSchemeImportsThroughAJsonNameMap() throws IOException {
        LinkedHashMap<String, Tensor> ours = stateDict(Architecture.RESNET20, IN, 10);
        LinkedHashMap<String, Tensor> theirs = new LinkedHashMap<>();
        ours.forEach(
                (k, v) -> theirs.put(k.startsWith("linear.") ? k.replace("linear.", "head.") : "backbone." + k, v));
        theirs.put("aux.weight", new Tensor(new int[] {2}, new float[] {1, 2}));
        Path f = write("foreign.safetensors", theirs);
        Path map = dir.resolve("map.json");
        Files.writeString(map, "{\"backbone.\": \"\", \"head.\": \"linear.\", \"aux.\": null}");

        SafetensorsImport.Probe p = SafetensorsImport.probe(f, NameMap.read(map));
        assertEquals(Architecture.RESNET20, p.architecture());
        SavedModel m = SafetensorsImport.read(
                f, Architecture.RESNET20, IN, null, new float[] {0}, new float[] {1}, NameMap.read(map));
        assertEquals(ours, m.weights());
        assertEquals(List.copyOf(ours.keySet()), List.copyOf(m.weights().keySet()));
    }

    @Test
    void badNameMapsNameTheFile() throws IOException {
        Path map = dir.resolve("bad.json");
        Files.writeString(map, "[1, 2]");
        ModelFileException e = assertThrows(ModelFileException.class, () -> NameMap.read(map));
        assertTrue(e.getMessage().startsWith(map.toString()), e.getMessage());
        Files.writeString(map, "{\"a\": 3}");
        e = assertThrows(ModelFileException.class, () -> NameMap.read(map));
        assertTrue(e.getMessage().contains("'a' must be a string or null"), e.getMessage());
        e = assertThrows(ModelFileException.class, () -> NameMap.read(dir.resolve("none.json")));
        assertTrue(e.getMessage().startsWith("Name map not found"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void theArchitectureChannelsAndClassesAreReadFromTheFile(Architecture arch) throws IOException {
        FeatureShape in = new FeatureShape(3, 32, 32);
        Path f = write(arch.id() + ".safetensors", stateDict(arch, in, 7));
        SafetensorsImport.Probe p = SafetensorsImport.probe(f, NameMap.NONE);
        assertEquals(arch, p.architecture());
        assertEquals(3, p.inputChannels());
        assertEquals(7, p.classes());
        assertTrue(p.questions()
                .containsAll(
                        EnumSet.of(SafetensorsImport.Question.CLASS_NAMES, SafetensorsImport.Question.NORMALIZATION)));
        // global pooling (and LeNet-5's padding of small images to 32x32): many sizes fit, so it is asked
        assertNull(p.inputSize());
        assertTrue(p.questions().contains(SafetensorsImport.Question.INPUT_SIZE));
    }

    @Test
    void theInputSizeIsInferredWhereOnlyOneCommonSizeFits() throws IOException {
        FeatureShape in = new FeatureShape(1, 64, 64); // LeNet-5's fc1 then has 16x13x13 inputs
        SafetensorsImport.Probe p =
                SafetensorsImport.probe(write("l.safetensors", stateDict(Architecture.LENET5, in, 10)), NameMap.NONE);
        assertEquals(in, p.inputSize());
        assertEquals(
                EnumSet.of(SafetensorsImport.Question.CLASS_NAMES, SafetensorsImport.Question.NORMALIZATION),
                p.questions());
    }

    @Test
    void unknownNamesAskForTheArchitecture() throws IOException {
        Path f = write("odd.safetensors", Map.of("encoder.w", new Tensor(new int[] {2, 2}, new float[4])));
        SafetensorsImport.Probe p = SafetensorsImport.probe(f, NameMap.NONE);
        assertNull(p.architecture());
        assertEquals(EnumSet.allOf(SafetensorsImport.Question.class), p.questions());
    }

    @Test
    void everyMissingExtraAndMisShapedTensorIsNamedWithBothShapes() throws IOException {
        LinkedHashMap<String, Tensor> w = stateDict(Architecture.RESNET20, IN, 10);
        w.remove("layer3.2.bn2.running_var");
        w.put("layer1.1.conv2.weight", new Tensor(new int[] {16, 16, 1, 1}, new float[256]));
        w.put("extra.weight", new Tensor(new int[] {3, 2}, new float[6]));
        Path f = write("bad.safetensors", w);
        SafetensorsImport.MismatchException e = assertThrows(
                SafetensorsImport.MismatchException.class,
                () -> SafetensorsImport.read(
                        f, Architecture.RESNET20, IN, null, new float[] {0}, new float[] {1}, NameMap.NONE));
        assertEquals(
                List.of(
                        "'layer1.1.conv2.weight' has shape [16, 16, 1, 1], expected [16, 16, 3, 3]",
                        "missing 'layer3.2.bn2.running_var' [64]",
                        "unexpected 'extra.weight' [3, 2]"),
                e.problems());
        assertTrue(e.getMessage().startsWith(f + ": does not fit resnet20, 3 problems: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void integerBatchCountersOfARealStateDictAreIgnored() throws IOException {
        LinkedHashMap<String, Tensor> w = stateDict(Architecture.LENET5, IN, 10);
        byte[] f32 = SafeTensors.toBytes(w, null);
        Path f = dir.resolve("with-counters.safetensors");
        Files.write(f, withInt64Tensor(f32, "bn.num_batches_tracked", 7L));
        SavedModel m = SafetensorsImport.read(
                f, Architecture.LENET5, IN, null, new float[] {0}, new float[] {1}, NameMap.NONE);
        assertEquals(w, m.weights());
        // and integer tensors read as numbers
        assertEquals(
                7f,
                SafeTensors.parse(Files.readAllBytes(f), "f")
                        .get("bn.num_batches_tracked")
                        .data()[0]);
    }

    /** Appends a scalar I64 tensor (as PyTorch writes num_batches_tracked) to a safetensors file. */
    private static byte[] withInt64Tensor(byte[] file, String name, long value) throws IOException {
        long headerLen =
                ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(file, 8, (int) headerLen, StandardCharsets.UTF_8).strip();
        int dataLen = file.length - 8 - (int) headerLen;
        String entry = ",\"" + name + "\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[" + dataLen + ","
                + (dataLen + 8) + "]}}";
        byte[] h = (header.substring(0, header.length() - 1) + entry).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length)
                .array());
        out.write(h);
        out.write(file, 8 + (int) headerLen, dataLen);
        out.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(value)
                .array());
        return out.toByteArray();
    }
}
