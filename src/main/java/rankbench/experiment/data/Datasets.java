package rankbench.experiment.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and loads datasets by a user spec.
 *
 * <p>Supported specs:
 * <ul>
 *   <li>{@code fashion-mnist}: the full Fashion-MNIST from {@link #DEBIAN_FASHION_MNIST} (Debian package
 *       {@code dataset-fashion-mnist}) if it is installed and readable, else the bundled subset;</li>
 *   <li>{@code fashion-mnist-subset}: always the subset bundled on the classpath (the first 2000 training and
 *       first 1000 test images of Fashion-MNIST);</li>
 *   <li>a directory (a leading {@code ~/} means the user's home) holding one of
 *     <ul>
 *       <li>IDX files: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 *           {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each optionally with {@code .gz},
 *           and also with MNIST's alternative {@code .idx3-ubyte} spelling. If the directory path contains
 *           "fashion" the data is taken to be Fashion-MNIST (its class names and normalization), otherwise the
 *           classes are named {@code 0}, {@code 1}, ... as for MNIST;</li>
 *       <li>CIFAR-10 binaries: {@code data_batch_1.bin} ... {@code data_batch_5.bin} and {@code test_batch.bin}
 *           (directly or in a {@code cifar-10-batches-bin} sub-folder);</li>
 *       <li>CIFAR-100 binaries: {@code train.bin} and {@code test.bin}, fine labels (directly or in a
 *           {@code cifar-100-binary} sub-folder);</li>
 *       <li>an image folder with {@code train/} and {@code test/} sub-folders, each with one sub-folder per class
 *           (see {@link ImageFolderReader}); the test folder must have the same classes;</li>
 *       <li>an image folder with one sub-folder per class and no {@code train/}/{@code test/} split: then a
 *           deterministic 1/6 of the images (seeded shuffle with seed 0, see {@link DatasetSplits#split}) becomes
 *           the test set and the rest the training set.</li>
 *     </ul>
 *   </li>
 * </ul>
 * The normalization is {@link #FASHION_MNIST_NORMALIZATION} for Fashion-MNIST, otherwise
 * {@link Normalization#compute} over the training set.
 */
public final class Datasets {

    /** Where the Debian package {@code dataset-fashion-mnist} installs Fashion-MNIST. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** The Fashion-MNIST class names, indexed by label. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The usual Fashion-MNIST normalization (mean and std of the training pixels in [0,1] units). */
    public static final Normalization FASHION_MNIST_NORMALIZATION =
            new Normalization(new float[] {0.2860f}, new float[] {0.3530f});

    /** Spec of the full Fashion-MNIST (falls back to the bundled subset). */
    public static final String FASHION_MNIST_SPEC = "fashion-mnist";

    /** Spec of the bundled Fashion-MNIST subset. */
    public static final String FASHION_MNIST_SUBSET_SPEC = "fashion-mnist-subset";

    /** Classpath folder of the bundled subset. */
    static final String BUNDLED_SUBSET_RESOURCE = "/rankbench/data/fashion-mnist-subset/";

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** Fraction of an unsplit image folder used as the test set. */
    static final double IMAGE_FOLDER_TEST_FRACTION = 1.0 / 6.0;

    private static final Logger LOG = LoggerFactory.getLogger(Datasets.class);
    private static final Pattern DATA_BATCH = Pattern.compile("data_batch_(\\d+)\\.bin");
    private static final String LOOKED_FOR = "IDX files (" + TRAIN_IMAGES + "[.gz], " + TRAIN_LABELS + "[.gz], "
            + TEST_IMAGES + "[.gz], " + TEST_LABELS + "[.gz]), CIFAR-10 binaries (data_batch_1.bin.."
            + "data_batch_5.bin, test_batch.bin), CIFAR-100 binaries (train.bin, test.bin) or an image folder "
            + "(train/ and test/ with one sub-folder of images per class, or one sub-folder of images per class)";

    private Datasets() {}

    /**
     * Loads a dataset from a spec: {@code fashion-mnist}, {@code fashion-mnist-subset} or a directory (see the
     * class description for the formats recognized).
     *
     * @param spec the user's dataset spec
     * @return the loaded data source
     * @throws DatasetException if nothing is found at the spec or the data is malformed
     */
    public static DataSource load(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new DatasetException("No dataset given: expected " + FASHION_MNIST_SPEC + ", "
                    + FASHION_MNIST_SUBSET_SPEC + " or a directory");
        }
        long start = System.nanoTime();
        String s = spec.strip();
        DataSource source;
        if (s.equalsIgnoreCase(FASHION_MNIST_SPEC)) {
            if (debianFashionMnistAvailable()) {
                source = loadIdx(DEBIAN_FASHION_MNIST, true);
            } else {
                LOG.warn(
                        "Fashion-MNIST not found at {} (install the Debian package dataset-fashion-mnist); "
                                + "using the bundled subset",
                        DEBIAN_FASHION_MNIST);
                source = bundledFashionMnistSubset();
            }
        } else if (s.equalsIgnoreCase(FASHION_MNIST_SUBSET_SPEC)) {
            source = bundledFashionMnistSubset();
        } else {
            source = loadDirectory(expandHome(s));
        }
        LOG.info("Loaded {} in {} ms", source.description(), (System.nanoTime() - start) / 1_000_000);
        return source;
    }

    /**
     * Loads the Fashion-MNIST subset bundled on the classpath: the first 2000 training and first 1000 test
     * images of Fashion-MNIST.
     *
     * @return the subset, with the Fashion-MNIST class names and normalization
     * @throws DatasetException if the resources are missing or corrupt
     */
    public static DataSource bundledFashionMnistSubset() {
        String name = FASHION_MNIST_SUBSET_SPEC;
        ImageDataset train = readResource(TRAIN_IMAGES, TRAIN_LABELS, name + "/train");
        ImageDataset test = readResource(TEST_IMAGES, TEST_LABELS, name + "/test");
        return new DataSource(
                name,
                describe(
                        "Fashion-MNIST subset (first " + train.size() + " train / first " + test.size()
                                + " test images, bundled with RankBench)",
                        train,
                        test),
                train,
                test,
                FASHION_MNIST_NORMALIZATION);
    }

    /**
     * Tells whether the full Fashion-MNIST of the Debian package {@code dataset-fashion-mnist} is installed.
     *
     * @return whether the four IDX files exist in {@link #DEBIAN_FASHION_MNIST} and are readable
     */
    public static boolean debianFashionMnistAvailable() {
        for (String base : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            Path file = DEBIAN_FASHION_MNIST.resolve(base + ".gz");
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                file = DEBIAN_FASHION_MNIST.resolve(base);
                if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static ImageDataset readResource(String images, String labels, String name) {
        String imagePath = BUNDLED_SUBSET_RESOURCE + images + ".gz";
        String labelPath = BUNDLED_SUBSET_RESOURCE + labels + ".gz";
        try (InputStream imageStream = Datasets.class.getResourceAsStream(imagePath);
                InputStream labelStream = Datasets.class.getResourceAsStream(labelPath)) {
            if (imageStream == null || labelStream == null) {
                throw new DatasetException(
                        "Bundled dataset not found on the classpath: " + (imageStream == null ? imagePath : labelPath));
            }
            return IdxReader.read(
                    imageStream,
                    labelStream,
                    name,
                    FASHION_MNIST_CLASSES,
                    "classpath:" + BUNDLED_SUBSET_RESOURCE + images.substring(0, images.indexOf('-')));
        } catch (IOException e) {
            throw new DatasetException("Cannot read bundled dataset " + imagePath + ": " + e.getMessage(), e);
        }
    }

    private static Path expandHome(String spec) {
        if (spec.equals("~") || spec.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + spec.substring(1));
        }
        return Path.of(spec);
    }

    private static DataSource loadDirectory(Path dir) {
        if (!Files.exists(dir)) {
            throw new DatasetException("Dataset not found: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(dir + ": not a directory; expected a directory holding " + LOOKED_FOR);
        }
        if (findIdx(dir, TRAIN_IMAGES) != null) {
            return loadIdx(
                    dir,
                    dir.toAbsolutePath().toString().toLowerCase(Locale.ROOT).contains("fashion"));
        }
        for (Path candidate : List.of(dir, dir.resolve("cifar-10-batches-bin"))) {
            if (Files.isRegularFile(candidate.resolve("test_batch.bin"))
                    && !dataBatches(candidate).isEmpty()) {
                return loadCifar10(dir, candidate);
            }
        }
        for (Path candidate : List.of(dir, dir.resolve("cifar-100-binary"))) {
            if (Files.isRegularFile(candidate.resolve("train.bin"))
                    && Files.isRegularFile(candidate.resolve("test.bin"))) {
                return loadCifar100(dir, candidate);
            }
        }
        Path trainDir = dir.resolve("train");
        Path testDir = dir.resolve("test");
        if (Files.isDirectory(trainDir) && Files.isDirectory(testDir)) {
            return loadImageFolders(dir, trainDir, testDir);
        }
        if (hasImageSubfolder(dir)) {
            return loadUnsplitImageFolder(dir);
        }
        throw new DatasetException("No dataset found in " + dir + ": looked for " + LOOKED_FOR);
    }

    /** Finds {@code base[.gz]} or MNIST's {@code base} with {@code .idxN-ubyte} spelling, or returns null. */
    static Path findIdx(Path dir, String base) {
        String alternative = base.replace("-idx", ".idx");
        for (String name : List.of(base + ".gz", base, alternative + ".gz", alternative)) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    private static DataSource loadIdx(Path dir, boolean fashion) {
        List<String> missing = new ArrayList<>();
        Path[] files = new Path[4];
        String[] bases = {TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS};
        for (int i = 0; i < bases.length; i++) {
            files[i] = findIdx(dir, bases[i]);
            if (files[i] == null) {
                missing.add(bases[i] + "[.gz]");
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetException("Incomplete IDX dataset in " + dir + ": missing " + String.join(", ", missing));
        }
        String name = fashion ? FASHION_MNIST_SPEC : directoryName(dir);
        List<String> classes = fashion ? FASHION_MNIST_CLASSES : null;
        ImageDataset train = IdxReader.read(files[0], files[1], name + "/train", classes);
        ImageDataset test = IdxReader.read(files[2], files[3], name + "/test", classes);
        if (!fashion && test.numClasses() != train.numClasses()) {
            // Class names come from the largest label of each file; use the larger set for both.
            List<String> names = IdxReader.numberedNames(Math.max(train.numClasses(), test.numClasses()));
            train = relabel(train, names);
            test = relabel(test, names);
        }
        requireSameShape(train, test, files[2]);
        String title;
        if (fashion && dir.toAbsolutePath().normalize().equals(DEBIAN_FASHION_MNIST)) {
            title = "Fashion-MNIST (Debian package dataset-fashion-mnist, " + dir + ")";
        } else {
            title = (fashion ? "Fashion-MNIST" : "IDX dataset") + " (" + dir + ")";
        }
        Normalization norm = fashion ? FASHION_MNIST_NORMALIZATION : Normalization.compute(train);
        return new DataSource(name, describe(title, train, test), train, test, norm);
    }

    private static ImageDataset relabel(ImageDataset data, List<String> names) {
        return new ImageDataset(
                data.name(), data.channels(), data.height(), data.width(), data.rawPixels(), data.rawLabels(), names);
    }

    private static List<Path> dataBatches(Path dir) {
        TreeMap<Integer, Path> batches = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> {
                Matcher m = DATA_BATCH.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                    batches.put(Integer.parseInt(m.group(1)), p);
                }
            });
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + dir + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new DatasetException(dir + ": invalid CIFAR-10 batch file name (" + e.getMessage() + ")", e);
        }
        return new ArrayList<>(batches.values());
    }

    private static DataSource loadCifar10(Path dir, Path filesDir) {
        String name = directoryName(dir);
        ImageDataset train = CifarReader.readCifar10(dataBatches(filesDir), name + "/train");
        ImageDataset test = CifarReader.readCifar10(List.of(filesDir.resolve("test_batch.bin")), name + "/test");
        return new DataSource(
                name, describe("CIFAR-10 (" + filesDir + ")", train, test), train, test, Normalization.compute(train));
    }

    private static DataSource loadCifar100(Path dir, Path filesDir) {
        String name = directoryName(dir);
        ImageDataset train = CifarReader.readCifar100(List.of(filesDir.resolve("train.bin")), name + "/train", true);
        ImageDataset test = CifarReader.readCifar100(List.of(filesDir.resolve("test.bin")), name + "/test", true);
        return new DataSource(
                name, describe("CIFAR-100 (" + filesDir + ")", train, test), train, test, Normalization.compute(train));
    }

    private static DataSource loadImageFolders(Path dir, Path trainDir, Path testDir) {
        String name = directoryName(dir);
        ImageDataset train = ImageFolderReader.read(trainDir, name + "/train");
        ImageDataset test = ImageFolderReader.read(testDir, name + "/test", train.classNames());
        requireSameShape(train, test, testDir);
        return new DataSource(
                name, describe("Image folder (" + dir + ")", train, test), train, test, Normalization.compute(train));
    }

    private static DataSource loadUnsplitImageFolder(Path dir) {
        String name = directoryName(dir);
        ImageDataset all = ImageFolderReader.read(dir, name);
        int[][] parts = DatasetSplits.partition(all.size(), IMAGE_FOLDER_TEST_FRACTION, 0L);
        ImageDataset train = all.subset(parts[0], name + "/train");
        ImageDataset test = all.subset(parts[1], name + "/test");
        return new DataSource(
                name,
                describe("Image folder (" + dir + ", 1/6 held out as test with seed 0)", train, test),
                train,
                test,
                Normalization.compute(train));
    }

    private static boolean hasImageSubfolder(Path dir) {
        var suffixes = ImageFolderReader.imageSuffixes();
        for (Path sub : ImageFolderReader.classFolders(dir)) {
            if (!ImageFolderReader.imageFiles(sub, suffixes).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static void requireSameShape(ImageDataset train, ImageDataset test, Path testFile) {
        if (test.size() > 0
                && (test.channels() != train.channels()
                        || test.height() != train.height()
                        || test.width() != train.width())) {
            throw new DatasetException(testFile + ": test images are " + test.channels() + "x" + test.height() + "x"
                    + test.width() + " but training images are " + train.channels() + "x" + train.height() + "x"
                    + train.width());
        }
    }

    private static String directoryName(Path dir) {
        Path fileName = dir.toAbsolutePath().normalize().getFileName();
        return fileName == null ? dir.toString() : fileName.toString();
    }

    private static String describe(String title, ImageDataset train, ImageDataset test) {
        return String.format(
                Locale.ROOT,
                "%s: %d train / %d test images, %dx%dx%d, %d classes",
                title,
                train.size(),
                test.size(),
                train.channels(),
                train.height(),
                train.width(),
                train.numClasses());
    }
}
