package rankbench.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Damaged variants of a JSON document, shared by the reader fuzz tests: truncations, whole documents
 * of the wrong kind, missing keys, values of the wrong type, null values, NaN and out-of-range numbers,
 * deep nesting, duplicate keys and class-name hints. Only truncations and wrong documents are invalid
 * by construction; the other variants may be legal for a lenient field, so a reader may load them, and
 * its test checks what it loaded.
 */
public final class JsonMutations {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One variant: its family, whether it must be refused, and the text. */
    public record Variant(String kind, boolean mustRefuse, String text) {}

    private final JsonNode original;
    private final Random rnd;
    private final List<Variant> out = new ArrayList<>();

    private JsonMutations(JsonNode original, Random rnd) {
        this.original = original;
        this.rnd = rnd;
    }

    /** About {@code perKind} variants of each family made from {@code json} (an object) with {@code rnd}. */
    public static List<Variant> of(String json, int perKind, Random rnd) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonMutations m = new JsonMutations(tree, rnd);
        m.truncations(perKind);
        m.wholeDocuments();
        m.missingKeys(perKind);
        m.wrongTypes(perKind);
        m.nulls(perKind);
        m.badNumbers(perKind);
        m.deepNesting();
        m.duplicates();
        m.typeHints(perKind / 4 + 1);
        return m.out;
    }

    private String text(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A place in the tree: a parent and a key or index. */
    private record Pos(JsonNode parent, String key, int index) {
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

    private static void walk(JsonNode node, List<Pos> acc) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                acc.add(new Pos(node, k, -1));
                walk(node.get(k), acc);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                acc.add(new Pos(node, null, i));
                walk(node.get(i), acc);
            }
        }
    }

    /** A fresh copy of the tree and its positions. */
    private List<Pos> positions(JsonNode copy) {
        List<Pos> ps = new ArrayList<>();
        walk(copy, ps);
        return ps;
    }

    private void truncations(int n) {
        String t = text(original);
        for (int i = 0; i < n; i++) {
            out.add(new Variant("json-truncated", true, t.substring(0, rnd.nextInt(t.length()))));
        }
    }

    private void wholeDocuments() {
        String t = text(original);
        for (String w : new String[] {
            "",
            " ",
            "null",
            "[]",
            "42",
            "\"text\"",
            "true",
            "{",
            "}",
            "[",
            t + "}",
            t + " trailing",
            t + "{}",
            "{/* comment */}",
            "{'a':1}",
            "\u0000",
            "\uFEFF\uFEFF{}"
        }) {
            out.add(new Variant("json-document", !w.equals("{}"), w));
        }
    }

    private void missingKeys(int n) {
        int count = positions(original.deepCopy()).size();
        for (int i = 0; i < n; i++) {
            JsonNode copy = original.deepCopy();
            List<Pos> ps = positions(copy).stream().filter(p -> p.key() != null).toList();
            Pos p = ps.get(rnd.nextInt(ps.size()));
            ((ObjectNode) p.parent()).remove(p.key());
            out.add(new Variant("json-missing-key", false, text(copy)));
        }
        if (count == 0) {
            out.add(new Variant("json-missing-key", false, "{}"));
        }
    }

    private JsonNode otherType(JsonNode v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> options = new ArrayList<>();
        if (!v.isTextual()) {
            options.add(f.textNode("x"));
            options.add(f.textNode("12"));
        }
        if (!v.isNumber()) {
            options.add(f.numberNode(5));
            options.add(f.numberNode(2.5));
        }
        if (!v.isBoolean()) {
            options.add(f.booleanNode(true));
        }
        if (!v.isArray()) {
            options.add(f.arrayNode().add(1));
        }
        if (!v.isObject()) {
            options.add(f.objectNode().put("a", 1));
        }
        return options.get(rnd.nextInt(options.size()));
    }

    private void wrongTypes(int n) {
        for (int i = 0; i < n; i++) {
            JsonNode copy = original.deepCopy();
            List<Pos> ps = positions(copy);
            Pos p = ps.get(rnd.nextInt(ps.size()));
            p.set(otherType(p.get()));
            out.add(new Variant("json-wrong-type", false, text(copy)));
        }
    }

    private void nulls(int n) {
        for (int i = 0; i < n; i++) {
            JsonNode copy = original.deepCopy();
            List<Pos> ps = positions(copy);
            ps.get(rnd.nextInt(ps.size())).set(JsonNodeFactory.instance.nullNode());
            out.add(new Variant("json-null", false, text(copy)));
        }
    }

    private void badNumbers(int n) {
        String[] tokens = {
            "NaN",
            "Infinity",
            "-Infinity",
            "-1",
            "0",
            "-0.0",
            "1e400",
            "-1e400",
            "1.5",
            "1e-400",
            "99999999999999999999",
            "2147483647",
            "2147483648",
            "-2147483648",
            "-2147483649",
            "1073741824",
            "65536",
            "9223372036854775807",
            "1e18",
            "4.9e-324",
            "3.4e39",
            "0x10",
            "+1",
            ".5",
            "1e"
        };
        List<Pos> numeric = positions(original.deepCopy()).stream()
                .filter(p -> p.get().isNumber())
                .toList();
        if (numeric.isEmpty()) {
            return;
        }
        for (int i = 0; i < n; i++) {
            JsonNode copy = original.deepCopy();
            List<Pos> ps =
                    positions(copy).stream().filter(p -> p.get().isNumber()).toList();
            ps.get(rnd.nextInt(ps.size())).set(JsonNodeFactory.instance.textNode("@@RAW@@"));
            String token = tokens[rnd.nextInt(tokens.length)];
            boolean invalidJson = token.equals("NaN")
                    || token.contains("Infinity")
                    || token.startsWith("0x")
                    || token.startsWith("+")
                    || token.startsWith(".")
                    || token.equals("1e");
            out.add(new Variant("json-bad-number", invalidJson, text(copy).replace("\"@@RAW@@\"", token)));
        }
    }

    private void deepNesting() {
        List<Pos> keyed = positions(original.deepCopy()).stream()
                .filter(p -> p.key() != null)
                .toList();
        for (int depth : new int[] {50, 150, 1_000, 5_000, 100_000}) {
            String arrays = "[".repeat(depth) + "]".repeat(depth);
            String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            boolean deep = depth >= 1_000;
            out.add(new Variant("json-deep", deep, arrays));
            String t = text(original);
            out.add(new Variant("json-deep", false, "{\"deep\":" + objects + "," + t.substring(1)));
            if (!keyed.isEmpty()) {
                int pick = rnd.nextInt(keyed.size());
                JsonNode copy = original.deepCopy();
                positions(copy).stream()
                        .filter(p -> p.key() != null)
                        .toList()
                        .get(pick)
                        .set(JsonNodeFactory.instance.textNode("@@RAW@@"));
                out.add(new Variant("json-deep", false, text(copy).replace("\"@@RAW@@\"", arrays)));
            }
        }
    }

    private void duplicates() {
        if (!original.isObject() || original.size() == 0) {
            return;
        }
        String t = text(original);
        for (Iterator<String> it = original.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            out.add(new Variant(
                    "json-duplicate", false, "{\"" + k + "\":" + text(original.get(k)) + "," + t.substring(1)));
        }
    }

    private void typeHints(int n) {
        String[] keys = {"@class", "@type", "@c", "type"};
        for (int i = 0; i < n; i++) {
            JsonNode copy = original.deepCopy();
            List<Pos> objects =
                    positions(copy).stream().filter(p -> p.get().isObject()).toList();
            JsonNode target = objects.isEmpty()
                    ? copy
                    : objects.get(rnd.nextInt(objects.size())).get();
            ((ObjectNode) target).put(keys[i % keys.length], "java.lang.ProcessBuilder");
            out.add(new Variant("json-type-hint", false, text(copy)));
        }
    }
}
