package rankbench.experiment.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100.
 *
 * <p>A CIFAR-10 record is 1 label byte followed by 3072 pixel bytes; a CIFAR-100 record is a coarse label
 * byte, a fine label byte and 3072 pixel bytes. The pixels are 32x32 images stored as the red, green and blue
 * planes, row by row, which is exactly the CHW order of {@link ImageDataset}.
 */
public final class CifarReader {

    /** The CIFAR-10 class names, used when no {@code batches.meta.txt} is found. */
    static final List<String> CIFAR10_CLASSES =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private static final Logger LOG = LoggerFactory.getLogger(CifarReader.class);
    private static final int SIDE = 32;
    private static final int IMAGE_BYTES = 3 * SIDE * SIDE;
    /** Largest class-name file read. */
    private static final long MAX_NAMES_BYTES = 1 << 20;

    private CifarReader() {}

    /**
     * Reads CIFAR-10 binary batch files into one dataset, in the order given.
     *
     * <p>Class names come from {@code batches.meta.txt} in the directory of the first file if it exists (one
     * name per line, blank lines ignored), else the standard ten names.
     *
     * @param batchFiles batch files such as {@code data_batch_1.bin}, at least one
     * @param name name of the dataset
     * @return a 3x32x32 dataset
     * @throws DatasetException if a file is missing, unreadable, not a whole number of records or holds a label
     *     without a class name
     */
    public static ImageDataset readCifar10(List<Path> batchFiles, String name) {
        List<String> names = readNames(batchFiles, "batches.meta.txt");
        return read(batchFiles, name, 1, 0, names != null ? names : CIFAR10_CLASSES, "CIFAR-10");
    }

    /**
     * Reads CIFAR-100 binary files ({@code train.bin}, {@code test.bin}) into one dataset, in the order given.
     *
     * <p>Class names come from {@code fine_label_names.txt} or {@code coarse_label_names.txt} in the directory of
     * the first file if it exists, else {@code class0}, {@code class1}, ... (100 fine or 20 coarse classes).
     *
     * @param batchFiles CIFAR-100 binary files, at least one
     * @param name name of the dataset
     * @param fineLabels whether to use the 100 fine labels (else the 20 coarse labels)
     * @return a 3x32x32 dataset
     * @throws DatasetException if a file is missing, unreadable, not a whole number of records or holds a label
     *     without a class name
     */
    public static ImageDataset readCifar100(List<Path> batchFiles, String name, boolean fineLabels) {
        List<String> names = readNames(batchFiles, fineLabels ? "fine_label_names.txt" : "coarse_label_names.txt");
        if (names == null) {
            names = new ArrayList<>();
            for (int i = 0, n = fineLabels ? 100 : 20; i < n; i++) {
                names.add("class" + i);
            }
        }
        return read(batchFiles, name, 2, fineLabels ? 1 : 0, names, "CIFAR-100");
    }

    private static ImageDataset read(
            List<Path> files, String name, int labelBytes, int labelOffset, List<String> classNames, String format) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No " + format + " files given for " + name);
        }
        long start = System.nanoTime();
        int recordSize = labelBytes + IMAGE_BYTES;
        long records = 0;
        for (Path file : files) { // sizes first: nothing is read or allocated for a set that cannot fit
            IdxReader.requireFile(file);
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            if (size % recordSize != 0) {
                throw new DatasetException(file + ": size " + size + " bytes is not a multiple of the " + format
                        + " record size " + recordSize);
            }
            if (size == 0) {
                throw new DatasetException(file + ": empty " + format + " file");
            }
            records += size / recordSize;
            if (records * IMAGE_BYTES > Integer.MAX_VALUE - 16) {
                throw new DatasetException(file + ": too many " + format + " records (" + records + " so far, at most "
                        + (Integer.MAX_VALUE - 16) / IMAGE_BYTES + " in one dataset)");
            }
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (records * recordSize * 2 > free) {
            throw new DatasetException(files.get(0) + ": " + records + " " + format + " records need more memory than"
                    + " this RankBench has (" + (free >> 20) + " MB free; start it with a larger -Xmx)");
        }
        List<byte[]> contents = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length % recordSize != 0 || bytes.length == 0) {
                    throw new DatasetException(file + ": changed while it was read");
                }
                contents.add(bytes);
            } catch (IOException e) {
                throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        if (contents.stream().mapToLong(b -> b.length / recordSize).sum() != records) {
            throw new DatasetException(files.get(0) + ": a file changed while it was read");
        }
        byte[] pixels = new byte[(int) records * IMAGE_BYTES];
        int[] labels = new int[(int) records];
        int sample = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] bytes = contents.get(f);
            for (int pos = 0; pos < bytes.length; pos += recordSize, sample++) {
                int label = bytes[pos + labelOffset] & 0xFF;
                if (label >= classNames.size()) {
                    throw new DatasetException(files.get(f) + ": label " + label + " of record " + pos / recordSize
                            + " is out of range 0.." + (classNames.size() - 1));
                }
                labels[sample] = label;
                System.arraycopy(bytes, pos + labelBytes, pixels, sample * IMAGE_BYTES, IMAGE_BYTES);
            }
            contents.set(f, null);
        }
        ImageDataset data = new ImageDataset(name, 3, SIDE, SIDE, pixels, labels, classNames);
        LOG.debug(
                "Read {} {} images from {} file(s) in {} ms",
                data.size(),
                format,
                files.size(),
                (System.nanoTime() - start) / 1_000_000);
        return data;
    }

    /** Reads non-blank trimmed lines of {@code fileName} next to the first batch file, or null if absent. */
    private static List<String> readNames(List<Path> batchFiles, String fileName) {
        if (batchFiles.isEmpty()) {
            return null;
        }
        Path dir = batchFiles.get(0).toAbsolutePath().getParent();
        Path namesFile = dir == null ? null : dir.resolve(fileName);
        if (namesFile == null || !Files.isRegularFile(namesFile)) {
            return null;
        }
        try {
            if (Files.size(namesFile) > MAX_NAMES_BYTES) {
                throw new DatasetException(namesFile + ": too large for a list of class names (" + Files.size(namesFile)
                        + " bytes, at most " + MAX_NAMES_BYTES + ")");
            }
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(namesFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
            if (names.isEmpty()) {
                throw new DatasetException(namesFile + ": no class names found");
            }
            return names;
        } catch (IOException e) {
            throw new DatasetException("Cannot read " + namesFile + ": " + e.getMessage(), e);
        }
    }
}
