package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeTensorsTest {

    private static LinkedHashMap<String, Tensor> sample() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("conv1.weight", new Tensor(new int[] {2, 1, 3, 3}, floats(18)));
        m.put("bn1.running_var", new Tensor(new int[] {2}, new float[] {Float.MIN_VALUE, -0f}));
        m.put("scalar", new Tensor(new int[] {}, new float[] {Float.NaN}));
        return m;
    }

    private static float[] floats(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) Math.sin(i) * 1e-3f;
        }
        return f;
    }

    @Test
    void roundTripIsBitExactAndKeepsOrder() {
        LinkedHashMap<String, Tensor> in = sample();
        LinkedHashMap<String, Tensor> out = SafeTensors.parse(SafeTensors.toBytes(in, Map.of("k", "v")), "x");
        assertEquals(in.keySet().stream().toList(), out.keySet().stream().toList());
        for (String k : in.keySet()) {
            assertArrayEquals(in.get(k).shape(), out.get(k).shape());
            int[] a = new int[in.get(k).size()];
            int[] b = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = Float.floatToRawIntBits(in.get(k).data()[i]);
                b[i] = Float.floatToRawIntBits(out.get(k).data()[i]);
            }
            assertArrayEquals(a, b, k);
        }
    }

    @Test
    void headerIsAlignedToEightBytes() {
        byte[] b = SafeTensors.toBytes(sample(), null);
        long len = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, len % 8);
    }

    @Test
    void readsF64AndBf16() {
        String header = "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[16,18]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 18).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h).putDouble(1.5).putDouble(-2.25).putShort((short) 0x3f80);
        Map<String, Tensor> m = SafeTensors.parse(buf.array(), "f");
        assertArrayEquals(new float[] {1.5f, -2.25f}, m.get("a").data());
        assertArrayEquals(new float[] {1f}, m.get("b").data());
    }

    @Test
    void truncatedFileIsReportedAsTruncated() {
        byte[] b = SafeTensors.toBytes(sample(), null);
        ModelFileException e = assertThrows(
                ModelFileException.class, () -> SafeTensors.parse(Arrays.copyOf(b, b.length - 10), "w.safetensors"));
        assertTrue(e.getMessage().startsWith("w.safetensors: truncated"), e.getMessage());
    }

    @Test
    void garbageIsNotASafetensorsFile() {
        ModelFileException e = assertThrows(
                ModelFileException.class,
                () -> SafeTensors.parse("hello world, not tensors".getBytes(StandardCharsets.UTF_8), "g"));
        assertTrue(e.getMessage().contains("not a safetensors file"), e.getMessage());
    }

    @Test
    void unsupportedDtypeIsNamed() {
        String header = "{\"a\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h).putLong(7);
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeTensors.parse(buf.array(), "i"));
        assertTrue(e.getMessage().contains("unsupported dtype U16"), e.getMessage());
    }
}
