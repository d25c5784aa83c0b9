package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;

/** The window's exports without the toolkit: a current-thread executor, real files in a temporary folder. */
class SessionExportsTest {

    @TempDir
    Path dir;

    private final List<String> errors = new ArrayList<>();
    private final List<String> status = new ArrayList<>();
    private SavedModel base;
    private List<Run> runs;
    private SessionViewModel session;
    private SessionExports exports;

    @BeforeEach
    void create() {
        base = TestRuns.lenet(3);
        runs = TestRuns.archive(base);
        DialogService dialogs = new DialogService() {
            @Override
            public void showError(String title, String message) {
                errors.add(title + ": " + message);
            }

            @Override
            public void notify(String message) {}
        };
        session = new SessionViewModel(
                TaskExecutor.currentThread(),
                Runnable::run,
                dialogs,
                WorkbenchViewModel.Storage.none().files(),
                null,
                Scheduler.immediate(),
                0);
        ExperimentSession s = ExperimentSession.start("Exports", "lenet", base, TestRuns.data());
        for (Run r : runs) {
            s = s.withRun(r);
        }
        session.start(s);
        exports = new SessionExports(session, TaskExecutor.currentThread(), Runnable::run, dialogs, status::add);
    }

    private Run run(String id) {
        return session.sessionProperty().get().run(id);
    }

    @Test
    void theReportIsAStandaloneHtmlFileWithItsCharts() throws IOException {
        Path f = dir.resolve("report.html");
        exports.exportReport(f);
        assertTrue(errors.isEmpty(), errors.toString());
        String html = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(html.contains("<svg"), "the charts are inline SVG");
        assertTrue(html.contains("run-7") && html.contains("diverged"), "every run, with its status");
        assertFalse(html.contains("http://") && html.contains("<script src"), "no network");
        assertTrue(status.get(status.size() - 1).startsWith("Exported the session report"), status.toString());
        assertFalse(exports.busyProperty().get());
    }

    @Test
    void runsAsCsvWriteTheRunsTableAndTheirEvents() throws IOException {
        Path f = dir.resolve("runs.csv");
        exports.exportRunsCsv(f);
        assertTrue(errors.isEmpty(), errors.toString());
        List<String> lines = Files.readAllLines(f);
        assertEquals(runs.size() + 1, lines.size(), "a header and one row per run");
        assertTrue(Files.exists(dir.resolve("runs-events.csv")));
    }

    @Test
    void aRunsModelIsWrittenAndReadsBackBitExact() throws IOException {
        Path f = dir.resolve("run-5.rbm");
        exports.exportRunModels(List.of(run("run-5")), f);
        assertTrue(errors.isEmpty(), errors.toString());
        SavedModel back = ModelFiles.read(f);
        SavedModel made = run("run-5").model();
        assertEquals(made.weights().keySet(), back.weights().keySet());
        for (String k : made.weights().keySet()) {
            assertArrayEquals(
                    made.weights().get(k).data(), back.weights().get(k).data(), 0f, k);
        }
    }

    @Test
    void theModelOfADivergedOrFailedRunIsRefusedWithOneMessageAndNothingIsWritten() throws IOException {
        Path f = dir.resolve("diverged.rbm");
        exports.exportRunModels(List.of(run("run-7")), f);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("run-7") && errors.get(0).contains("diverged"), errors.get(0));
        assertFalse(Files.exists(f));

        errors.clear();
        Path folder = Files.createDirectory(dir.resolve("models"));
        exports.exportRunModels(List.of(run("run-1"), run("run-8")), folder);
        assertEquals(1, errors.size(), "one error for the selection");
        assertTrue(errors.get(0).contains("run-8") && errors.get(0).contains("failed"), errors.get(0));
        try (var files = Files.list(folder)) {
            assertEquals(0, files.count(), "nothing written, not even the good run's model");
        }
        assertEquals("", SessionExports.modelRefusal(run("run-6")), "a cancelled run with a model can be exported");
    }

    @Test
    void severalRunsGoToAFolderOneFileSetPerRun() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("csv"));
        exports.exportRunsAsCsv(List.of(run("run-1"), run("run-7")), folder);
        assertTrue(errors.isEmpty(), errors.toString());
        for (String id : List.of("run-1", "run-7")) {
            assertTrue(Files.exists(folder.resolve(id + ".csv")), id);
            assertTrue(Files.exists(folder.resolve(id + "-events.csv")), id);
            assertTrue(Files.exists(folder.resolve(id + "-plan.csv")), id);
        }
        assertTrue(Files.readString(folder.resolve("run-7.csv")).contains("diverged"), "the status is a column");
        Path folder2 = Files.createDirectory(dir.resolve("models"));
        exports.exportRunModels(List.of(run("run-1"), run("run-5")), folder2);
        assertTrue(Files.exists(folder2.resolve("run-1.rbm")) && Files.exists(folder2.resolve("run-5.rbm")));
    }

    @Test
    void aFailedWriteIsOneErrorNamingTheFileAndKeepsWhatWasThere() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("notes.txt"), "mine");
        Path missing = notAFolder.resolve("report.html"); // its "folder" is a file: cannot be written
        exports.exportReport(missing);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains(missing.toString()), errors.get(0));
        assertTrue(status.get(status.size() - 1).contains("failed"), status.toString());
        assertEquals("mine", Files.readString(notAFolder));

        errors.clear();
        Path occupied = Files.createDirectory(dir.resolve("occupied.csv")); // a folder where the file should go
        Files.writeString(occupied.resolve("keep.txt"), "mine");
        exports.exportRunsAsCsv(List.of(run("run-1")), occupied);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("mine", Files.readString(occupied.resolve("keep.txt")));
        assertFalse(exports.busyProperty().get());
    }
}
