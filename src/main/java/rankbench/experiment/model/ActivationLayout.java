package rankbench.experiment.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * How activations between layers are laid out in memory: channels-last ({@code N x H x W x C} in memory,
 * still indexed {@code N x C x H x W}), PyTorch's default {@code NCHW}, or, in inference, oneDNN's own
 * blocked layout ({@link OneDnnTensors}).
 *
 * <p>oneDNN's convolutions in libtorch take channels-last tensors as they are, but convert every
 * {@code NCHW} input into their blocked layout and the output back (two copies per convolution, forward
 * and backward). A network that keeps its activations channels-last pays one conversion, after the
 * first convolution. Every later op keeps the layout: convolutions, batch norm, ReLU, additions, pooling
 * and padding. That pays in training. In inference, oneDNN's kernels for channels-last inputs are slower
 * on narrow layers, and libtorch's ReLU and additions on channels-last tensors slower too; there oneDNN's
 * blocked tensors pay: each convolution's output stays blocked for the next convolution, ReLU and
 * residual addition, and only the ops oneDNN does not take (the option-A shortcut, pooling to a vector,
 * linear layers) get a dense copy (docs/PERFORMANCE.md has the measurements). {@link #AUTO} therefore
 * lays out training passes channels-last and inference passes blocked, in networks whose batch norms are
 * folded into their convs, as every inference network is ({@link PassLayout}; one with batch norms infers
 * in {@code NCHW}). Weights keep PyTorch's layout, so
 * nothing about a model file changes; the figures equal those of {@code NCHW} up to the order of float
 * additions inside the kernels. A network's outputs ({@link Network#forward}, {@link
 * Network#forwardStages}) are always dense {@code NCHW}-indexed tensors.
 *
 * <p>{@code -Drankbench.layout=auto|channels-last|nchw} chooses (default {@code auto}); it is read when a
 * network is built.
 */
public enum ActivationLayout {
    /** Channels-last in training passes, oneDNN's blocked layout in inference passes. */
    AUTO,
    /** {@code N x H x W x C} in memory after the first convolution, in every pass. */
    CHANNELS_LAST,
    /** PyTorch's default, {@code N x C x H x W} in memory, in every pass. */
    NCHW;

    /** Returns whether a pass ({@code training} or inference) lays out its activations channels-last. */
    public boolean channelsLast(boolean training) {
        return this == CHANNELS_LAST || (this == AUTO && training);
    }

    /**
     * Returns whether a pass keeps its activations in oneDNN's blocked layout: inference under {@link #AUTO},
     * where this DJL lets RankBench make oneDNN tensors ({@link OneDnnTensors#available()}).
     */
    public boolean blocked(boolean training) {
        return this == AUTO && !training && OneDnnTensors.available();
    }

    /** Returns the identifier of {@code -Drankbench.layout} ({@code "channels-last"}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Describes what the layout does, e.g. {@code auto (training channels-last, inference oneDNN-blocked)},
     * without starting the engine.
     */
    public String describe() {
        if (this != AUTO) {
            return id();
        }
        return id() + " (training channels-last, inference " + (OneDnnTensors.notRuledOut() ? "oneDNN-blocked" : "nchw")
                + ")";
    }

    /** Parses an identifier written by {@link #id()} (case-insensitive, surrounding spaces ignored). */
    public static ActivationLayout fromId(String id) {
        return EnumIds.parse(values(), ActivationLayout::id, id, "-Drankbench.layout: unknown value");
    }

    /** Returns the layout of {@code -Drankbench.layout}, default {@link #AUTO}. */
    public static ActivationLayout configured() {
        String v = System.getProperty("rankbench.layout");
        return v == null || v.isBlank() ? AUTO : fromId(v);
    }

    /**
     * Returns {@code x} ({@code N x C x H x W}) laid out channels-last, with the same values and gradient.
     * A tensor that is channels-last already comes back as views of itself (no copy), so this can follow
     * every convolution and copies only where the layout changes.
     */
    static NDArray channelsLast(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            return x;
        }
        long n = s.get(0);
        // N C H W -> N H W C (a view); flattening it copies unless its memory is N H W C already.
        return x.transpose(0, 2, 3, 1)
                .reshape(n, -1)
                .reshape(n, s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }
}
