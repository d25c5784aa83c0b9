package rankbench.experiment.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import rankbench.fuzz.RawZip;

/** Session files as bytes and entries, for tests that take them apart and put them together differently. */
final class SessionBytes {

    static final ObjectMapper JSON = new ObjectMapper();

    private SessionBytes() {}

    static byte[] bytes(ExperimentSession s) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SessionFiles.write(s, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of a well-formed zip, in order. */
    static LinkedHashMap<String, byte[]> entries(byte[] zip) {
        LinkedHashMap<String, byte[]> m = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                m.put(e.getName(), z.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** A zip of these entries: weights stored, JSON deflated, truthful headers. */
    static byte[] zip(Map<String, byte[]> entries) {
        List<RawZip.Entry> list = new ArrayList<>();
        entries.forEach(
                (k, v) -> list.add(k.endsWith(".json") ? RawZip.Entry.deflated(k, v) : RawZip.Entry.stored(k, v)));
        return RawZip.build(list);
    }

    /** The same entries with {@code session.json} replaced. */
    static byte[] withJson(Map<String, byte[]> entries, byte[] json) {
        LinkedHashMap<String, byte[]> m = new LinkedHashMap<>(entries);
        m.put(SessionArchive.SESSION_JSON, json);
        return zip(m);
    }

    static ObjectNode tree(Map<String, byte[]> entries) {
        try {
            return (ObjectNode) JSON.readTree(entries.get(SessionArchive.SESSION_JSON));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] json(Object tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
