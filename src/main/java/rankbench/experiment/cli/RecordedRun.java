package rankbench.experiment.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import rankbench.experiment.methods.MethodResult;
import rankbench.experiment.methods.MethodRun;
import rankbench.experiment.methods.RunRecorder;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.RunKind;

/**
 * How a command that trains through a {@link MethodRun} ends, the same for {@code finetune} and
 * {@code learn}: a run that throws is printed as failed, kept in the session as a failed run, and rethrown;
 * the model is written only if the run has a result; the run goes into the session whatever its status;
 * the result is printed; the exit code is the run status's.
 *
 * @param out where the result is printed
 * @param json whether it is printed as JSON
 * @param kind the kind of session run
 * @param method the method or rule id, as the run's method name
 * @param run the method run (its cancellation token stops the work on an interrupt)
 * @param recorder the recorder of the run's events
 * @param parameters the settings the failed run records
 * @param data the dataset reference of the run
 * @param startedAt when the run started (ISO-8601)
 * @param startNanos {@link System#nanoTime()} when the run started
 * @param session the session option of the command
 * @param base the model the run started from
 * @param baseName how the command names that model
 * @param latencyBatch the batch the run's latency was measured at (null: not measured)
 * @param result where the resulting model is written
 */
record RecordedRun(
        PrintWriter out,
        boolean json,
        RunKind kind,
        String method,
        MethodRun run,
        RunRecorder recorder,
        Object parameters,
        DatasetRef data,
        String startedAt,
        long startNanos,
        SessionOptions session,
        SavedModel base,
        String baseName,
        Integer latencyBatch,
        Path result) {

    /** The session id of the run a command records. */
    static final String RUN_ID = "run-1";

    /**
     * Runs {@code work}, records and writes its result, prints it with {@code context} ({@code learnedLabel}
     * names the figures before fine-tuning) and returns the exit code.
     */
    int finish(Callable<MethodResult> work, RunOutput.Context context, String learnedLabel) throws Exception {
        MethodResult r;
        try {
            r = CommonOptions.cancelOnInterrupt(run.cancel(), work);
        } catch (Exception | Error e) {
            RunOutput.failed(out, json, method, e);
            session.appendFailed( // a failed run says so in the session too
                    () -> recorder.failedRun(
                            RUN_ID,
                            kind,
                            method,
                            run,
                            parameters,
                            data,
                            startedAt,
                            (System.nanoTime() - startNanos) / 1e9,
                            Cli.oneLine(e)),
                    base,
                    baseName,
                    data,
                    e);
            throw e;
        }
        if (r.status().hasResult()) {
            ModelFiles.write(r.model(), result);
        }
        if (session.enabled()) { // the run is kept whatever its status
            session.append(recorder.toRun(RUN_ID, r, run, data, startedAt, latencyBatch, kind), base, baseName, data);
        }
        RunOutput.print(out, json, r, context, learnedLabel);
        out.flush();
        return r.status().exitCode();
    }
}
