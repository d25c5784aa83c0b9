package rankbench.experiment.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import rankbench.fuzz.ByteDamage;
import rankbench.fuzz.Fuzz.Expect;
import rankbench.fuzz.JsonMutations;

/**
 * Damaged safetensors files made from a valid one, for the model-file and import fuzz tests: truncations
 * at every boundary (length field, header, each tensor) and at random points, flipped bytes in the header
 * and the data, lying header lengths, damaged header JSON, duplicate tensor names, and headers that claim
 * gigabytes or shapes whose element count overflows.
 */
final class SafeTensorsDamage {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One damaged file: family, what it may end in, bytes. */
    record Variant(String kind, Expect expect, byte[] bytes) {}

    private SafeTensorsDamage() {}

    /** Random weights of the right shape for every parameter of a network. */
    static Map<String, Tensor> randomWeights(LayerSpec network, long seed) {
        Random rnd = new Random(seed);
        Map<String, Tensor> w = new LinkedHashMap<>();
        ParameterShapes.of(network).forEach((name, shape) -> {
            int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            float[] d = new float[n];
            for (int i = 0; i < n; i++) {
                d[i] = name.endsWith("running_var") ? 1 + rnd.nextFloat() : (float) rnd.nextGaussian() * 0.1f;
            }
            w.put(name, new Tensor(shape.clone(), d));
        });
        return w;
    }

    static long headerLength(byte[] st) {
        return ByteBuffer.wrap(st, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static String headerText(byte[] st) {
        return new String(st, 8, (int) headerLength(st), StandardCharsets.UTF_8).strip();
    }

    /** A file with this header text and the data section of {@code st}. */
    static byte[] withHeader(byte[] st, String header) {
        int dataStart = 8 + (int) headerLength(st);
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[8 + h.length + st.length - dataStart];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
        System.arraycopy(h, 0, out, 8, h.length);
        System.arraycopy(st, dataStart, out, 8 + h.length, st.length - dataStart);
        return out;
    }

    static List<Variant> all(byte[] st, Random rnd, int jsonPerKind) {
        List<Variant> out = new ArrayList<>();
        long hl = headerLength(st);
        int dataStart = 8 + (int) hl;
        JsonNode header;
        try {
            header = JSON.readTree(headerText(st));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Integer> marks = new ArrayList<>(List.of(0, 4, 8, 9, dataStart - 1, dataStart));
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().has("data_offsets")) {
                marks.add(dataStart + e.getValue().get("data_offsets").get(0).asInt());
                marks.add(dataStart + e.getValue().get("data_offsets").get(1).asInt());
            }
        }
        for (byte[] t : ByteDamage.truncations(st, marks, 120, rnd)) {
            out.add(new Variant("st-truncated", Expect.REFUSE, t));
        }
        for (int i = 0; i < 120; i++) {
            out.add(new Variant("st-header-flip", Expect.SAME_OR_REFUSE, ByteDamage.flipped(st, 8, dataStart, rnd)));
        }
        for (int i = 0; i < 40; i++) {
            out.add(new Variant("st-data-flip", Expect.ANY, ByteDamage.flipped(st, dataStart, st.length, rnd)));
        }
        for (long claim : new long[] {
            0,
            -1,
            1,
            7,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            1L << 40,
            1L << 31,
            100L << 20,
            st.length,
            st.length - 7,
            hl + 1,
            hl + 8,
            0xFFFF_FFFFL
        }) {
            out.add(new Variant("st-header-length", Expect.REFUSE, ByteDamage.withLongLE(st, 0, claim)));
        }
        for (long claim : new long[] {hl - 1, hl - 2}) { // drops padding: a shifted but well-formed data section
            out.add(new Variant("st-header-length", Expect.ANY, ByteDamage.withLongLE(st, 0, claim)));
        }
        for (JsonMutations.Variant v : JsonMutations.of(headerText(st), jsonPerKind, rnd)) {
            out.add(new Variant(
                    "st-" + v.kind(), v.mustRefuse() ? Expect.REFUSE : Expect.ANY, withHeader(st, v.text())));
        }
        String first = header.fieldNames().next().equals("__metadata__")
                ? null
                : header.fieldNames().next();
        List<String> names = new ArrayList<>();
        header.fieldNames().forEachRemaining(names::add);
        names.remove("__metadata__");
        String name = first != null ? first : names.get(0);
        String text = headerText(st);
        // the same tensor name twice
        String entry = "\"" + name + "\":" + header.get(name).toString();
        out.add(new Variant("st-duplicate", Expect.REFUSE, withHeader(st, "{" + entry + "," + text.substring(1))));
        // headers that claim gigabytes, or shapes whose element count overflows a long
        String[][] claims = {
            {"[65536,65536]", "[0,17179869184]"},
            {"[1073741824,1073741824]", "[0,4]"},
            {"[2147483647,2147483647,2147483647,2147483647]", "[0,4]"},
            {"[4294967296]", "[0,4]"},
            {"[-1,4]", "[0,4]"},
            {"[1e3]", "[0,4000]"},
            {"[2.5]", "[0,10]"},
            {"[\"4\"]", "[0,16]"},
            {"[1]", "[0,9223372036854775807]"},
            {"[1]", "[-4,0]"},
            {"[1]", "[4,0]"},
            {"[1]", "[0]"},
            {"[1]", "[0,4,8]"},
            {"[]", "[0,4]"},
            {"[0]", "[0,0]"},
            {"[1]", "[18446744073709551615,4]"}
        };
        for (String[] c : claims) {
            ObjectNode h = (ObjectNode) header.deepCopy();
            ObjectNode t = h.putObject("huge.weight");
            t.put("dtype", "F32");
            out.add(new Variant(
                    "st-size-claim",
                    Expect.REFUSE,
                    withHeader(
                            st,
                            h.toString()
                                    .replace(
                                            "\"huge.weight\":{\"dtype\":\"F32\"}",
                                            "\"huge.weight\":{\"dtype\":\"F32\",\"shape\":" + c[0]
                                                    + ",\"data_offsets\":" + c[1] + "}"))));
            ObjectNode r = (ObjectNode) header.deepCopy();
            ((ObjectNode) r.get(name)).put("shape", "@@S@@").put("data_offsets", "@@O@@");
            out.add(new Variant(
                    "st-size-claim",
                    Expect.REFUSE,
                    withHeader(st, r.toString().replace("\"@@S@@\"", c[0]).replace("\"@@O@@\"", c[1]))));
        }
        for (String dtype : new String[] {"F8", "I8", "U8", "BOOL", "C64", "", "f32", "F32 "}) {
            ObjectNode r = (ObjectNode) header.deepCopy();
            ((ObjectNode) r.get(name)).put("dtype", dtype);
            out.add(new Variant("st-dtype", Expect.REFUSE, withHeader(st, r.toString())));
        }
        return out;
    }
}
