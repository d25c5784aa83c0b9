package rankbench.experiment.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Damage inside {@code session.json} and the references it holds: malformed JSON, missing keys, wrong types, bad numbers, deep nesting, versions, hashes and manifests that do not fit, type hints. */
final class JsonDamage {

    private static final Set<String> MAPS = Set.of("hyperparameters", "values", "ranks", "layers");

    private final FuzzCorpus c;

    JsonDamage(FuzzCorpus c) {
        this.c = c;
    }

    /** Adds every case of this family to the corpus. */
    void addAll() {
        badJson();
        missingKeys();
        wrongTypes();
        badNumbers();
        deepNesting();
        versions();
        hashesAndManifests();
        typeHints();
    }

    void badJson() {
        String text = c.jsonText();
        for (int i = 0; i < 60; i++) {
            c.add("bad-json", FuzzCorpus.Expect.REFUSE, c.withJson(text.substring(0, c.rnd.nextInt(text.length()))));
        }
        String compact = new String(SessionBytes.json(c.tree()), StandardCharsets.UTF_8);
        String[] whole = {
            "",
            "null",
            "[]",
            "42",
            "\"text\"",
            "{",
            "}",
            "{}",
            "{\"format\":\"rankbench-session\"}",
            "{\"format\":\"rankbench-session\",\"formatVersion\":1}",
            compact + " garbage",
            compact + "{}",
            compact + "]",
            compact.replaceFirst("\\{", "{/* comment */"),
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
            compact.replace("\"runs\":[", "\"runs\":[{},")
        };
        for (String w : whole) {
            c.add("bad-json", FuzzCorpus.Expect.REFUSE, c.withJson(w));
        }
        c.add(
                "bad-json",
                FuzzCorpus.Expect.ANY,
                c.withJson("\uFEFF" + compact)); // a byte-order mark, which JSON readers may skip
        byte[] bad = SessionBytes.utf8(compact);
        int at = compact.indexOf("\"fuzz\"") + 2;
        bad[at] = (byte) 0xC3; // a lone UTF-8 lead byte
        bad[at + 1] = (byte) 0x28;
        c.add("bad-json", FuzzCorpus.Expect.REFUSE, c.withJson(bad));
        byte[] nul = SessionBytes.utf8(compact);
        nul[at] = 0;
        c.add("bad-json", FuzzCorpus.Expect.REFUSE, c.withJson(nul));
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
    private byte[] edited(int i, BiConsumer<ObjectNode, Pos> edit) {
        ObjectNode t = c.tree();
        List<Pos> ps = new ArrayList<>();
        walk(t, "", ps);
        edit.accept(t, ps.get(i));
        return SessionBytes.json(t);
    }

    private int positions() {
        List<Pos> ps = new ArrayList<>();
        walk(c.tree(), "", ps);
        return ps.size();
    }

    void missingKeys() {
        List<Pos> ps = new ArrayList<>();
        walk(c.tree(), "", ps);
        List<Integer> keyed = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).key() != null) {
                keyed.add(i);
            }
        }
        Collections.shuffle(keyed, c.rnd);
        for (int i : keyed.subList(0, Math.min(450, keyed.size()))) {
            boolean map = ps.get(i).inMap();
            c.add(
                    map ? "map-entry-gone" : "missing-key",
                    map ? FuzzCorpus.Expect.ANY : FuzzCorpus.Expect.REFUSE,
                    c.withJson(edited(i, (t, p) -> ((ObjectNode) p.parent()).remove(p.key()))));
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

    void wrongTypes() {
        int n = positions();
        for (int i = 0; i < 220; i++) {
            int at = c.rnd.nextInt(n);
            long seed = c.rnd.nextLong();
            boolean[] wasNull = new boolean[1];
            byte[] json = edited(at, (t, p) -> {
                wasNull[0] = p.get().isNull();
                p.set(otherType(p.get(), new Random(seed)));
            });
            // a null replaced by a value of the field's own type is no type error
            c.add(
                    wasNull[0] ? "null-to-value" : "wrong-type",
                    wasNull[0] ? FuzzCorpus.Expect.ANY : FuzzCorpus.Expect.REFUSE,
                    c.withJson(json));
        }
    }

    void badNumbers() {
        List<Pos> ps = new ArrayList<>();
        walk(c.tree(), "", ps);
        List<Integer> numeric = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).get().isNumber()) {
                numeric.add(i);
            }
        }
        String[] refused = {"NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e99999", "3.4e39"};
        String[] either = {
            "-1",
            "0",
            "-0.0",
            "1e-400",
            "1.5",
            "99999999999999999999",
            "9223372036854775807",
            "2147483648",
            "1e18",
            "-2147483649",
            "4.9e-324"
        };
        for (int i = 0; i < 170; i++) {
            int at = numeric.get(c.rnd.nextInt(numeric.size()));
            boolean mustRefuse = i % 3 == 0;
            String[] pool = mustRefuse ? refused : either;
            String token = pool[c.rnd.nextInt(pool.length)];
            // 3.4e39 fits a double: only refused where it lands in a float (mean, std) or a bounded figure
            FuzzCorpus.Expect e =
                    mustRefuse && !token.equals("3.4e39") ? FuzzCorpus.Expect.REFUSE : FuzzCorpus.Expect.ANY;
            byte[] json = edited(at, (t, p) -> p.set(JsonNodeFactory.instance.textNode("@@RAW@@")));
            String text = new String(json, StandardCharsets.UTF_8).replace("\"@@RAW@@\"", token);
            c.add(e == FuzzCorpus.Expect.REFUSE ? "bad-number" : "odd-number", e, c.withJson(text));
        }
    }

    void deepNesting() {
        String compact = new String(SessionBytes.json(c.tree()), StandardCharsets.UTF_8);
        for (int depth : new int[] {150, 5_000, 300_000}) {
            String arrays = "[".repeat(depth) + "]".repeat(depth);
            StringBuilder objects = new StringBuilder();
            objects.append("{\"a\":".repeat(depth)).append("1").append("}".repeat(depth));
            c.add(
                    "deep-nesting",
                    FuzzCorpus.Expect.REFUSE,
                    c.withJson(compact.replaceFirst("\"title\":\"fuzz\"", "\"title\":" + arrays)));
            c.add(
                    "deep-nesting",
                    FuzzCorpus.Expect.REFUSE,
                    c.withJson(compact.replaceFirst(
                            "\"hyperparameters\":\\{", "\"hyperparameters\":{\"deep\":" + objects + ",")));
            c.add("deep-nesting", FuzzCorpus.Expect.REFUSE, c.withJson(arrays));
        }
    }

    void versions() {
        for (String v : new String[] {
            "2",
            "3",
            "7",
            "100",
            "2147483647",
            "-1",
            "-100",
            "9999999999",
            "1.0",
            "1e0",
            "\"1\"",
            "null",
            "true",
            "[]",
            "{}"
        }) {
            String text = new String(SessionBytes.json(c.tree()), StandardCharsets.UTF_8)
                    .replaceFirst("\"formatVersion\":1", "\"formatVersion\":" + v);
            c.add("format-version", FuzzCorpus.Expect.REFUSE, c.withJson(text));
        }
        ObjectNode none = c.tree();
        none.remove("formatVersion");
        c.add("format-version", FuzzCorpus.Expect.REFUSE, c.withJson(SessionBytes.json(none)));
        ObjectNode zero = c.tree();
        zero.put("formatVersion", 0); // a version-1 layout labeled 0: the migration leaves it as it is
        c.add("format-version", FuzzCorpus.Expect.ANY, c.withJson(SessionBytes.json(zero)));
    }

    void hashesAndManifests() {
        List<String> ws = c.weightNames();
        for (String w : ws) {
            LinkedHashMap<String, byte[]> m = new LinkedHashMap<>(c.entries);
            byte[] changed = m.get(w).clone();
            changed[changed.length - 1 - c.rnd.nextInt(64)] ^= 0x01;
            m.put(w, changed); // CRC recomputed by the writer: only the hash can tell
            c.add("hash-manifest", FuzzCorpus.Expect.REFUSE, SessionBytes.zip(m));
        }
        LinkedHashMap<String, byte[]> swapped = new LinkedHashMap<>();
        for (var e : c.entries.entrySet()) { // two blobs exchange names
            String k = e.getKey();
            swapped.put(k.equals(ws.get(0)) ? ws.get(1) : k.equals(ws.get(1)) ? ws.get(0) : k, e.getValue());
        }
        c.add("hash-manifest", FuzzCorpus.Expect.REFUSE, SessionBytes.zip(swapped));
        for (String bad : new String[] {
            "weights/x.safetensors",
            "../weights/a.safetensors",
            "/etc/passwd",
            "",
            "weights/" + "0".repeat(64) + ".safetensors"
        }) {
            ObjectNode t = c.tree();
            ((ObjectNode) t.get("baseModel")).put("weights", bad);
            c.add("hash-manifest", FuzzCorpus.Expect.REFUSE, c.withJson(SessionBytes.json(t)));
        }
        Consumer<ObjectNode>[] edits = new Consumer[] {
            (Consumer<ObjectNode>)
                    t -> ((ObjectNode) t.at("/baseModel/manifest/network/children/0")).put("outChannels", 5),
            (Consumer<ObjectNode>)
                    t -> ((ObjectNode) t.at("/baseModel/manifest/network/children/5")).put("bias", false),
            (Consumer<ObjectNode>) t -> ((ArrayNode) t.at("/baseModel/manifest/classes")).add("extra"),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/baseModel/manifest/input")).put("height", 20),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/baseModel/manifest/input")).put("channels", 0),
            (Consumer<ObjectNode>)
                    t -> ((ObjectNode) t.at("/baseModel/manifest/network/children/0")).put("kernelH", 100000),
            (Consumer<ObjectNode>)
                    t -> ((ObjectNode) t.at("/baseModel/manifest/network/children/0")).put("inChannels", 2_000_000_000),
            (Consumer<ObjectNode>) t -> ((ArrayNode) t.at("/baseModel/manifest/network/children")).remove(2),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/baseModel/manifest")).put("formatVersion", 9),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/baseModel/manifest")).putNull("network"),
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.at("/runs/0/model"))
                    .put("weights", t.at("/baseModel/weights").asText()),
            (Consumer<ObjectNode>) t ->
                    ((ObjectNode) t.at("/runs/0/model/manifest/network/children/2/children/1")).put("outChannels", 5)
        };
        for (Consumer<ObjectNode> e : edits) {
            ObjectNode t = c.tree();
            e.accept(t);
            c.add("hash-manifest", FuzzCorpus.Expect.REFUSE, c.withJson(SessionBytes.json(t)));
        }
    }

    void typeHints() {
        List<Pos> ps = new ArrayList<>();
        walk(c.tree(), "", ps);
        List<Integer> objects = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).get().isObject()) {
                objects.add(i);
            }
        }
        String[] keys = {"@class", "@type", "@c", "@id", "@ref"};
        for (int i = 0; i < 20; i++) {
            int at = objects.get(c.rnd.nextInt(objects.size()));
            String key = keys[i % keys.length];
            c.add(
                    "type-hint",
                    FuzzCorpus.Expect.REFUSE,
                    c.withJson(edited(at, (t, p) -> ((ObjectNode) p.get()).put(key, "java.lang.ProcessBuilder"))));
        }
        for (String type :
                new String[] {"java.lang.Runtime", "rankbench.experiment.model.LayerSpec$Conv", "Conv", "CONV", ""}) {
            ObjectNode t = c.tree();
            ((ObjectNode) t.at("/baseModel/manifest/network/children/0")).put("type", type);
            c.add("type-hint", FuzzCorpus.Expect.REFUSE, c.withJson(SessionBytes.json(t)));
        }
        ObjectNode arr = c.tree();
        ((ObjectNode) arr.at("/baseModel/manifest"))
                .set(
                        "network",
                        SessionBytes.JSON
                                .createArrayNode()
                                .add("rankbench.experiment.model.LayerSpec$Sequence")
                                .add(arr.at("/baseModel/manifest/network")));
        c.add("type-hint", FuzzCorpus.Expect.REFUSE, c.withJson(SessionBytes.json(arr)));
    }
}
