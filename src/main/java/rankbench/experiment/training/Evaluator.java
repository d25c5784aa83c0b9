package rankbench.experiment.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.model.BatchNormFolding;
import rankbench.experiment.model.Network;

/** Computes loss, top-1/top-5 accuracy, per-class accuracy and the confusion matrix. */
public final class Evaluator {

    private Evaluator() {}

    /** Evaluates the network in inference mode on every image of {@code data}. */
    public static EvaluationResult evaluate(Network net, ImageDataset data, Normalization norm, int batchSize) {
        return evaluate(net, data, norm, batchSize, CancellationToken.none());
    }

    /**
     * Evaluates the network in inference mode; stops early (returning metrics of the images seen so
     * far) if {@code cancel} is set. Runs on a copy of the network with its batch norms folded into the
     * convs ({@link BatchNormFolding}): the same function with one op less per conv.
     */
    public static EvaluationResult evaluate(
            Network net, ImageDataset data, Normalization norm, int batchSize, CancellationToken cancel) {
        return BatchNormFolding.onFolded(net, n -> evaluateAsIs(n, data, norm, batchSize, cancel));
    }

    /** Checks that {@code data}'s images and classes fit {@code net}; the message names both. */
    static void checkInputs(Network net, ImageDataset data) {
        if (data.numClasses() > net.numClasses()) {
            throw new IllegalArgumentException(
                    "dataset has " + data.numClasses() + " classes, model only " + net.numClasses());
        }
        if (data.channels() != net.inputShape().channels()
                || data.height() != net.inputShape().height()
                || data.width() != net.inputShape().width()) {
            throw new IllegalArgumentException("dataset images are " + data.channels() + "x" + data.height() + "x"
                    + data.width() + " but the model expects " + net.inputShape());
        }
    }

    /**
     * Images {@code [start, start + n)} of {@code data}, normalized, as an {@code n x C x H x W} array of
     * {@code m}; {@code buf} (at least {@code n} images long) is the staging buffer.
     */
    static NDArray batch(NDManager m, ImageDataset data, Normalization norm, int start, int n, float[] buf) {
        int img = data.imageSize();
        for (int i = 0; i < n; i++) {
            data.normalizedImage(start + i, norm, buf, i * img);
        }
        return m.create(FloatBuffer.wrap(buf, 0, n * img), new Shape(n, data.channels(), data.height(), data.width()));
    }

    /** Evaluates the network itself, without folding. */
    static EvaluationResult evaluateAsIs(
            Network net, ImageDataset data, Normalization norm, int batchSize, CancellationToken cancel) {
        checkInputs(net, data);
        int classes = net.numClasses();
        int k = Math.min(5, classes);
        long[][] confusion = new long[classes][classes];
        double lossSum = 0;
        long correct = 0;
        long correctK = 0;
        long count = 0;
        int img = data.imageSize();
        float[] buf = new float[Math.min(batchSize, Math.max(1, data.size())) * img];
        for (int start = 0; start < data.size() && !cancel.isCancelled(); start += batchSize) {
            int n = Math.min(batchSize, data.size() - start);
            float[] logits;
            try (NDManager m = net.manager().newSubManager()) {
                logits = net.forward(batch(m, data, norm, start, n, buf), false).toFloatArray();
            }
            for (int i = 0; i < n; i++) {
                int y = data.label(start + i);
                int off = i * classes;
                double max = Double.NEGATIVE_INFINITY;
                int arg = 0;
                for (int c = 0; c < classes; c++) {
                    if (logits[off + c] > max) {
                        max = logits[off + c];
                        arg = c;
                    }
                }
                double sum = 0;
                int above = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(logits[off + c] - max);
                    if (logits[off + c] > logits[off + y]) {
                        above++;
                    }
                }
                lossSum += Math.log(sum) + max - logits[off + y];
                if (arg == y) {
                    correct++;
                }
                if (above < k) {
                    correctK++;
                }
                confusion[y][arg]++;
                count++;
            }
        }
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            long total = 0;
            for (int p = 0; p < classes; p++) {
                total += confusion[c][p];
            }
            perClass[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        double denom = Math.max(1, count);
        return new EvaluationResult(
                count, lossSum / denom, correct / denom, correctK / denom, perClass, confusion, data.classNames());
    }
}
