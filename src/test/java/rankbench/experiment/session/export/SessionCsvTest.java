package rankbench.experiment.session.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;

class SessionCsvTest {

    @TempDir
    Path dir;

    static List<Map<String, String>> parse(String csv) throws Exception {
        CsvMapper m = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = m.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(csv)) {
            return it.readAll();
        }
    }

    static List<String> header(String csv) {
        return List.of(csv.substring(0, csv.indexOf('\r')).split(","));
    }

    @Test
    void runsTableHasOneRowPerRunAndNamedAccuracyColumns() throws Exception {
        ExperimentSession s = TestSessions.mixed("csv");
        String csv = SessionCsv.runs(s);
        List<Map<String, String>> rows = parse(csv);
        assertEquals(5, rows.size());
        List<String> h = header(csv);
        assertEquals(SessionCsv.RUN_COLUMNS, h.subList(0, SessionCsv.RUN_COLUMNS.size()));
        assertEquals(
                List.of("hp.rule", "hp.energy", "hp.learningRate", "hp.epochs"),
                h.subList(SessionCsv.RUN_COLUMNS.size(), h.size()));
        Map<String, String> r2 = rows.get(1);
        assertEquals("run-2", r2.get("id"));
        assertEquals("rank-learning", r2.get("kind"));
        assertEquals("0.85", r2.get("validationAccuracyCompressOnly"));
        assertEquals("0.92", r2.get("validationAccuracyFineTuned"));
        assertEquals("0.84", r2.get("testAccuracyCompressOnly"));
        assertEquals("", r2.get("testAccuracyFineTuned"));
        assertEquals("0.01", r2.get("hp.learningRate"));
        assertEquals("", r2.get("hp.rule")); // run-2 has no rule
        assertEquals(30_818_304 / 15_000_000.0, Double.parseDouble(r2.get("macsReduction")), 1e-12);
        assertEquals("diverged", rows.get(2).get("status"));
        assertEquals("loss was NaN at step 12", rows.get(2).get("statusMessage"));
        assertEquals("failed", rows.get(4).get("status"));
    }

    @Test
    void hostileTextSurvivesTheRoundTrip() throws Exception {
        ExperimentSession s = TestSessions.mixed("x");
        var r = s.runs().get(0);
        String label = "a, \"quoted\"\nlabel";
        var hostile = new Run(
                r.id(),
                r.kind(),
                r.method(),
                label,
                r.hyperparameters(),
                r.seed(),
                r.data(),
                r.software(),
                r.status(),
                r.statusMessage(),
                r.startedAt(),
                r.wallSeconds(),
                null,
                r.plan(),
                r.metrics(),
                r.events(),
                null);
        List<Map<String, String>> rows = parse(SessionCsv.runs(List.of(hostile)));
        assertEquals(1, rows.size());
        assertEquals(label, rows.get(0).get("label"));
    }

    @Test
    void eventsTableHasOneRowPerEventAndRanksPerLayer() throws Exception {
        ExperimentSession s = TestSessions.mixed("csv");
        String csv = SessionCsv.events(s);
        List<Map<String, String>> rows = parse(csv);
        assertEquals(3, rows.size());
        List<String> h = header(csv);
        assertEquals(List.of("runId", "kind", "step", "epoch", "note"), h.subList(0, 5));
        assertTrue(h.contains("rank.layer2.0.conv1") && h.contains("rank.layer3.0.conv2"), h.toString());
        Map<String, String> ranks = rows.get(1);
        assertEquals("run-2", ranks.get("runId"));
        assertEquals("ranks", ranks.get("kind"));
        assertEquals("12", ranks.get("rank.layer2.0.conv1"));
        assertEquals("16x12", ranks.get("rank.layer3.0.conv2"));
        assertEquals("", rows.get(0).get("rank.layer2.0.conv1"));
        assertEquals("1.5", rows.get(0).get("loss"));
        assertEquals("20000000", ranks.get("macs"), "counts without an exponent");
    }

    @Test
    void planListsEveryCompressibleLayer() throws Exception {
        ExperimentSession s = TestSessions.mixed("csv");
        List<Map<String, String>> rows = parse(SessionCsv.plan(s, s.run("run-1")));
        assertEquals(20, rows.size()); // ResNet-20: 19 convs and the linear layer
        Map<String, String> l = rows.stream()
                .filter(x -> x.get("layer").equals("layer1.0.conv1"))
                .findFirst()
                .orElseThrow();
        assertEquals("channel", l.get("scheme"));
        assertEquals("8", l.get("rank"));
        assertEquals("false", l.get("keptDense"));
        assertEquals("16x16x3x3", l.get("weightShape"));
        Map<String, String> t = rows.stream()
                .filter(x -> x.get("layer").equals("layer3.0.conv2"))
                .findFirst()
                .orElseThrow();
        assertEquals("tucker2", t.get("scheme"));
        assertEquals(List.of("", "16", "12"), List.of(t.get("rank"), t.get("outRank"), t.get("inRank")));
        Map<String, String> d = rows.get(0);
        assertEquals("conv1", d.get("layer"));
        assertEquals("true", d.get("keptDense"));
        assertEquals(d.get("denseMacs"), d.get("macs"));
        assertTrue(Long.parseLong(l.get("macs")) < Long.parseLong(l.get("denseMacs")));
    }

    @Test
    void writeRunWritesRowEventsAndPlanNextToEachOther() throws Exception {
        ExperimentSession s = TestSessions.mixed("csv");
        List<Path> files = SessionCsv.writeRun(s, "run-2", dir.resolve("run-2.csv"));
        assertEquals(
                List.of(dir.resolve("run-2.csv"), dir.resolve("run-2-events.csv"), dir.resolve("run-2-plan.csv")),
                files);
        assertEquals(1, parse(Files.readString(files.get(0))).size());
        assertEquals(3, parse(Files.readString(files.get(1))).size());
        assertEquals(20, parse(Files.readString(files.get(2))).size());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> SessionCsv.writeRun(s, "run-9", dir.resolve("x.csv")));
        assertTrue(e.getMessage().contains("no run 'run-9'"), e.getMessage());
    }

    @Test
    void anEmptySessionStillHasAHeader() throws Exception {
        ExperimentSession s = ExperimentSession.start("empty", "m", TestSessions.base(), TestSessions.DATA);
        List<Path> files = SessionCsv.writeSession(s, dir.resolve("runs.csv"));
        assertEquals(new ArrayList<>(SessionCsv.RUN_COLUMNS), header(Files.readString(files.get(0))));
        assertEquals(List.of("runId", "kind", "step", "epoch", "note"), header(Files.readString(files.get(1))));
    }
}
