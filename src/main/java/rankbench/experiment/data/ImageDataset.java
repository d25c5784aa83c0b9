package rankbench.experiment.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Immutable in-memory image classification dataset, uint8 pixels in N x C x H x W order (CHW per image).
 *
 * <p>The pixel and label arrays passed to the constructor are used as they are, without copying: callers must
 * not modify them afterwards. All methods that hand out data return copies, so the dataset itself stays
 * immutable and can be shared between threads.
 */
public final class ImageDataset {

    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final int imageSize;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;

    /** Value tables of the most recently used normalization (immutable holder, so publication is safe). */
    private volatile NormalizationTables tables;

    private record NormalizationTables(Normalization normalization, float[][] perChannel) {}

    /**
     * Creates a dataset over the given arrays without copying them; callers must not modify them afterwards.
     *
     * @param name display name, for example {@code fashion-mnist/train}
     * @param channels channels per image, at least 1
     * @param height image height in pixels, at least 1
     * @param width image width in pixels, at least 1
     * @param pixels {@code labels.length * channels * height * width} bytes, images in CHW order
     * @param labels class index of each image, each in {@code [0, classNames.size())}
     * @param classNames class names, indexed by label
     * @throws IllegalArgumentException if the sizes do not match or a label is out of range
     */
    public ImageDataset(
            String name, int channels, int height, int width, byte[] pixels, int[] labels, List<String> classNames) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        this.classNames = List.copyOf(Objects.requireNonNull(classNames, "classNames"));
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(name + ": invalid image shape " + channels + "x" + height + "x" + width);
        }
        long size = (long) channels * height * width;
        if (size > Integer.MAX_VALUE || size * labels.length != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes do not hold " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
        int numClasses = this.classNames.size();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(
                        name + ": label " + labels[i] + " of sample " + i + " is out of range 0.." + (numClasses - 1));
            }
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.imageSize = (int) size;
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * Returns the display name.
     *
     * @return the name given at construction
     */
    public String name() {
        return name;
    }

    /**
     * Returns the number of samples.
     *
     * @return the number of images
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns the number of channels per image.
     *
     * @return 1 for grayscale, 3 for RGB
     */
    public int channels() {
        return channels;
    }

    /**
     * Returns the image height.
     *
     * @return height in pixels
     */
    public int height() {
        return height;
    }

    /**
     * Returns the image width.
     *
     * @return width in pixels
     */
    public int width() {
        return width;
    }

    /**
     * Returns the number of values per image.
     *
     * @return channels * height * width
     */
    public int imageSize() {
        return imageSize;
    }

    /**
     * Returns the number of classes.
     *
     * @return {@code classNames().size()}
     */
    public int numClasses() {
        return classNames.size();
    }

    /**
     * Returns the class names, indexed by label.
     *
     * @return an unmodifiable list
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * Returns the label of one sample.
     *
     * @param index sample index
     * @return class index in {@code [0, numClasses())}
     */
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }

    /**
     * Returns all labels.
     *
     * @return a copy of the labels
     */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * Writes image {@code index} normalized ({@code (x/255 - mean[c]) / std[c]}) as floats into dst starting
     * at offset, in CHW order.
     *
     * @param index sample index
     * @param norm normalization with {@link #channels()} channels
     * @param dst destination, with room for {@link #imageSize()} values from {@code offset}
     * @param offset first index written in {@code dst}
     */
    public void normalizedImage(int index, Normalization norm, float[] dst, int offset) {
        float[][] lut = tablesFor(norm);
        Objects.checkFromIndexSize(offset, imageSize, dst.length);
        int plane = height * width;
        int src = Objects.checkIndex(index, labels.length) * imageSize;
        int out = offset;
        for (int c = 0; c < channels; c++) {
            float[] table = lut[c];
            for (int end = src + plane; src < end; src++) {
                dst[out++] = table[pixels[src] & 0xFF];
            }
        }
    }

    /**
     * Same as {@link #normalizedImage} but mirrored left-right (for random horizontal flip augmentation).
     *
     * @param index sample index
     * @param norm normalization with {@link #channels()} channels
     * @param dst destination, with room for {@link #imageSize()} values from {@code offset}
     * @param offset first index written in {@code dst}
     */
    public void normalizedImageFlipped(int index, Normalization norm, float[] dst, int offset) {
        float[][] lut = tablesFor(norm);
        Objects.checkFromIndexSize(offset, imageSize, dst.length);
        int src = Objects.checkIndex(index, labels.length) * imageSize;
        int out = offset;
        for (int c = 0; c < channels; c++) {
            float[] table = lut[c];
            for (int y = 0; y < height; y++) {
                int rowEnd = src + width - 1;
                for (int x = 0; x < width; x++) {
                    dst[out++] = table[pixels[rowEnd - x] & 0xFF];
                }
                src += width;
            }
        }
    }

    /**
     * Returns one pixel value.
     *
     * @param index sample index
     * @param c channel
     * @param y row
     * @param x column
     * @return the value in 0..255
     */
    public int pixel(int index, int c, int y, int x) {
        Objects.checkIndex(index, labels.length);
        Objects.checkIndex(c, channels);
        Objects.checkIndex(y, height);
        Objects.checkIndex(x, width);
        return pixels[index * imageSize + (c * height + y) * width + x] & 0xFF;
    }

    /**
     * Returns a new dataset holding copies of the given samples, in the given order.
     *
     * @param indices sample indices, duplicates allowed
     * @param newName name of the new dataset
     * @return the subset
     */
    public ImageDataset subset(int[] indices, String newName) {
        byte[] newPixels = new byte[Math.multiplyExact(indices.length, imageSize)];
        int[] newLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int j = Objects.checkIndex(indices[i], labels.length);
            System.arraycopy(pixels, j * imageSize, newPixels, i * imageSize, imageSize);
            newLabels[i] = labels[j];
        }
        return new ImageDataset(newName, channels, height, width, newPixels, newLabels, classNames);
    }

    /**
     * Returns the first {@code min(n, size())} samples, under the same name.
     *
     * @param n maximum number of samples, not negative
     * @return this dataset if it has at most {@code n} samples, else a copy of its first {@code n} samples
     */
    public ImageDataset limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        if (n >= labels.length) {
            return this;
        }
        return new ImageDataset(
                name,
                channels,
                height,
                width,
                Arrays.copyOf(pixels, n * imageSize),
                Arrays.copyOf(labels, n),
                classNames);
    }

    /**
     * Counts the samples of each class.
     *
     * @return an array of {@link #numClasses()} counts, indexed by label
     */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * Returns a short description.
     *
     * @return name, size and shape
     */
    @Override
    public String toString() {
        return name + " (" + size() + " images, " + channels + "x" + height + "x" + width + ", " + numClasses()
                + " classes)";
    }

    /** Returns the internal pixel array (not a copy); for readers, writers and tests in this package only. */
    byte[] rawPixels() {
        return pixels;
    }

    /** Returns the internal label array (not a copy); for readers, writers and tests in this package only. */
    int[] rawLabels() {
        return labels;
    }

    private float[][] tablesFor(Normalization norm) {
        NormalizationTables t = tables;
        if (t != null && (t.normalization() == norm || t.normalization().equals(norm))) {
            return t.perChannel();
        }
        if (norm.channels() != channels) {
            throw new IllegalArgumentException(
                    name + ": normalization has " + norm.channels() + " channels, images have " + channels);
        }
        float[][] perChannel = new float[channels][];
        for (int c = 0; c < channels; c++) {
            perChannel[c] = norm.lookupTable(c);
        }
        tables = new NormalizationTables(norm, perChannel);
        return perChannel;
    }
}
