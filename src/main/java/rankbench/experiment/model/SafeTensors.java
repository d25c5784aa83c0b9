package rankbench.experiment.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader and writer of the safetensors format (the format PyTorch users exchange weights in):
 * an 8-byte little-endian header length, a JSON header, then the raw little-endian tensor data.
 * Tensors are written as F32; F32, F64, F16, BF16, I64 and I32 are read (converted to float; integer
 * tensors such as batch norm's {@code num_batches_tracked} occur in PyTorch state dicts).
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private SafeTensors() {}

    /** Writes the tensors, in map order, with optional string metadata. */
    public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, OutputStream out)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            long bytes = 4L * e.getValue().size();
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] h = JSON.writeValueAsBytes(header);
        int pad = (8 - h.length % 8) % 8; // align data to 8 bytes, padded with spaces as the spec allows
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length + pad);
        out.write(len.array());
        out.write(h);
        for (int i = 0; i < pad; i++) {
            out.write(' ');
        }
        for (Tensor t : tensors.values()) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.data());
            out.write(b.array());
        }
    }

    /** Serializes to a byte array. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            write(tensors, metadata, bos);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bos.toByteArray();
    }

    /**
     * Reads all tensors in file order; {@code source} names the file in error messages. The stream is read
     * as far as its header says, so memory follows what the header declares and the data really holds; a
     * stream with more data than its header describes is refused.
     */
    public static LinkedHashMap<String, Tensor> read(InputStream in, String source) throws IOException {
        byte[] len = in.readNBytes(8);
        if (len.length < 8) {
            return parse(len, source);
        }
        long headerLen = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLen <= 0 || headerLen > MAX_HEADER) {
            throw new ModelFileException(source + ": not a safetensors file (header length " + headerLen + ")");
        }
        byte[] header = in.readNBytes((int) headerLen);
        long dataLen = 0;
        if (header.length == headerLen) {
            try {
                JsonNode h = JSON.readTree(new String(header, StandardCharsets.UTF_8));
                for (Iterator<JsonNode> it = h == null ? Collections.emptyIterator() : h.elements(); it.hasNext(); ) {
                    dataLen = Math.max(
                            dataLen, it.next().path("data_offsets").path(1).asLong(0));
                }
            } catch (JsonProcessingException e) {
                throw new ModelFileException(source + ": corrupt safetensors header ("
                        + String.valueOf(e.getOriginalMessage())
                                .replaceAll("\\s+", " ")
                                .replaceAll(" *\\(start marker at .*$", "")
                        + ")");
            }
        }
        if (dataLen > MAX_FILE - 8 - headerLen) {
            throw new ModelFileException(source + ": its header declares " + dataLen
                    + " bytes of tensor data, more than can be read into memory");
        }
        byte[] data = in.readNBytes((int) dataLen);
        if (data.length == dataLen && in.read() >= 0) {
            throw new ModelFileException(source + ": holds more data than its header describes (a corrupt file)");
        }
        byte[] all = new byte[8 + header.length + data.length];
        System.arraycopy(len, 0, all, 0, 8);
        System.arraycopy(header, 0, all, 8, header.length);
        System.arraycopy(data, 0, all, 8 + header.length, data.length);
        return parse(all, source);
    }

    /** Largest file read (it is held in one array). */
    private static final int MAX_FILE = Integer.MAX_VALUE - 16;

    /** Parses safetensors bytes; errors are {@link ModelFileException}s naming {@code source}. */
    public static LinkedHashMap<String, Tensor> parse(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new ModelFileException(source + ": not a safetensors file (only " + bytes.length + " bytes)");
        }
        long headerLen =
                ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > bytes.length) {
            throw new ModelFileException(source + ": not a safetensors file or truncated (header length " + headerLen
                    + ", file " + bytes.length + " bytes)");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ModelFileException(source + ": corrupt safetensors header ("
                    + String.valueOf(e.getOriginalMessage())
                            .replaceAll("\\s+", " ")
                            .replaceAll(" *\\(start marker at .*$", "")
                    + ")");
        }
        if (header == null || !header.isObject()) {
            throw new ModelFileException(source + ": corrupt safetensors header (not a JSON object)");
        }
        int dataStart = 8 + (int) headerLen;
        long dataLen = bytes.length - (long) dataStart;
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            entries.add(it.next());
        }
        for (Map.Entry<String, JsonNode> e : entries) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            String dtype = t.path("dtype").asText("");
            JsonNode shapeNode = t.path("shape");
            JsonNode offsets = t.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new ModelFileException(source + ": tensor '" + name + "' has a malformed header entry");
            }
            int[] shape = new int[shapeNode.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0) {
                    throw new ModelFileException(source + ": tensor '" + name + "' has an invalid dimension " + d
                            + " (a whole number from 0 to " + Integer.MAX_VALUE + ")");
                }
                shape[i] = d.intValue();
                count *= shape[i]; // count <= dataLen + 1 <= 2^31 before: no overflow
                if (count > dataLen) {
                    count = dataLen + 1; // more values than the data section has bytes: refused below
                }
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            int width = switch (dtype) {
                case "F32", "I32" -> 4;
                case "F64", "I64" -> 8;
                case "F16", "BF16" -> 2;
                default ->
                    throw new ModelFileException(source + ": tensor '" + name + "' has unsupported dtype " + dtype
                            + " (F32, F64, F16, BF16, I64, I32)");
            };
            if (begin < 0 || end < begin || end > dataLen) {
                throw new ModelFileException(source + ": truncated: tensor '" + name + "' needs bytes " + begin + ".."
                        + end + " but the data section has " + dataLen);
            }
            if (count > dataLen || end - begin != count * width) {
                throw new ModelFileException(source + ": tensor '" + name + "' has " + (end - begin)
                        + " bytes, its shape " + Arrays.toString(shape) + " needs "
                        + (count > dataLen ? "more than the data section holds" : count * width + " bytes"));
            }
            ByteBuffer b = ByteBuffer.wrap(bytes, dataStart + (int) begin, (int) (end - begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] data = new float[(int) count];
            switch (dtype) {
                case "F32" -> b.asFloatBuffer().get(data);
                case "F64" -> {
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (float) b.getDouble();
                    }
                }
                case "I64" -> {
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (float) b.getLong();
                    }
                }
                case "I32" -> {
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (float) b.getInt();
                    }
                }
                case "BF16" -> {
                    for (int i = 0; i < data.length; i++) {
                        data[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                    }
                }
                default -> {
                    for (int i = 0; i < data.length; i++) {
                        data[i] = halfToFloat(b.getShort());
                    }
                }
            }
            out.put(name, new Tensor(shape, data));
        }
        return out;
    }

    private static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float v = mant * (float) Math.pow(2, -24);
            return sign != 0 ? -v : v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
