package rankbench.viewmodel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.ParameterShapes;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.session.SoftwareVersions;
import rankbench.experiment.training.RunStatus;

/** In-memory runs for run-archive tests (no engine: weights are seeded Gaussians, factorized in Java). */
public final class TestRuns {

    private TestRuns() {}

    /** LeNet-5 on 1x28x28 with seeded random weights (conv1 6x1x5x5, conv2 16x6x5x5, fc1-3). */
    public static SavedModel lenet(long seed) {
        ModelManifest m = TestModels.manifest(Architecture.LENET5);
        Random rnd = new Random(seed);
        Map<String, Tensor> w = new LinkedHashMap<>();
        ParameterShapes.of(m.network()).forEach((name, shape) -> {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = name.endsWith("running_var") ? 1f : (float) (0.1 * rnd.nextGaussian());
            }
            w.put(name, new Tensor(shape, data));
        });
        return new SavedModel(m, w);
    }

    /** A plan of matrix-scheme ranks, {@code "layer", scheme, rank, ...}. */
    public static RankPlan plan(Object... layerSchemeRank) {
        LinkedHashMap<String, LayerPlan> m = new LinkedHashMap<>();
        for (int i = 0; i < layerSchemeRank.length; i += 3) {
            m.put((String) layerSchemeRank[i], LayerPlan.of((Scheme) layerSchemeRank[i + 1], (Integer)
                    layerSchemeRank[i + 2]));
        }
        return new RankPlan(m);
    }

    /** Metrics with the given figures (base: the dense model's parameters and MACs). */
    public static RunMetrics metrics(
            SavedModel base,
            SavedModel model,
            Double compressOnly,
            Double fineTuned,
            Double test,
            Double latencyMs,
            Integer batch) {
        ModelManifest b = base.manifest();
        ModelManifest m = model == null ? b : model.manifest();
        return new RunMetrics(
                NetworkSpec.parameterCount(b.network()),
                NetworkSpec.parameterCount(m.network()),
                NetworkSpec.macCount(b.network(), b.input()),
                NetworkSpec.macCount(m.network(), m.input()),
                compressOnly,
                fineTuned,
                fineTuned == null ? test : null,
                fineTuned == null ? null : test,
                500,
                1000,
                latencyMs == null ? null : 2.0,
                latencyMs,
                latencyMs == null ? null : batch);
    }

    /** A run whose model is {@code base} factorized at {@code plan} (null model for failed runs). */
    public static Run run(
            String id,
            RunKind kind,
            String method,
            String label,
            RunStatus status,
            String message,
            SavedModel base,
            RankPlan plan,
            Map<String, String> hp,
            Double compressOnly,
            Double fineTuned,
            Double test,
            Double latencyMs) {
        SavedModel model = status == RunStatus.FAILED ? null : Factorizer.factorize(base, plan);
        return new Run(
                id,
                kind,
                method,
                label,
                hp,
                7,
                data(),
                SoftwareVersions.current(),
                status,
                message,
                "2026-12-01T08:00:00Z",
                12.5 + id.hashCode() % 7,
                null,
                plan,
                metrics(base, model, compressOnly, fineTuned, test, latencyMs, 32),
                List.of(),
                model);
    }

    /** The data reference of test runs. */
    public static DatasetRef data() {
        return new DatasetRef("fashion-mnist-subset", "fashion-mnist", "bundled subset", 1800, 200, 1000, 0.1, 0);
    }

    /**
     * Eight runs of several kinds on LeNet-5: three one-shot rules, a fine-tuned pair, two rank-learning runs
     * (one Tucker-2), a cancelled run, a diverged run and a failed one.
     */
    public static List<Run> archive(SavedModel base) {
        RankPlan energy = plan("conv1", Scheme.CHANNEL, 4, "conv2", Scheme.CHANNEL, 10, "fc1", Scheme.LINEAR, 40);
        RankPlan evbmf = plan("conv1", Scheme.CHANNEL, 3, "conv2", Scheme.CHANNEL, 6, "fc1", Scheme.LINEAR, 20);
        RankPlan ratio = plan("conv1", Scheme.SPATIAL, 3, "conv2", Scheme.SPATIAL, 8, "fc1", Scheme.LINEAR, 30);
        RankPlan tucker =
                new RankPlan(Map.of("conv2", LayerPlan.tucker2(8, 4))).with("fc1", LayerPlan.of(Scheme.LINEAR, 24));
        RankPlan trp = plan("conv1", Scheme.CHANNEL, 5, "conv2", Scheme.CHANNEL, 12, "fc1", Scheme.LINEAR, 16);
        return List.of(
                run(
                        "run-1",
                        RunKind.COMPRESS,
                        "energy",
                        "energy 0.95",
                        RunStatus.COMPLETED,
                        "",
                        base,
                        energy,
                        Map.of("energyKeep", "0.95"),
                        0.861,
                        null,
                        0.855,
                        1.9),
                run(
                        "run-2",
                        RunKind.COMPRESS,
                        "evbmf",
                        "evbmf x1.0",
                        RunStatus.COMPLETED,
                        "",
                        base,
                        evbmf,
                        Map.of("evbmfMultiplier", "1.0"),
                        0.802,
                        null,
                        null,
                        1.6),
                run(
                        "run-3",
                        RunKind.FINE_TUNE,
                        "fine-tune",
                        "fine-tune of run-2",
                        RunStatus.COMPLETED,
                        "",
                        base,
                        evbmf,
                        Map.of("epochs", "2", "learningRate", "0.01", "batch", "128"),
                        0.802,
                        0.874,
                        0.869,
                        1.6),
                run(
                        "run-4",
                        RunKind.COMPRESS,
                        "ratio",
                        "ratio 0.5",
                        RunStatus.COMPLETED,
                        "",
                        base,
                        ratio,
                        Map.of("ratio", "0.5"),
                        0.843,
                        null,
                        null,
                        null),
                run(
                        "run-5",
                        RunKind.RANK_LEARNING,
                        "lra",
                        "lra, tucker-2",
                        RunStatus.COMPLETED,
                        "",
                        base,
                        tucker,
                        Map.of("epochs", "3", "scheme", "tucker2", "period", "2"),
                        0.812,
                        0.866,
                        0.861,
                        1.7),
                run(
                        "run-6",
                        RunKind.RANK_LEARNING,
                        "trp",
                        "trp, cancelled after 2 epochs",
                        RunStatus.CANCELLED,
                        "cancelled by the user after epoch 2",
                        base,
                        trp,
                        Map.of("epochs", "5", "period", "2"),
                        0.83,
                        null,
                        null,
                        2.1),
                run(
                        "run-7",
                        RunKind.RANK_LEARNING,
                        "lc",
                        "lc, lr 0.5",
                        RunStatus.DIVERGED,
                        "loss became NaN at step 212",
                        base,
                        trp,
                        Map.of("epochs", "5", "learningRate", "0.5"),
                        0.1,
                        null,
                        null,
                        2.0),
                run(
                        "run-8",
                        RunKind.RANK_LEARNING,
                        "svd-train",
                        "svd-train",
                        RunStatus.FAILED,
                        "out of memory while building the factorized network",
                        base,
                        trp,
                        Map.of("epochs", "3"),
                        null,
                        null,
                        null,
                        null));
    }
}
