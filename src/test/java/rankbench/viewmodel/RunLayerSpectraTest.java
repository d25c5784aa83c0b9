package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Projection;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.training.RunStatus;

/** Multiplying factor layers back into a dense weight, for every scheme. */
class RunLayerSpectraTest {

    private static final SavedModel BASE = TestRuns.lenet(3);

    @ParameterizedTest
    @EnumSource(
            value = Scheme.class,
            names = {"CHANNEL", "SPATIAL", "SPATIAL_VH", "INPUT", "TUCKER2"})
    void theProductOfAConvsFactorsIsItsTruncatedReconstruction(Scheme s) {
        LayerPlan p = s == Scheme.TUCKER2 ? LayerPlan.tucker2(7, 4) : LayerPlan.of(s, 5);
        assertReconstructs("conv2", p);
    }

    @Test
    void theProductOfALinearLayersFactorsIsItsTruncatedReconstruction() {
        assertReconstructs("fc1", LayerPlan.of(Scheme.LINEAR, 9));
    }

    private static void assertReconstructs(String layer, LayerPlan p) {
        SavedModel f = Factorizer.factorize(BASE, new RankPlan(Map.of(layer, p)));
        assertTrue(f.weights().containsKey(layer + ".0.weight"), "factorized");
        Tensor got = RunLayerSpectra.effectiveWeight(f, layer);
        Tensor want = Projection.project(BASE.weights().get(layer + ".weight"), p, null, layer);
        assertArrayEquals(want.shape(), got.shape());
        double max = 0;
        for (int i = 0; i < want.size(); i++) {
            max = Math.max(max, Math.abs(want.data()[i] - got.data()[i]));
        }
        assertTrue(max < 1e-5, "max difference " + max);
    }

    @Test
    void aDenseLayerIsItsOwnWeightAndItsSpectrumIsTheSvdOfTheCommonView() {
        Tensor w = RunLayerSpectra.effectiveWeight(BASE, "conv2");
        assertEquals(BASE.weights().get("conv2.weight"), w);
        var dense = TestRuns.run(
                "d",
                RunKind.TRAIN,
                "train",
                "d",
                RunStatus.COMPLETED,
                "",
                BASE,
                RankPlan.empty(),
                Map.of(),
                0.5,
                null,
                null,
                null);
        var spatial = TestRuns.run(
                "s",
                RunKind.COMPRESS,
                "ratio",
                "s",
                RunStatus.COMPLETED,
                "",
                BASE,
                TestRuns.plan("conv2", Scheme.SPATIAL, 4),
                Map.of(),
                0.5,
                null,
                null,
                null);
        var spectra = new RunLayerSpectra().compute(List.of(dense, spatial), "conv2");
        // the common view is the one the factorizing run used: spatial, (16*5) x (6*5)
        assertArrayEquals(
                Svd.values(RunLayerSpectra.matrix(w, Scheme.SPATIAL)),
                spectra.get(0).values(),
                1e-9);
        assertEquals(30, spectra.get(0).numericalRank());
        assertEquals(4, spectra.get(1).numericalRank());
        assertTrue(
                spectra.get(1).view().startsWith("spatial view"), spectra.get(1).view());
        assertEquals(spectra.get(0).values()[0], spectra.get(1).values()[0], 1e-5, "truncation keeps the top value");
    }

    @Test
    void anUnknownLayerIsAClearError() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> RunLayerSpectra.effectiveWeight(BASE, "layer9.conv"));
        assertEquals("the model has no layer 'layer9.conv'", e.getMessage());
    }
}
