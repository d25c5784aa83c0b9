package rankbench.experiment.session;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens well over a thousand damaged, truncated and hostile session files made by a seeded generator. Each
 * must end in a {@link SessionFileException} whose message starts with the file's name, or in a load;
 * where the damage cannot have changed the content (a flipped byte the format ignores) the load must give
 * the original session, and where the case is invalid by construction it must be refused. Every case has a
 * timeout and runs in this JVM's normal heap, so a hang or an OutOfMemoryError fails the test. The counts
 * per kind go to the log and to {@code target/session-fuzz-report.txt}.
 */
class SessionFileFuzzTest {

    private static final Logger LOG = LoggerFactory.getLogger(SessionFileFuzzTest.class);
    private static final Duration PER_CASE = Duration.ofSeconds(15);
    private static final Set<String> MAPS = Set.of("hyperparameters", "values", "ranks", "layers");

    @TempDir
    Path dir;

    /** What a case may end in. */
    private enum Expect {
        /** Must be refused. */
        REFUSE,
        /** Refused, or loaded as exactly the original session. */
        SAME_OR_REFUSE,
        /** Refused, or loaded (a different but valid session). */
        ANY
    }

    private record Case(String kind, Expect expect, byte[] bytes, String label) {}

    /** Outcome counts of one kind. */
    private static final class Tally {
        int cases;
        int refused;
        int loaded;
        String sample;
    }

    private final ExperimentSession original = SessionFixtures.tinySession("fuzz");
    private final byte[] valid = SessionBytes.bytes(original);
    private final LinkedHashMap<String, byte[]> entries = SessionBytes.entries(valid);
    private final Random rnd = new Random(1201);
    private final List<Case> cases = new ArrayList<>();
    private String label = "";

    private void add(String kind, Expect e, byte[] b) {
        cases.add(new Case(kind, e, b, label));
        label = "";
    }

    private ObjectNode tree() {
        return SessionBytes.tree(entries);
    }

    private byte[] withJson(byte[] json) {
        return SessionBytes.withJson(entries, json);
    }

    private byte[] withJson(String json) {
        return withJson(json.getBytes(StandardCharsets.UTF_8));
    }

    private String jsonText() {
        return new String(entries.get(SessionArchive.SESSION_JSON), StandardCharsets.UTF_8);
    }

    private List<RawZip.Entry> rawEntries() {
        List<RawZip.Entry> l = new ArrayList<>();
        entries.forEach((k, v) -> l.add(k.endsWith(".json") ? RawZip.Entry.deflated(k, v) : RawZip.Entry.stored(k, v)));
        return l;
    }

    private List<String> weightNames() {
        return entries.keySet().stream().filter(n -> n.startsWith("weights/")).toList();
    }

    @Test
    void damagedAndHostileFilesAreRefusedCleanly() throws Exception {
        long t0 = System.nanoTime();
        truncations();
        byteFlips();
        wrongMagic();
        badJson();
        missingKeys();
        wrongTypes();
        badNumbers();
        deepNesting();
        duplicates();
        hostileNames();
        lyingHeaders();
        bombs();
        versions();
        hashesAndManifests();
        typeHints();

        Map<String, Tally> tallies = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Path f = dir.resolve("fuzz" + SessionFiles.EXTENSION);
        String prefix = f + ": ";
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Files.write(f, c.bytes());
            Tally t = tallies.computeIfAbsent(c.kind(), k -> new Tally());
            t.cases++;
            ExperimentSession loaded = null;
            String refusal = null;
            try {
                loaded = assertTimeoutPreemptively(PER_CASE, () -> SessionFiles.read(f), c.kind() + " #" + i);
            } catch (Throwable e) { // SessionFileException is rethrown unchecked by assertTimeoutPreemptively
                if (!(e instanceof SessionFileException)) { // a timeout, an OutOfMemoryError, any other failure
                    failures.add(c.kind() + " #" + i + ": " + e);
                    continue;
                }
                refusal = e.getMessage();
            }
            if (refusal != null) {
                t.refused++;
                if (t.sample == null) {
                    t.sample = refusal.substring(Math.min(refusal.length(), prefix.length()));
                }
                if (!refusal.startsWith(prefix) || refusal.contains("\n")) {
                    failures.add(c.kind() + " #" + i + ": message does not name the file on one line: " + refusal);
                }
                continue;
            }
            t.loaded++;
            if (c.expect() == Expect.REFUSE) {
                failures.add(c.kind() + " #" + i + " " + c.label() + ": loaded, but must be refused");
            } else if (c.expect() == Expect.SAME_OR_REFUSE) {
                try {
                    SessionFixtures.assertSameSession(original, loaded);
                } catch (AssertionError e) {
                    failures.add(c.kind() + " #" + i + ": loaded a different session: " + e.getMessage());
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder report = new StringBuilder(String.format(java.util.Locale.ROOT,
                "session-file fuzz: %d cases in %.1f s (seed 1201)%n", cases.size(), seconds));
        report.append(String.format("%-16s %6s %8s %7s  %s%n", "kind", "cases", "refused", "loaded", "first message"));
        tallies.forEach((k, t) -> report.append(String.format("%-16s %6d %8d %7d  %s%n", k, t.cases, t.refused,
                t.loaded, t.sample == null ? "" : t.sample)));
        LOG.info("{}", report);
        Path out = Path.of("target", "session-fuzz-report.txt");
        if (Files.isDirectory(out.getParent())) {
            Files.writeString(out, report);
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures, first ones: "
                + failures.subList(0, Math.min(10, failures.size())));
        assertTrue(cases.size() >= 1000, "only " + cases.size() + " cases");
    }

    // ---- generators ---------------------------------------------------------------------------------

    private void truncations() {
        RawZip.Layout[] layout = new RawZip.Layout[1];
        byte[] b = RawZip.build(rawEntries(), layout);
        RawZip.Layout l = layout[0];
        TreeSet<Integer> cuts = new TreeSet<>();
        List<Integer> marks = new ArrayList<>();
        marks.addAll(l.localHeaders());
        marks.addAll(l.dataStarts());
        marks.addAll(l.centralHeaders());
        marks.add(l.end());
        for (int m : marks) {
            for (int d : new int[] {-1, 0, 1, 4, 14, 26, 30, 46}) {
                cuts.add(m + d);
            }
        }
        for (int i = 0; i < l.dataStarts().size(); i++) {
            int start = l.dataStarts().get(i);
            int next = i + 1 < l.localHeaders().size() ? l.localHeaders().get(i + 1) : l.centralHeaders().get(0);
            cuts.add((start + next) / 2);
            cuts.add(next - 1);
        }
        cuts.add(b.length - 1);
        cuts.add(b.length - 21);
        cuts.add(b.length - 22);
        for (int c : cuts) {
            if (c >= 0 && c < b.length) {
                add("truncate-struct", Expect.REFUSE, java.util.Arrays.copyOf(b, c));
            }
        }
        for (int i = 0; i < 200; i++) {
            add("truncate-random", Expect.REFUSE, java.util.Arrays.copyOf(b, rnd.nextInt(b.length)));
        }
    }

    private void byteFlips() {
        RawZip.Layout[] layout = new RawZip.Layout[1];
        byte[] b = RawZip.build(rawEntries(), layout);
        int jsonIndex = new ArrayList<>(entries.keySet()).indexOf(SessionArchive.SESSION_JSON);
        int jsonStart = layout[0].dataStarts().get(jsonIndex);
        int jsonEnd = jsonIndex + 1 < layout[0].localHeaders().size() ? layout[0].localHeaders().get(jsonIndex + 1)
                : layout[0].centralHeaders().get(0);
        int cen = layout[0].centralHeaders().get(0);
        for (int i = 0; i < 300; i++) {
            byte[] m = b.clone();
            int flips = 1 + rnd.nextInt(3);
            for (int k = 0; k < flips; k++) {
                int pos = switch (i % 3) {
                    case 0 -> rnd.nextInt(m.length);
                    case 1 -> jsonStart + rnd.nextInt(jsonEnd - jsonStart);
                    default -> cen + rnd.nextInt(m.length - cen);
                };
                m[pos] ^= (byte) (1 + rnd.nextInt(255));
            }
            add("byte-flip", Expect.SAME_OR_REFUSE, m);
        }
    }

    private void wrongMagic() {
        add("wrong-magic", Expect.REFUSE, new byte[0]);
        add("wrong-magic", Expect.REFUSE, SessionBytes.utf8("just text"));
        add("wrong-magic", Expect.REFUSE, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0});
        add("wrong-magic", Expect.REFUSE, SessionBytes.utf8("%PDF-1.4\n%...."));
        byte[] emptyZip = new byte[22];
        emptyZip[0] = 'P';
        emptyZip[1] = 'K';
        emptyZip[2] = 5;
        emptyZip[3] = 6;
        add("wrong-magic", Expect.REFUSE, emptyZip);
        add("wrong-magic", Expect.REFUSE, RawZip.build(List.of()));
        for (int i = 0; i < 4; i++) {
            byte[] m = valid.clone();
            m[i] = (byte) (m[i] ^ 0x20);
            add("wrong-magic", Expect.REFUSE, m);
        }
        for (int i = 0; i < 10; i++) {
            byte[] r = new byte[1 + rnd.nextInt(2000)];
            rnd.nextBytes(r);
            add("wrong-magic", Expect.REFUSE, r);
            byte[] pk = new byte[30 + rnd.nextInt(2000)];
            rnd.nextBytes(pk);
            pk[0] = 'P';
            pk[1] = 'K';
            pk[2] = 3;
            pk[3] = 4;
            add("wrong-magic", Expect.REFUSE, pk);
        }
    }

    private void badJson() {
        String text = jsonText();
        for (int i = 0; i < 60; i++) {
            add("bad-json", Expect.REFUSE, withJson(text.substring(0, rnd.nextInt(text.length()))));
        }
        String compact = new String(SessionBytes.json(tree()), StandardCharsets.UTF_8);
        String[] whole = {"", "null", "[]", "42", "\"text\"", "{", "}", "{}", "{\"format\":\"rankbench-session\"}",
            "{\"format\":\"rankbench-session\",\"formatVersion\":1}", compact + " garbage", compact + "{}",
            compact + "]", compact.replaceFirst("\\{", "{/* comment */"),
            compact.replaceFirst("\"title\":\"fuzz\"", "'title':'fuzz'"),
            compact.replaceFirst("\"title\":\"fuzz\"", "\"title\":\"fuzz\",\"title\":\"again\""),
            compact.replaceFirst("\"epochs\":\"2\"", "\"epochs\":\"2\",\"epochs\":\"3\""),
            compact.replaceFirst("\"title\":\"fuzz\"", "\"title\":\"fu\u0001zz\""),
            compact.replaceFirst("\"wallSeconds\":3.5", "\"wallSeconds\":3.5,"),
            compact.replaceFirst("\\]\\}$", ",]}"),
            compact.replaceFirst("\"title\":\"fuzz\"", "\"title\":fuzz"),
            compact.replaceFirst("\"title\":\"fuzz\"", "\"title\":\"fuzz"),
            compact.replaceFirst("\"wallSeconds\":3.5", "\"wallSeconds\":NaN"),
            compact.replaceFirst("\"wallSeconds\":3.5", "\"wallSeconds\":Infinity"),
            compact.replaceFirst("\"wallSeconds\":3.5", "\"wallSeconds\":-Infinity"),
            compact.replaceFirst("\"wallSeconds\":3.5", "\"wallSeconds\":0x10"),
            compact.replaceFirst("\"wallSeconds\":3.5", "\"wallSeconds\":+3.5"),
            compact.replaceFirst("\"wallSeconds\":3.5", "\"wallSeconds\":.5"),
            compact.replaceFirst("\"wallSeconds\":3.5", "\"wallSeconds\":3.5e"),
            compact.replace("\"runs\":[", "\"runs\":[null,"),
            compact.replace("\"runs\":[", "\"runs\":[{},")};
        for (String w : whole) {
            add("bad-json", Expect.REFUSE, withJson(w));
        }
        add("bad-json", Expect.ANY, withJson("\uFEFF" + compact)); // a byte-order mark, which JSON readers may skip
        byte[] bad = SessionBytes.utf8(compact);
        int at = compact.indexOf("\"fuzz\"") + 2;
        bad[at] = (byte) 0xC3; // a lone UTF-8 lead byte
        bad[at + 1] = (byte) 0x28;
        add("bad-json", Expect.REFUSE, withJson(bad));
        byte[] nul = SessionBytes.utf8(compact);
        nul[at] = 0;
        add("bad-json", Expect.REFUSE, withJson(nul));
    }

    /** A place in the JSON tree: a parent, a key or index, and whether the parent is a free-form map. */
    private record Pos(JsonNode parent, String key, int index, boolean inMap) {
        JsonNode get() {
            return key != null ? parent.get(key) : parent.get(index);
        }

        void set(JsonNode v) {
            if (key != null) {
                ((ObjectNode) parent).set(key, v);
            } else {
                ((ArrayNode) parent).set(index, v);
            }
        }
    }

    private static void walk(JsonNode node, String name, List<Pos> out) {
        if (node.isObject()) {
            boolean map = MAPS.contains(name);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                out.add(new Pos(node, k, -1, map));
                walk(node.get(k), k, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(new Pos(node, null, i, false));
                walk(node.get(i), name, out);
            }
        }
    }

    /** Every position of a fresh tree; {@code edit} gets the tree and the i-th position. */
    private byte[] edited(int i, java.util.function.BiConsumer<ObjectNode, Pos> edit) {
        ObjectNode t = tree();
        List<Pos> ps = new ArrayList<>();
        walk(t, "", ps);
        edit.accept(t, ps.get(i));
        return SessionBytes.json(t);
    }

    private int positions() {
        List<Pos> ps = new ArrayList<>();
        walk(tree(), "", ps);
        return ps.size();
    }

    private void missingKeys() {
        List<Pos> ps = new ArrayList<>();
        walk(tree(), "", ps);
        List<Integer> keyed = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).key() != null) {
                keyed.add(i);
            }
        }
        java.util.Collections.shuffle(keyed, rnd);
        for (int i : keyed.subList(0, Math.min(450, keyed.size()))) {
            boolean map = ps.get(i).inMap();
            add("missing-key", map ? Expect.ANY : Expect.REFUSE,
                    withJson(edited(i, (t, p) -> ((ObjectNode) p.parent()).remove(p.key()))));
        }
    }

    private static JsonNode otherType(JsonNode v, Random rnd) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> options = new ArrayList<>();
        if (!v.isTextual()) {
            options.add(f.textNode("x"));
        }
        if (!v.isNumber()) {
            options.add(f.numberNode(5));
        }
        if (!v.isBoolean()) {
            options.add(f.booleanNode(true));
        }
        if (!v.isArray()) {
            options.add(f.arrayNode());
        }
        if (!v.isObject()) {
            options.add(f.objectNode());
        }
        return options.get(rnd.nextInt(options.size()));
    }

    private void wrongTypes() {
        int n = positions();
        for (int i = 0; i < 220; i++) {
            int at = rnd.nextInt(n);
            long seed = rnd.nextLong();
            boolean[] wasNull = new boolean[1];
            byte[] json = edited(at, (t, p) -> {
                wasNull[0] = p.get().isNull();
                p.set(otherType(p.get(), new Random(seed)));
            });
            // a null replaced by a value of the field's own type is no type error
            add("wrong-type", wasNull[0] ? Expect.ANY : Expect.REFUSE, withJson(json));
        }
    }

    private void badNumbers() {
        List<Pos> ps = new ArrayList<>();
        walk(tree(), "", ps);
        List<Integer> numeric = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).get().isNumber()) {
                numeric.add(i);
            }
        }
        String[] refused = {"NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e99999", "3.4e39"};
        String[] either = {"-1", "0", "-0.0", "1e-400", "1.5", "99999999999999999999", "9223372036854775807",
            "2147483648", "1e18", "-2147483649", "4.9e-324"};
        for (int i = 0; i < 170; i++) {
            int at = numeric.get(rnd.nextInt(numeric.size()));
            boolean mustRefuse = i % 3 == 0;
            String[] pool = mustRefuse ? refused : either;
            String token = pool[rnd.nextInt(pool.length)];
            // 3.4e39 fits a double: only refused where it lands in a float (mean, std) or a bounded figure
            Expect e = mustRefuse && !token.equals("3.4e39") ? Expect.REFUSE : Expect.ANY;
            byte[] json = edited(at, (t, p) -> p.set(JsonNodeFactory.instance.textNode("@@RAW@@")));
            String text = new String(json, StandardCharsets.UTF_8).replace("\"@@RAW@@\"", token);
            add("bad-number", e, withJson(text));
        }
    }

    private void deepNesting() {
        String compact = new String(SessionBytes.json(tree()), StandardCharsets.UTF_8);
        for (int depth : new int[] {150, 5_000, 300_000}) {
            String arrays = "[".repeat(depth) + "]".repeat(depth);
            StringBuilder objects = new StringBuilder();
            objects.append("{\"a\":".repeat(depth)).append("1").append("}".repeat(depth));
            add("deep-nesting", Expect.REFUSE, withJson(compact.replaceFirst("\"title\":\"fuzz\"", "\"title\":" + arrays)));
            add("deep-nesting", Expect.REFUSE,
                    withJson(compact.replaceFirst("\"hyperparameters\":\\{", "\"hyperparameters\":{\"deep\":" + objects + ",")));
            add("deep-nesting", Expect.REFUSE, withJson(arrays));
        }
    }

    private void duplicates() {
        List<RawZip.Entry> l = rawEntries();
        l.add(RawZip.Entry.deflated(SessionArchive.SESSION_JSON, entries.get(SessionArchive.SESSION_JSON)));
        add("duplicate", Expect.REFUSE, RawZip.build(l));
        for (String w : weightNames()) {
            List<RawZip.Entry> d = rawEntries();
            d.add(RawZip.Entry.stored(w, entries.get(w)));
            add("duplicate", Expect.REFUSE, RawZip.build(d));
        }
        String compact = new String(SessionBytes.json(tree()), StandardCharsets.UTF_8);
        add("duplicate", Expect.REFUSE, withJson(compact.replaceFirst("\"runs\":", "\"runs\":[],\"runs\":")));
        add("duplicate", Expect.REFUSE, withJson(compact.replaceFirst("\"kind\":\"compress\"",
                "\"kind\":\"compress\",\"kind\":\"train\"")));
        add("duplicate", Expect.REFUSE, withJson(compact.replaceFirst("\"loss\":", "\"loss\":1.0,\"loss\":")));
    }

    private void hostileNames() {
        String[] names = {"../session.json", "../../etc/passwd", "/session.json", "/etc/cron.d/x", "C:\\x",
            "C:/Windows/x", "weights\\..\\x", "weights/../session.json", "weights/../../x.safetensors", "./x",
            "weights/./a", "a/../../b", "session.json\u0000.txt", "Evil.class", "META-INF/MANIFEST.MF",
            "weights/", "weights/short.safetensors", "weights/" + "A".repeat(64) + ".safetensors",
            "session.JSON", "x".repeat(5000)};
        for (String n : names) {
            List<RawZip.Entry> l = rawEntries();
            l.add(RawZip.Entry.stored(n, SessionBytes.utf8("payload")));
            add("hostile-name", Expect.REFUSE, RawZip.build(l));
        }
        for (String n : new String[] {"../session.json", "/session.json", "sub/session.json"}) {
            List<RawZip.Entry> l = rawEntries();
            l.replaceAll(e -> e.name().equals(SessionArchive.SESSION_JSON) ? e.withName(n) : e);
            add("hostile-name", Expect.REFUSE, RawZip.build(l));
        }
    }

    private void lyingHeaders() {
        for (String target : entries.keySet()) {
            for (long size : new long[] {0xFFFF_FFFFL, 0xFFFF_FFFEL, 3L << 30, 1L << 31}) {
                List<RawZip.Entry> l = rawEntries();
                l.replaceAll(e -> e.name().equals(target) ? e.withDeclaredSize(size) : e);
                label = target + " size " + size;
                add("lying-header", Expect.REFUSE, RawZip.build(l));
            }
            List<RawZip.Entry> c = rawEntries();
            c.replaceAll(e -> e.name().equals(target)
                    ? new RawZip.Entry(e.name(), e.method(), e.stored(), e.declaredSize(), 0xFFFF_FFF0L, e.crc()) : e);
            label = target + " compressed size";
            add("lying-header", Expect.REFUSE, RawZip.build(c));
            List<RawZip.Entry> s = rawEntries();
            s.replaceAll(e -> e.name().equals(target) ? e.withDeclaredSize(e.declaredSize() - 1) : e);
            label = target + " size - 1";
            add("lying-header", Expect.REFUSE, RawZip.build(s));
        }
        // an end record claiming a huge central directory or 65 535 entries
        byte[] b = valid.clone();
        int end = b.length - 22;
        byte[] big = b.clone();
        java.nio.ByteBuffer.wrap(big, end + 12, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0x7FFF_FFF0);
        label = "END: huge central directory";
        add("lying-header", Expect.REFUSE, big);
        byte[] many = b.clone();
        java.nio.ByteBuffer.wrap(many, end + 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) -1)
                .putShort((short) -1);
        add("lying-header", Expect.SAME_OR_REFUSE, many); // the entries themselves are intact
    }

    private void bombs() {
        byte[] bomb = RawZip.zeroBomb(2048); // 2 GiB of zeros in about 2 MB
        for (long claim : new long[] {100, 1 << 20, SessionFiles.MAX_JSON_BYTES}) {
            List<RawZip.Entry> l = rawEntries();
            l.replaceAll(e -> e.name().equals(SessionArchive.SESSION_JSON)
                    ? new RawZip.Entry(e.name(), 8, bomb, claim, bomb.length, e.crc()) : e);
            add("inflate-bomb", Expect.REFUSE, RawZip.build(l));
        }
        for (String w : weightNames()) {
            List<RawZip.Entry> l = rawEntries();
            l.replaceAll(e -> e.name().equals(w)
                    ? new RawZip.Entry(w, 8, bomb, entries.get(w).length, bomb.length, e.crc()) : e);
            add("inflate-bomb", Expect.REFUSE, RawZip.build(l));
        }
        List<RawZip.Entry> extra = rawEntries();
        extra.add(new RawZip.Entry("weights/" + "0".repeat(64) + ".safetensors", 8, bomb, 2L << 30, bomb.length, 0));
        add("inflate-bomb", Expect.REFUSE, RawZip.build(extra));
    }

    private void versions() {
        for (String v : new String[] {"2", "3", "7", "100", "2147483647", "-1", "-100", "9999999999", "1.0", "1e0",
            "\"1\"", "null", "true", "[]", "{}"}) {
            String text = new String(SessionBytes.json(tree()), StandardCharsets.UTF_8)
                    .replaceFirst("\"formatVersion\":1", "\"formatVersion\":" + v);
            add("format-version", Expect.REFUSE, withJson(text));
        }
        ObjectNode none = tree();
        none.remove("formatVersion");
        add("format-version", Expect.REFUSE, withJson(SessionBytes.json(none)));
        ObjectNode zero = tree();
        zero.put("formatVersion", 0); // a version-1 layout labelled 0: the migration leaves it as it is
        add("format-version", Expect.ANY, withJson(SessionBytes.json(zero)));
    }

    private void hashesAndManifests() {
        List<String> ws = weightNames();
        for (String w : ws) {
            LinkedHashMap<String, byte[]> m = new LinkedHashMap<>(entries);
            byte[] changed = m.get(w).clone();
            changed[changed.length - 1 - rnd.nextInt(64)] ^= 0x01;
            m.put(w, changed); // CRC recomputed by the writer: only the hash can tell
            add("hash-manifest", Expect.REFUSE, SessionBytes.zip(m));
        }
        LinkedHashMap<String, byte[]> swapped = new LinkedHashMap<>();
        for (var e : entries.entrySet()) { // two blobs exchange names
            String k = e.getKey();
            swapped.put(k.equals(ws.get(0)) ? ws.get(1) : k.equals(ws.get(1)) ? ws.get(0) : k, e.getValue());
        }
        add("hash-manifest", Expect.REFUSE, SessionBytes.zip(swapped));
        for (String bad : new String[] {"weights/x.safetensors", "../weights/a.safetensors", "/etc/passwd", "",
            "weights/" + "0".repeat(64) + ".safetensors"}) {
            ObjectNode t = tree();
            ((ObjectNode) t.get("baseModel")).put("weights", bad);
            add("hash-manifest", Expect.REFUSE, withJson(SessionBytes.json(t)));
        }
        Consumer<ObjectNode>[] edits = new Consumer[] {
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/baseModel/manifest/network/children/0")).put("outChannels", 5),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/baseModel/manifest/network/children/5")).put("bias", false),
            (Consumer<ObjectNode>) t -> ((ArrayNode) t.at("/baseModel/manifest/classes")).add("extra"),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/baseModel/manifest/input")).put("height", 20),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/baseModel/manifest/input")).put("channels", 0),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/baseModel/manifest/network/children/0")).put("kernelH", 100000),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/baseModel/manifest/network/children/0")).put("inChannels", 2_000_000_000),
            (Consumer<ObjectNode>) t -> ((ArrayNode) t.at("/baseModel/manifest/network/children")).remove(2),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/baseModel/manifest")).put("formatVersion", 9),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/baseModel/manifest")).putNull("network"),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/runs/0/model")).put("weights",
                    t.at("/baseModel/weights").asText()),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/runs/0/model/manifest/network/children/2/children/1"))
                    .put("outChannels", 5)};
        for (Consumer<ObjectNode> e : edits) {
            ObjectNode t = tree();
            e.accept(t);
            add("hash-manifest", Expect.REFUSE, withJson(SessionBytes.json(t)));
        }
    }

    private void typeHints() {
        List<Pos> ps = new ArrayList<>();
        walk(tree(), "", ps);
        List<Integer> objects = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).get().isObject()) {
                objects.add(i);
            }
        }
        String[] keys = {"@class", "@type", "@c", "@id", "@ref"};
        for (int i = 0; i < 20; i++) {
            int at = objects.get(rnd.nextInt(objects.size()));
            String key = keys[i % keys.length];
            add("type-hint", Expect.REFUSE, withJson(edited(at,
                    (t, p) -> ((ObjectNode) p.get()).put(key, "java.lang.ProcessBuilder"))));
        }
        for (String type : new String[] {"java.lang.Runtime", "rankbench.experiment.model.LayerSpec$Conv", "Conv",
            "CONV", ""}) {
            ObjectNode t = tree();
            ((ObjectNode) t.at("/baseModel/manifest/network/children/0")).put("type", type);
            add("type-hint", Expect.REFUSE, withJson(SessionBytes.json(t)));
        }
        ObjectNode arr = tree();
        ((ObjectNode) arr.at("/baseModel/manifest")).set("network", SessionBytes.JSON.createArrayNode()
                .add("rankbench.experiment.model.LayerSpec$Sequence").add(arr.at("/baseModel/manifest/network")));
        add("type-hint", Expect.REFUSE, withJson(SessionBytes.json(arr)));
    }
}
