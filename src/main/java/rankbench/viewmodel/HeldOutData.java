package rankbench.viewmodel;

import java.util.Locale;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.DatasetSplits;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.session.DatasetRef;

/**
 * The loaded data as the window uses it: the training split with a validation subset held out of it
 * (seeded, as the command line's {@code learn} does), the images every interactive accuracy and rank choice
 * is measured on (the first validation images, never test images), and the test images, used only to
 * report a run's test accuracy.
 *
 * @param source the data as loaded
 * @param train training images with the validation images removed (what fine-tuning and rank learning train on)
 * @param validation the held-out validation images the window measures on (at most {@code evalImages})
 * @param test the test images test accuracies are reported on (at most {@code testImages}; never used to choose)
 * @param ref the session's record of this data
 */
public record HeldOutData(
        DataSource source, ImageDataset train, ImageDataset validation, ImageDataset test, DatasetRef ref) {

    /**
     * Splits {@code source}'s training images into train and validation with {@code DatasetSplits.split}.
     *
     * @param spec what the data was loaded from (recorded so a session can load it again)
     * @param settings validation fraction, split seed, evaluation and test image counts
     */
    public static HeldOutData of(DataSource source, String spec, WorkbenchSettings settings) {
        DatasetSplits s =
                DatasetSplits.split(source.train(), source.test(), settings.validationFraction(), settings.splitSeed());
        ImageDataset validation = s.validation().limit(settings.evalImages());
        ImageDataset test = settings.testImages() > 0 ? s.test().limit(settings.testImages()) : s.test();
        DatasetRef ref = new DatasetRef(
                spec,
                source.name(),
                source.description(),
                s.train().size(),
                validation.size(),
                test.size(),
                settings.validationFraction(),
                settings.splitSeed());
        return new HeldOutData(source, s.train(), validation, test, ref);
    }

    /** A short description for the window: which images the accuracies are on. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s: validation accuracy on %,d images held out of the training split; test accuracy on %,d "
                        + "test images, on request",
                source.name(),
                validation.size(),
                test.size());
    }
}
