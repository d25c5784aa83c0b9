package rankbench.experiment.session;

/**
 * The data a session's figures are measured on, enough to load the same images again and to tell a reader
 * which images each accuracy is on. Validation images are held out of the training split (never the test
 * set); rank choices use them, test accuracy is reported separately.
 *
 * @param spec what {@code Datasets.load} was given ({@code fashion-mnist}, or a directory)
 * @param name short name of the data source
 * @param description where the data came from
 * @param trainImages training images after the validation split
 * @param validationImages held-out validation images (taken from the training split)
 * @param testImages test images
 * @param validationFraction fraction of the training split held out
 * @param splitSeed seed of the validation split
 */
public record DatasetRef(
        String spec,
        String name,
        String description,
        int trainImages,
        int validationImages,
        int testImages,
        double validationFraction,
        long splitSeed) {}
