package rankbench.experiment.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Train / validation / test splits; validation is a deterministic seeded split of the training set.
 *
 * @param train samples used for training
 * @param validation samples held out of the training set, for model selection
 * @param test the separate test set
 */
public record DatasetSplits(ImageDataset train, ImageDataset validation, ImageDataset test) {

    /**
     * Checks that all splits share the image shape and the class names.
     *
     * @param train samples used for training
     * @param validation samples held out of the training set
     * @param test the separate test set
     * @throws IllegalArgumentException if they do not
     */
    public DatasetSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        requireCompatible(train, validation);
        requireCompatible(train, test);
    }

    /**
     * Splits {@code trainFull} into train/validation with a seeded shuffle; validationFraction in [0,1).
     *
     * <p>The validation split holds {@code round(size * validationFraction)} samples chosen by a Fisher-Yates
     * shuffle driven by {@code new SplittableRandom(seed)}; the same seed always gives the same split. Train and
     * validation are disjoint and together hold every sample once; each keeps the original sample order. The
     * train split keeps the name of {@code trainFull}; the validation split is named after it with a trailing
     * {@code /train} replaced by {@code /validation} (or {@code /validation} appended).
     *
     * @param trainFull the full training set
     * @param test the test set, passed through
     * @param validationFraction fraction of {@code trainFull} held out, in [0,1)
     * @param seed shuffle seed
     * @return the splits
     */
    public static DatasetSplits split(ImageDataset trainFull, ImageDataset test, double validationFraction, long seed) {
        int[][] parts = partition(trainFull.size(), validationFraction, seed);
        String name = trainFull.name();
        String base = name.endsWith("/train") ? name.substring(0, name.length() - "/train".length()) : name;
        ImageDataset train = parts[1].length == 0 ? trainFull : trainFull.subset(parts[0], name);
        return new DatasetSplits(train, trainFull.subset(parts[1], base + "/validation"), test);
    }

    /**
     * Returns splits holding at most the first {@code n} samples of each split.
     *
     * @param n maximum number of samples per split
     * @return the limited splits
     */
    public DatasetSplits limit(int n) {
        return new DatasetSplits(train.limit(n), validation.limit(n), test.limit(n));
    }

    /**
     * Partitions {@code 0..n-1} into {@code {kept, heldOut}}, each sorted ascending; heldOut holds
     * {@code round(n * fraction)} indices chosen by a seeded Fisher-Yates shuffle.
     */
    static int[][] partition(int n, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0,1): " + fraction);
        }
        int heldOut = (int) Math.round(n * fraction);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int[] held = Arrays.copyOfRange(order, 0, heldOut);
        int[] kept = Arrays.copyOfRange(order, heldOut, n);
        Arrays.sort(held);
        Arrays.sort(kept);
        return new int[][] {kept, held};
    }

    private static void requireCompatible(ImageDataset a, ImageDataset b) {
        if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()) {
            throw new IllegalArgumentException("Image shape of " + b.name() + " (" + b.channels() + "x"
                    + b.height() + "x" + b.width() + ") differs from " + a.name() + " (" + a.channels() + "x"
                    + a.height() + "x" + a.width() + ")");
        }
        if (!a.classNames().equals(b.classNames())) {
            throw new IllegalArgumentException("Class names of " + b.name() + " differ from " + a.name());
        }
    }
}
