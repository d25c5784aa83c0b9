package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.SessionFiles;
import rankbench.experiment.session.export.TestSessions;
import rankbench.experiment.training.RunStatus;

@Tag("engine")
class SessionCommandsTest {

    @TempDir
    static Path dir;

    static SavedModel base;
    static Path baseFile;
    static Path mixedFile;

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void writeFiles() throws Exception {
        base = TestModels.random(Architecture.RESNET20, 42);
        baseFile = dir.resolve("base.rbm");
        ModelFiles.write(base, baseFile);
        mixedFile = dir.resolve("mixed.rbsession");
        SessionFiles.write(TestSessions.mixed("mixed", base, base), mixedFile);
    }

    @Test
    void infoJsonListsEveryRunWithItsStatus() throws Exception {
        Result r = run("session", "info", mixedFile.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals("mixed", j.get("title").asText());
        assertEquals(3000, j.get("dataset").get("validationImages").asInt());
        assertEquals(1, j.get("software").size());
        JsonNode runs = j.get("runs");
        assertEquals(5, runs.size());
        assertEquals("completed", runs.get(0).get("status").asText());
        assertEquals("compress", runs.get(0).get("kind").asText());
        assertEquals(0.91, runs.get(0).get("validationAccuracy").asDouble());
        assertEquals(0.905, runs.get(0).get("testAccuracy").asDouble());
        assertEquals("energy", runs.get(0).get("hyperparameters").get("rule").asText());
        assertEquals(0.92, runs.get(1).get("validationAccuracy").asDouble(), "fine-tuned beats compress-only");
        JsonNode diverged = runs.get(2);
        assertEquals("diverged", diverged.get("status").asText());
        assertEquals("loss was NaN at step 12", diverged.get("statusMessage").asText());
        assertTrue(diverged.get("validationAccuracy").isNull(), "a diverged run has no result accuracy");
        assertEquals(10_000_000, diverged.get("macs").asLong());
        assertEquals("cancelled", runs.get(3).get("status").asText());
        assertEquals("failed", runs.get(4).get("status").asText());
        assertTrue(runs.get(4).get("latencyMs").isNull());
        for (String key : new String[] {
            "id",
            "kind",
            "method",
            "label",
            "status",
            "statusMessage",
            "macs",
            "params",
            "validationAccuracy",
            "testAccuracy",
            "latencyMs",
            "wallSeconds",
            "hyperparameters"
        }) {
            assertTrue(runs.get(0).has(key), key);
        }
    }

    @Test
    void infoTextIsATable() {
        Result r = run("session", "info", mixedFile.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3 + 5, lines.length, r.out()); // title, data, header, five runs
        assertTrue(lines[5].contains("run-3") && lines[5].contains("diverged"), lines[5]);
        assertTrue(lines[5].contains("[loss was NaN at step 12]"), lines[5]);
    }

    @Test
    void unknownRunIsOneLineError() {
        Result r = run(
                "session",
                "export",
                mixedFile.toString(),
                "--run",
                "run-42",
                "--format",
                "csv",
                "--out",
                dir.resolve("x.csv").toString());
        assertNotEquals(0, r.code());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().contains("no run 'run-42'") && r.err().contains("run-1, run-2"), r.err());
        assertFalse(Files.exists(dir.resolve("x.csv")));
        for (String[] args : new String[][] {
            {"session"},
            {"session", "info"},
            {"session", "export", mixedFile.toString(), "--format", "pdf", "--out", "x"},
            {"session", "info", dir.resolve("missing.rbsession").toString()}
        }) {
            Result e = run(args);
            assertNotEquals(0, e.code(), String.join(" ", args));
            assertEquals(1, e.err().strip().split("\n").length, e.err());
            assertTrue(e.err().startsWith("Error: "), e.err());
        }
    }

    @Test
    void divergedRunsModelNeedsForce() throws Exception {
        Path out = dir.resolve("diverged.rbm");
        Result r = run(
                "session",
                "export",
                mixedFile.toString(),
                "--run",
                "run-3",
                "--format",
                "model",
                "--out",
                out.toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("run-3 diverged") && r.err().contains("--force"), r.err());
        assertFalse(Files.exists(out));
        r = run(
                "session",
                "export",
                mixedFile.toString(),
                "--run",
                "run-3",
                "--format",
                "model",
                "--out",
                out.toString(),
                "--force");
        assertEquals(0, r.code(), r.err());
        assertEquals(base.weights(), ModelFiles.read(out).weights());
        r = run(
                "session",
                "export",
                mixedFile.toString(),
                "--run",
                "run-5",
                "--format",
                "model",
                "--out",
                out.toString(),
                "--force");
        assertTrue(r.err().contains("run-5 has no model"), r.err());
    }

    @Test
    void wholeSessionExportsAsHtmlAndCsv() throws Exception {
        Path html = dir.resolve("report.html");
        Result r = run("session", "export", mixedFile.toString(), "--format", "html", "--out", html.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(html).contains("<svg"));
        Path csv = dir.resolve("runs.csv");
        r = run("session", "export", mixedFile.toString(), "--format", "csv", "--out", csv.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.json().get("files").size());
        assertEquals(1 + 5, Files.readString(csv).strip().split("\r\n").length);
        assertTrue(Files.exists(dir.resolve("runs-events.csv")));
        r = run("session", "export", mixedFile.toString(), "--format", "model", "--out", csv.toString());
        assertTrue(r.err().contains("give --run"), r.err());
    }

    @Test
    void everySessionCommandHasHelp() {
        for (String[] args :
                new String[][] {{"session", "--help"}, {"session", "info", "--help"}, {"session", "export", "--help"}
                }) {
            Result r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            assertTrue(r.out().contains("Usage:"), r.out());
        }
        assertTrue(run("compress", "--help").out().contains("--session"));
        assertTrue(run("train", "--help").out().contains("--session"));
        assertTrue(run("learn", "--help").out().contains("--session"));
    }

    @Test
    void compressAppendsRunsAndTheExportedModelHasTheRecordedAccuracy() throws Exception {
        Path session = dir.resolve("compress.rbsession");
        Result a = run(
                "compress",
                "--model",
                baseFile.toString(),
                "--energy",
                "0.8",
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "64",
                "--no-latency",
                "--session",
                session.toString(),
                "--json");
        assertEquals(0, a.code(), a.err());
        assertEquals("run-1", a.json().get("sessionRun").asText());
        assertEquals(a.json().get("accuracy"), a.json().get("testAccuracy"), "the old key is the test accuracy");
        assertFalse(Files.exists(dir.resolve("compress.rbsession.lock")), "nothing left next to the session");
        assertEquals(64, a.json().get("validationImages").asInt());
        Result b = run(
                "compress",
                "--model",
                baseFile.toString(),
                "--ratio",
                "0.5",
                "--scheme",
                "tucker2",
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "64",
                "--no-latency",
                "--session",
                session.toString(),
                "--json");
        assertEquals(0, b.code(), b.err());
        assertEquals("run-2", b.json().get("sessionRun").asText());

        Result info = run("session", "info", session.toString(), "--json");
        assertEquals(0, info.code(), info.err());
        JsonNode runs = info.json().get("runs");
        assertEquals(2, runs.size());
        assertEquals("compress", runs.get(0).get("kind").asText());
        assertEquals("energy", runs.get(0).get("method").asText());
        assertEquals("0.8", runs.get(0).get("hyperparameters").get("energy").asText());
        assertEquals("ratio", runs.get(1).get("method").asText());
        assertEquals("tucker2", runs.get(1).get("hyperparameters").get("scheme").asText());
        assertEquals(a.json().get("macs").asLong(), runs.get(0).get("macs").asLong());
        assertEquals(
                a.json().get("validationAccuracy").asDouble(),
                runs.get(0).get("validationAccuracy").asDouble());
        assertEquals(
                a.json().get("testAccuracy").asDouble(),
                runs.get(0).get("testAccuracy").asDouble());
        assertEquals("compress", info.json().get("title").asText());

        Path model = dir.resolve("run-2.rbm");
        Result e = run(
                "session",
                "export",
                session.toString(),
                "--run",
                "run-2",
                "--format",
                "model",
                "--out",
                model.toString());
        assertEquals(0, e.code(), e.err());
        Result ev = run(
                "evaluate",
                "--model",
                model.toString(),
                "--split",
                "validation",
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "64",
                "--json");
        assertEquals(0, ev.code(), ev.err());
        assertEquals(64, ev.json().get("count").asInt());
        assertEquals(
                runs.get(1).get("validationAccuracy").asDouble(),
                ev.json().get("accuracy").asDouble(),
                "the exported model's accuracy on the same validation images is the recorded compress-only accuracy");
        assertEquals(
                runs.get(1).get("macs").asLong(),
                run("info", "--model", model.toString(), "--json")
                        .json()
                        .get("macs")
                        .asLong());
    }

    @Test
    void aSessionRefusesRunsOfAnotherBaseModel() throws Exception {
        Path session = dir.resolve("other.rbsession");
        ExperimentSession s = ExperimentSession.start("other", "base.rbm", base, TestSessions.DATA);
        SessionFiles.write(s, session);
        Path other = dir.resolve("other.rbm");
        ModelFiles.write(TestModels.random(Architecture.RESNET20, 7), other);
        Result r = run(
                "compress",
                "--model",
                other.toString(),
                "--energy",
                "0.8",
                "--no-eval",
                "--no-latency",
                "--session",
                session.toString());
        assertNotEquals(0, r.code());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().contains("base model"), r.err());
        assertEquals(0, SessionFiles.read(session).runs().size(), "the session is unchanged");
        Path learned = dir.resolve("other-learned.rbm");
        r = run(
                "learn",
                "--method",
                "trp",
                "--epochs",
                "1",
                "--max-batches",
                "2",
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "64",
                "--no-latency",
                "--model",
                other.toString(),
                "--out",
                learned.toString(),
                "--session",
                session.toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("base model"), r.err());
        assertFalse(Files.exists(learned), "refused before training, not after");
    }

    @Test
    void trainAndLearnAppendTheirRuns() throws Exception {
        Path session = dir.resolve("train-learn.rbsession");
        Path lenet = dir.resolve("lenet.rbm");
        Result t = run(
                "train",
                "--arch",
                "lenet5",
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "200",
                "--epochs",
                "1",
                "--batch",
                "32",
                "--lr",
                "0.05",
                "--out",
                lenet.toString(),
                "--session",
                session.toString(),
                "--json");
        assertEquals(0, t.code(), t.err());
        ExperimentSession s = SessionFiles.read(session);
        assertEquals(1, s.runs().size());
        var train = s.runs().get(0);
        assertEquals(RunKind.TRAIN, train.kind());
        assertEquals("completed", train.status().id());
        assertEquals(
                ModelFiles.read(lenet).weights(), s.baseModel().weights(), "a new session's base is the trained model");
        assertEquals(10, train.metrics().validationImages()); // 5 % of 200
        assertTrue(train.events().stream().anyMatch(e -> e.kind().equals("epoch")));
        assertEquals("1", train.hyperparameters().get("epochs"));

        Path out = dir.resolve("learned.rbm");
        Result l = run(
                "learn",
                "--method",
                "svd-train",
                "--epochs",
                "1",
                "--max-batches",
                "2",
                "--batch",
                "16",
                "--finetune-epochs",
                "0",
                "--data",
                "fashion-mnist-subset",
                "--limit",
                "64",
                "--no-latency",
                "--model",
                lenet.toString(),
                "--out",
                out.toString(),
                "--session",
                session.toString(),
                "--json");
        assertEquals(0, l.code(), l.err());
        s = SessionFiles.read(session);
        assertEquals(2, s.runs().size());
        var learn = s.runs().get(1);
        assertEquals("run-2", learn.id());
        assertEquals(RunKind.RANK_LEARNING, learn.kind());
        assertEquals("svd-train", learn.method());
        assertFalse(learn.events().isEmpty());
        assertEquals(ModelFiles.read(out).weights(), learn.model().weights());
    }

    @Test
    void concurrentAppendsKeepEveryRun() throws Exception {
        Path session = dir.resolve("concurrent.rbsession");
        SessionOptions opts = new SessionOptions();
        opts.file = session;
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Run>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                var r = TestSessions.run(
                        "run-1",
                        RunKind.COMPRESS,
                        "energy",
                        RunStatus.COMPLETED,
                        20_000_000 + i,
                        0.9,
                        null,
                        null,
                        RankPlan.empty(),
                        Map.of(),
                        List.of());
                fs.add(pool.submit(() -> opts.append(r, base, "base.rbm", TestSessions.DATA)));
            }
            Set<String> ids = new HashSet<>();
            for (var f : fs) {
                ids.add(f.get().id());
            }
            assertEquals(n, ids.size(), "every append got its own id");
        } finally {
            pool.shutdown();
        }
        assertEquals(n, SessionFiles.read(session).runs().size());
    }
}
