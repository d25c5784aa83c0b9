package rankbench.experiment.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rankbench.experiment.training.RunStatus;

class SessionFormatVersionTest {

    @TempDir
    Path dir;

    private static final ExperimentSession SESSION = SessionFixtures.session("versions");
    private static final LinkedHashMap<String, byte[]> ENTRIES = SessionBytes.entries(SessionBytes.bytes(SESSION));

    private Path file(byte[] b) throws IOException {
        Path f = dir.resolve("v.rbsession");
        Files.write(f, b);
        return f;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 7, Integer.MAX_VALUE})
    void aNewerFormatIsRefusedNamingBothVersions(int version) throws IOException {
        ObjectNode doc = SessionBytes.tree(ENTRIES);
        doc.put("formatVersion", version);
        doc.put("somethingNew", true); // a newer file may have anything; the version is checked first
        Path f = file(SessionBytes.withJson(ENTRIES, SessionBytes.json(doc)));
        SessionFileException e = assertThrows(SessionFileException.class, () -> SessionFiles.read(f));
        assertEquals(
                f + ": written by a newer RankBench (format " + version + "); this build reads up to "
                        + SessionFiles.FORMAT_VERSION,
                e.getMessage());
    }

    @Test
    void anUnknownOlderOrMalformedVersionIsRefused() throws IOException {
        for (String v : new String[] {"-1", "1.5", "\"1\"", "null", "[1]", "99999999999"}) {
            String json = new String(ENTRIES.get("session.json"), StandardCharsets.UTF_8)
                    .replaceFirst("\"formatVersion\" : " + SessionFiles.FORMAT_VERSION, "\"formatVersion\" : " + v);
            Path f = file(SessionBytes.withJson(ENTRIES, SessionBytes.utf8(json)));
            SessionFileException e = assertThrows(SessionFileException.class, () -> SessionFiles.read(f), v);
            assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("version") || e.getMessage().contains("formatVersion"), e.getMessage());
        }
    }

    @Test
    void anotherKindOfJsonIsNotTakenForASession() throws IOException {
        ObjectNode doc = SessionBytes.tree(ENTRIES);
        doc.put("format", "something-else");
        Path f = file(SessionBytes.withJson(ENTRIES, SessionBytes.json(doc)));
        SessionFileException e = assertThrows(SessionFileException.class, () -> SessionFiles.read(f));
        assertTrue(e.getMessage().contains("not a RankBench session file"), e.getMessage());
    }

    /**
     * Rewrites a current document into the version-0 layout described in SessionMigrations (the software's
     * {@code engine}, new in version 2, is left in: the step to version 2 only adds it where it is missing).
     */
    private static ObjectNode asVersion0(ObjectNode doc, String runWithoutStatus) {
        doc.put("formatVersion", 0);
        ObjectNode base = (ObjectNode) doc.get("baseModel");
        doc.set("baseModelName", base.remove("name"));
        for (JsonNode r : doc.get("runs")) {
            ObjectNode run = (ObjectNode) r;
            run.put("kind", run.get("kind").asText().toUpperCase(Locale.ROOT).replace('-', '_'));
            run.put("status", run.get("status").asText().toUpperCase(Locale.ROOT));
            run.remove("events");
            if (run.get("id").asText().equals(runWithoutStatus)) {
                run.remove("status");
            }
        }
        return doc;
    }

    @Test
    void versionZeroIsMigrated() throws IOException {
        ObjectNode v0 = asVersion0(SessionBytes.tree(ENTRIES), "run-2");
        Path f = file(SessionBytes.withJson(ENTRIES, SessionBytes.json(v0)));
        ExperimentSession back = SessionFiles.read(f);
        assertEquals(SESSION.baseModelName(), back.baseModelName());
        SessionFixtures.assertSameModel(SESSION.baseModel(), back.baseModel());
        assertEquals(
                List.of(
                        RunStatus.COMPLETED,
                        RunStatus.FAILED,
                        RunStatus.DIVERGED,
                        RunStatus.FAILED,
                        RunStatus.COMPLETED),
                back.runs().stream().map(Run::status).toList());
        Run unknown = back.run("run-2");
        assertTrue(unknown.statusMessage().contains("status not recorded"), unknown.statusMessage());
        assertTrue(!unknown.hasResult(), "a run of unknown outcome is never a result");
        for (int i = 0; i < SESSION.runs().size(); i++) {
            Run was = SESSION.runs().get(i);
            Run now = back.runs().get(i);
            assertEquals(List.of(), now.events(), "format 0 kept no history");
            assertEquals(was.kind(), now.kind());
            assertEquals(was.metrics(), now.metrics());
            assertEquals(was.plan(), now.plan());
            if (!was.id().equals("run-2")) {
                assertEquals(
                        was.withModel(null),
                        new Run(
                                now.id(),
                                now.kind(),
                                now.method(),
                                now.label(),
                                now.hyperparameters(),
                                now.seed(),
                                now.data(),
                                now.software(),
                                now.status(),
                                now.statusMessage(),
                                now.startedAt(),
                                now.wallSeconds(),
                                now.parentId(),
                                now.plan(),
                                now.metrics(),
                                was.events(),
                                null));
            }
        }
        // saving a migrated session writes the current version
        Path again = dir.resolve("again.rbsession");
        SessionFiles.write(back, again);
        String json =
                new String(SessionBytes.entries(Files.readAllBytes(again)).get("session.json"), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"formatVersion\" : " + SessionFiles.FORMAT_VERSION), json.substring(0, 100));
    }

    @Test
    void versionOneIsMigratedWithTheEngineSettingsNotRecorded() throws IOException {
        ObjectNode v1 = SessionBytes.tree(ENTRIES);
        v1.put("formatVersion", 1);
        for (JsonNode r : v1.get("runs")) {
            if (r.get("software") instanceof ObjectNode software) {
                software.remove("engine");
            }
        }
        ExperimentSession back = SessionFiles.read(file(SessionBytes.withJson(ENTRIES, SessionBytes.json(v1))));
        assertEquals(SESSION.runs().size(), back.runs().size());
        for (int i = 0; i < SESSION.runs().size(); i++) {
            SoftwareVersions was = SESSION.runs().get(i).software();
            SoftwareVersions now = back.runs().get(i).software();
            assertTrue(was == null || was.engine() != null, "the fixture records engine settings");
            assertEquals(
                    was == null
                            ? null
                            : new SoftwareVersions(
                                    was.rankbench(), was.java(), was.djl(), was.libtorch(), was.os(), null),
                    now,
                    "format 1 recorded no engine settings; the rest is kept");
            assertEquals(SESSION.runs().get(i).metrics(), back.runs().get(i).metrics());
        }
    }
}
