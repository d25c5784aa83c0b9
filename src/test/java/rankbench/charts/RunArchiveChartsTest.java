package rankbench.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.Test;
import rankbench.experiment.session.Run;
import rankbench.viewmodel.ParetoAxis;
import rankbench.viewmodel.RunArchiveViewModel;
import rankbench.viewmodel.RunPoint;
import rankbench.viewmodel.TestRuns;

/** The run archive's chart adapters, headless: what each dataset holds. */
class RunArchiveChartsTest {

    private final ObservableList<Run> runs = FXCollections.observableArrayList(TestRuns.archive(TestRuns.lenet(1)));
    private final RunArchiveViewModel vm = new RunArchiveViewModel(runs, r -> {});

    private Run run(String id) {
        return runs.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void paretoSeriesAreOnePerMethodWithAccuracyInPercent() {
        RunParetoChart chart = new RunParetoChart(vm.points(), vm.xAxisLabelProperty(), vm.paretoAxisProperty());
        List<String> methods = seriesKeys(chart);
        assertEquals(
                List.of("energy", "evbmf", "fine-tune", "ratio", "lra", "trp"),
                methods,
                "diverged lc and failed svd-train have no series");
        assertEquals(vm.points().size(), chart.pointCount());
        XYSeries ft = chart.dataset().getSeries("fine-tune");
        assertEquals(2, ft.getItemCount(), "compress-only and fine-tuned point of run-3");
        assertEquals(80.2, ft.getY(0).doubleValue(), 1e-9);
        assertEquals(87.4, ft.getY(1).doubleValue(), 1e-9);
        assertEquals((double) run("run-3").metrics().macs(), ft.getX(0).doubleValue());
        RunPoint hollow = chart.point(2, 0);
        assertFalse(hollow.fineTuned());
        assertTrue(chart.point(2, 1).fineTuned());
        assertNull(chart.point(9, 0));
        assertEquals(vm.points().stream().filter(RunPoint::onFront).count(), chart.frontCount());
        assertEquals("MACs per image", chart.xAxis().getLabel());
        assertEquals("Validation accuracy vs MACs", chart.chart().getTitle().getText());
    }

    @Test
    void switchingTheAxisRedrawsWithTheNewLabelAndValues() {
        RunParetoChart chart = new RunParetoChart(vm.points(), vm.xAxisLabelProperty(), vm.paretoAxisProperty());
        vm.paretoAxisProperty().set(ParetoAxis.LATENCY);
        assertEquals("measured latency (ms, batch 32)", chart.xAxis().getLabel());
        assertFalse(seriesKeys(chart).contains("ratio"), "run-4 (ratio) has no latency");
        assertEquals(1.9, chart.dataset().getSeries("energy").getX(0).doubleValue());
        assertEquals("Validation accuracy vs latency", chart.chart().getTitle().getText());
    }

    @Test
    void rankBarsHaveOneSeriesPerRunAndTwoForTucker2() {
        RankComparisonChart chart = new RankComparisonChart(vm.rankRows());
        assertEquals(0, chart.dataset().getRowCount());
        vm.selected().setAll(run("run-1"), run("run-5"));
        assertEquals(
                List.of("run-1 \u00b7 energy", "run-5 \u00b7 lra Ro", "run-5 \u00b7 lra Ri"),
                chart.dataset().getRowKeys(),
                "the legend names each run and its method");
        assertEquals(List.of("conv1", "conv2", "fc1"), chart.dataset().getColumnKeys());
        String energy = "run-1 \u00b7 energy";
        String lra = "run-5 \u00b7 lra";
        assertEquals(10, chart.dataset().getValue(energy, "conv2").intValue());
        assertEquals(8, chart.dataset().getValue(lra + " Ro", "conv2").intValue());
        assertEquals(4, chart.dataset().getValue(lra + " Ri", "conv2").intValue());
        assertNull(chart.dataset().getValue(lra + " Ro", "conv1"), "dense: no bar");
        assertEquals(24, chart.dataset().getValue(lra + " Ro", "fc1").intValue());
        assertNull(chart.dataset().getValue(lra + " Ri", "fc1"), "a matrix rank has no Ri");
        vm.selected().setAll(run("run-1"), run("run-7"));
        assertEquals(
                List.of(energy, "run-7 \u00b7 lc (diverged)"),
                chart.dataset().getRowKeys(),
                "a diverged run is named as such, never as a plain result");
    }

    @Test
    void spectraShowEachRunsValuesUpToItsNumericalRank() {
        SpectraOverlayChart chart = new SpectraOverlayChart(vm.spectra());
        vm.selected().setAll(run("run-1"), run("run-2"));
        vm.spectrumLayerProperty().set("fc1");
        assertEquals(2, chart.dataset().getSeriesCount());
        assertEquals(40, chart.dataset().getSeries(0).getItemCount());
        assertEquals(20, chart.dataset().getSeries(1).getItemCount());
        assertEquals(
                vm.spectra().get(0).values()[0],
                chart.dataset().getSeries(0).getY(0).doubleValue());
        assertEquals("Singular values of fc1", chart.chart().getTitle().getText());
    }

    private static List<String> seriesKeys(RunParetoChart chart) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < chart.dataset().getSeriesCount(); i++) {
            keys.add(String.valueOf(chart.dataset().getSeriesKey(i)));
        }
        return keys;
    }

    @Test
    void methodStylesAreStableAndDistinctForTheKnownMethods() {
        Set<Color> colors = new HashSet<>();
        for (String m : List.of("trp", "lc", "lra", "svd-train", "orth-evbmf", "energy", "evbmf")) {
            colors.add(MethodStyle.color(m));
        }
        assertEquals(7, colors.size());
        // an unknown method still gets a palette color, whatever its spelling's case and spaces
        assertTrue(List.of(MethodStyle.PALETTE).contains(MethodStyle.color("my-new-rule")));
        assertEquals(MethodStyle.color("my-new-rule"), MethodStyle.color(" My-New-Rule "));
        assertEquals(MethodStyle.color("TRP"), MethodStyle.color("trp"));
    }
}
