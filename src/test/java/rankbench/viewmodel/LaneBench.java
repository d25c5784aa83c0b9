package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/**
 * Benchmark, run by hand (docs/PERFORMANCE.md, *Window latencies*): the window's evaluator on its two lanes,
 * the default ResNet-20 and 1 000 images, after edits of conv1 and layer1.0 (the network reruns almost
 * whole), with a thread beside it that is busy for the first {@code args[0]} ms of every evaluation, as
 * the window's FX thread and renderer are after an edit. Prints the median and max of 25 evaluations.
 */
public final class LaneBench {

    private LaneBench() {}

    public static void main(String[] args) throws Exception {
        long busyNanos = Long.parseLong(args.length > 0 ? args[0] : "0") * 1_000_000L;
        Engines.pytorch();
        SavedModel model = ModelFiles.readDefault();
        ImageDataset images = Datasets.bundledFashionMnistSubset().test().limit(1000);
        String[] layers = {"conv1", "layer1.0.conv1", "layer1.0.conv2"};
        List<Double> ms = new ArrayList<>();
        try (ProjectionEvaluator ev = new ProjectionEvaluator(new SpectrumCache(), 250, 2)) {
            ev.accuracy(model, images, RankPlan.empty(), CancellationToken.none());
            for (int i = 0; i < 30; i++) {
                RankPlan plan = RankPlan.empty().with(layers[i % 3], LayerPlan.of(Scheme.CHANNEL, 3 + i % 5));
                Thread busy = new Thread(() -> {
                    long end = System.nanoTime() + busyNanos;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                });
                long t0 = System.nanoTime();
                busy.start();
                ev.accuracy(model, images, plan, CancellationToken.none());
                double t = (System.nanoTime() - t0) / 1e6;
                busy.join();
                if (i >= 5) { // the first ones compute the SVDs
                    ms.add(t);
                }
                Thread.sleep(200);
            }
        }
        Collections.sort(ms);
        System.out.printf(
                Locale.ROOT,
                "busy %d ms beside: median %.1f ms, max %.1f ms (n=%d)%n",
                busyNanos / 1_000_000,
                ms.get(ms.size() / 2),
                ms.get(ms.size() - 1),
                ms.size());
    }
}
