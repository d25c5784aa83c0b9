package rankbench.experiment.methods;

import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.SavedModel;

/**
 * The outcome of a rank-learning run. Accuracies are on the run's test images, NaN when not measured.
 *
 * @param method the method id
 * @param model the factorised (and, if asked, fine-tuned) model; loads with {@code ModelFiles}
 * @param plan the rank plan of the factorised model, relative to the starting model's layers
 * @param baseAccuracy the starting model
 * @param directAccuracy the starting model factorised at the same plan without learning (one-shot baseline)
 * @param compressedAccuracy the factorised model right after rank learning ("compress only")
 * @param fineTunedAccuracy after fine-tuning the factorised model (NaN if skipped)
 * @param baseParams parameters of the starting model
 * @param params parameters of the factorised model
 * @param baseMacs MACs per image of the starting model
 * @param macs MACs per image of the factorised model
 * @param baseLatencyMs measured forward latency of the starting model (median ms per batch)
 * @param latencyMs measured forward latency of the factorised model
 * @param learnSeconds wall time of the rank-learning phase
 * @param fineTuneSeconds wall time of fine-tuning
 * @param wallSeconds total wall time
 * @param parameters the hyperparameters used
 * @param message a one-line summary
 */
public record MethodResult(String method, SavedModel model, RankPlan plan, double baseAccuracy,
        double directAccuracy, double compressedAccuracy, double fineTunedAccuracy, long baseParams, long params,
        long baseMacs, long macs, double baseLatencyMs, double latencyMs, double learnSeconds,
        double fineTuneSeconds, double wallSeconds, Object parameters, String message) {}
