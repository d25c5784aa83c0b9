package rankbench.experiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

/** The staged what-if evaluation gives exactly the counts of a full evaluation, whatever was kept. */
@Tag("engine")
class StagedEvaluatorTest {

    private static final int BATCH = 100;

    private final SavedModel model = ModelFiles.readDefault();
    private final ImageDataset images =
            Datasets.bundledFashionMnistSubset().test().limit(300);
    private final Normalization norm =
            new Normalization(model.manifest().mean(), model.manifest().std());

    private long full(Network net) {
        return Math.round(Evaluator.evaluate(net, images, norm, BATCH).accuracy() * images.size());
    }

    private static void perturb(Network net, String layer, SplittableRandom rnd) {
        Tensor w = net.weight(layer + ".weight");
        float[] d = w.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (d[i] * (0.4 + rnd.nextDouble()));
        }
        net.setWeight(layer + ".weight", new Tensor(w.shape(), d));
    }

    @Test
    void everyEditGivesTheFullEvaluationsCount() {
        List<String> edits = List.of(
                "layer3.2.conv2",
                "layer1.0.conv1",
                "layer2.1.conv1",
                "linear",
                "layer3.0.conv1",
                "conv1",
                "layer2.2.conv2");
        for (long budget : new long[] {0, 40L << 20, 1L << 30}) {
            SplittableRandom rnd = new SplittableRandom(7);
            try (Network net = model.toNetwork();
                    StagedEvaluator st = new StagedEvaluator(net, images, norm, BATCH, budget)) {
                assertEquals(full(net), st.correct(0, images.size(), CancellationToken.none()));
                for (String layer : edits) {
                    perturb(net, layer, rnd);
                    st.invalidate(Set.of(layer));
                    assertEquals(
                            full(net),
                            st.correct(0, images.size(), CancellationToken.none()),
                            layer + ", budget " + budget);
                }
            }
        }
    }

    @Test
    void batchesLeftBehindByAPartialRunAreRecomputed() {
        SplittableRandom rnd = new SplittableRandom(3);
        try (Network net = model.toNetwork();
                StagedEvaluator st = new StagedEvaluator(net, images, norm, BATCH, 1L << 30)) {
            st.correct(0, images.size(), CancellationToken.none());
            perturb(net, "layer2.0.conv2", rnd);
            st.invalidate(Set.of("layer2.0.conv2"));
            st.correct(0, BATCH, CancellationToken.none()); // only the first batch is current now
            perturb(net, "layer3.1.conv1", rnd);
            st.invalidate(Set.of("layer3.1.conv1"));
            assertEquals(full(net), st.correct(0, images.size(), CancellationToken.none()));
            CancellationToken cancelled = new CancellationToken();
            cancelled.cancel();
            perturb(net, "layer1.1.conv2", rnd);
            st.invalidate(Set.of("layer1.1.conv2"));
            st.correct(0, images.size(), cancelled); // nothing ran
            assertEquals(full(net), st.correct(0, images.size(), CancellationToken.none()));
        }
    }

    @Test
    void batchesTakenOverByAnotherThreadWithACopyCountTheSame() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Network net = model.toNetwork();
                Network copy = model.toNetwork();
                StagedEvaluator st = new StagedEvaluator(net, images, norm, 50, 1L << 30)) {
            int n = images.size();
            assertEquals(full(net), st.correct(0, n, CancellationToken.none()));
            for (String layer : List.of("layer2.1.conv2", "conv1", "layer3.0.conv1")) {
                perturb(net, layer, rnd);
                copy.setWeight(layer + ".weight", net.weight(layer + ".weight"));
                st.invalidate(Set.of(layer));
                // even batches here with the network, odd ones at the same time on the other thread with the copy
                Future<Long> odd = other.submit(() -> {
                    long c = 0;
                    for (int b = st.firstBatch(0) + 1; b < st.endBatch(n); b += 2) {
                        c += st.correctBatch(b, 0, n, copy);
                    }
                    return c;
                });
                long even = 0;
                for (int b = st.firstBatch(0); b < st.endBatch(n); b += 2) {
                    even += st.correctBatch(b, 0, n, net);
                }
                assertEquals(full(net), even + odd.get(), layer);
            }
            // what the copy computed was kept: a later edit starts from it and still counts exactly
            perturb(net, "layer3.2.conv1", rnd);
            st.invalidate(Set.of("layer3.2.conv1"));
            assertEquals(full(net), st.correct(0, n, CancellationToken.none()));
            assertEquals(
                    st.correct(0, 120, CancellationToken.none()),
                    st.correctBatch(0, 0, 120, net)
                            + st.correctBatch(1, 0, 120, net)
                            + st.correctBatch(2, 0, 120, net));
            assertThrows(IndexOutOfBoundsException.class, () -> st.correctBatch(3, 0, 120, net));
        } finally {
            other.shutdown();
        }
    }

    @Test
    void slicesAddUpAndLateStagesAreKeptFirst() {
        try (Network net = model.toNetwork();
                StagedEvaluator st = new StagedEvaluator(net, images, norm, BATCH, 20L << 20)) {
            long whole = st.correct(0, images.size(), CancellationToken.none());
            assertEquals(
                    whole,
                    st.correct(0, 150, CancellationToken.none()) + st.correct(150, 300, CancellationToken.none()));
            List<Network.Stage> stages = net.stages();
            int last = stages.size() - 1;
            while (stages.get(last).layers().isEmpty()) {
                last--;
            }
            assertTrue(st.keeps(0), "the images are always kept");
            assertTrue(st.keeps(last), "the last stage with a layer is kept first");
            int layer1 = st.firstStage(Set.of("layer1.0.conv1"));
            assertFalse(st.keeps(layer1), "20 MB cannot hold 300 x 16 x 28 x 28 floats");
            assertEquals(1.0, st.workShare(Set.of("conv1")), 1e-12);
            assertTrue(st.workShare(Set.of("layer3.2.conv2")) < 0.2);
        }
    }

    @Test
    void stagesCoverEveryCompressibleLayerOnce() {
        try (Network net = model.toNetwork()) {
            List<String> inStages =
                    net.stages().stream().flatMap(s -> s.layers().stream()).toList();
            assertEquals(net.layers().stream().map(l -> l.name()).toList(), inStages);
            assertEquals(
                    net.macCount(),
                    net.stages().stream().mapToLong(Network.Stage::macs).sum());
        }
    }
}
