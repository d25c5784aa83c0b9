package rankbench.experiment.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rankbench.experiment.session.SessionFixtures.assertSameSession;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.RunStatus;

class SessionFilesTest {

    @TempDir
    Path dir;

    @Test
    void saveThenOpenGivesTheSameSession() throws IOException {
        ExperimentSession s = SessionFixtures.session("round trip");
        Path f = dir.resolve("a" + SessionFiles.EXTENSION);
        SessionFiles.write(s, f);
        ExperimentSession back = SessionFiles.read(f);
        assertSameSession(s, back);
    }

    @Test
    void theEmbeddedResNet20RoundTrips() throws IOException {
        // residual blocks, option-A shortcuts, batch norms: every layer type of the zoo's CIFAR ResNets
        SavedModel resnet = ModelFiles.readDefault();
        ExperimentSession s = ExperimentSession.start(
                        "resnet", "embedded default model", resnet, SessionFixtures.dataset())
                .withRun(SessionFixtures.run("run-1", RunKind.FINE_TUNE, RunStatus.COMPLETED, resnet, null, false));
        Path f = dir.resolve("r.rbsession");
        SessionFiles.write(s, f);
        ExperimentSession back = SessionFiles.read(f);
        assertSameSession(s, back);
        try (ZipFile z = new ZipFile(f.toFile())) {
            assertEquals(2, z.size(), "the run's unchanged model shares the base model's blob");
        }
    }

    @Test
    void statusesPlansAndNullFiguresComeBackAsSaved() throws IOException {
        ExperimentSession s = SessionFixtures.session("statuses");
        Path f = dir.resolve("s.rbsession");
        SessionFiles.write(s, f);
        ExperimentSession back = SessionFiles.read(f);
        List<RunStatus> statuses = back.runs().stream().map(Run::status).toList();
        assertEquals(
                List.of(
                        RunStatus.COMPLETED,
                        RunStatus.CANCELLED,
                        RunStatus.DIVERGED,
                        RunStatus.FAILED,
                        RunStatus.COMPLETED),
                statuses);
        Run diverged = back.run("run-3");
        assertFalse(diverged.hasResult());
        assertEquals("loss became NaN at step 17", diverged.statusMessage());
        assertEquals(LayerPlan.tucker2(4, 3), back.run("run-1").plan().get("conv2"));
        assertEquals(LayerPlan.tucker2(4, 3), back.currentPlan().get("conv2"));
        RunMetrics m = back.run("run-1").metrics();
        assertNull(m.fineTunedValidationAccuracy());
        assertNull(m.testAccuracy());
        assertEquals(0.5, m.compressOnlyValidationAccuracy());
        assertEquals(0.8399, back.run("run-2").metrics().fineTunedTestAccuracy());
        assertNull(back.run("run-4").model());
        assertEquals("run-1", back.run("run-2").parentId());
    }

    @Test
    void sharedWeightsAreStoredOnce() throws IOException {
        ExperimentSession s = SessionFixtures.session("dedup");
        Path f = dir.resolve("d.rbsession");
        SessionFiles.write(s, f);
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(f.toFile())) {
            z.stream().forEach(e -> names.add(e.getName()));
        }
        // base (shared with run-5), run-1 and run-2 (equal weights in distinct objects), run-3; run-4 has none
        assertEquals(4, names.size(), names.toString());
        assertTrue(names.contains("session.json"));
        assertEquals(3, names.stream().filter(n -> n.startsWith("weights/")).count());
        ExperimentSession back = SessionFiles.read(f);
        assertTrue(
                back.run("run-1").model().weights().get("conv2.1.weight")
                        == back.run("run-2").model().weights().get("conv2.1.weight"),
                "one blob, one copy in memory");
    }

    @Test
    void theSameSessionGivesTheSameBytesAndReadsFromAStream() throws IOException {
        ExperimentSession s = SessionFixtures.session("bytes");
        byte[] a = SessionBytes.bytes(s);
        assertArrayEquals(a, SessionBytes.bytes(s));
        assertSameSession(s, SessionFiles.read(new ByteArrayInputStream(a), "pasted session"));
        SessionFileException e = assertThrows(
                SessionFileException.class,
                () -> SessionFiles.read(new ByteArrayInputStream(new byte[10]), "pasted session"));
        assertEquals("pasted session: not a RankBench session file (not a zip archive)", e.getMessage());
    }

    @Test
    void savingTwiceReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("t.rbsession");
        SessionFiles.write(SessionFixtures.session("first"), f);
        SessionFiles.write(SessionFixtures.session("second"), f);
        assertEquals("second", SessionFiles.read(f).title());
        try (var l = Files.list(dir)) {
            assertEquals(List.of(f), l.toList());
        }
    }
}
