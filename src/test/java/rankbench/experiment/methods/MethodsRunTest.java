package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.TestModels;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingData;
import rankbench.experiment.training.TrainingEvent;

/** Every registered method runs end to end on a tiny LeNet-5 and exports a loadable factorized model. */
@Tag("engine")
class MethodsRunTest {

    static MethodRun run(SavedModel start, TrainingConfig tc, List<TrainingEvent> events) {
        DataSource src = Datasets.bundledFashionMnistSubset();
        return new MethodRun(
                start,
                new TrainingData(src.train().limit(128), src.train().limit(16), src.normalization()),
                src.test().limit(32),
                tc,
                tc.toBuilder().setEpochs(1).build(),
                null,
                null,
                events::add,
                null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"trp", "lc", "lra", "svd-train", "orth-evbmf"})
    void oneEpochWithDefaultHyperparametersCompressesAndExportsALoadableModel(String id, @TempDir Path dir)
            throws Exception {
        SavedModel start = TestModels.random(Architecture.LENET5, 1);
        // one epoch of 16 batches of 8 images; random weights have flat spectra, the hardest case to compress
        TrainingConfig tc = TrainingConfig.builder()
                .setEpochs(1)
                .optBatchSize(8)
                .optLearningRate(0.01)
                .optSchedule("cosine")
                .build();
        List<TrainingEvent> events = new ArrayList<>();
        RankLearningMethod<?> m = Methods.get(id);
        MethodResult r = Methods.run(m, run(start, tc, events), m.defaultParameters());
        assertEquals(id, r.method());
        assertEquals(RunStatus.COMPLETED, r.status(), r.statusMessage());
        assertFalse(r.plan().layers().isEmpty());
        assertTrue(
                r.params() < r.baseParams(),
                id + " compressed nothing: " + r.params() + " of " + r.baseParams() + " (" + r.message() + ")");
        assertTrue(r.macs() < r.baseMacs(), id + ": MACs " + r.macs() + " of " + r.baseMacs());
        Path file = dir.resolve("out.rbm");
        ModelFiles.write(r.model(), file);
        SavedModel back = ModelFiles.read(file);
        assertEquals(r.params(), NetworkSpec.parameterCount(back.manifest().network()));
        CostModel.Summary c =
                CostModel.of(start.manifest().network(), start.manifest().input(), r.plan());
        assertEquals(c.macs(), r.macs());
        assertTrue(r.compressedAccuracy() >= 0 && r.fineTunedAccuracy() >= 0);
        assertTrue(
                events.stream()
                        .anyMatch(
                                e -> e instanceof TrainingEvent.MethodUpdate u && u.payload() instanceof RankSnapshot),
                "no rank snapshot published");
        assertTrue(Files.size(file) > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"trp", "lc", "svd-train"})
    void budgetModeMeetsItsMacTarget(String id) {
        SavedModel start = TestModels.random(Architecture.LENET5, 1);
        TrainingConfig tc = TrainingConfig.builder()
                .setEpochs(2)
                .optBatchSize(16)
                .optLearningRate(0.01)
                .optSchedule("constant")
                .optMaxBatchesPerEpoch(3)
                .build();
        RankLearningMethod<?> m = Methods.get(id);
        Object p = m.defaultParameters();
        if (p instanceof LcParams lc) {
            lc.setSteps(3);
            lc.setReduction(2);
        } else if (p instanceof TrpParams trp) {
            trp.setPeriod(2);
            trp.setReduction(2);
        } else if (p instanceof SvdTrainParams s1) {
            s1.setReduction(2);
        }
        MethodResult r = Methods.run(m, run(start, tc, new ArrayList<>()), p);
        assertEquals(RunStatus.COMPLETED, r.status(), r.statusMessage());
        assertTrue(r.macs() <= r.baseMacs() / 2.0 + 1, "budget mode missed: " + r.macs() + " of " + r.baseMacs());
    }

    @org.junit.jupiter.api.Test
    void tiledPeriodicProjectionExportsTheTiledLayersDense(@TempDir Path dir) throws Exception {
        DataSource src = Datasets.bundledFashionMnistSubset();
        SavedModel start = TestModels.random(Architecture.LENET5, 2);
        TrainingConfig tc = TrainingConfig.builder()
                .setEpochs(1)
                .optBatchSize(16)
                .optLearningRate(0.01)
                .optSchedule("constant")
                .optMaxBatchesPerEpoch(4)
                .build();
        MethodRun run = new MethodRun(
                start,
                new TrainingData(src.train().limit(64), src.train().limit(16), src.normalization()),
                src.test().limit(32),
                tc,
                tc.toBuilder().setEpochs(1).build(),
                null,
                null,
                e -> {},
                null);
        LraParams p = new LraParams();
        p.setPeriod(2);
        p.setTiles(2);
        MethodResult r = Methods.run(Methods.get("lra"), run, p);
        assertTrue(
                r.plan().layers().values().stream().allMatch(lp -> !lp.factorized()),
                "tiled layers must stay dense: " + r.plan());
        assertEquals(NetworkSpec.parameterCount(start.manifest().network()), r.params());
        assertTrue(r.message().contains("compressed nothing"), r.message());
        ModelFiles.write(r.model(), dir.resolve("tiled.rbm"));
        assertEquals(
                start.manifest().network(),
                ModelFiles.read(dir.resolve("tiled.rbm")).manifest().network());
    }
}
