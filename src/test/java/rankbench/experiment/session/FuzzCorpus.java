package rankbench.experiment.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import rankbench.fuzz.RawZip;

/**
 * The damaged and hostile session files of {@link SessionFileFuzzTest}: one valid session of the tiny
 * network, a seeded generator, and the cases made from them ({@link ZipDamage}, {@link JsonDamage}).
 */
final class FuzzCorpus {

    /** What a case may end in. */
    enum Expect {
        /** Must be refused. */
        REFUSE,
        /** Refused, or loaded as exactly the original session. */
        SAME_OR_REFUSE,
        /** Refused, or loaded (a different but valid session). */
        ANY
    }

    /** One file to open: its family, what it may end in, its bytes and an optional description. */
    record Case(String kind, Expect expect, byte[] bytes, String label) {}

    final ExperimentSession original = SessionFixtures.tinySession("fuzz");
    final byte[] valid = SessionBytes.bytes(original);
    final LinkedHashMap<String, byte[]> entries = SessionBytes.entries(valid);
    final Random rnd;
    final List<Case> cases = new ArrayList<>();
    /** Description of the next case added (reset after each). */
    String label = "";

    /** Builds every case from {@code seed}. */
    FuzzCorpus(long seed) {
        rnd = new Random(seed);
        new ZipDamage(this).addAll();
        new JsonDamage(this).addAll();
    }

    void add(String kind, Expect e, byte[] b) {
        cases.add(new Case(kind, e, b, label));
        label = "";
    }

    ObjectNode tree() {
        return SessionBytes.tree(entries);
    }

    byte[] withJson(byte[] json) {
        return SessionBytes.withJson(entries, json);
    }

    byte[] withJson(String json) {
        return withJson(json.getBytes(StandardCharsets.UTF_8));
    }

    String jsonText() {
        return new String(entries.get(SessionArchive.SESSION_JSON), StandardCharsets.UTF_8);
    }

    /** The valid file's entries with truthful headers (weights stored, JSON deflated). */
    List<RawZip.Entry> rawEntries() {
        List<RawZip.Entry> l = new ArrayList<>();
        entries.forEach((k, v) -> l.add(k.endsWith(".json") ? RawZip.Entry.deflated(k, v) : RawZip.Entry.stored(k, v)));
        return l;
    }

    List<String> weightNames() {
        return entries.keySet().stream().filter(n -> n.startsWith("weights/")).toList();
    }
}
