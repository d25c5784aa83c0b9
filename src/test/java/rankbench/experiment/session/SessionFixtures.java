package rankbench.experiment.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.ParameterShapes;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.model.TrainingRecord;
import rankbench.experiment.training.RunStatus;

/** Synthetic sessions for the session-file tests: real model descriptions, seeded weights, no engine. */
final class SessionFixtures {

    private SessionFixtures() {}

    /** LeNet-5 on 1x28x28 with seeded random weights (no engine: the weights come from the shapes). */
    static SavedModel lenet(long seed) {
        ModelManifest m = TestModels.manifest(Architecture.LENET5)
                .withTraining(new TrainingRecord(
                        "fashion-mnist",
                        3,
                        64,
                        "sgd",
                        0.05,
                        "cosine",
                        5e-4,
                        seed,
                        0.87,
                        null,
                        12.5,
                        "2026-12-01T08:00:00Z",
                        "train"));
        return withRandomWeights(m, seed);
    }

    /** Random weights for every parameter a manifest's network needs; a few special float values included. */
    static SavedModel withRandomWeights(ModelManifest m, long seed) {
        Random rnd = new Random(seed);
        Map<String, Tensor> w = new LinkedHashMap<>();
        ParameterShapes.of(m.network()).forEach((name, shape) -> {
            int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            float[] d = new float[n];
            for (int i = 0; i < n; i++) {
                d[i] = (float) rnd.nextGaussian() * 0.1f;
            }
            w.put(name, new Tensor(shape.clone(), d));
        });
        float[] odd = w.values().iterator().next().data(); // bit patterns a text format would lose
        odd[0] = -0.0f;
        odd[1] = Float.MIN_VALUE;
        odd[2] = Float.intBitsToFloat(0x7fc00123); // a NaN with a payload
        odd[3] = Float.POSITIVE_INFINITY;
        return new SavedModel(m, w);
    }

    /** LeNet-5 with conv2 replaced by its Tucker-2 factors at ranks (Ro, Ri) = (4, 3) and fc1 at rank 10. */
    static SavedModel factorizedLenet(long seed) {
        ModelManifest base = lenet(seed).manifest();
        List<LayerSpec> children = new ArrayList<>();
        for (LayerSpec l : base.network().children()) {
            if (l.name().equals("conv2")) {
                children.add(Factorizer.pairSpec(l, LayerPlan.tucker2(4, 3)));
            } else if (l.name().equals("fc1")) {
                children.add(Factorizer.pairSpec(l, LayerPlan.of(Scheme.LINEAR, 10)));
            } else {
                children.add(l);
            }
        }
        ModelManifest m = new ModelManifest(
                base.formatVersion(),
                "lenet5 (factorized)",
                base.input(),
                base.classes(),
                base.mean(),
                base.std(),
                new LayerSpec.Sequence("", children),
                null,
                null);
        return withRandomWeights(m, seed + 1);
    }

    /** The Tucker-2 plan of {@link #factorizedLenet}. */
    static RankPlan factorizedPlan() {
        return RankPlan.empty()
                .with("conv2", LayerPlan.tucker2(4, 3))
                .with("fc1", LayerPlan.of(Scheme.LINEAR, 10))
                .with("fc2", LayerPlan.dense("too small to pay off"));
    }

    static DatasetRef dataset() {
        return new DatasetRef("fashion-mnist", "Fashion-MNIST", "bundled subset", 5400, 600, 1000, 0.1, 42);
    }

    static SoftwareVersions software() {
        return new SoftwareVersions(
                "0.1.0",
                "17.0.15",
                "0.34.0",
                "2.7.1",
                "Linux amd64",
                "2 intra-op threads; OpenMP: LLVM libomp (/usr/lib/x86_64-linux-gnu/libomp.so.5), idle threads: spin 1 ms, "
                        + "then sleep; activation layout: auto; native heap: keep");
    }

    /** A run with a model, events and metrics; {@code nulls} leaves the optional figures out. */
    static Run run(String id, RunKind kind, RunStatus status, SavedModel model, RankPlan plan, boolean nulls) {
        RunMetrics metrics = nulls
                ? new RunMetrics(61706, 30000, 416520, 200000, 0.5, null, null, null, 600, null, null, null, null)
                : new RunMetrics(
                        61706, 30000, 416520, 200000, 0.8123, 0.8456, 0.8011, 0.8399, 600, 1000, 1.25, 0.75, 32);
        Map<String, String> hp = new LinkedHashMap<>();
        hp.put("epochs", "2");
        hp.put("learningRate", "0.01");
        hp.put("targets", "macs=0.5");
        List<RunEvent> events = new ArrayList<>();
        events.add(new RunEvent("phase", 0, -1, Map.of(), null, "started: " + kind.id()));
        for (int s = 1; s <= 20; s++) {
            events.add(new RunEvent(
                    "batch",
                    s,
                    s / 10,
                    Map.of("loss", 2.0 / s, "trainAccuracy", 0.1 + s * 0.01, "learningRate", 0.01),
                    null,
                    null));
        }
        events.add(new RunEvent("epoch", 20, 1, Map.of("validationAccuracy", 0.83, "seconds", 1.5), null, null));
        Map<String, List<Integer>> ranks = new LinkedHashMap<>();
        ranks.put("conv2", List.of(4, 3));
        ranks.put("fc1", List.of(10));
        events.add(new RunEvent("ranks", 20, 1, Map.of("params", 30000.0, "macs", 200000.0), ranks, "learning"));
        events.add(new RunEvent("phase", 20, 2, Map.of(), null, status.id() + ": done"));
        return new Run(
                id,
                kind,
                kind == RunKind.RANK_LEARNING ? "trp" : "energy",
                null,
                hp,
                7L,
                dataset(),
                software(),
                status,
                status == RunStatus.DIVERGED ? "loss became NaN at step 17" : "",
                "2026-12-01T08:10:00Z",
                3.5,
                null,
                plan,
                metrics,
                events,
                model);
    }

    /** A tiny network (about 3 000 parameters) on 1x28x28, for tests that read thousands of files. */
    static SavedModel tiny(long seed) {
        ModelManifest lenet = TestModels.manifest(Architecture.LENET5);
        LayerSpec.Sequence net = new LayerSpec.Sequence(
                "",
                List.of(
                        LayerSpec.Conv.square("conv1", 1, 4, 3, 2, 0, true),
                        new LayerSpec.Relu("relu1"),
                        LayerSpec.Conv.square("conv2", 4, 8, 3, 2, 0, true),
                        new LayerSpec.Relu("relu2"),
                        new LayerSpec.Flatten("flatten"),
                        new LayerSpec.Dense("fc1", 288, 10, true)));
        return withRandomWeights(
                new ModelManifest(
                        1, "tiny", lenet.input(), lenet.classes(), lenet.mean(), lenet.std(), net, null, null),
                seed);
    }

    /** {@link #tiny} with conv2 as Tucker-2 (4, 3) and fc1 at rank 10, the shapes of {@link #factorizedPlan}. */
    static SavedModel factorizedTiny(long seed) {
        ModelManifest base = tiny(seed).manifest();
        List<LayerSpec> children = new ArrayList<>();
        for (LayerSpec l : base.network().children()) {
            children.add(
                    l.name().equals("conv2")
                            ? Factorizer.pairSpec(l, LayerPlan.tucker2(4, 3))
                            : l.name().equals("fc1") ? Factorizer.pairSpec(l, LayerPlan.of(Scheme.LINEAR, 10)) : l);
        }
        return withRandomWeights(
                new ModelManifest(
                        1,
                        "tiny (factorized)",
                        base.input(),
                        base.classes(),
                        base.mean(),
                        base.std(),
                        new LayerSpec.Sequence("", children),
                        null,
                        "stale checksum"),
                seed + 1);
    }

    /** {@link #session(String)} on the tiny network. */
    static ExperimentSession tinySession(String title) {
        return session(title, tiny(1), factorizedTiny(2), factorizedTiny(3));
    }

    /**
     * A session with one run of each status (completed, cancelled, diverged, failed-without-model), a
     * Tucker-2 plan, figures with and without nulls, and two runs sharing one model's weights.
     */
    static ExperimentSession session(String title) {
        return session(title, lenet(1), factorizedLenet(2), factorizedLenet(3));
    }

    private static ExperimentSession session(String title, SavedModel base, SavedModel fact, SavedModel other) {
        SavedModel factCopy = new SavedModel(fact.manifest(), new LinkedHashMap<>(fact.weights()));
        ExperimentSession s = ExperimentSession.start(title, "embedded default model", base, dataset());
        s = s.withRun(run("run-1", RunKind.COMPRESS, RunStatus.COMPLETED, fact, factorizedPlan(), true));
        s = s.withRun(run("run-2", RunKind.FINE_TUNE, RunStatus.CANCELLED, factCopy, factorizedPlan(), false)
                .withParentId("run-1"));
        s = s.withRun(run("run-3", RunKind.RANK_LEARNING, RunStatus.DIVERGED, other, factorizedPlan(), false));
        s = s.withRun(run("run-4", RunKind.TRAIN, RunStatus.FAILED, null, RankPlan.empty(), true));
        s = s.withRun(run("run-5", RunKind.FINE_TUNE, RunStatus.COMPLETED, base, RankPlan.empty(), false));
        return s.withCurrentPlan(factorizedPlan()).withSelectedRunId("run-2");
    }

    /** Asserts two sessions are equal, models compared bit for bit (manifests hold float arrays). */
    static void assertSameSession(ExperimentSession expected, ExperimentSession actual) {
        assertEquals(expected.title(), actual.title());
        assertEquals(expected.createdAt(), actual.createdAt());
        assertEquals(expected.baseModelName(), actual.baseModelName());
        assertSameModel(expected.baseModel(), actual.baseModel());
        assertEquals(expected.dataset(), actual.dataset());
        assertEquals(expected.currentPlan(), actual.currentPlan());
        assertEquals(expected.selectedRunId(), actual.selectedRunId());
        assertEquals(expected.runs().size(), actual.runs().size());
        for (int i = 0; i < expected.runs().size(); i++) {
            Run e = expected.runs().get(i);
            Run a = actual.runs().get(i);
            assertEquals(e.withModel(null), a.withModel(null), "run " + e.id());
            assertEquals(e.model() == null, a.model() == null, "run " + e.id() + " model presence");
            if (e.model() != null) {
                assertSameModel(e.model(), a.model());
            }
        }
    }

    /** Asserts equal manifests (arrays by content) and bit-identical weights in the same order. */
    static void assertSameModel(SavedModel expected, SavedModel actual) {
        ModelManifest e = expected.manifest();
        ModelManifest a = actual.manifest();
        assertEquals(e.formatVersion(), a.formatVersion());
        assertEquals(e.architecture(), a.architecture());
        assertEquals(e.input(), a.input());
        assertEquals(e.classes(), a.classes());
        assertEquals(e.network(), a.network());
        assertEquals(e.training(), a.training());
        assertEquals(e.weightsSha256(), a.weightsSha256());
        assertEquals(Arrays.toString(e.mean()), Arrays.toString(a.mean()));
        assertEquals(Arrays.toString(e.std()), Arrays.toString(a.std()));
        assertEquals(
                List.copyOf(expected.weights().keySet()),
                List.copyOf(actual.weights().keySet()));
        expected.weights().forEach((name, t) -> {
            Tensor u = actual.weights().get(name);
            assertEquals(Arrays.toString(t.shape()), Arrays.toString(u.shape()), name);
            for (int i = 0; i < t.data().length; i++) {
                if (Float.floatToRawIntBits(t.data()[i]) != Float.floatToRawIntBits(u.data()[i])) {
                    assertEquals(
                            Float.floatToRawIntBits(t.data()[i]),
                            Float.floatToRawIntBits(u.data()[i]),
                            name + "[" + i + "]");
                }
            }
        });
    }
}
