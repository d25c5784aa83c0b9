package rankbench.experiment.session.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunEvent;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.session.SoftwareVersions;
import rankbench.experiment.training.RunStatus;

/** In-memory sessions for export and CLI tests (no engine: the base model has no weights). */
public final class TestSessions {

    /** ResNet-20 base MACs on 1x28x28 (from the cost model). */
    public static final DatasetRef DATA =
            new DatasetRef("fashion-mnist", "fashion-mnist", "Fashion-MNIST (test)", 57_000, 3_000, 10_000, 0.05, 0);

    private TestSessions() {}

    /** A ResNet-20 manifest with no weights (enough for costs, plans and reports). */
    public static SavedModel base() {
        return new SavedModel(TestModels.manifest(Architecture.RESNET20), Map.of());
    }

    /** A run with the given status and figures; accuracies may be null. */
    public static Run run(
            String id,
            RunKind kind,
            String method,
            RunStatus status,
            long macs,
            Double valCompress,
            Double valTuned,
            Double testCompress,
            RankPlan plan,
            Map<String, String> hp,
            List<RunEvent> events) {
        RunMetrics m = new RunMetrics(
                269_434,
                120_000,
                30_818_304,
                macs,
                valCompress,
                valTuned,
                testCompress,
                null,
                3000,
                10_000,
                40.0,
                30.0,
                128);
        return new Run(
                id,
                kind,
                method,
                method + " run " + id,
                hp,
                0,
                DATA,
                SoftwareVersions.current(),
                status,
                status == RunStatus.DIVERGED ? "loss was NaN at step 12" : "",
                "2026-12-01T08:00:00Z",
                12.5,
                null,
                plan,
                m,
                events,
                null);
    }

    /**
     * Five runs: an energy compress (run-1), a trp rank-learning run fine-tuned (run-2), a diverged lc run
     * (run-3), a cancelled compress (run-4) and a failed run (run-5).
     */
    public static ExperimentSession mixed(String title) {
        return mixed(title, base(), null);
    }

    /**
     * The same five runs on a given base model; every run but the failed one gets {@code model} as its model
     * (may be null).
     */
    public static ExperimentSession mixed(String title, SavedModel base, SavedModel model) {
        RankPlan p1 = new RankPlan(
                Map.of("layer1.0.conv1", LayerPlan.of(Scheme.CHANNEL, 8), "layer3.0.conv2", LayerPlan.tucker2(16, 12)));
        RankPlan p2 = new RankPlan(Map.of("layer2.0.conv1", LayerPlan.of(Scheme.SPATIAL, 12)));
        Map<String, String> hp1 = new LinkedHashMap<>();
        hp1.put("rule", "energy");
        hp1.put("energy", "0.9");
        Map<String, String> hp2 = new LinkedHashMap<>();
        hp2.put("learningRate", "0.01");
        hp2.put("epochs", "2");
        List<RunEvent> events = new ArrayList<>();
        events.add(new RunEvent("batch", 1, 0, Map.of("loss", 1.5, "trainAccuracy", 0.4), null, null));
        events.add(new RunEvent(
                "ranks",
                2,
                0,
                Map.of("macs", 2.0e7),
                Map.of("layer2.0.conv1", List.of(12), "layer3.0.conv2", List.of(16, 12)),
                "learning"));
        events.add(new RunEvent("epoch", 2, 0, Map.of("validationAccuracy", 0.9), null, null));
        List<Run> runs = List.of(
                run(
                        "run-1",
                        RunKind.COMPRESS,
                        "energy",
                        RunStatus.COMPLETED,
                        20_000_000,
                        0.91,
                        null,
                        0.905,
                        p1,
                        hp1,
                        List.of()),
                run(
                        "run-2",
                        RunKind.RANK_LEARNING,
                        "trp",
                        RunStatus.COMPLETED,
                        15_000_000,
                        0.85,
                        0.92,
                        0.84,
                        p2,
                        hp2,
                        events),
                run(
                        "run-3",
                        RunKind.RANK_LEARNING,
                        "lc",
                        RunStatus.DIVERGED,
                        10_000_000,
                        0.5,
                        null,
                        null,
                        p2,
                        hp2,
                        List.of()),
                run(
                        "run-4",
                        RunKind.COMPRESS,
                        "energy",
                        RunStatus.CANCELLED,
                        25_000_000,
                        0.88,
                        null,
                        null,
                        p1,
                        hp1,
                        List.of()),
                run(
                        "run-5",
                        RunKind.RANK_LEARNING,
                        "lra",
                        RunStatus.FAILED,
                        12_000_000,
                        null,
                        null,
                        null,
                        p2,
                        hp2,
                        List.of()));
        List<Run> withModels = new ArrayList<>();
        for (Run r : runs) {
            withModels.add(r.status() == RunStatus.FAILED ? r : withModel(r, model));
        }
        return new ExperimentSession(
                title,
                "2026-12-01T07:59:00Z",
                "embedded default model",
                base,
                DATA,
                RankPlan.empty(),
                null,
                withModels);
    }

    /** A copy of a run with another model. */
    public static Run withModel(Run r, SavedModel model) {
        return new Run(
                r.id(),
                r.kind(),
                r.method(),
                r.label(),
                r.hyperparameters(),
                r.seed(),
                r.data(),
                r.software(),
                r.status(),
                r.statusMessage(),
                r.startedAt(),
                r.wallSeconds(),
                r.parentId(),
                r.plan(),
                r.metrics(),
                r.events(),
                model);
    }
}
