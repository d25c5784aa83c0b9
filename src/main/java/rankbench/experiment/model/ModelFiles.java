package rankbench.experiment.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
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
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
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
        AtomicFiles.write(file, out -> write(model, out));
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
                throw new ModelFileException("The embedded default model is missing from this build ("
                        + DEFAULT_MODEL_RESOURCE + ")");
            }
            return read(in, "embedded default model");
        } catch (IOException e) {
            throw new ModelFileException("embedded default model: cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a model from a stream; {@code source} names it in error messages. */
    public static SavedModel read(InputStream in, String source) throws IOException {
        byte[] all = in.readAllBytes();
        if (all.length < 4 || all[0] != 'P' || all[1] != 'K') {
            throw new ModelFileException(source + ": not a RankBench model file (expected a zip archive with "
                    + MANIFEST + " and " + WEIGHTS + ")");
        }
        byte[] manifestBytes = null;
        byte[] weightBytes = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(all))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().equals(MANIFEST)) {
                    manifestBytes = zip.readAllBytes();
                } else if (e.getName().equals(WEIGHTS)) {
                    weightBytes = zip.readAllBytes();
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFileException(source + ": corrupt or truncated model file (" + e.getMessage() + ")", e);
        }
        if (manifestBytes == null) {
            throw new ModelFileException(source + ": corrupt or truncated model file (no " + MANIFEST + ")");
        }
        if (weightBytes == null) {
            throw new ModelFileException(source + ": corrupt or truncated model file (no " + WEIGHTS + ")");
        }
        ModelManifest manifest;
        try {
            manifest = JSON.readValue(manifestBytes, ModelManifest.class);
        } catch (JsonProcessingException e) {
            throw new ModelFileException(source + ": corrupt manifest (" + e.getOriginalMessage() + ")", e);
        }
        if (manifest.formatVersion() < 1 || manifest.formatVersion() > FORMAT_VERSION) {
            throw new ModelFileException(source + ": model format version " + manifest.formatVersion()
                    + " is not supported by this RankBench (supports 1.." + FORMAT_VERSION + ")");
        }
        if (manifest.network() == null || manifest.input() == null || manifest.classes() == null) {
            throw new ModelFileException(source + ": manifest lacks network, input or classes");
        }
        if (manifest.weightsSha256() != null && !manifest.weightsSha256().equals(sha256(weightBytes))) {
            throw new ModelFileException(source + ": weights are corrupt (checksum mismatch)");
        }
        LinkedHashMap<String, Tensor> weights = SafeTensors.parse(weightBytes, source);
        validate(manifest, weights, source);
        return new SavedModel(manifest, weights);
    }

    /**
     * Imports PyTorch weights (a {@code .safetensors} state dict) for a built-in architecture, as
     * {@link SafetensorsImport#read} without a name map. Names must
     * follow the architecture's PyTorch naming ({@code layer1.0.conv1.weight}, {@code bn1.running_var});
     * {@code num_batches_tracked} buffers are ignored. The class count is read from the classifier's
     * weight; class names are {@code classNames} if given (else "0", "1", ...). Every weight is checked
     * against the architecture and a mismatch is named.
     */
    public static SavedModel importSafetensors(Path file, Architecture arch, FeatureShape input,
            java.util.List<String> classNames, float[] mean, float[] std) {
        return SafetensorsImport.read(file, arch, input, classNames, mean, std, NameMap.NONE);
    }

    /**
     * Checks that weights match the network described by the manifest: a consistent network, one class
     * name per output, every weight present with the shape the network needs and no other weight.
     *
     * @throws ModelFileException naming {@code source} and the first problem
     */
    public static void validate(ModelManifest manifest, Map<String, Tensor> weights, String source) {
        try {
            manifest.network().outputShape(manifest.input());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source + ": inconsistent network description (" + e.getMessage() + ")");
        }
        int classes = manifest.network().outputShape(manifest.input()).size();
        if (classes != manifest.classes().size()) {
            throw new ModelFileException(source + ": network has " + classes + " outputs but "
                    + manifest.classes().size() + " class names");
        }
        Map<String, int[]> expected = ParameterShapes.of(manifest.network());
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (t == null) {
                throw new ModelFileException(source + ": weight '" + e.getKey() + "' is missing");
            }
            if (!java.util.Arrays.equals(t.shape(), e.getValue())) {
                throw new ModelFileException(source + ": weight '" + e.getKey() + "' has shape "
                        + java.util.Arrays.toString(t.shape()) + ", expected "
                        + java.util.Arrays.toString(e.getValue()));
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
