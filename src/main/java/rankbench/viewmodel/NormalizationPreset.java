package rankbench.viewmodel;

import java.util.Arrays;

/**
 * The input normalization of an imported state dict: per-channel mean and standard deviation after
 * scaling pixels to [0, 1] (a state dict stores neither).
 */
public enum NormalizationPreset {
    /** Fashion-MNIST's training pixels (one channel). */
    FASHION_MNIST("Fashion-MNIST", new float[] {0.2860f}, new float[] {0.3530f}),
    /** CIFAR-10's training pixels (three channels, RGB). */
    CIFAR10("CIFAR-10", new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f}),
    /** No normalization: mean 0 and standard deviation 1 for every channel. */
    NONE("None (mean 0, std 1)", null, null),
    /** Values typed by the user. */
    CUSTOM("Custom", null, null);

    private final String label;
    private final float[] mean;
    private final float[] std;

    NormalizationPreset(String label, float[] mean, float[] std) {
        this.label = label;
        this.mean = mean;
        this.std = std;
    }

    /** The preset's mean for {@code channels} channels, or null if it has none or another channel count. */
    public float[] mean(int channels) {
        if (this == NONE) {
            return new float[channels];
        }
        return mean != null && mean.length == channels ? mean.clone() : null;
    }

    /** The preset's standard deviation for {@code channels} channels, or null (see {@link #mean}). */
    public float[] std(int channels) {
        if (this == NONE) {
            float[] s = new float[channels];
            Arrays.fill(s, 1f);
            return s;
        }
        return std != null && std.length == channels ? std.clone() : null;
    }

    /** The channel count a dataset preset is for (0 for {@link #NONE} and {@link #CUSTOM}). */
    public int channels() {
        return mean == null ? 0 : mean.length;
    }

    @Override
    public String toString() {
        return label;
    }
}
