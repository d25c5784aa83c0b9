package rankbench.experiment.session;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.model.AtomicFiles;

/**
 * Autosave and crash recovery of the session being edited, without any UI.
 *
 * <p>The recovery directory ({@code ~/.rankbench/recovery} unless given) holds:
 * <ul>
 *   <li>{@value #FILE_NAME}: the running RankBench's last autosave, an ordinary session file written
 *       atomically;</li>
 *   <li>{@value #RECOVERED_NAME}: the autosave a RankBench left behind when it did not exit cleanly, set
 *       aside at the next start so that new autosaves never overwrite it; it stays until
 *       {@link #discard()};</li>
 *   <li>{@value #MARKER_NAME}: present while a RankBench that owns the directory runs; found at start, it
 *       means the previous one crashed or was killed (a clean exit removes it);</li>
 *   <li>{@value #LOCK_NAME}: locked by the running owner, so a second window neither overwrites nor deletes
 *       the first one's files (it gets no autosave); the operating system releases the lock when a process
 *       dies, however it dies.</li>
 * </ul>
 *
 * <p>Use:
 * <ol>
 *   <li>At start, on a background thread: {@link #start()}. If it returns true and {@link #pending()} is
 *       not empty, offer the recovery: {@link #recover()} reads it (a {@link SessionFileException} if it is
 *       damaged) and {@link #discard()} deletes it once the user has taken it or declined. Until then it
 *       is kept, across restarts.</li>
 *   <li>While running, every few minutes on a background thread: {@link #save(ExperimentSession)} (only
 *       when something changed since the last save, to spare the disk).</li>
 *   <li>At a clean exit (after the user saved or chose not to): {@link #closeCleanly()}, which deletes the
 *       autosave and the marker, so the next start finds nothing to recover.</li>
 * </ol>
 *
 * <p>All methods are thread-safe (synchronized): a save running on a background thread finishes before a
 * concurrent {@link #closeCleanly()} deletes its file, and saves after {@link #closeCleanly()} are
 * ignored. A process killed mid-save leaves the previous autosave intact
 * ({@link SessionFiles#write(ExperimentSession, Path)} is atomic).
 */
public final class SessionRecovery {

    /** Name of the autosave file in the recovery directory. */
    public static final String FILE_NAME = "autosave" + SessionFiles.EXTENSION;
    /** Name of the "a RankBench is running" marker; left behind by a crash. */
    public static final String MARKER_NAME = "running";
    /** Name of an autosave set aside at start because its RankBench did not exit cleanly. */
    public static final String RECOVERED_NAME = "recovered" + SessionFiles.EXTENSION;
    /** Name of the lock file held by the running owner of the directory. */
    public static final String LOCK_NAME = "recovery.lock";

    private static final Logger LOG = LoggerFactory.getLogger(SessionRecovery.class);

    private final Path directory;
    private FileChannel lockChannel;
    private FileLock lock;
    private boolean started;
    private boolean owner;
    private boolean closed;
    private boolean previousExitUnclean;

    /** Uses {@code ~/.rankbench/recovery}. */
    public SessionRecovery() {
        this(Path.of(System.getProperty("user.home"), ".rankbench", "recovery"));
    }

    /** Uses another directory (tests, portable installs). */
    public SessionRecovery(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    /** Returns the recovery directory. */
    public Path directory() {
        return directory;
    }

    /** Returns the file a crashed session's autosave is set aside as (see {@link #pending()}). */
    public Path recoveredFile() {
        return directory.resolve(RECOVERED_NAME);
    }

    /** Returns the autosave file. */
    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    /**
     * Claims the recovery directory for this process, notes whether the previous owner exited cleanly (if
     * not, its autosave becomes {@link #pending()}) and marks this one as running. Call once at start;
     * later calls return the first answer.
     *
     * @return true if this process owns the directory; false if another running RankBench does (then this
     *     one neither autosaves nor offers recovery)
     * @throws SessionFileException if the directory cannot be created or written
     */
    public synchronized boolean start() throws SessionFileException {
        if (started) {
            return owner;
        }
        started = true;
        try {
            Files.createDirectories(directory);
            lockChannel =
                    FileChannel.open(directory.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // another SessionRecovery in this JVM owns it
            }
            if (lock == null) {
                lockChannel.close();
                lockChannel = null;
                LOG.info("recovery directory {} is in use by another RankBench; autosave is off", directory);
                return owner = false;
            }
            Path marker = directory.resolve(MARKER_NAME);
            previousExitUnclean = Files.exists(marker);
            deleteStaleTemporaryFiles();
            if (Files.isRegularFile(file())) {
                if (previousExitUnclean) {
                    Files.move(
                            file(),
                            recoveredFile(),
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                    LOG.info(
                            "the previous RankBench did not exit cleanly; its autosave is kept as {}", recoveredFile());
                } else {
                    Files.delete(file()); // left by a clean exit that could not delete it
                }
            }
            AtomicFiles.write(
                    marker,
                    out -> out.write(("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
                            .getBytes(StandardCharsets.UTF_8)));
            return owner = true;
        } catch (IOException e) {
            releaseLock(); // without a marker this process must not own the directory
            throw new SessionFileException(
                    directory.toString(), "cannot set up crash recovery (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Returns the autosave a RankBench left behind when it did not exit cleanly and that was neither
     * recovered nor declined yet ({@link #recoveredFile()}); empty if there is none, or before
     * {@link #start()}, or if another RankBench owns the directory.
     */
    public synchronized Optional<Path> pending() {
        if (!owner || closed || !Files.isRegularFile(recoveredFile())) {
            return Optional.empty();
        }
        return Optional.of(recoveredFile());
    }

    /** Returns true if the previous owner of the directory did not exit cleanly (a crash or a kill). */
    public synchronized boolean previousExitWasUnclean() {
        return previousExitUnclean;
    }

    /**
     * Reads the pending autosave.
     *
     * @throws SessionFileException if there is none or it cannot be read (the file is kept either way)
     */
    public synchronized ExperimentSession recover() throws SessionFileException {
        Optional<Path> p = pending();
        if (p.isEmpty()) {
            throw new SessionFileException(recoveredFile().toString(), "there is no autosave to recover");
        }
        return SessionFiles.read(p.get());
    }

    /**
     * Autosaves the session atomically (claiming the directory first if {@link #start()} was not called).
     *
     * @return true if it was saved; false if another RankBench owns the directory or after {@link #closeCleanly()}
     * @throws SessionFileException if the save failed (the previous autosave is intact)
     */
    public synchronized boolean save(ExperimentSession session) throws SessionFileException {
        if (!started) {
            start();
        }
        if (!owner || closed) {
            return false;
        }
        SessionFiles.write(session, file());
        return true;
    }

    /** Deletes the pending autosave (recovered or declined); does nothing if this process is not the owner. */
    public synchronized void discard() throws SessionFileException {
        if (!owner || closed) {
            return;
        }
        try {
            Files.deleteIfExists(recoveredFile());
        } catch (IOException e) {
            throw new SessionFileException(
                    recoveredFile().toString(), "cannot delete the recovered autosave (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Records a clean exit: deletes the autosave and the marker and releases the directory. Later saves are
     * ignored.
     */
    public synchronized void closeCleanly() throws SessionFileException {
        if (closed) {
            return;
        }
        try {
            if (owner) {
                Files.deleteIfExists(file());
                Files.deleteIfExists(directory.resolve(MARKER_NAME));
                AtomicFiles.forceDirectory(directory);
            }
        } catch (IOException e) {
            throw new SessionFileException(
                    directory.toString(), "cannot record a clean exit (" + e.getMessage() + ")", e);
        } finally {
            closed = true;
            releaseLock();
        }
    }

    /** Deletes what saves killed mid-way left here (only the owner writes in this directory, so none is live). */
    private void deleteStaleTemporaryFiles() throws IOException {
        String[] prefixes = {
            AtomicFiles.temporaryPrefix(file()), AtomicFiles.temporaryPrefix(directory.resolve(MARKER_NAME))
        };
        try (var files = Files.list(directory)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(".tmp") && (n.startsWith(prefixes[0]) || n.startsWith(prefixes[1]))) {
                    Files.deleteIfExists(p);
                    LOG.info("deleted {}, left by a save that was killed", p);
                }
            }
        }
    }

    /** Releases the lock without cleaning up: what a crash does (for tests of recovery). */
    synchronized void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.debug("releasing the recovery lock failed", e);
        } finally {
            lock = null;
            lockChannel = null;
            closed = true;
        }
    }
}
