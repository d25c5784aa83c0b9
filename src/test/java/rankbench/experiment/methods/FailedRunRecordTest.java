package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.SessionFiles;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingEvent;

/**
 * A method that throws is a failed run in the session, not a missing one: two full-data orth-evbmf runs
 * failed and, before this, left nothing in the session file they were to be appended to.
 */
@Tag("engine")
class FailedRunRecordTest {

    @Test
    void aRunThatThrewIsStoredAsFailedWithItsMessageItsHistoryAndNoModel(@TempDir Path dir) throws Exception {
        SavedModel base = TestModels.random(Architecture.RESNET20, 7);
        RunRecorder recorder = new RunRecorder(base, null);
        recorder.onEvent(new TrainingEvent.MethodUpdate("orth-evbmf", 3, "note", "something"));
        TrainingConfig config = TrainingConfig.builder().setEpochs(6).optSeed(4).build();
        MethodRun run = new MethodRun(base, null, null, config, null, null, null, recorder, null);
        Run failed = recorder.failedRun(
                "run-1",
                RunKind.RANK_LEARNING,
                "orth-evbmf",
                run,
                new OrthEvbmfParams(),
                null,
                "2026-12-01T12:00:00Z",
                523.0,
                "rank 13 outside 0..9");
        assertEquals(RunStatus.FAILED, failed.status());
        assertFalse(failed.hasResult());
        ExperimentSession s = ExperimentSession.start("t", "base", base, null).withRun(failed);
        Path f = dir.resolve("s.rbsession");
        SessionFiles.write(s, f);
        Run back = SessionFiles.read(f).runs().get(0);
        assertEquals(RunStatus.FAILED, back.status());
        assertEquals("rank 13 outside 0..9", back.statusMessage());
        assertEquals("6", back.hyperparameters().get("epochs"));
        assertEquals("4", back.hyperparameters().get("expansion"));
        assertEquals(4L, back.seed());
        assertNull(back.model());
        assertEquals(base.manifest().network(), s.baseModel().manifest().network());
    }
}
