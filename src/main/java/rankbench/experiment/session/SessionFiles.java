package rankbench.experiment.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.model.AtomicFiles;
import rankbench.experiment.model.ModelFileException;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.ParameterShapes;
import rankbench.experiment.model.SafeTensors;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

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
    public static final int FORMAT_VERSION = 1;

    /** Largest session file read, in bytes. */
    public static final long MAX_FILE_BYTES = 8L << 30;
    /** Most zip entries in a session file ({@code session.json} and the distinct weights blobs). */
    public static final int MAX_ENTRIES = 10_000;
    /** Largest {@code session.json}, in bytes after inflating. */
    public static final int MAX_JSON_BYTES = 64 << 20;
    /** Most parameters (running statistics included) of one model. */
    public static final long MAX_MODEL_PARAMETERS = 1L << 28;

    private static final Logger LOG = LoggerFactory.getLogger(SessionFiles.class);
    private static final Pattern REFERENCE = Pattern.compile("weights/([0-9a-f]{64})\\.safetensors");
    private static final Map<String, String> SAFETENSORS_METADATA = Map.of("format", "pt");
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final long HEADER_ALLOWANCE = 64 << 10;
    private static final long HEADER_PER_TENSOR = 1 << 10;

    private SessionFiles() {}

    /**
     * Saves a session atomically: the file is replaced in one step once the new content is complete and
     * on disk, keeping the old file's permissions; on failure the old file is untouched and no temporary
     * file is left.
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
            throw new SessionFileException(source, "cannot be saved (" + describe(e) + "); the file on disk is unchanged", e);
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
        ZipOutputStream zip = new ZipOutputStream(out);
        BlobWriter blobs = new BlobWriter(zip, source);
        SessionDocument doc = SessionCodec.toDocument(session, blobs);
        byte[] json = SessionJson.encode(doc);
        if (json.length > MAX_JSON_BYTES) {
            throw new SessionFileException(source, "cannot be saved: its description has " + json.length
                    + " bytes, more than the " + MAX_JSON_BYTES + " a session file may hold");
        }
        try { // what is written must read back: the same checks as opening, against the weights in memory
            SessionCodec.toSession(SessionJson.decode(json, source), (ref, m, what) -> blobs.written.get(ref), source);
        } catch (SessionFileException e) {
            throw new SessionFileException(source, "cannot be saved: " + e.problem(), e);
        }
        ZipEntry e = new ZipEntry(SessionArchive.SESSION_JSON);
        e.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(e);
        zip.write(json);
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    /** Stores each distinct weights blob once (content hash) and hands out its reference. */
    private static final class BlobWriter implements SessionCodec.References {
        final ZipOutputStream zip;
        final String source;
        final IdentityHashMap<SavedModel, String> byModel = new IdentityHashMap<>();
        final Map<String, Map<String, Tensor>> written = new LinkedHashMap<>();

        BlobWriter(ZipOutputStream zip, String source) {
            this.zip = zip;
            this.source = source;
        }

        @Override
        public String of(SavedModel model, String what) throws SessionFileException {
            String known = byModel.get(model);
            if (known != null) {
                return known;
            }
            try {
                parameterCount(model.manifest(), what, source);
                ModelFiles.validate(model.manifest(), model.weights(), what);
            } catch (ModelFileException | SessionFileException e) {
                throw new SessionFileException(source, "cannot be saved: " + e.getMessage(), e);
            }
            byte[] bytes = SafeTensors.toBytes(model.weights(), SAFETENSORS_METADATA);
            String ref = "weights/" + sha256(bytes) + SessionArchive.WEIGHTS_SUFFIX;
            if (!written.containsKey(ref)) {
                if (written.size() + 1 >= MAX_ENTRIES) {
                    throw new SessionFileException(source, "cannot be saved: more than " + (MAX_ENTRIES - 1)
                            + " distinct models");
                }
                ZipEntry e = new ZipEntry(ref);
                e.setMethod(ZipEntry.STORED); // float weights barely compress; storing keeps saving fast
                e.setSize(bytes.length);
                e.setCompressedSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                e.setCrc(crc.getValue());
                e.setTimeLocal(ENTRY_TIME);
                try {
                    zip.putNextEntry(e);
                    zip.write(bytes);
                    zip.closeEntry();
                } catch (SessionFileException ex) {
                    throw ex;
                } catch (IOException ex) {
                    throw new SessionFileException(source, "cannot be saved (" + describe(ex) + ")", ex);
                }
                written.put(ref, model.weights());
            }
            byModel.put(model, ref);
            return ref;
        }
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
        } catch (IOException e) {
            throw new SessionFileException(source, "cannot be read (" + describe(e) + ")", e);
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
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new SessionFileException(source, "is " + size + " bytes, larger than the "
                        + MAX_FILE_BYTES + " a session file may have");
            }
            byte[] magic = new byte[4];
            try (InputStream in = Files.newInputStream(file)) {
                if (in.readNBytes(magic, 0, 4) < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3
                        || magic[3] != 4) {
                    throw new SessionFileException(source, "not a RankBench session file (not a zip archive)");
                }
            }
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
        BlobReader blobs = new BlobReader(archive, source);
        ExperimentSession session = SessionCodec.toSession(doc, blobs, source);
        for (String name : archive.names()) {
            if (!name.equals(SessionArchive.SESSION_JSON) && !blobs.loaded.containsKey(name)) {
                throw new SessionFileException(source, "entry '" + name + "' is not used by any model");
            }
        }
        return session;
    }

    /** Loads each referenced blob once, within the size its model needs and the memory there is. */
    private static final class BlobReader implements SessionCodec.Blobs {
        final SessionArchive archive;
        final String source;
        final Map<String, Map<String, Tensor>> loaded = new HashMap<>();
        final long budget;
        long used;

        BlobReader(SessionArchive archive, String source) {
            this.archive = archive;
            this.source = source;
            Runtime rt = Runtime.getRuntime();
            this.budget = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        }

        @Override
        public Map<String, Tensor> weights(String ref, ModelManifest manifest, String what)
                throws SessionFileException {
            var m = REFERENCE.matcher(ref);
            if (!m.matches()) {
                throw new SessionFileException(source, what + ": weights reference '" + ref
                        + "' is not of the form weights/<sha256>.safetensors");
            }
            if (!archive.has(ref)) {
                throw new SessionFileException(source, what + ": its weights " + ref + " are missing from the file");
            }
            long params = parameterCount(manifest, what, source);
            Map<String, Tensor> w = loaded.get(ref);
            if (w == null) {
                long tensors = ParameterShapes.of(manifest.network()).size();
                long limit = 8 + HEADER_ALLOWANCE + HEADER_PER_TENSOR * tensors + 4 * params;
                long declared = archive.declaredSize(ref);
                if (declared > limit) {
                    throw new SessionFileException(source, what + ": " + ref + " declares " + declared
                            + " bytes, more than the " + limit + " its network can need");
                }
                if (used + 2 * declared > budget) {
                    throw new SessionFileException(source, "its weights need more memory than this RankBench has ("
                            + (budget >> 20) + " MB free; start it with a larger -Xmx)");
                }
                byte[] bytes = archive.read(ref, limit);
                if (!sha256(bytes).equals(m.group(1))) {
                    throw new SessionFileException(source, ref + " is corrupt (its SHA-256 does not match its name)");
                }
                try {
                    w = SafeTensors.parse(bytes, ref);
                } catch (ModelFileException e) {
                    throw new SessionFileException(source, e.getMessage(), e);
                }
                used += declared;
                loaded.put(ref, w);
            }
            try {
                ModelFiles.validate(manifest, w, what);
            } catch (ModelFileException e) {
                throw new SessionFileException(source, e.getMessage(), e);
            }
            return w;
        }
    }

    /** The number of parameters a manifest's network declares, refused above {@link #MAX_MODEL_PARAMETERS}. */
    private static long parameterCount(ModelManifest manifest, String what, String source)
            throws SessionFileException {
        long total = 0;
        try {
            for (int[] shape : ParameterShapes.of(manifest.network()).values()) {
                long n = 1;
                for (int d : shape) {
                    if (d < 0) {
                        throw new SessionFileException(source, what + ": the network has a negative dimension");
                    }
                    n = Math.multiplyExact(n, d);
                }
                total = Math.addExact(total, n);
                if (total > MAX_MODEL_PARAMETERS) {
                    break;
                }
            }
        } catch (ArithmeticException e) {
            total = Long.MAX_VALUE;
        }
        if (total > MAX_MODEL_PARAMETERS) {
            throw new SessionFileException(source, what + ": the network declares more than "
                    + MAX_MODEL_PARAMETERS + " parameters");
        }
        return total;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e instanceof NoSuchFileException ? "no such file or directory: " + m
                : e instanceof AccessDeniedException ? "permission denied: " + m
                : m == null ? e.getClass().getSimpleName() : m;
    }
}
