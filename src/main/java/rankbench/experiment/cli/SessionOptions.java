package rankbench.experiment.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import picocli.CommandLine.Option;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.DatasetSplits;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.SessionFiles;

/**
 * {@code --session FILE}: appends the command's run to an experiment session file, as a picocli mixin
 * shared by {@code compress}, {@code train} and {@code learn}. The one place the CLI writes sessions:
 * read, add the run, write, under an exclusive lock (a file in the temporary directory named after the
 * session's path) so that two commands appending to the same session at once both keep their run.
 */
final class SessionOptions {

    @Option(
            names = "--session",
            paramLabel = "FILE.rbsession",
            description = "Append this command's run to an experiment session file; the file is created (with "
                    + "this command's base model) if it does not exist, else its base model must be this model.")
    Path file;

    /** Returns true if {@code --session} was given. */
    boolean enabled() {
        return file != null;
    }

    /**
     * Fails early, before a long run, if the session cannot take the run: the file exists but is not a
     * readable session, or (when {@code base} is not null) its base model is another model. Does nothing
     * without {@code --session} or when the file does not exist yet. {@link #append} checks again.
     */
    void precheck(SavedModel base, String baseName) throws IOException {
        if (file == null || !Files.exists(file)) {
            return;
        }
        ExperimentSession s = SessionFiles.read(file);
        if (base != null) {
            requireSameModel(s, base, baseName);
        }
    }

    /**
     * Appends {@code run} to the session, creating the session on {@code base} if the file does not exist.
     * The run gets the session's next free id.
     *
     * @param run the run to append (its id is replaced)
     * @param base the model the run started from
     * @param baseName where that model came from ({@code embedded default model}, a path)
     * @param data the images of the run (the session's dataset if the session has none yet)
     * @return the run as stored
     * @throws IllegalArgumentException if the session's base model is not {@code base}
     */
    Run append(Run run, SavedModel base, String baseName, DatasetRef data) throws IOException {
        return update(run, base, baseName, data, true);
    }

    /**
     * Appends the failed run of a command that threw {@code failure} (if a session is given); a problem
     * storing it is added to {@code failure} as suppressed, so it never hides the error itself.
     */
    void appendFailed(Supplier<Run> run, SavedModel base, String baseName, DatasetRef data, Throwable failure) {
        if (!enabled()) {
            return;
        }
        try {
            append(run.get(), base, baseName, data);
        } catch (Exception | Error stored) {
            failure.addSuppressed(stored);
        }
    }

    /**
     * Appends a training run, which starts from no model: a new session gets the trained model as its base;
     * an existing one keeps its base (no check, since the run is not relative to it).
     */
    Run appendTraining(Run run, SavedModel trained, String name, DatasetRef data) throws IOException {
        return update(run, trained, name, data, false);
    }

    /** File locks are per process; threads of one process queue here first. */
    private static final Object IN_PROCESS = new Object();

    private Run update(Run run, SavedModel base, String baseName, DatasetRef data, boolean checkBase)
            throws IOException {
        synchronized (IN_PROCESS) {
            return updateLocked(run, base, baseName, data, checkBase);
        }
    }

    private Run updateLocked(Run run, SavedModel base, String baseName, DatasetRef data, boolean checkBase)
            throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path lockFile = lockFile(abs);
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            ExperimentSession s;
            if (Files.exists(file)) {
                s = SessionFiles.read(file);
                if (checkBase) {
                    requireSameModel(s, base, baseName);
                }
                if (s.dataset() == null && data != null) {
                    s = s.withDataset(data);
                }
            } else {
                s = ExperimentSession.start(title(file), baseName, base, data);
            }
            Run stored = run.withId(s.nextRunId());
            SessionFiles.write(s.withRun(stored), file);
            return stored;
        }
    }

    /**
     * The lock of a session file: in the temporary directory, named after the hash of the session's absolute
     * path (so nothing is left next to the user's file, and every process appending to the same file takes
     * the same lock).
     */
    static Path lockFile(Path absoluteSession) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(absoluteSession.normalize().toString().getBytes(StandardCharsets.UTF_8));
            String name = "rankbench-session-" + HexFormat.of().formatHex(h, 0, 12) + ".lock";
            return Path.of(System.getProperty("java.io.tmpdir")).resolve(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The title of a new session: the file name without its extension. */
    static String title(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Checks that {@code model} is the session's base model: same layers, input and weights. */
    static void requireSameModel(ExperimentSession s, SavedModel model, String modelName) {
        SavedModel b = s.baseModel();
        boolean same;
        try {
            same = b.manifest().input().equals(model.manifest().input())
                    && ModelFiles.json()
                            .writeValueAsString(b.manifest().network())
                            .equals(ModelFiles.json()
                                    .writeValueAsString(model.manifest().network()))
                    && b.weights().equals(model.weights());
        } catch (JsonProcessingException e) {
            same = false;
        }
        if (!same) {
            throw new IllegalArgumentException("the session's base model (" + s.baseModelName() + ", "
                    + b.manifest().architecture() + ") is not " + modelName + " ("
                    + model.manifest().architecture()
                    + "): runs of a session must start from its base model; use another session file, or --model "
                    + "with the session's base model");
        }
    }

    /**
     * The session's description of the images a command used.
     *
     * @param spec what {@code --data} said
     * @param src the loaded data
     * @param splits the splits the command trained and measured on
     * @param validationFraction the fraction of the training split held out
     * @param seed the seed of the split
     */
    static DatasetRef dataset(String spec, DataSource src, DatasetSplits splits, double validationFraction, long seed) {
        return new DatasetRef(
                spec,
                src.name(),
                src.description(),
                splits.train().size(),
                splits.validation().size(),
                splits.test().size(),
                validationFraction,
                seed);
    }
}
