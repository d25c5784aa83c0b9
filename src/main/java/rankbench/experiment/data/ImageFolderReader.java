package rankbench.experiment.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an image folder: {@code root/<class>/<image files>}, one sub-folder per class.
 *
 * <p>Classes are the non-hidden sub-folders sorted by name; label {@code i} is the {@code i}-th class. Inside a
 * class folder every non-hidden file whose extension a {@code javax.imageio} reader supports (PNG, JPEG, BMP,
 * GIF, ...) is an image, in file-name order; other files are ignored. All images must have the size of the
 * first image. The dataset is grayscale (1 channel) if every image is gray (a single-band gray image, or
 * {@code r == g == b} for all pixels), else RGB (3 channels); alpha is dropped.
 */
public final class ImageFolderReader {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderReader.class);

    private ImageFolderReader() {}

    /**
     * Reads all images below {@code root}.
     *
     * @param root folder holding one sub-folder per class
     * @param name name of the dataset
     * @return the dataset
     * @throws DatasetException if the folder is missing or has no class folders, a class folder holds no image,
     *     an image cannot be decoded or its size differs from the first image
     */
    public static ImageDataset read(Path root, String name) {
        return read(root, name, null);
    }

    /**
     * Reads all images below {@code root}; if {@code expectedClasses} is not null the class folders must be
     * exactly those names (used to read a test folder with the classes of the training folder).
     */
    static ImageDataset read(Path root, String name, List<String> expectedClasses) {
        long start = System.nanoTime();
        List<Path> classDirs = classFolders(root);
        if (classDirs.isEmpty()) {
            throw new DatasetException(
                    root + ": no class sub-folders found (expected " + root + "/<class>/<image files>)");
        }
        List<String> classNames =
                classDirs.stream().map(p -> p.getFileName().toString()).toList();
        if (expectedClasses != null && !expectedClasses.equals(classNames)) {
            throw new DatasetException(
                    root + ": class folders " + classNames + " differ from the expected classes " + expectedClasses);
        }
        List<Path> files = new ArrayList<>();
        List<Integer> fileLabels = new ArrayList<>();
        Set<String> suffixes = imageSuffixes();
        for (int c = 0; c < classDirs.size(); c++) {
            List<Path> images = imageFiles(classDirs.get(c), suffixes);
            if (images.isEmpty()) {
                throw new DatasetException("Empty class folder: " + classDirs.get(c) + " (no image files with "
                        + "extension " + String.join("/", suffixes) + ")");
            }
            files.addAll(images);
            for (int i = 0; i < images.size(); i++) {
                fileLabels.add(c);
            }
        }
        int n = files.size();
        BufferedImage first = decode(files.get(0));
        int height = first.getHeight();
        int width = first.getWidth();
        int plane = height * width;
        long total = 3L * plane * n;
        if (total > Integer.MAX_VALUE - 16) {
            throw new DatasetException(
                    root + ": too many pixels to hold in memory (" + n + " images of " + width + "x" + height + ")");
        }
        byte[] rgb = new byte[(int) total];
        boolean[] gray = new boolean[n];
        gray[0] = extractFrom(files.get(0), first, rgb, 0, plane);
        Path firstFile = files.get(0);
        IntStream.range(1, n).parallel().forEach(i -> {
            Path file = files.get(i);
            BufferedImage image = decode(file);
            if (image.getWidth() != width || image.getHeight() != height) {
                throw new DatasetException(file + ": image is " + image.getWidth() + "x" + image.getHeight()
                        + " but the first image " + firstFile + " is " + width + "x" + height
                        + "; all images must have the same size");
            }
            gray[i] = extractFrom(file, image, rgb, i * 3 * plane, plane);
        });
        boolean allGray = true;
        for (boolean g : gray) {
            allGray &= g;
        }
        byte[] pixels = rgb;
        int channels = 3;
        if (allGray) {
            channels = 1;
            pixels = new byte[plane * n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(rgb, i * 3 * plane, pixels, i * plane, plane);
            }
        }
        int[] labels = fileLabels.stream().mapToInt(Integer::intValue).toArray();
        ImageDataset data = new ImageDataset(name, channels, height, width, pixels, labels, classNames);
        LOG.debug(
                "Read {} images ({}x{}x{}, {} classes) from {} in {} ms",
                n,
                channels,
                height,
                width,
                classNames.size(),
                root,
                (System.nanoTime() - start) / 1_000_000);
        return data;
    }

    /** Returns the non-hidden sub-folders of {@code root} sorted by name. */
    static List<Path> classFolders(Path root) {
        if (!Files.exists(root)) {
            throw new DatasetException("Dataset not found: " + root);
        }
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root + ": not a directory");
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> !isHidden(p))
                    .sorted((a, b) ->
                            a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** Returns the non-hidden regular files of {@code dir} with an image suffix, sorted by name. */
    static List<Path> imageFiles(Path dir, Set<String> suffixes) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> !isHidden(p) && suffixes.contains(suffix(p)))
                    .sorted((a, b) ->
                            a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Returns the lower-case file name extensions that {@code javax.imageio} can decode. */
    static Set<String> imageSuffixes() {
        Set<String> suffixes = new TreeSet<>();
        for (String s : ImageIO.getReaderFileSuffixes()) {
            if (!s.isEmpty()) {
                suffixes.add(s.toLowerCase(Locale.ROOT));
            }
        }
        return suffixes;
    }

    private static String suffix(Path file) {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean isHidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    /** Largest image side accepted, in pixels. */
    static final int MAX_SIDE = 1 << 14;
    /** Largest image accepted, in pixels (4096 x 4096). */
    static final long MAX_PIXELS = 1L << 24;

    /**
     * Decodes an image after checking the size its header declares ({@link #MAX_SIDE}, {@link #MAX_PIXELS}),
     * so a small file that claims a gigapixel image is refused before anything is allocated.
     */
    private static BufferedImage decode(Path file) {
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DatasetException(file + ": cannot decode image (unsupported or corrupt image data)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
                    throw new DatasetException(file + ": image declares " + w + "x" + h + " pixels (at most " + MAX_SIDE
                            + " a side and " + MAX_PIXELS + " in all)");
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (DatasetException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(file + ": cannot decode image (" + oneLine(e) + ")", e);
        }
        if (image == null) {
            throw new DatasetException(file + ": cannot decode image (unsupported or corrupt image data)");
        }
        return image;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }

    /** {@link #extract}, with a failure on an exotic color model named as a problem of the file. */
    private static boolean extractFrom(Path file, BufferedImage image, byte[] rgb, int offset, int plane) {
        try {
            return extract(image, rgb, offset, plane);
        } catch (RuntimeException e) {
            throw new DatasetException(file + ": cannot read the pixels of this image (" + oneLine(e) + ")", e);
        }
    }

    /**
     * Writes the R, G and B planes of {@code image} into {@code rgb} at {@code offset}.
     *
     * @return whether the image is gray
     */
    private static boolean extract(BufferedImage image, byte[] rgb, int offset, int plane) {
        int width = image.getWidth();
        int height = image.getHeight();
        Raster raster = image.getRaster();
        boolean singleBandGray = raster.getNumBands() == 1
                && !(image.getColorModel() instanceof IndexColorModel)
                && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        if (singleBandGray) {
            // Read samples directly: getRGB() would apply a linear-to-sRGB conversion to gray images.
            int bits = raster.getSampleModel().getSampleSize(0);
            long max = (1L << bits) - 1;
            int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
            for (int p = 0; p < plane; p++) {
                int v = bits == 8 ? samples[p] : (int) ((samples[p] * 255L + max / 2) / max);
                byte b = (byte) v;
                rgb[offset + p] = b;
                rgb[offset + plane + p] = b;
                rgb[offset + 2 * plane + p] = b;
            }
            return true;
        }
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        boolean gray = true;
        for (int p = 0; p < plane; p++) {
            int v = argb[p];
            int r = (v >> 16) & 0xFF;
            int g = (v >> 8) & 0xFF;
            int b = v & 0xFF;
            gray &= r == g && g == b;
            rgb[offset + p] = (byte) r;
            rgb[offset + plane + p] = (byte) g;
            rgb[offset + 2 * plane + p] = (byte) b;
        }
        return gray;
    }
}
