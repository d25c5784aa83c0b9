package rankbench.experiment.methods;

import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.RunStatus;

/**
 * The outcome of a rank-learning run. Accuracies are NaN when not measured. Validation accuracies are on
 * images held out of the training split (what the window and every rank choice use); test accuracies are
 * on the test set and are reported only, never used to choose anything.
 *
 * @param method the method id
 * @param status how the run ended: the worst status of its phases (a diverged fine-tune makes the run
 *     diverged); only {@link RunStatus#hasResult()} runs are results
 * @param statusMessage one line on how it ended (for a diverged or failed run: which phase and why)
 * @param model the factorized (and, if asked, fine-tuned) model; loads with {@code ModelFiles}
 * @param plan the rank plan of the factorized model, relative to the starting model's layers
 * @param baseAccuracy test accuracy of the starting model
 * @param directAccuracy test accuracy of the starting model factorized at the same plan without learning
 * @param compressedAccuracy test accuracy of the factorized model right after rank learning ("compress only")
 * @param fineTunedAccuracy test accuracy after fine-tuning the factorized model (NaN if skipped)
 * @param compressedValidationAccuracy validation accuracy of the factorized model right after rank learning
 * @param fineTunedValidationAccuracy validation accuracy after fine-tuning (NaN if skipped)
 * @param validationImages number of validation images
 * @param testImages number of test images
 * @param baseParams parameters of the starting model
 * @param params parameters of the factorized model
 * @param baseMacs MACs per image of the starting model
 * @param macs MACs per image of the factorized model
 * @param baseLatencyMs measured forward latency of the starting model (median ms per batch)
 * @param latencyMs measured forward latency of the factorized model
 * @param learnSeconds wall time of the rank-learning phase
 * @param fineTuneSeconds wall time of fine-tuning
 * @param wallSeconds total wall time
 * @param parameters the hyperparameters used
 * @param message a one-line summary
 */
public record MethodResult(
        String method,
        RunStatus status,
        String statusMessage,
        SavedModel model,
        RankPlan plan,
        double baseAccuracy,
        double directAccuracy,
        double compressedAccuracy,
        double fineTunedAccuracy,
        double compressedValidationAccuracy,
        double fineTunedValidationAccuracy,
        int validationImages,
        int testImages,
        long baseParams,
        long params,
        long baseMacs,
        long macs,
        double baseLatencyMs,
        double latencyMs,
        double learnSeconds,
        double fineTuneSeconds,
        double wallSeconds,
        Object parameters,
        String message) {}
