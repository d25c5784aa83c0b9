package rankbench.experiment.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the IDX format of MNIST and Fashion-MNIST, gzipped or raw.
 *
 * <p>Images are IDX3 unsigned-byte files (magic {@code 0x00000803}, then count, rows, columns as big-endian
 * ints, then the pixels); labels are IDX1 unsigned-byte files (magic {@code 0x00000801}, count, labels).
 * Gzip compression is detected from the gzip magic bytes {@code 1f 8b}, not from the file name.
 */
public final class IdxReader {

    /** Magic number of an unsigned-byte IDX file with three dimensions (images). */
    static final int IMAGE_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte IDX file with one dimension (labels). */
    static final int LABEL_MAGIC = 0x00000801;

    private static final Logger LOG = LoggerFactory.getLogger(IdxReader.class);
    private static final int BUFFER_SIZE = 1 << 16;

    private IdxReader() {}

    /**
     * Reads an image file and a label file into a single-channel dataset.
     *
     * @param images IDX3 image file, gzipped or raw
     * @param labels IDX1 label file, gzipped or raw
     * @param name name of the dataset
     * @param classNames class names indexed by label, or {@code null} to use {@code "0"}, {@code "1"}, ... up to
     *     the largest label
     * @return the dataset
     * @throws DatasetException if a file is missing, unreadable, malformed, truncated or the two disagree
     */
    public static ImageDataset read(Path images, Path labels, String name, List<String> classNames) {
        requireFile(images);
        requireFile(labels);
        try (InputStream imageStream = Files.newInputStream(images);
                InputStream labelStream = Files.newInputStream(labels)) {
            return read(
                    imageStream,
                    images.toString(),
                    Files.size(images),
                    labelStream,
                    labels.toString(),
                    Files.size(labels),
                    name,
                    classNames);
        } catch (NoSuchFileException e) {
            throw new DatasetException("Dataset not found: " + e.getFile(), e);
        } catch (IOException e) {
            throw new DatasetException("Cannot read " + images + " / " + labels + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads image and label streams into a single-channel dataset; the streams are read but not closed.
     *
     * @param images IDX3 image data, gzipped or raw
     * @param labels IDX1 label data, gzipped or raw
     * @param name name of the dataset
     * @param classNames class names indexed by label, or {@code null} to use {@code "0"}, {@code "1"}, ... up to
     *     the largest label
     * @param sourceDescription where the streams come from (for example a resource path), used in messages as
     *     {@code <sourceDescription> [images]} and {@code <sourceDescription> [labels]}
     * @return the dataset
     * @throws DatasetException if the data is malformed, truncated or the two streams disagree
     */
    public static ImageDataset read(
            InputStream images, InputStream labels, String name, List<String> classNames, String sourceDescription) {
        return read(
                images,
                sourceDescription + " [images]",
                -1,
                labels,
                sourceDescription + " [labels]",
                -1,
                name,
                classNames);
    }

    /**
     * Writes a single-channel dataset as an IDX3 image file and an IDX1 label file (for tests and the bundled
     * subset); parent directories are created.
     *
     * @param data dataset with one channel and labels below 256
     * @param images image file to write
     * @param labels label file to write
     * @param gzip whether to gzip both files
     * @throws DatasetException if a file cannot be written
     */
    public static void write(ImageDataset data, Path images, Path labels, boolean gzip) {
        if (data.channels() != 1) {
            throw new IllegalArgumentException("IDX images need 1 channel, " + data.name() + " has " + data.channels());
        }
        if (data.numClasses() > 256) {
            throw new IllegalArgumentException(
                    "IDX labels are bytes, " + data.name() + " has " + data.numClasses() + " classes");
        }
        byte[] labelBytes = new byte[data.size()];
        int[] rawLabels = data.rawLabels();
        for (int i = 0; i < labelBytes.length; i++) {
            labelBytes[i] = (byte) rawLabels[i];
        }
        writeFile(images, gzip, new int[] {IMAGE_MAGIC, data.size(), data.height(), data.width()}, data.rawPixels());
        writeFile(labels, gzip, new int[] {LABEL_MAGIC, data.size()}, labelBytes);
    }

    private static void writeFile(Path file, boolean gzip, int[] header, byte[] body) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream raw = Files.newOutputStream(file);
                    OutputStream compressed = gzip ? new GZIPOutputStream(raw, BUFFER_SIZE) : raw;
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(compressed, BUFFER_SIZE))) {
                for (int value : header) {
                    out.writeInt(value);
                }
                out.write(body);
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static ImageDataset read(
            InputStream imageStream,
            String imageSource,
            long imageFileSize,
            InputStream labelStream,
            String labelSource,
            long labelFileSize,
            String name,
            List<String> classNames) {
        long start = System.nanoTime();
        int[] imageHeader;
        byte[] pixels;
        try (InputStream in = decompressed(imageStream, imageSource)) {
            imageHeader = readHeader(in, imageSource, IMAGE_MAGIC, "image", 3);
            long plane = (long) imageHeader[1] * imageHeader[2];
            if (imageHeader[1] < 1
                    || imageHeader[2] < 1
                    || plane > Integer.MAX_VALUE
                    || plane * imageHeader[0] > Integer.MAX_VALUE - 16) {
                throw new DatasetException(imageSource + ": invalid image dimensions " + imageHeader[0] + "x"
                        + imageHeader[1] + "x" + imageHeader[2] + " (at most " + (Integer.MAX_VALUE - 16)
                        + " pixels in one file)");
            }
            long total = plane * imageHeader[0];
            pixels = readBody(in, imageSource, (int) total, "pixels", available(in, imageFileSize, 16));
        } catch (IOException e) {
            throw failure(imageSource, e);
        }
        byte[] labelBytes;
        try (InputStream in = decompressed(labelStream, labelSource)) {
            int[] labelHeader = readHeader(in, labelSource, LABEL_MAGIC, "label", 1);
            if (labelHeader[0] != imageHeader[0]) {
                throw new DatasetException("Image/label count mismatch: " + imageSource + " has " + imageHeader[0]
                        + " images but " + labelSource + " has " + labelHeader[0] + " labels");
            }
            labelBytes = readBody(in, labelSource, labelHeader[0], "labels", available(in, labelFileSize, 8));
        } catch (IOException e) {
            throw failure(labelSource, e);
        }
        if (labelBytes.length == 0) {
            throw new DatasetException(imageSource + ": holds no images");
        }
        int[] labels = new int[labelBytes.length];
        int maxLabel = -1;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelBytes[i] & 0xFF;
            maxLabel = Math.max(maxLabel, labels[i]);
        }
        List<String> names = classNames != null ? classNames : numberedNames(maxLabel + 1);
        checkLabels(labels, names.size(), labelSource);
        ImageDataset data = new ImageDataset(name, 1, imageHeader[1], imageHeader[2], pixels, labels, names);
        LOG.debug(
                "Read {} IDX images {}x{} from {} in {} ms",
                data.size(),
                data.height(),
                data.width(),
                imageSource,
                (System.nanoTime() - start) / 1_000_000);
        return data;
    }

    /**
     * The most body bytes a file of {@code fileSize} bytes can hold after its {@code headerBytes}-byte
     * header: the rest of the file if raw, and 1032 times the file if gzipped (the largest ratio deflate can
     * reach); {@code Long.MAX_VALUE} for a stream of unknown size.
     */
    private static long available(InputStream in, long fileSize, int headerBytes) {
        if (fileSize < 0) {
            return Long.MAX_VALUE;
        }
        return in instanceof GZIPInputStream ? 1032L * fileSize : fileSize - headerBytes;
    }

    /**
     * Wraps a stream in a buffer and, if it starts with the gzip magic bytes, in a gzip decoder; closing the
     * result releases the decoder but leaves {@code in} open.
     */
    static InputStream decompressed(InputStream in, String source) throws IOException {
        InputStream unclosable = new FilterInputStream(in) {
            @Override
            public void close() {
                // The caller owns the underlying stream.
            }
        };
        BufferedInputStream buffered = new BufferedInputStream(unclosable, BUFFER_SIZE);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new GZIPInputStream(buffered, BUFFER_SIZE);
            } catch (EOFException e) {
                throw new DatasetException(source + ": truncated gzip header", e);
            }
        }
        return buffered;
    }

    private static int[] readHeader(InputStream in, String source, int expectedMagic, String kind, int dims)
            throws IOException {
        byte[] header = new byte[4 + 4 * dims];
        int n = in.readNBytes(header, 0, header.length);
        if (n < 4) {
            throw new DatasetException(
                    source + ": truncated: expected a " + header.length + "-byte IDX header, found " + n + " bytes");
        }
        int magic = readInt(header, 0);
        if (magic != expectedMagic) {
            throw new DatasetException(String.format(
                    "%s: not an IDX %s file (magic 0x%08x, expected 0x%08x)", source, kind, magic, expectedMagic));
        }
        if (n < header.length) {
            throw new DatasetException(
                    source + ": truncated: expected a " + header.length + "-byte IDX header, found " + n + " bytes");
        }
        int[] sizes = new int[dims];
        for (int d = 0; d < dims; d++) {
            sizes[d] = readInt(header, 4 + 4 * d);
            if (sizes[d] < 0) {
                throw new DatasetException(source + ": invalid IDX dimension " + (sizes[d] & 0xFFFFFFFFL));
            }
        }
        return sizes;
    }

    /**
     * Reads exactly {@code expected} bytes, refusing a claim the file cannot hold before anything is
     * allocated, a short body and data after the body.
     */
    private static byte[] readBody(InputStream in, String source, int expected, String what, long available)
            throws IOException {
        if (expected > available) {
            throw new DatasetException(
                    in instanceof GZIPInputStream
                            ? source + ": truncated: the header declares " + expected + " bytes of " + what
                                    + ", more than the gzip file can hold (at most " + available + ")"
                            : source + ": truncated: expected " + expected + " bytes of " + what + ", found "
                                    + Math.max(0, available));
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (expected > free / 2) { // reading may hold the data twice for a moment
            throw new DatasetException(source + ": the header declares " + expected + " bytes of " + what
                    + ", more than this RankBench has memory for (" + (free >> 20) + " MB free; start it with a"
                    + " larger -Xmx)");
        }
        byte[] body = in.readNBytes(expected); // allocates as the data arrives, not what the header claims
        if (body.length < expected) {
            throw new DatasetException(
                    source + ": truncated: expected " + expected + " bytes of " + what + ", found " + body.length);
        }
        if (in.read() >= 0) {
            throw new DatasetException(
                    source + ": holds more data than its header declares (" + expected + " bytes of " + what + ")");
        }
        return body;
    }

    private static int readInt(byte[] b, int offset) {
        return (b[offset] & 0xFF) << 24
                | (b[offset + 1] & 0xFF) << 16
                | (b[offset + 2] & 0xFF) << 8
                | (b[offset + 3] & 0xFF);
    }

    private static DatasetException failure(String source, IOException e) {
        if (e instanceof EOFException) {
            return new DatasetException(source + ": truncated: unexpected end of compressed data", e);
        }
        if (e instanceof ZipException) {
            return new DatasetException(source + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
        return new DatasetException("Cannot read " + source + ": " + e.getMessage(), e);
    }

    /** Throws a {@link DatasetException} naming {@code source} if a label is not below {@code numClasses}. */
    static void checkLabels(int[] labels, int numClasses, String source) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new DatasetException(source + ": label " + labels[i] + " of sample " + i + " is out of range 0.."
                        + (numClasses - 1));
            }
        }
    }

    /** Throws "Dataset not found" unless {@code file} is an existing regular file. */
    static void requireFile(Path file) {
        if (!Files.exists(file)) {
            throw new DatasetException("Dataset not found: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + ": not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new DatasetException(file + ": not readable (permission denied)");
        }
    }

    static List<String> numberedNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }
}
