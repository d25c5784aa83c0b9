package rankbench.experiment.training;

import java.util.List;

/**
 * Metrics of a model on a set of labeled images.
 *
 * @param count number of images evaluated
 * @param loss mean cross-entropy (natural log)
 * @param accuracy top-1 accuracy in [0, 1]
 * @param top5 top-5 accuracy (top-k with k = min(5, classes))
 * @param perClassAccuracy recall of each class (NaN for classes absent from the set)
 * @param confusion {@code confusion[true][predicted]} counts
 * @param classNames class names in label order
 */
public record EvaluationResult(
        long count,
        double loss,
        double accuracy,
        double top5,
        double[] perClassAccuracy,
        long[][] confusion,
        List<String> classNames) {}
