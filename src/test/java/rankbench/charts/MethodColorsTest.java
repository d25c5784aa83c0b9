package rankbench.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;
import rankbench.experiment.session.Run;
import rankbench.viewmodel.RankRow;
import rankbench.viewmodel.RunArchiveViewModel;
import rankbench.viewmodel.RunSpectrum;
import rankbench.viewmodel.TestRuns;

/** Every comparison chart colors a run by its method; runs of one method differ by marker, dash or stripes. */
class MethodColorsTest {

    private static final List<String> METHODS = List.of(
            "trp",
            "lc",
            "lra",
            "svd-train",
            "orth-evbmf",
            "energy",
            "threshold",
            "ratio",
            "ranks",
            "evbmf",
            "lc-rule",
            "sensitivity",
            "latency");

    @Test
    void everyMethodAndRuleHasItsOwnColorAndNoneIsTheFrontsRed() {
        Set<Color> colors = new HashSet<>();
        for (String m : METHODS) {
            colors.add(MethodStyle.color(m));
            assertNotEquals(ChartStyle.FRONT, MethodStyle.color(m), m);
        }
        assertEquals(METHODS.size(), colors.size(), "distinct colors");
        assertEquals(MethodStyle.color("lc"), MethodStyle.color(" LC "), "stable whatever the spelling's case");
    }

    @Test
    void twoRunsOfOneMethodShareItsColorButNotMarkerOrDash() {
        List<MethodStyle.RunStyle> s = MethodStyle.forRuns(List.of("trp", "lc", "trp"), MethodStyle.SIZE);
        assertEquals(
                List.of(0, 0, 1), s.stream().map(MethodStyle.RunStyle::variant).toList());
        assertEquals(MethodStyle.color("trp"), s.get(0).color());
        assertEquals(s.get(0).color(), s.get(2).color());
        assertNotEquals(outline(s.get(0).shape()), outline(s.get(2).shape()), "another marker");
        assertNotEquals(dash(s.get(0)), dash(s.get(2)), "another dash");
        assertEquals(outline(MethodStyle.shape("trp")), outline(s.get(0).shape()), "the first is the Pareto marker");
    }

    @Test
    void rankBarsOfTwoRunsOfOneMethodAreItsColorPlainAndStriped() {
        ObservableList<RankRow> rows = FXCollections.observableArrayList(SyntheticRanks.rows(
                List.of("run-2", "run-3", "run-5"), List.of("trp", "lc", "trp"), List.of(1.0, 0.8, 1.2)));
        RankComparisonChart chart = new RankComparisonChart(rows);
        assertEquals(
                List.of("run-2 \u00b7 trp", "run-3 \u00b7 lc", "run-5 \u00b7 trp"),
                chart.dataset().getRowKeys());
        Paint first = chart.chart().getCategoryPlot().getRenderer().getSeriesPaint(0);
        Paint second = chart.chart().getCategoryPlot().getRenderer().getSeriesPaint(2);
        Color trp = MethodStyle.color("trp");
        assertEquals(trp, first);
        GradientPaint stripes = assertInstanceOf(GradientPaint.class, second, "the second trp run is striped");
        assertEquals(trp, stripes.getColor1());
        assertTrue(stripes.isCyclic());
        assertEquals(hue(trp), hue(stripes.getColor2()), 0.02, "its stripes are a tint of the same hue");
        assertEquals(
                MethodStyle.color("lc"),
                chart.chart().getCategoryPlot().getRenderer().getSeriesPaint(1));
    }

    @Test
    void spectraOfTwoRunsOfOneMethodAreItsColorWithAnotherMarkerAndDash() {
        ObservableList<RunSpectrum> spectra = FXCollections.observableArrayList(
                spectrum("run-2", "trp"), spectrum("run-3", "lc"), spectrum("run-5", "trp"));
        SpectraOverlayChart chart = new SpectraOverlayChart(spectra);
        var r = chart.renderer();
        assertEquals(MethodStyle.color("trp"), r.getSeriesPaint(0));
        assertEquals(MethodStyle.color("trp"), r.getSeriesPaint(2));
        assertEquals(MethodStyle.color("lc"), r.getSeriesPaint(1));
        assertNotEquals(outline(r.getSeriesShape(0)), outline(r.getSeriesShape(2)));
        assertNotEquals(
                Arrays.toString(((BasicStroke) r.getSeriesStroke(0)).getDashArray()),
                Arrays.toString(((BasicStroke) r.getSeriesStroke(2)).getDashArray()));
        assertEquals(
                "run-5 \u00b7 trp (rank 3)", chart.dataset().getSeriesKey(2), "the legend says which run is which");
    }

    @Test
    void aRunHasTheSameColorInTheParetoChartTheRankBarsAndTheSpectra() {
        ObservableList<Run> runs = FXCollections.observableArrayList(TestRuns.archive(TestRuns.lenet(1)));
        RunArchiveViewModel vm = new RunArchiveViewModel(runs, r -> {});
        RunParetoChart pareto = new RunParetoChart(vm.points(), vm.xAxisLabelProperty(), vm.paretoAxisProperty());
        RankComparisonChart bars = new RankComparisonChart(vm.rankRows());
        SpectraOverlayChart spectra = new SpectraOverlayChart(vm.spectra());
        vm.selected()
                .setAll(runs.stream()
                        .filter(r -> List.of("run-2", "run-1", "run-4").contains(r.id()))
                        .toList());
        vm.spectrumLayerProperty().set("fc1");
        List<String> methods = vm.selected().stream().map(Run::method).toList();
        assertEquals(3, spectra.dataset().getSeriesCount());
        for (int i = 0; i < methods.size(); i++) {
            String m = methods.get(i);
            int paretoSeries = pareto.dataset().getSeriesIndex(m);
            Paint inPareto = pareto.chart().getXYPlot().getRenderer().getSeriesPaint(paretoSeries);
            Paint inBars = bars.chart().getCategoryPlot().getRenderer().getSeriesPaint(i);
            Paint inSpectra = spectra.renderer().getSeriesPaint(i);
            assertEquals(MethodStyle.color(m), inPareto, m);
            assertEquals(inPareto, inBars, m);
            assertEquals(inPareto, inSpectra, m);
        }
    }

    private static RunSpectrum spectrum(String id, String method) {
        return new RunSpectrum(
                id, id, id, "layer1.0.conv1", "channel view, 16 x 144", new double[] {3, 2, 1}, 3, null, method);
    }

    private static float hue(Color c) {
        return Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null)[0];
    }

    private static String dash(MethodStyle.RunStyle s) {
        return Arrays.toString(((BasicStroke) s.stroke()).getDashArray());
    }

    /** The outline of a shape as its path coordinates, to compare markers. */
    private static List<Double> outline(Shape s) {
        List<Double> out = new ArrayList<>();
        double[] c = new double[6];
        for (PathIterator it = s.getPathIterator(new AffineTransform()); !it.isDone(); it.next()) {
            int n = switch (it.currentSegment(c)) {
                case PathIterator.SEG_MOVETO, PathIterator.SEG_LINETO -> 2;
                case PathIterator.SEG_QUADTO -> 4;
                case PathIterator.SEG_CUBICTO -> 6;
                default -> 0;
            };
            for (int i = 0; i < n; i++) {
                out.add(Math.rint(c[i] * 1000) / 1000);
            }
        }
        return out;
    }
}
