package rankbench.viewmodel;

import rankbench.experiment.data.Datasets;

/**
 * Tunable settings of the workbench ({@link WorkbenchViewModel}).
 *
 * @param dataSpec the dataset loaded at start
 * @param evalImages validation images the interactive accuracy is measured on (the first of the held-out split)
 * @param evalBatch evaluation batch size
 * @param debounceMs pause after the last edit before the accuracy is recomputed
 * @param fineTuneTrainImages training images used by fine-tuning and rank learning (0: all)
 * @param fineTuneBatch fine-tuning batch size
 * @param fineTuneMaxBatches batches per fine-tuning epoch (0: all)
 * @param testImages test images test accuracies are reported on (0: all)
 * @param validationFraction fraction of the training split held out for validation
 * @param splitSeed seed of the validation split
 * @param autosaveMinutes minutes between autosaves of unsaved changes (0: none)
 */
public record WorkbenchSettings(
        String dataSpec,
        int evalImages,
        int evalBatch,
        long debounceMs,
        int fineTuneTrainImages,
        int fineTuneBatch,
        int fineTuneMaxBatches,
        int testImages,
        double validationFraction,
        long splitSeed,
        double autosaveMinutes) {

    /** Settings with a 5 % validation split (seed 0), test accuracies on as many test images as evaluated. */
    public WorkbenchSettings(
            String dataSpec,
            int evalImages,
            int evalBatch,
            long debounceMs,
            int fineTuneTrainImages,
            int fineTuneBatch,
            int fineTuneMaxBatches) {
        this(
                dataSpec,
                evalImages,
                evalBatch,
                debounceMs,
                fineTuneTrainImages,
                fineTuneBatch,
                fineTuneMaxBatches,
                evalImages,
                0.05,
                0,
                3);
    }

    /** The settings of the application: the command line's split (5 %, seed 0), 1 000 validation images. */
    public static WorkbenchSettings defaults() {
        return new WorkbenchSettings(Datasets.FASHION_MNIST_SPEC, 1000, 250, 50, 0, 128, 0, 0, 0.05, 0, 3);
    }

    /** A copy with another validation fraction. */
    public WorkbenchSettings withValidationFraction(double f) {
        return new WorkbenchSettings(
                dataSpec,
                evalImages,
                evalBatch,
                debounceMs,
                fineTuneTrainImages,
                fineTuneBatch,
                fineTuneMaxBatches,
                testImages,
                f,
                splitSeed,
                autosaveMinutes);
    }
}
