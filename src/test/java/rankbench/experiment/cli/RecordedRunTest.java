package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.methods.MethodRun;
import rankbench.experiment.methods.RunRecorder;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.SessionFiles;
import rankbench.experiment.training.CancellationToken;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingConfig;

/** The shared ending of {@code finetune} and {@code learn}: a run that throws says so everywhere. */
@Tag("engine")
class RecordedRunTest {

    @Test
    void aRunThatThrowsIsPrintedAndKeptAsFailedAndWritesNoModel(@TempDir Path dir) throws Exception {
        SavedModel base = TestModels.random(Architecture.RESNET20, 3);
        RunRecorder recorder = new RunRecorder(base, null);
        TrainingConfig config = TrainingConfig.builder().setEpochs(2).optSeed(5).build();
        MethodRun run = new MethodRun(base, null, null, config, null, null, null, recorder, new CancellationToken());
        SessionOptions session = new SessionOptions();
        session.file = dir.resolve("s.rbsession");
        Path result = dir.resolve("result.rbm");
        DatasetRef data = new DatasetRef("fashion-mnist", "fashion-mnist", "bundled subset", 1900, 100, 1000, 0.05, 0);
        StringWriter printed = new StringWriter();
        RecordedRun recorded = new RecordedRun(
                new PrintWriter(printed, true),
                true,
                RunKind.RANK_LEARNING,
                "svd-train",
                run,
                recorder,
                null,
                data,
                "2026-12-01T17:00:00Z",
                System.nanoTime(),
                session,
                base,
                "base.rbm",
                null,
                result);
        IllegalStateException boom = new IllegalStateException("rank 13 outside 0..9");

        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> recorded.finish(
                        () -> {
                            throw boom;
                        },
                        null,
                        "after rank learning"));

        assertSame(boom, thrown, "the error itself reaches the command line");
        assertTrue(printed.toString().contains("\"failed\""), printed.toString());
        assertFalse(Files.exists(result), "no model without a result");
        Run kept = SessionFiles.read(session.file).runs().get(0);
        assertEquals(RunStatus.FAILED, kept.status());
        assertEquals("rank 13 outside 0..9", kept.statusMessage());
        assertEquals(RunKind.RANK_LEARNING, kept.kind());
        assertEquals("svd-train", kept.method());
    }
}
