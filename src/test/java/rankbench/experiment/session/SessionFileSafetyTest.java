package rankbench.experiment.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.fuzz.RawZip;

/** Each rule of the format, one by one, with the message the user sees. */
class SessionFileSafetyTest {

    @TempDir
    Path dir;

    private static final ExperimentSession SESSION = SessionFixtures.session("safety");
    private static final byte[] VALID = SessionBytes.bytes(SESSION);
    private static final LinkedHashMap<String, byte[]> ENTRIES = SessionBytes.entries(VALID);

    private Path file(byte[] b) throws IOException {
        Path f = dir.resolve("x.rbsession");
        Files.write(f, b);
        return f;
    }

    private String refused(byte[] b) throws IOException {
        Path f = file(b);
        SessionFileException e = assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> assertThrows(SessionFileException.class, () -> SessionFiles.read(f)));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    private static String firstWeights() {
        return ENTRIES.keySet().stream()
                .filter(n -> n.startsWith("weights/"))
                .findFirst()
                .orElseThrow();
    }

    private static List<RawZip.Entry> rawEntries() {
        List<RawZip.Entry> l = new ArrayList<>();
        ENTRIES.forEach((k, v) -> l.add(k.endsWith(".json") ? RawZip.Entry.deflated(k, v) : RawZip.Entry.stored(k, v)));
        return l;
    }

    @Test
    void aRebuiltArchiveOfTheSameEntriesReadsBack() throws IOException {
        SessionFixtures.assertSameSession(SESSION, SessionFiles.read(file(RawZip.build(rawEntries()))));
    }

    @Test
    void missingFilesDirectoriesAndOtherFilesAreNamed() throws Exception {
        Path none = dir.resolve("none.rbsession");
        assertEquals(
                none + ": no such file",
                assertThrows(SessionFileException.class, () -> SessionFiles.read(none))
                        .getMessage());
        assertTrue(assertThrows(SessionFileException.class, () -> SessionFiles.read(dir))
                .getMessage()
                .endsWith("is a directory, not a session file"));
        Path zero = Path.of("/dev/zero"); // endless: reading it would never finish
        if (Files.exists(zero)) {
            assertEquals(
                    zero + ": is not a regular file",
                    assertTimeoutPreemptively(
                                    Duration.ofSeconds(20),
                                    () -> assertThrows(SessionFileException.class, () -> SessionFiles.read(zero)))
                            .getMessage());
        }
        Path fifo = dir.resolve("pipe.rbsession"); // opening a pipe with no writer would block
        if (mkfifo(fifo)) {
            assertEquals(
                    fifo + ": is not a regular file",
                    assertTimeoutPreemptively(
                                    Duration.ofSeconds(20),
                                    () -> assertThrows(SessionFileException.class, () -> SessionFiles.read(fifo)))
                            .getMessage());
        }
        assertEquals("not a RankBench session file (not a zip archive)", refused(SessionBytes.utf8("just text")));
        assertEquals("not a RankBench session file (not a zip archive)", refused(new byte[0]));
    }

    private static boolean mkfifo(Path p) throws InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            return false; // no mkfifo here (Windows)
        }
    }

    @Test
    void namesThatEscapeTheArchiveAreRefused() throws IOException {
        for (String name : new String[] {
            "../evil",
            "/etc/passwd",
            "weights/../../x",
            "C:/x",
            "weights\\x.safetensors",
            "./session.json",
            "weights/./x"
        }) {
            List<RawZip.Entry> l = rawEntries();
            l.add(RawZip.Entry.stored(name, new byte[] {1}));
            assertEquals("entry '" + name + "' would escape the archive", refused(RawZip.build(l)), name);
        }
    }

    @Test
    void entriesOutsideTheFormatAreRefused() throws IOException {
        for (String name : new String[] {
            "Evil.class", "META-INF/MANIFEST.MF", "weights/", "weights/abc.safetensors", "session.json.bak"
        }) {
            List<RawZip.Entry> l = rawEntries();
            l.add(RawZip.Entry.stored(name, new byte[] {1}));
            assertTrue(refused(RawZip.build(l)).startsWith("unexpected entry '" + name + "'"), name);
        }
    }

    @Test
    void duplicateEntriesAreRefused() throws IOException {
        List<RawZip.Entry> l = rawEntries();
        l.add(RawZip.Entry.deflated("session.json", SessionBytes.utf8("{}")));
        assertEquals("entry 'session.json' appears twice", refused(RawZip.build(l)));
    }

    @Test
    void tooManyEntriesAreRefusedBeforeReadingThem() throws IOException {
        List<RawZip.Entry> l = rawEntries();
        for (int i = 0; i < SessionFiles.MAX_ENTRIES; i++) {
            l.add(RawZip.Entry.stored(String.format("weights/%064x.safetensors", i), new byte[0]));
        }
        assertTrue(refused(RawZip.build(l)).startsWith("too many entries"));
    }

    @Test
    void aDeclaredSizeAboveTheLimitIsRefusedBeforeAllocating() throws IOException {
        List<RawZip.Entry> l = rawEntries();
        l.replaceAll(e -> e.name().equals("session.json") ? e.withDeclaredSize(0xFFFF_FFF0L) : e);
        assertEquals(
                "entry 'session.json' declares 4294967280 bytes, more than the limit of " + SessionFiles.MAX_JSON_BYTES,
                refused(RawZip.build(l)));
        List<RawZip.Entry> w = rawEntries();
        w.replaceAll(e -> e.name().equals(firstWeights())
                ? RawZip.Entry.deflated(e.name(), ENTRIES.get(e.name())).withDeclaredSize(3L << 30)
                : e);
        String m = refused(RawZip.build(w));
        assertTrue(
                m.matches(".*: weights/[0-9a-f]{64}\\.safetensors declares 3221225472 bytes, more than the \\d+ its "
                        + "network can need"),
                m);
        List<RawZip.Entry> stored = rawEntries(); // a stored entry must be as long as it says
        stored.replaceAll(e -> e.name().equals(firstWeights()) ? e.withDeclaredSize(3L << 30) : e);
        assertTrue(refused(RawZip.build(stored)).contains("is stored uncompressed but declares 3221225472 bytes"));
    }

    @Test
    void aDeflateBombIsStoppedAtItsDeclaredSize() throws IOException {
        byte[] bomb = RawZip.zeroBomb(2048); // inflates to 2 GiB
        assertTrue(bomb.length < 4 << 20, "the bomb itself is small: " + bomb.length);
        // session.json claiming 100 bytes, and claiming the largest size allowed
        for (long claim : new long[] {100, SessionFiles.MAX_JSON_BYTES}) {
            List<RawZip.Entry> l = rawEntries();
            l.replaceAll(e ->
                    e.name().equals("session.json") ? new RawZip.Entry(e.name(), 8, bomb, claim, bomb.length, 0) : e);
            assertEquals(
                    "entry 'session.json' holds more data than the " + claim
                            + " bytes it declares (a corrupt or malicious file)",
                    refused(RawZip.build(l)));
        }
        // a weights blob that claims its true size
        List<RawZip.Entry> w = rawEntries();
        String name = firstWeights();
        w.replaceAll(e ->
                e.name().equals(name) ? new RawZip.Entry(name, 8, bomb, ENTRIES.get(name).length, bomb.length, 0) : e);
        assertTrue(refused(RawZip.build(w)).startsWith("entry '" + name + "' holds more data than"));
    }

    @Test
    void theBombReallyInflatesToWhatItClaims() throws IOException {
        byte[] small = RawZip.zeroBomb(3);
        Inflater inf = new Inflater(true);
        inf.setInput(small);
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try {
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                for (int i = 0; i < n; i++) {
                    assertEquals(0, buf[i]);
                }
                total += n;
                if (n == 0 && inf.needsInput()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        }
        assertEquals(3L << 20, total);
    }

    @Test
    void aCorruptedEntryFailsItsCrc() throws IOException {
        byte[] b = VALID.clone();
        List<RawZip.Entry> l = rawEntries();
        RawZip.Layout[] layout = new RawZip.Layout[1];
        b = RawZip.build(l, layout);
        b[layout[0].dataStarts().get(0) + 100] ^= 0x01;
        assertEquals("entry '" + l.get(0).name() + "' is corrupt (CRC mismatch)", refused(b));
    }

    @Test
    void weightsWhoseHashDoesNotMatchTheirNameAreRefused() throws IOException {
        String name = firstWeights();
        byte[] w = ENTRIES.get(name).clone();
        w[w.length - 1] ^= 0x10; // a valid float, a correct CRC (recomputed), the wrong content
        LinkedHashMap<String, byte[]> m = new LinkedHashMap<>(ENTRIES);
        m.put(name, w);
        assertEquals(name + " is corrupt (its SHA-256 does not match its name)", refused(SessionBytes.zip(m)));
    }

    @Test
    void missingAndUnusedWeightsAreRefused() throws IOException {
        String name = firstWeights();
        LinkedHashMap<String, byte[]> m = new LinkedHashMap<>(ENTRIES);
        m.remove(name);
        assertTrue(refused(SessionBytes.zip(m)).endsWith("its weights " + name + " are missing from the file"));
        LinkedHashMap<String, byte[]> extra = new LinkedHashMap<>(ENTRIES);
        String unused = "weights/" + "0".repeat(64) + ".safetensors";
        extra.put(unused, new byte[8]);
        assertEquals("entry '" + unused + "' is not used by any model", refused(SessionBytes.zip(extra)));
    }

    @Test
    void aManifestWhoseWeightsDoNotFitItsNetworkIsRefused() throws IOException {
        ObjectNode doc = SessionBytes.tree(ENTRIES);
        ObjectNode conv2 = (ObjectNode) doc.at("/baseModel/manifest/network/children/3");
        assertEquals("conv2", conv2.get("name").asText());
        conv2.put("kernelH", 3).put("kernelW", 3);
        doc.with("baseModel")
                .with("manifest")
                .with("network")
                .withArray("children")
                .get(7);
        ((ObjectNode) doc.at("/baseModel/manifest/network/children/7")).put("inFeatures", 16 * 6 * 6);
        assertEquals(
                "base model: weight 'conv2.weight' has shape [16, 6, 5, 5], expected [16, 6, 3, 3]",
                refused(SessionBytes.withJson(ENTRIES, SessionBytes.json(doc))));
    }

    @Test
    void classNamesAndTypeHintsAreRefused() throws IOException {
        ObjectNode doc = SessionBytes.tree(ENTRIES);
        ((ObjectNode) doc.get("runs").get(0)).put("@class", "java.lang.ProcessBuilder");
        String m = refused(SessionBytes.withJson(ENTRIES, SessionBytes.json(doc)));
        assertTrue(m.startsWith("session.json: key '@class' at /runs/0/@class is not allowed"), m);
        ObjectNode layer = SessionBytes.tree(ENTRIES);
        ((ObjectNode) layer.at("/baseModel/manifest/network/children/0")).put("type", "java.lang.Runtime");
        m = refused(SessionBytes.withJson(ENTRIES, SessionBytes.json(layer)));
        assertTrue(m.contains("java.lang.Runtime"), m);
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutOverflowingTheStack() throws IOException {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        String json = new String(ENTRIES.get("session.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"title\" : \"safety\"", "\"title\" : " + deep);
        assertTrue(
                refused(SessionBytes.withJson(ENTRIES, SessionBytes.utf8(json))).contains("nesting depth"));
    }

    @Test
    void missingKeysWrongTypesAndBadNumbersAreNamedWithTheirPath() throws IOException {
        ObjectNode doc = SessionBytes.tree(ENTRIES);
        ((ObjectNode) doc.at("/runs/1/metrics")).remove("params");
        assertEquals(
                "session.json at runs[1].metrics: missing key 'params'",
                refused(SessionBytes.withJson(ENTRIES, SessionBytes.json(doc))));
        doc = SessionBytes.tree(ENTRIES);
        ((ObjectNode) doc.at("/runs/1")).put("seed", "7");
        assertTrue(refused(SessionBytes.withJson(ENTRIES, SessionBytes.json(doc)))
                .startsWith("session.json at runs[1].seed: "));
        doc = SessionBytes.tree(ENTRIES);
        ((ObjectNode) doc.at("/runs/1/metrics")).put("fineTunedTestAccuracy", 1.5);
        assertEquals(
                "session.json at runs[1].metrics: accuracy must be in [0, 1] or null, got 1.5",
                refused(SessionBytes.withJson(ENTRIES, SessionBytes.json(doc))));
        doc = SessionBytes.tree(ENTRIES);
        ((ObjectNode) doc.at("/runs/1")).put("wallSeconds", -1.0);
        assertEquals(
                "run 'run-2': wallSeconds must be finite and >= 0, got -1.0",
                refused(SessionBytes.withJson(ENTRIES, SessionBytes.json(doc))));
        doc = SessionBytes.tree(ENTRIES);
        ((ObjectNode) doc.at("/runs/1")).put("status", "great");
        assertEquals(
                "run 'run-2': unknown run status 'great'; known: completed, cancelled, diverged, failed",
                refused(SessionBytes.withJson(ENTRIES, SessionBytes.json(doc))));
        doc = SessionBytes.tree(ENTRIES);
        ((ArrayNode) doc.get("runs")).add(doc.get("runs").get(0).deepCopy());
        assertEquals("two runs share the id 'run-1'", refused(SessionBytes.withJson(ENTRIES, SessionBytes.json(doc))));
        doc = SessionBytes.tree(ENTRIES);
        doc.put("selectedRunId", "run-99");
        assertEquals(
                "selectedRunId 'run-99' names no run", refused(SessionBytes.withJson(ENTRIES, SessionBytes.json(doc))));
        String json = new String(ENTRIES.get("session.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"wallSeconds\" : 3.5", "\"wallSeconds\" : NaN");
        assertTrue(
                refused(SessionBytes.withJson(ENTRIES, SessionBytes.utf8(json))).contains("NaN"));
    }

    @Test
    void aSessionThatCannotBeWrittenFaithfullyIsNotSavedAndTheOldFileIsKept() throws IOException {
        Path f = dir.resolve("keep.rbsession");
        SessionFiles.write(SESSION, f);
        byte[] before = Files.readAllBytes(f);
        // a run whose weights do not fit its network
        Run r = SESSION.run("run-1");
        Map<String, Tensor> w = new LinkedHashMap<>(r.model().weights());
        w.remove("fc3.bias");
        ExperimentSession bad =
                SESSION.withUpdatedRun(r.withModel(new SavedModel(r.model().manifest(), w)));
        SessionFileException e = assertThrows(SessionFileException.class, () -> SessionFiles.write(bad, f));
        assertEquals(f + ": cannot be saved: run 'run-1': weight 'fc3.bias' is missing", e.getMessage());
        // a figure JSON cannot hold, found after the weights were written to the temporary file
        Run nan = new Run(
                "run-9",
                r.kind(),
                r.method(),
                r.label(),
                r.hyperparameters(),
                r.seed(),
                r.data(),
                r.software(),
                r.status(),
                r.statusMessage(),
                r.startedAt(),
                Double.NaN,
                null,
                r.plan(),
                r.metrics(),
                r.events(),
                r.model());
        e = assertThrows(SessionFileException.class, () -> SessionFiles.write(SESSION.withRun(nan), f));
        assertTrue(e.getMessage().startsWith(f + ": cannot be saved: "), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var l = Files.list(dir)) {
            assertEquals(List.of(f), l.toList(), "no temporary file is left");
        }
        // an unwritable target
        Path blocked = Files.createFile(dir.resolve("plain-file")).resolve("x.rbsession");
        e = assertThrows(SessionFileException.class, () -> SessionFiles.write(SESSION, blocked));
        assertTrue(e.getMessage().startsWith(blocked + ": cannot be saved ("), e.getMessage());
    }

    @Test
    void savingKeepsTheFilesPermissions() throws IOException {
        Path f = dir.resolve("p.rbsession");
        SessionFiles.write(SESSION, f);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        SessionFiles.write(SESSION.withTitle("again"), f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
}
