package rankbench.experiment.session;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.model.AtomicFiles;

/**
 * Reads and writes session files ({@code .rbsession}): one zip holding {@code session.json} (the title,
 * dataset, plan on screen, every run with its status, plan, metrics and history, and each model's
 * manifest) and the weights as safetensors blobs named by their SHA-256 ({@code weights/<sha256>.safetensors}),
 * so weights shared by several runs or by a run and the base model are stored once. docs/SESSION_FORMAT.md
 * describes the format.
 *
 * <p>Opening a file gives back exactly what was saved (weights bit for bit). A file that is not a valid
 * session of a version this build reads is refused with a {@link SessionFileException} whose one-line
 * message names the file and the problem; reading checks entry names, sizes (declared and actual, before
 * allocating and while inflating), CRCs, the weights' hashes and shapes, and the JSON strictly, so a
 * damaged or hostile file can neither crash, hang nor exhaust the memory of the program. Saving is atomic
 * ({@link AtomicFiles}) and checks that what it wrote will read back; a failed save leaves the old file
 * as it was.
 *
 * <p>Both methods may be called from any thread; they share no state.
 */
public final class SessionFiles {

    /** The file name extension of session files. */
    public static final String EXTENSION = ".rbsession";
    /** The value of {@code "format"} in {@code session.json}. */
    public static final String FORMAT_NAME = "rankbench-session";
    /** The session format version written by this build; older versions are migrated, newer refused. */
    public static final int FORMAT_VERSION = 2;

    /** Largest session file read, in bytes. */
    public static final long MAX_FILE_BYTES = 8L << 30;
    /** Most zip entries in a session file ({@code session.json} and the distinct weights blobs). */
    public static final int MAX_ENTRIES = 10_000;
    /** Largest {@code session.json}, in bytes after inflating. */
    public static final int MAX_JSON_BYTES = 64 << 20;
    /** Most parameters (running statistics included) of one model. */
    public static final long MAX_MODEL_PARAMETERS = 1L << 28;

    private static final Logger LOG = LoggerFactory.getLogger(SessionFiles.class);

    private SessionFiles() {}

    /**
     * Saves a session atomically: the file is replaced in one step once the new content is complete and
     * on disk, keeping the old file's permissions; on failure the old file is untouched and no temporary
     * file is left. The session's weights must not be changed while it is saved (sessions are immutable;
     * their tensors are snapshots).
     *
     * @throws SessionFileException if the session cannot be saved (disk full, no permission, a model whose
     *     weights do not fit its network, a figure JSON cannot hold); nothing was changed on disk
     */
    public static void write(ExperimentSession session, Path file) throws SessionFileException {
        Objects.requireNonNull(session, "session");
        String source = file.toString();
        try {
            AtomicFiles.write(file, out -> write(session, out, source));
        } catch (SessionFileException e) {
            throw e;
        } catch (IOException e) {
            throw new SessionFileException(
                    source, "cannot be saved (" + describe(e) + "); the file on disk is unchanged", e);
        } catch (RuntimeException e) {
            LOG.warn("saving {} failed", file, e);
            throw new SessionFileException(source, "cannot be saved (" + e + "); the file on disk is unchanged", e);
        }
    }

    /** Writes a session file to a stream (not closed); for files use {@link #write(ExperimentSession, Path)}. */
    public static void write(ExperimentSession session, OutputStream out) throws IOException {
        write(session, out, "session");
    }

    private static void write(ExperimentSession session, OutputStream out, String source) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(new KeepOpen(out))) {
            write(session, zip, source);
        }
    }

    /** Lets the zip stream be closed (freeing its compressor) without closing the caller's stream. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static void write(ExperimentSession session, ZipOutputStream zip, String source) throws IOException {
        SessionBlobs.Writer blobs = new SessionBlobs.Writer(zip, source);
        SessionDocument doc = SessionCodec.toDocument(session, blobs);
        byte[] json = SessionJson.encode(doc);
        if (json.length > MAX_JSON_BYTES) {
            throw new SessionFileException(
                    source,
                    "cannot be saved: its description has " + json.length + " bytes, more than the " + MAX_JSON_BYTES
                            + " a session file may hold");
        }
        try { // what is written must read back: the same checks as opening, against the weights in memory
            SessionCodec.toSession(SessionJson.decode(json, source), (ref, m, what) -> blobs.written.get(ref), source);
        } catch (SessionFileException e) {
            throw new SessionFileException(source, "cannot be saved: " + e.problem(), e);
        }
        ZipEntry e = new ZipEntry(SessionArchive.SESSION_JSON);
        e.setTimeLocal(SessionBlobs.ENTRY_TIME);
        zip.putNextEntry(e);
        zip.write(json);
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    /**
     * Opens a session file.
     *
     * @throws SessionFileException if the file is missing, unreadable, not a session file, damaged, of a
     *     newer format, or breaks any rule of the format; the message names the file and the problem
     */
    public static ExperimentSession read(Path file) throws SessionFileException {
        return read(file, file.toString());
    }

    /**
     * Reads a session file from a stream (copied to a temporary file first, at most
     * {@link #MAX_FILE_BYTES}); {@code source} names it in messages.
     */
    public static ExperimentSession read(InputStream in, String source) throws SessionFileException {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("rankbench-session", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                long total = 0;
                for (int n; (n = in.read(buf)) >= 0; ) {
                    total += n;
                    if (total > MAX_FILE_BYTES) {
                        throw new SessionFileException(source, "larger than " + MAX_FILE_BYTES + " bytes");
                    }
                    out.write(buf, 0, n);
                }
            }
            return read(tmp, source);
        } catch (SessionFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SessionFileException(source, "cannot be read (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}", tmp, e);
                }
            }
        }
    }

    private static ExperimentSession read(Path file, String source) throws SessionFileException {
        try {
            if (Files.isDirectory(file)) {
                throw new SessionFileException(source, "is a directory, not a session file");
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) { // a pipe or a device would block or never end
                throw new SessionFileException(source, "is not a regular file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new SessionFileException(
                        source,
                        "is " + size + " bytes, larger than the " + MAX_FILE_BYTES + " a session file may have");
            }
            byte[] magic = new byte[4];
            try (InputStream in = Files.newInputStream(file)) {
                if (in.readNBytes(magic, 0, 4) < 4
                        || magic[0] != 'P'
                        || magic[1] != 'K'
                        || magic[2] != 3
                        || magic[3] != 4) {
                    throw new SessionFileException(source, "not a RankBench session file (not a zip archive)");
                }
            }
            SessionArchive.checkEndRecord(file, size, source);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                return read(zip, size, source);
            }
        } catch (SessionFileException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new SessionFileException(source, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new SessionFileException(source, "permission denied", e);
        } catch (ZipException e) {
            throw new SessionFileException(source, "corrupt or truncated session file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new SessionFileException(source, "cannot be read (" + describe(e) + ")", e);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("unexpected failure reading {}", source, e);
            throw new SessionFileException(source, "corrupt session file (" + e + ")", e);
        }
    }

    private static ExperimentSession read(ZipFile zip, long size, String source) throws SessionFileException {
        SessionArchive archive = SessionArchive.open(zip, size, source);
        byte[] json = archive.read(SessionArchive.SESSION_JSON, MAX_JSON_BYTES);
        SessionDocument doc = SessionJson.decode(json, source);
        SessionBlobs.Reader blobs = new SessionBlobs.Reader(archive, source);
        ExperimentSession session = SessionCodec.toSession(doc, blobs, source);
        for (String name : archive.names()) {
            if (!name.equals(SessionArchive.SESSION_JSON) && !blobs.loaded.containsKey(name)) {
                throw new SessionFileException(source, "entry '" + name + "' is not used by any model");
            }
        }
        return session;
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        return e instanceof NoSuchFileException
                ? "no such file or directory: " + m
                : e instanceof AccessDeniedException
                        ? "permission denied: " + m
                        : m == null ? e.getClass().getSimpleName() : m;
    }
}
