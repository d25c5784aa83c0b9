package rankbench.experiment.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-channel normalization applied after scaling pixels to [0,1].
 *
 * <p>A pixel value {@code x} in channel {@code c} becomes {@code (x / 255 - mean[c]) / std[c]}. The arrays are
 * copied on construction and on access, so instances are immutable; {@code equals}, {@code hashCode} and
 * {@code toString} use the array contents.
 *
 * @param mean per-channel mean in [0,1] units
 * @param std per-channel standard deviation in [0,1] units, each strictly positive
 */
public record Normalization(float[] mean, float[] std) {

    /**
     * Validates and copies the arrays.
     *
     * @param mean per-channel mean in [0,1] units
     * @param std per-channel standard deviation in [0,1] units
     * @throws IllegalArgumentException if the arrays are empty, differ in length, hold non-finite values or a
     *     standard deviation that is not strictly positive
     */
    public Normalization {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException(
                    "mean and std must have the same, non-zero length: " + mean.length + " vs " + std.length);
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("mean[" + c + "] is not finite: " + mean[c]);
            }
            if (!(std[c] > 0f) || !Float.isFinite(std[c])) {
                throw new IllegalArgumentException("std[" + c + "] must be finite and > 0: " + std[c]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Computes the per-channel mean and (population) standard deviation over all pixels, in [0,1] units.
     *
     * <p>A channel whose pixels are all equal (standard deviation 0), and an empty dataset, get standard
     * deviation 1 so that the result is always usable.
     *
     * @param data the dataset, usually the training split
     * @return the normalization for {@code data}
     */
    public static Normalization compute(ImageDataset data) {
        int channels = data.channels();
        int plane = data.height() * data.width();
        int imageSize = data.imageSize();
        byte[] pixels = data.rawPixels();
        // Histograms make the accumulation exact and fast; the moments are then computed in double.
        long[][] histograms = new long[channels][256];
        for (int i = 0, n = data.size(); i < n; i++) {
            int base = i * imageSize;
            for (int c = 0; c < channels; c++) {
                long[] h = histograms[c];
                for (int p = base + c * plane, end = p + plane; p < end; p++) {
                    h[pixels[p] & 0xFF]++;
                }
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double count = 0;
            double sum = 0;
            double sumSq = 0;
            for (int v = 0; v < 256; v++) {
                double k = histograms[c][v];
                double x = v / 255.0;
                count += k;
                sum += k * x;
                sumSq += k * x * x;
            }
            double m = count == 0 ? 0 : sum / count;
            double var = count == 0 ? 0 : Math.max(0, sumSq / count - m * m);
            double s = Math.sqrt(var);
            mean[c] = (float) m;
            std[c] = s > 1e-12 && (float) s > 0f ? (float) s : 1f;
        }
        return new Normalization(mean, std);
    }

    /**
     * Returns the normalization that only scales pixels to [0,1] (mean 0, std 1).
     *
     * @param channels number of channels, at least 1
     * @return the identity normalization
     */
    public static Normalization identity(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1: " + channels);
        }
        float[] std = new float[channels];
        Arrays.fill(std, 1f);
        return new Normalization(new float[channels], std);
    }

    /**
     * Returns a copy of the per-channel means.
     *
     * @return the means in [0,1] units
     */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /**
     * Returns a copy of the per-channel standard deviations.
     *
     * @return the standard deviations in [0,1] units
     */
    @Override
    public float[] std() {
        return std.clone();
    }

    /**
     * Returns the number of channels.
     *
     * @return the length of the mean and std arrays
     */
    public int channels() {
        return mean.length;
    }

    /** Builds the 256-entry value table of channel {@code c}, exactly {@code (x / 255f - mean) / std}. */
    float[] lookupTable(int c) {
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (v / 255f - mean[c]) / std[c];
        }
        return table;
    }

    /**
     * Compares the array contents.
     *
     * @param o the other object
     * @return whether {@code o} is a normalization with equal means and standard deviations
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    /**
     * Hashes the array contents.
     *
     * @return a hash of the means and standard deviations
     */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    /**
     * Shows the array contents.
     *
     * @return for example {@code Normalization[mean=[0.286], std=[0.353]]}
     */
    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
