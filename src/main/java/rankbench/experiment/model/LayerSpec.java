package rankbench.experiment.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A node of a network description: the architecture as plain data.
 *
 * <p>A network is a tree of {@code LayerSpec}s. The tree is serialized into every model file, so a
 * model (including a factorized one whose layers were split into pairs) can always be rebuilt
 * from its file. Each node has a local {@link #name()}; the dotted path of names from the root is
 * the PyTorch-style layer name ({@code layer1.0.conv1}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LayerSpec.Conv.class, name = "conv"),
    @JsonSubTypes.Type(value = LayerSpec.Dense.class, name = "linear"),
    @JsonSubTypes.Type(value = LayerSpec.BatchNorm.class, name = "batchnorm"),
    @JsonSubTypes.Type(value = LayerSpec.Relu.class, name = "relu"),
    @JsonSubTypes.Type(value = LayerSpec.MaxPool.class, name = "maxpool"),
    @JsonSubTypes.Type(value = LayerSpec.GlobalAvgPool.class, name = "avgpool"),
    @JsonSubTypes.Type(value = LayerSpec.Flatten.class, name = "flatten"),
    @JsonSubTypes.Type(value = LayerSpec.Sequence.class, name = "sequence"),
    @JsonSubTypes.Type(value = LayerSpec.Residual.class, name = "residual"),
    @JsonSubTypes.Type(value = LayerSpec.PadShortcut.class, name = "padShortcut")
})
public sealed interface LayerSpec {

    /** Returns the local name of this node (one segment of the dotted layer name). */
    String name();

    /** Returns the output shape for the given input shape, validating channel counts. */
    FeatureShape outputShape(FeatureShape in);

    /**
     * Largest size, kernel, stride or padding a layer may declare (channels, features, pixels). Far above
     * any real CNN, and small enough that no shape arithmetic overflows an int.
     */
    int MAX_DIMENSION = 1 << 24;

    /**
     * Checks a node's fields as it is built (from code or from a model file): a non-null name without
     * dots (the dotted path is the layer name), and every size in {@code [min, MAX_DIMENSION]}.
     *
     * @throws IllegalArgumentException naming the layer and the field
     */
    static void check(String kind, String name, Object... fieldsMinValue) {
        if (name == null) {
            throw new IllegalArgumentException(kind + " without a name");
        }
        if (name.contains(".")) {
            throw new IllegalArgumentException(kind + " '" + name + "': a local name may not contain '.'");
        }
        for (int i = 0; i + 2 < fieldsMinValue.length; i += 3) {
            String field = (String) fieldsMinValue[i];
            int min = (Integer) fieldsMinValue[i + 1];
            int v = (Integer) fieldsMinValue[i + 2];
            if (v < min || v > MAX_DIMENSION) {
                throw new IllegalArgumentException(kind + " '" + name + "': " + field + " " + v + " is out of range "
                        + min + ".." + MAX_DIMENSION);
            }
        }
    }

    /** A 2-D convolution, groups = 1, dilation = 1, weight layout OIHW. */
    record Conv(
            String name,
            int inChannels,
            int outChannels,
            int kernelH,
            int kernelW,
            int strideH,
            int strideW,
            int padH,
            int padW,
            boolean bias)
            implements LayerSpec {

        /** Validates the name and sizes (channels and kernel >= 1, stride >= 1, padding >= 0). */
        public Conv {
            LayerSpec.check(
                    "conv",
                    name,
                    "inChannels",
                    1,
                    inChannels,
                    "outChannels",
                    1,
                    outChannels,
                    "kernelH",
                    1,
                    kernelH,
                    "kernelW",
                    1,
                    kernelW,
                    "strideH",
                    1,
                    strideH,
                    "strideW",
                    1,
                    strideW,
                    "padH",
                    0,
                    padH,
                    "padW",
                    0,
                    padW);
        }

        /** Creates a square convolution. */
        public static Conv square(String name, int in, int out, int k, int stride, int pad, boolean bias) {
            return new Conv(name, in, out, k, k, stride, stride, pad, pad, bias);
        }

        /** A convolution with this one's kernel, stride and padding and the given name, channels and bias. */
        public Conv sameGeometry(String newName, int in, int out, boolean withBias) {
            return new Conv(newName, in, out, kernelH, kernelW, strideH, strideW, padH, padW, withBias);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            if (in.channels() != inChannels) {
                throw new IllegalArgumentException(
                        "conv " + name + " expects " + inChannels + " input channels, got " + in.channels());
            }
            int h = (in.height() + 2 * padH - kernelH) / strideH + 1;
            int w = (in.width() + 2 * padW - kernelW) / strideW + 1;
            if (h <= 0 || w <= 0) {
                throw new IllegalArgumentException("conv " + name + ": input " + in + " is too small");
            }
            return new FeatureShape(outChannels, h, w);
        }

        /** Returns the number of weights (without bias). */
        public long weightCount() {
            return (long) outChannels * inChannels * kernelH * kernelW;
        }
    }

    /** A fully connected layer {@code out x in}. */
    record Dense(String name, int inFeatures, int outFeatures, boolean bias) implements LayerSpec {
        /** Validates the name and sizes. */
        public Dense {
            LayerSpec.check("linear", name, "inFeatures", 1, inFeatures, "outFeatures", 1, outFeatures);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            if (in.size() != inFeatures) {
                throw new IllegalArgumentException(
                        "linear " + name + " expects " + inFeatures + " inputs, got " + in.size());
            }
            return new FeatureShape(outFeatures, 1, 1);
        }
    }

    /** Batch normalization over channels (eps 1e-5, momentum 0.1 in PyTorch terms). */
    record BatchNorm(String name, int channels) implements LayerSpec {
        /** Validates the name and channel count. */
        public BatchNorm {
            LayerSpec.check("batchnorm", name, "channels", 1, channels);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            if (in.channels() != channels) {
                throw new IllegalArgumentException(
                        "batchnorm " + name + " expects " + channels + " channels, got " + in.channels());
            }
            return in;
        }
    }

    /** Rectified linear unit. */
    record Relu(String name) implements LayerSpec {
        /** Validates the name. */
        public Relu {
            LayerSpec.check("relu", name);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            return in;
        }
    }

    /**
     * Max pooling with implicit padding {@code pad} on each side (padded positions never win, as in
     * PyTorch's {@code MaxPool2d}); floor mode.
     */
    record MaxPool(String name, int kernel, int stride, int pad) implements LayerSpec {

        /** Validates the name, kernel, stride and padding (at most half the kernel, as PyTorch requires). */
        public MaxPool {
            LayerSpec.check("maxpool", name, "kernel", 1, kernel, "stride", 1, stride, "pad", 0, pad);
            if (pad > kernel / 2) {
                throw new IllegalArgumentException(
                        "maxpool '" + name + "': pad " + pad + " is more than half the kernel " + kernel);
            }
        }

        /** Max pooling without padding. */
        public MaxPool(String name, int kernel, int stride) {
            this(name, kernel, stride, 0);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            return new FeatureShape(
                    in.channels(),
                    (in.height() + 2 * pad - kernel) / stride + 1,
                    (in.width() + 2 * pad - kernel) / stride + 1);
        }
    }

    /** Global average pooling to {@code C x 1 x 1}. */
    record GlobalAvgPool(String name) implements LayerSpec {
        /** Validates the name. */
        public GlobalAvgPool {
            LayerSpec.check("avgpool", name);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            return new FeatureShape(in.channels(), 1, 1);
        }
    }

    /** Flattens {@code C x H x W} to {@code C*H*W} features. */
    record Flatten(String name) implements LayerSpec {
        /** Validates the name. */
        public Flatten {
            LayerSpec.check("flatten", name);
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            return new FeatureShape(in.size(), 1, 1);
        }
    }

    /** Children applied one after the other (PyTorch {@code nn.Sequential} or a named module). */
    record Sequence(String name, List<LayerSpec> children) implements LayerSpec {
        /** Creates a sequence, copying the list (which must exist and hold no null). */
        public Sequence {
            LayerSpec.check("sequence", name);
            children = copyOf(children, "sequence '" + name + "'");
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            FeatureShape s = in;
            for (LayerSpec c : children) {
                s = c.outputShape(s);
            }
            return s;
        }
    }

    /**
     * A residual block: {@code relu(body(x) + shortcut(x))}. The body's children are named at the
     * block level ({@code layer1.0.conv1}); a null shortcut is the identity.
     */
    record Residual(String name, List<LayerSpec> body, LayerSpec shortcut) implements LayerSpec {
        /** Creates a residual block, copying the body list (which must exist and hold no null). */
        public Residual {
            LayerSpec.check("residual", name);
            body = copyOf(body, "residual '" + name + "'");
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            FeatureShape b = in;
            for (LayerSpec c : body) {
                b = c.outputShape(b);
            }
            FeatureShape s = shortcut == null ? in : shortcut.outputShape(in);
            if (!b.equals(s)) {
                throw new IllegalArgumentException("residual " + name + ": body gives " + b + ", shortcut " + s);
            }
            return b;
        }
    }

    /**
     * The parameter-free "option A" shortcut of He et al. 2016: spatial subsampling by {@code stride}
     * and zero-padding of channels, split evenly before and after the input channels.
     */
    record PadShortcut(String name, int inChannels, int outChannels, int stride) implements LayerSpec {
        /** Validates the name and sizes; the shortcut only adds channels. */
        public PadShortcut {
            LayerSpec.check(
                    "shortcut", name, "inChannels", 1, inChannels, "outChannels", 1, outChannels, "stride", 1, stride);
            if (outChannels < inChannels) {
                throw new IllegalArgumentException("shortcut '" + name + "': pads " + inChannels + " channels to "
                        + outChannels + ", but it can only add channels");
            }
        }

        @Override
        public FeatureShape outputShape(FeatureShape in) {
            if (in.channels() != inChannels) {
                throw new IllegalArgumentException("shortcut " + name + " expects " + inChannels + " channels");
            }
            return new FeatureShape(outChannels, (in.height() - 1) / stride + 1, (in.width() - 1) / stride + 1);
        }
    }

    /** Copies a child list, refusing a missing list or a null child with a message naming the parent. */
    private static List<LayerSpec> copyOf(List<LayerSpec> list, String parent) {
        if (list == null) {
            throw new IllegalArgumentException(parent + " has no list of layers");
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalArgumentException(parent + ": layer " + i + " is missing (null)");
            }
        }
        return List.copyOf(list);
    }
}
