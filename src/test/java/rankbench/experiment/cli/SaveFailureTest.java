package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.PyTorchExport;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.SessionFileException;
import rankbench.experiment.session.SessionFiles;
import rankbench.experiment.session.export.SessionCsv;
import rankbench.experiment.session.export.SessionReport;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.ModelTrainer;
import rankbench.experiment.training.TrainingConfig;

/**
 * Saves that fail for real: a file where a directory should be, a directory at the target, a read-only
 * file system and a full one (small tmpfs mounts; skipped where mounting is not permitted). Every save
 * (model, session, rank plan, checkpoint, HTML and CSV report, PyTorch export) must fail with an error
 * naming the file and leave the previous file byte for byte, with no temporary file behind.
 */
@Tag("engine")
class SaveFailureTest {

    @TempDir
    Path dir;

    /** One save: what it writes and where. */
    private record Save(String what, Path file, IoAction action) {}

    @FunctionalInterface
    private interface IoAction {
        void run() throws Exception;
    }

    private static final SavedModel SMALL = TestModels.random(Architecture.LENET5, 1);
    private static final SavedModel OTHER = TestModels.random(Architecture.LENET5, 2);

    private static ExperimentSession session(SavedModel m) {
        return ExperimentSession.start(
                "save test",
                "lenet5",
                m,
                new DatasetRef("fashion-mnist", "Fashion-MNIST", "bundled subset", 100, 10, 50, 0.1, 0));
    }

    /** Every kind of save RankBench does, each to a file in {@code where}. */
    private static List<Save> saves(Path where) {
        ExperimentSession s = session(OTHER);
        RankPlan plan = RankPlan.empty().with("conv1", LayerPlan.of(Scheme.CHANNEL, 2));
        TrainingConfig tc = TrainingConfig.builder()
                .setEpochs(1)
                .optBatchSize(16)
                .optMaxBatchesPerEpoch(2)
                .build();
        List<Save> l = new ArrayList<>();
        l.add(new Save("model", where.resolve("m.rbm"), () -> ModelFiles.write(OTHER, where.resolve("m.rbm"))));
        l.add(new Save(
                "session", where.resolve("s.rbsession"), () -> SessionFiles.write(s, where.resolve("s.rbsession"))));
        l.add(new Save("plan", where.resolve("p.json"), () -> plan.write(where.resolve("p.json"))));
        l.add(new Save("html report", where.resolve("r.html"), () -> SessionReport.write(s, where.resolve("r.html"))));
        l.add(new Save("csv export", where.resolve("r.csv"), () -> SessionCsv.writeSession(s, where.resolve("r.csv"))));
        l.add(new Save(
                "checkpoint",
                where.resolve("ckpt.rbm"),
                () -> ModelTrainer.train(
                        Architecture.LENET5,
                        Datasets.bundledFashionMnistSubset(),
                        0.1,
                        tc,
                        null,
                        new CancellationToken(),
                        where.resolve("ckpt.rbm"),
                        "test")));
        l.add(new Save(
                "pytorch export",
                where.resolve("torch").resolve(PyTorchExport.WEIGHTS_FILE),
                () -> PyTorchExport.write(OTHER, where.resolve("torch"))));
        return l;
    }

    /** Writes a small previous version of every save's file and returns their bytes. */
    private static Map<Path, byte[]> previous(List<Save> saves) throws IOException {
        Map<Path, byte[]> old = new LinkedHashMap<>();
        for (Save s : saves) {
            Files.createDirectories(s.file().getParent());
            byte[] b = ("previous " + s.what()).getBytes(StandardCharsets.UTF_8);
            Files.write(s.file(), b);
            old.put(s.file(), b);
        }
        return old;
    }

    private static void assertEachFailsAndKeepsThePreviousFile(List<Save> saves, Map<Path, byte[]> old)
            throws IOException {
        for (Save s : saves) {
            Throwable e = assertThrows(Throwable.class, s.action()::run, s.what() + " did not fail");
            assertTrue(
                    e instanceof IOException || e instanceof SessionFileException || e instanceof UncheckedIOException,
                    s.what() + ": " + e);
            String m = e.getMessage();
            assertTrue(
                    m != null
                            && !m.contains("\n")
                            && m.contains(s.file().getParent().toString()),
                    s.what() + ": the message does not name the file: " + m);
            assertArrayEquals(
                    old.get(s.file()), Files.readAllBytes(s.file()), s.what() + ": the previous file changed");
        }
        for (Save s : saves) {
            try (Stream<Path> files = Files.list(s.file().getParent())) {
                List<String> left = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".tmp"))
                        .toList();
                assertEquals(List.of(), left, "temporary files left behind");
            }
        }
    }

    @Test
    void aFileWhereTheFolderShouldBeIsAClearError() throws IOException {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file, not a folder");
        for (Save s : saves(blocker.resolve("sub"))) {
            Throwable e = assertThrows(Throwable.class, s.action()::run, s.what());
            assertTrue(e.getMessage() != null && e.getMessage().contains(blocker.toString()), s.what() + ": " + e);
            assertEquals("a file, not a folder", Files.readString(blocker));
        }
    }

    @Test
    void aFolderAtTheTargetIsNotReplaced() throws IOException {
        Path target = dir.resolve("m.rbm");
        Files.createDirectories(target.resolve("inside"));
        IOException e = assertThrows(IOException.class, () -> ModelFiles.write(SMALL, target));
        assertTrue(e.getMessage().startsWith(target + ": cannot be saved"), e.getMessage());
        assertTrue(Files.isDirectory(target.resolve("inside")));
        SessionFileException s =
                assertThrows(SessionFileException.class, () -> SessionFiles.write(session(SMALL), target));
        assertTrue(s.getMessage().contains(target.toString()), s.getMessage());
    }

    @Test
    void aFullDiskKeepsThePreviousFiles() throws Exception {
        Path mnt = mount("size=2m");
        try {
            List<Save> saves = saves(mnt);
            Map<Path, byte[]> old = previous(saves);
            fill(mnt.resolve("filler"));
            assertEachFailsAndKeepsThePreviousFile(saves, old);
            Files.delete(mnt.resolve("filler"));
            ModelFiles.write(SMALL, mnt.resolve("m.rbm")); // with space again, the same save works
            assertEquals(SMALL.weights(), ModelFiles.read(mnt.resolve("m.rbm")).weights());
        } finally {
            unmount(mnt);
        }
    }

    @Test
    void aReadOnlyFileSystemKeepsThePreviousFiles() throws Exception {
        Path mnt = mount("size=4m");
        try {
            List<Save> saves = saves(mnt);
            Map<Path, byte[]> old = previous(saves);
            run("mount", "-o", "remount,ro", mnt.toString());
            assertFalse(Files.isWritable(mnt.resolve("m.rbm")) && canWrite(mnt), "the mount is still writable");
            assertEachFailsAndKeepsThePreviousFile(saves, old);
        } finally {
            unmount(mnt);
        }
    }

    private static boolean canWrite(Path mnt) {
        try {
            Files.writeString(mnt.resolve("probe"), "x");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path mount(String options) throws Exception {
        Path mnt = dir.resolve("mnt");
        Files.createDirectories(mnt);
        boolean ok;
        try {
            ok = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", mnt.toString()) == 0;
        } catch (IOException e) {
            ok = false;
        }
        Assumptions.assumeTrue(ok, "mounting a tmpfs is not permitted here");
        return mnt;
    }

    private static void unmount(Path mnt) throws Exception {
        run("umount", mnt.toString());
    }

    /** Writes zeros until the file system is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // No space left on device: what this test wants
        }
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
