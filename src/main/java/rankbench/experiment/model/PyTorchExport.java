package rankbench.experiment.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a model (dense or factorized) so that plain PyTorch can rebuild it: a directory with
 * {@code model.safetensors} (the state dict under PyTorch names, e.g. {@code layer1.0.conv1.0.weight})
 * and {@code model.json} (format version, input shape, normalization, class names and the layer tree).
 *
 * <p>The layer tree is the same JSON as in a model file's manifest ({@link LayerSpec} with its
 * {@code type} tags). {@code tools/rankbench_torch.py} turns it into {@code torch.nn} modules with
 * the semantics of {@code Blocks}: convolutions with groups 1 and the stored stride and padding, batch
 * norm with eps 1e-5 (momentum 0.1), ReLU, max pooling without padding, global average pooling,
 * flattening, residual blocks {@code relu(body(x) + shortcut(x))} and the option-A shortcut
 * (subsampling by the stride, zero channels split evenly before and after).
 */
public final class PyTorchExport {

    /** The version of the {@code model.json} layout; readers refuse newer versions. */
    public static final int FORMAT_VERSION = 1;
    /** The {@code format} tag of {@code model.json}. */
    public static final String FORMAT = "rankbench-pytorch";
    /** Name of the weights file in the export directory. */
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** Name of the description file in the export directory. */
    public static final String DESCRIPTION_FILE = "model.json";

    private PyTorchExport() {}

    /**
     * Writes {@code model.safetensors} and {@code model.json} into {@code dir} (created if needed).
     * Each file is written to a temporary file first and renamed, so a failed export leaves older
     * files intact. Weights are validated against the layer tree before anything is written.
     */
    public static void write(SavedModel model, Path dir) throws IOException {
        ModelManifest m = model.manifest();
        ModelFiles.validate(m, model.weights(), "model");
        Files.createDirectories(dir);
        LinkedHashMap<String, Tensor> ordered = new LinkedHashMap<>();
        for (String name : ParameterShapes.of(m.network()).keySet()) {
            ordered.put(name, model.weights().get(name));
        }
        byte[] weights = SafeTensors.toBytes(ordered, Map.of("format", "pt"));
        byte[] json = ModelFiles.json().writeValueAsBytes(description(m));
        atomicWrite(dir.resolve(WEIGHTS_FILE), weights);
        atomicWrite(dir.resolve(DESCRIPTION_FILE), json);
    }

    /** Returns the {@code model.json} content for a manifest. */
    public static ObjectNode description(ModelManifest m) {
        ObjectNode n = ModelFiles.json().createObjectNode();
        n.put("format", FORMAT);
        n.put("formatVersion", FORMAT_VERSION);
        n.put("architecture", m.architecture());
        ArrayNode in = n.putArray("inputShape");
        in.add(m.input().channels()).add(m.input().height()).add(m.input().width());
        ArrayNode mean = n.putArray("mean");
        for (float v : m.mean()) {
            mean.add(v);
        }
        ArrayNode std = n.putArray("std");
        for (float v : m.std()) {
            std.add(v);
        }
        ArrayNode classes = n.putArray("classes");
        m.classes().forEach(classes::add);
        n.put("inputNormalization", "x = (pixel / 255 - mean[c]) / std[c]; the module takes x");
        n.put("weights", WEIGHTS_FILE);
        n.put("parameters", NetworkSpec.parameterCount(m.network()));
        n.set("network", ModelFiles.json().valueToTree(m.network()));
        return n;
    }

    private static void atomicWrite(Path file, byte[] bytes) throws IOException {
        AtomicFiles.write(file, out -> out.write(bytes)); // forced to disk, named in every error
    }
}
