package rankbench.experiment.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Set;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.model.Network;

/**
 * Exact top-1 accuracy of a network whose weights change a few layers at a time (the window's what-if:
 * one rank edit changes one layer). The activations entering chosen stages ({@link Network#stages()}) are
 * kept for every batch of the images; after an edit only the stages from the first changed one onwards
 * run, from the nearest kept activation before it. The network before the first changed layer did not
 * change, so the result equals a full evaluation (the same ops on the same inputs).
 *
 * <p>Which activations are kept: the normalized images always, then the inputs of stages holding
 * compressible layers from the last stage backwards while they fit in {@code budgetBytes} (later stages
 * are smaller in CNNs, and an edit there saves the most). The kept arrays live in this object's manager.
 *
 * <p>The caller changes the network's weights and then tells {@link #invalidate} which layers changed since
 * the previous count. Threading: {@link #invalidate} and {@link #correct} from one thread at a time, the one
 * that owns the network. {@link #correctBatch} may also run on other threads at the same time, each on a
 * different batch and with its own copy of the network holding the same weights (so a thread that is
 * done with its own images can take over batches of a slower one); the caller waits for all of them
 * before the next {@link #invalidate}.
 */
public final class StagedEvaluator implements AutoCloseable {

    private final Network net;
    private final ImageDataset images;
    private final int batchSize;
    private final List<Network.Stage> stages;
    private final boolean[] kept;
    private final NDArray[][] saved;
    /** Per batch: every kept activation at a stage index <= this value is current. */
    private final int[] validUpTo;

    private final long[] suffixMacs;
    private final NDManager manager;

    /**
     * The default budget for kept activations: 512 MB ({@code -Drankbench.whatif.cacheBytes}); for ResNet-20
     * and 1 000 images every stage input fits.
     */
    public static final long DEFAULT_BUDGET_BYTES = Long.getLong("rankbench.whatif.cacheBytes", 512L << 20);

    /**
     * Prepares the evaluation of {@code net} on {@code images} (normalized with {@code norm}) in batches of
     * {@code batchSize}, keeping at most about {@code budgetBytes} of activations besides the images.
     */
    public StagedEvaluator(Network net, ImageDataset images, Normalization norm, int batchSize, long budgetBytes) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        Evaluator.checkInputs(net, images);
        this.net = net;
        this.images = images;
        this.batchSize = batchSize;
        this.stages = net.stages();
        int n = stages.size();
        this.kept = new boolean[n];
        kept[0] = true;
        long used = 0;
        for (int s = n - 1; s > 0; s--) {
            long bytes = 4L * stages.get(s).input().size() * images.size();
            if (!stages.get(s).layers().isEmpty() && used + bytes <= budgetBytes) {
                kept[s] = true;
                used += bytes;
            }
        }
        suffixMacs = new long[n + 1];
        for (int s = n - 1; s >= 0; s--) {
            suffixMacs[s] = suffixMacs[s + 1] + stages.get(s).macs();
        }
        int batches = (images.size() + batchSize - 1) / batchSize;
        this.saved = new NDArray[n][batches];
        this.validUpTo = new int[batches]; // nothing current yet: every batch starts from the images
        this.manager = net.manager().newSubManager();
        float[] buf = new float[Math.min(batchSize, Math.max(1, images.size())) * images.imageSize()];
        for (int b = 0; b < batches; b++) {
            int start = b * batchSize;
            saved[0][b] =
                    Evaluator.batch(manager, images, norm, start, Math.min(batchSize, images.size() - start), buf);
        }
    }

    /** The images this evaluator scores. */
    public ImageDataset images() {
        return images;
    }

    /** Index of the first stage holding one of {@code layers} ({@code stages().size()} if none). */
    public int firstStage(Set<String> layers) {
        for (int s = 0; s < stages.size(); s++) {
            for (String l : stages.get(s).layers()) {
                if (layers.contains(l)) {
                    return s;
                }
            }
        }
        return stages.size();
    }

    /**
     * The share of the network's MACs that {@link #correct} would run per batch if {@code changed} layers
     * were replaced now (1 before the first evaluation).
     */
    public double workShare(Set<String> changed) {
        int from = startFor(0, Math.min(validUpTo[0], firstStage(changed)));
        return suffixMacs[0] == 0 ? 1 : (double) suffixMacs[from] / suffixMacs[0];
    }

    /** True if a stage's input is kept (for tests and diagnostics). */
    public boolean keeps(int stage) {
        return kept[stage];
    }

    /**
     * Records that the weights of {@code changed} layers were replaced: kept activations after the first
     * stage holding one of them are no longer current. Call after every weight change, before
     * {@link #correct}.
     */
    public void invalidate(Set<String> changed) {
        int first = firstStage(changed);
        for (int b = 0; b < validUpTo.length; b++) {
            validUpTo[b] = Math.min(validUpTo[b], first);
        }
    }

    /**
     * Counts the correct top-1 predictions on images {@code [from, to)} with the network's current weights
     * (every change announced through {@link #invalidate}). Stops early if {@code cancel} is set (the count
     * is then meaningless; the kept activations stay consistent).
     */
    public long correct(int from, int to, CancellationToken cancel) {
        checkRange(from, to);
        long correct = 0;
        for (int b = firstBatch(from); b < endBatch(to) && !cancel.isCancelled(); b++) {
            correct += correctBatch(b, from, to, net);
        }
        return correct;
    }

    /** The batch holding image {@code from}: the first batch of the range {@code [from, to)}. */
    public int firstBatch(int from) {
        return from / batchSize;
    }

    /** One past the last batch holding an image below {@code to}. */
    public int endBatch(int to) {
        return (to + batchSize - 1) / batchSize;
    }

    /**
     * Counts the correct top-1 predictions among the images of batch {@code b} that lie in {@code [from,
     * to)}, running the batch with {@code runner}: this evaluator's network or, on another thread, a copy of
     * it with the same weights (see the class comment). The batch's kept activations are brought up to date
     * as in {@link #correct}.
     */
    public long correctBatch(int b, int from, int to, Network runner) {
        checkRange(from, to);
        if (b < firstBatch(from) || b >= endBatch(to)) {
            throw new IndexOutOfBoundsException("batch " + b + " holds no image of " + from + ".." + to);
        }
        if (runner != net && runner.stages().size() != stages.size()) {
            throw new IllegalArgumentException("the runner is not a copy of this evaluator's network");
        }
        int classes = net.numClasses();
        float[] logits = run(b, startFor(b, validUpTo[b]), runner);
        validUpTo[b] = stages.size();
        long correct = 0;
        int base = b * batchSize;
        int count = logits.length / classes;
        for (int i = Math.max(0, from - base); i < count && base + i < to; i++) {
            int arg = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[i * classes + c] > logits[i * classes + arg]) {
                    arg = c;
                }
            }
            if (arg == images.label(base + i)) {
                correct++;
            }
        }
        return correct;
    }

    private void checkRange(int from, int to) {
        if (from < 0 || to > images.size() || from > to) {
            throw new IndexOutOfBoundsException("images " + from + ".." + to + " of " + images.size());
        }
    }

    /**
     * Runs batch {@code b} from stage {@code start} to the logits with {@code runner}. Every array made on
     * the way lives in a sub-manager closed at the end, except the new stage inputs to keep, which replace
     * the old ones only if the whole batch ran.
     */
    private float[] run(int b, int start, Network runner) {
        NDArray first = saved[start][b];
        NDArray[] fresh = new NDArray[stages.size()];
        NDManager m = manager.newSubManager();
        boolean ok = false;
        try {
            first.attach(m); // so that the ops' results land in m
            NDArray x = first;
            for (int s = start; s < stages.size(); s++) {
                if (s > start && kept[s]) {
                    fresh[s] = x;
                }
                x = runner.forwardStages(x, s, s + 1);
            }
            float[] logits = x.toFloatArray();
            ok = true;
            return logits;
        } finally {
            first.attach(manager);
            if (ok) {
                for (int s = 0; s < fresh.length; s++) {
                    if (fresh[s] != null) {
                        fresh[s].attach(manager);
                        if (saved[s][b] != null) {
                            saved[s][b].close();
                        }
                        saved[s][b] = fresh[s];
                    }
                }
            }
            m.close();
        }
    }

    /** The kept stage input to start batch {@code b} from, for a run that must recompute stage {@code need}. */
    private int startFor(int b, int need) {
        int s = Math.min(need, Math.min(validUpTo[b], stages.size() - 1));
        while (s > 0 && (!kept[s] || saved[s][b] == null)) {
            s--;
        }
        return s;
    }

    @Override
    public void close() {
        manager.close();
    }
}
