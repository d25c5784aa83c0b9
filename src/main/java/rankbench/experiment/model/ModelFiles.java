package rankbench.experiment.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes RankBench model files ({@code .rbm}): a zip holding {@code manifest.json} and
 * {@code weights.safetensors}. Writing is atomic ({@link AtomicFiles}), so a failed save
 * (full disk, cancelled) never damages an existing file. Reading checks structure, format version,
 * checksum and that every weight matches the described network, and names the problem otherwise.
 */
public final class ModelFiles {

    /** The model file format version written by this build. */
    public static final int FORMAT_VERSION = 1;
    /** The file name extension of model files. */
    public static final String EXTENSION = ".rbm";
    /** Classpath location of the embedded default model. */
    public static final String DEFAULT_MODEL_RESOURCE = "/rankbench/models/default-resnet20-fashion-mnist.rbm";

    static final String MANIFEST = "manifest.json";
    static final String WEIGHTS = "weights.safetensors";
    /** Largest model file read (it is held in memory whole). */
    static final int MAX_FILE_BYTES = Integer.MAX_VALUE - 16;
    /** Largest manifest read. */
    static final int MAX_MANIFEST_BYTES = 16 << 20;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(200)
                            .maxDocumentLength(MAX_MANIFEST_BYTES)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelFiles() {}

    /** Returns the shared JSON mapper for manifests. */
    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * Writes a model file atomically ({@link AtomicFiles}: temporary file, forced to disk, renamed over the
     * old one); the checksum in the manifest is filled in.
     */
    public static void write(SavedModel model, Path file) throws IOException {
        try {
            AtomicFiles.write(file, out -> write(model, out));
        } catch (IOException e) {
            throw new IOException(
                    file + ": cannot be saved (" + reason(e, file) + "); the file on disk is unchanged", e);
        }
    }

    /** What went wrong in a file operation, in words (a file system exception's reason, else its message). */
    static String reason(IOException e, Path target) {
        if (e instanceof FileSystemException f) {
            String what = f.getReason() != null
                    ? f.getReason()
                    : e.getClass()
                            .getSimpleName()
                            .replace("Exception", "")
                            .replaceAll("([a-z])([A-Z])", "$1 $2")
                            .toLowerCase(Locale.ROOT);
            return f.getFile() == null || f.getFile().equals(target.toString()) ? what : what + ": " + f.getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Writes a model file to a stream. */
    public static void write(SavedModel model, OutputStream out) throws IOException {
        byte[] weights = SafeTensors.toBytes(model.weights(), Map.of("format", "pt"));
        ModelManifest manifest = model.manifest().withWeightsSha256(sha256(weights));
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry(MANIFEST));
        zip.write(JSON.writeValueAsBytes(manifest));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(WEIGHTS));
        zip.write(weights);
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    /** Reads a model file with full validation. */
    public static SavedModel read(Path file) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new ModelFileException(file + ": not a regular file");
        }
        try {
            if (Files.exists(file) && Files.size(file) > MAX_FILE_BYTES) {
                throw new ModelFileException(file + ": too large for a model file (" + Files.size(file)
                        + " bytes, at most " + MAX_FILE_BYTES + ")");
            }
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ModelFileException("Model file not found: " + file);
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Reads the embedded default model (ResNet-20 trained on Fashion-MNIST). */
    public static SavedModel readDefault() {
        try (InputStream in = ModelFiles.class.getResourceAsStream(DEFAULT_MODEL_RESOURCE)) {
            if (in == null) {
                throw new ModelFileException(
                        "The embedded default model is missing from this build (" + DEFAULT_MODEL_RESOURCE + ")");
            }
            return read(in, "embedded default model");
        } catch (IOException e) {
            throw new ModelFileException("embedded default model: cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads a model from a stream; {@code source} names it in error messages. The archive may hold only
     * {@link #MANIFEST} and {@link #WEIGHTS}, each once; the manifest is read (at most
     * {@link #MAX_MANIFEST_BYTES}) and checked before the weights, whose inflated size is limited to what
     * the described network can need, so neither a lying header nor a deflate bomb makes it allocate more
     * than the file justifies.
     */
    public static SavedModel read(InputStream in, String source) throws IOException {
        byte[] all = in.readNBytes(MAX_FILE_BYTES + 1);
        if (all.length > MAX_FILE_BYTES) {
            throw new ModelFileException(
                    source + ": too large for a model file (more than " + MAX_FILE_BYTES + " bytes)");
        }
        if (all.length < 4 || all[0] != 'P' || all[1] != 'K') {
            throw new ModelFileException(source + ": not a RankBench model file (expected a zip archive with "
                    + MANIFEST + " and " + WEIGHTS + ")");
        }
        if (!hasEndRecord(all)) {
            throw new ModelFileException(source + ": corrupt or truncated model file (no zip end record)");
        }
        byte[] manifestBytes = null;
        byte[] weightBytes = null;
        ModelManifest manifest = null;
        long weightValues = -1;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(all))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (name.equals(MANIFEST) && manifestBytes == null) {
                    manifestBytes = bounded(zip, MAX_MANIFEST_BYTES, name, source);
                    manifest = parseManifest(manifestBytes, source);
                    weightValues = ManifestChecks.check(manifest, source);
                } else if (name.equals(WEIGHTS) && weightBytes == null) {
                    // F64 weights take 8 bytes a value; before the manifest is known, a generous ratio
                    // to the compressed file (deflate cannot do better than about 1:1032)
                    long limit = weightValues >= 0 ? 8 * weightValues + (1 << 20) : 64L * all.length + (1 << 20);
                    weightBytes = bounded(zip, Math.min(limit, MAX_FILE_BYTES), name, source);
                } else if (name.equals(MANIFEST) || name.equals(WEIGHTS)) {
                    throw new ModelFileException(source + ": corrupt model file (entry " + name + " appears twice)");
                } else {
                    throw new ModelFileException(source + ": unexpected entry '" + printable(name)
                            + "' (a model file holds only " + MANIFEST + " and " + WEIGHTS + ")");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException(source + ": corrupt or truncated model file (" + oneLine(e) + ")", e);
        }
        if (manifestBytes == null) {
            throw new ModelFileException(source + ": corrupt or truncated model file (no " + MANIFEST + ")");
        }
        if (weightBytes == null) {
            throw new ModelFileException(source + ": corrupt or truncated model file (no " + WEIGHTS + ")");
        }
        if (manifest.weightsSha256() != null && !manifest.weightsSha256().equals(sha256(weightBytes))) {
            throw new ModelFileException(source + ": weights are corrupt (checksum mismatch)");
        }
        LinkedHashMap<String, Tensor> weights = SafeTensors.parse(weightBytes, source);
        validate(manifest, weights, source);
        return new SavedModel(manifest, weights);
    }

    private static ModelManifest parseManifest(byte[] bytes, String source) {
        try {
            return JSON.readValue(bytes, ModelManifest.class);
        } catch (JsonProcessingException e) {
            Throwable c = e.getCause();
            String what = c instanceof IllegalArgumentException && c.getMessage() != null
                    ? c.getMessage()
                    : e.getOriginalMessage();
            throw new ModelFileException(source + ": corrupt manifest (" + oneLine(what) + ")", e);
        } catch (IOException e) {
            throw new ModelFileException(source + ": corrupt manifest (" + oneLine(e) + ")", e);
        }
    }

    /** Reads the current entry to its end, refusing more than {@code limit} inflated bytes. */
    private static byte[] bounded(InputStream in, long limit, String entry, String source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            total += n;
            if (total > limit) {
                throw new ModelFileException(source + ": entry " + entry + " inflates to more than " + limit
                        + " bytes, more than its network can need (a corrupt or malicious file)");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static String oneLine(Object o) {
        String m = o instanceof Throwable t
                ? (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage())
                : String.valueOf(o);
        return m.replaceAll("\\s+", " ")
                .replaceAll(" *\\(start marker at .*$", "")
                .trim(); // no parser internals
    }

    /** True if the archive ends with a zip end-of-central-directory record (absent in a truncated file). */
    private static boolean hasEndRecord(byte[] b) {
        for (int i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xFFFF); i--) {
            if (b[i] == 'P'
                    && b[i + 1] == 'K'
                    && b[i + 2] == 5
                    && b[i + 3] == 6
                    && i + 22 + ((b[i + 20] & 0xff) | (b[i + 21] & 0xff) << 8) == b.length) {
                return true;
            }
        }
        return false;
    }

    private static String printable(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && b.length() < 120; i++) {
            char c = name.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    /**
     * Imports PyTorch weights (a {@code .safetensors} state dict) for a built-in architecture, as
     * {@link SafetensorsImport#read} without a name map. Names must
     * follow the architecture's PyTorch naming ({@code layer1.0.conv1.weight}, {@code bn1.running_var});
     * {@code num_batches_tracked} buffers are ignored. The class count is read from the classifier's
     * weight; class names are {@code classNames} if given (else "0", "1", ...). Every weight is checked
     * against the architecture and a mismatch is named.
     */
    public static SavedModel importSafetensors(
            Path file, Architecture arch, FeatureShape input, List<String> classNames, float[] mean, float[] std) {
        return SafetensorsImport.read(file, arch, input, classNames, mean, std, NameMap.NONE);
    }

    /**
     * Checks that weights match the network described by the manifest: a consistent network, one class
     * name per output, every weight present with the shape the network needs and no other weight.
     *
     * @throws ModelFileException naming {@code source} and the first problem
     */
    public static void validate(ModelManifest manifest, Map<String, Tensor> weights, String source) {
        ManifestChecks.check(manifest, source);
        Map<String, int[]> expected = ParameterShapes.of(manifest.network());
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (t == null) {
                throw new ModelFileException(source + ": weight '" + e.getKey() + "' is missing");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new ModelFileException(source + ": weight '" + e.getKey() + "' has shape "
                        + Arrays.toString(t.shape()) + ", expected "
                        + Arrays.toString(e.getValue()));
            }
        }
        for (String name : weights.keySet()) {
            if (!expected.containsKey(name)) {
                throw new ModelFileException(source + ": unexpected weight '" + name + "'");
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
