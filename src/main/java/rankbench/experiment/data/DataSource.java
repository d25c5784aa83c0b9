package rankbench.experiment.data;

import java.util.Objects;

/**
 * A loaded data source: the splits as stored on disk plus its normalization.
 *
 * @param name short name, for example {@code fashion-mnist}
 * @param description one-line human-readable description including where the data came from
 * @param train the training set as stored (split it with {@link DatasetSplits#split})
 * @param test the test set (may be empty)
 * @param normalization normalization to apply to all splits
 */
public record DataSource(
        String name, String description, ImageDataset train, ImageDataset test, Normalization normalization) {

    /**
     * Checks that nothing is null and that the normalization matches the images.
     *
     * @param name short name
     * @param description one-line human-readable description
     * @param train the training set as stored
     * @param test the test set
     * @param normalization normalization to apply to all splits
     * @throws IllegalArgumentException if the channel counts differ
     */
    public DataSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(normalization, "normalization");
        if (normalization.channels() != train.channels()) {
            throw new IllegalArgumentException(name + ": normalization has " + normalization.channels()
                    + " channels, images have " + train.channels());
        }
    }
}
