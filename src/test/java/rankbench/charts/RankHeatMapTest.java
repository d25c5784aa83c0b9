package rankbench.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;
import org.jfree.data.general.DatasetChangeEvent;
import org.junit.jupiter.api.Test;
import rankbench.viewmodel.RankLearningViewModel.RankStep;

/** The rank heat map's dataset, axes, tooltips and color scale, headless (no toolkit). */
class RankHeatMapTest {

    private final ObservableList<String> layers = FXCollections.observableArrayList(SyntheticRanks.resnet20Layers());
    private final ObservableList<RankStep> history = FXCollections.observableArrayList();
    private final RankHeatMap map = new RankHeatMap(history, layers);

    @Test
    void theYCategoriesAreTheRunsLayersInNetworkOrderFirstOnTop() {
        history.setAll(SyntheticRanks.history(2000, 50));
        XYPlot plot = map.chart().getXYPlot();
        SymbolAxis y = (SymbolAxis) plot.getRangeAxis();
        assertEquals(SyntheticRanks.resnet20Layers(), List.of(y.getSymbols()));
        assertEquals(18, map.rows());
        assertEquals("layer1.0.conv1", y.valueToString(0));
        assertEquals("layer3.2.conv2", y.valueToString(17));
        assertTrue(y.isInverted(), "layer 0 is drawn on top");
        assertEquals(new Range(-0.5, 17.5), y.getRange(), "one row per layer, nothing more");
    }

    @Test
    void thereIsOneBlockPerLayerAndRecordedStep() {
        List<RankStep> steps = SyntheticRanks.history(2000, 50);
        history.setAll(steps);
        RankHeatData d = map.dataset();
        assertEquals(1, d.getSeriesCount());
        assertEquals(40 * 18, d.getItemCount(0));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < d.getItemCount(0); i++) {
            int row = (int) d.getYValue(0, i);
            RankStep s = steps.get(d.column(i));
            assertEquals(s.step(), d.getXValue(0, i));
            assertEquals(s.fraction(row), d.getZValue(0, i));
            seen.add(layers.get(row) + "@" + d.getXValue(0, i));
        }
        assertEquals(40 * 18, seen.stream().distinct().count(), "each (layer, step) exactly once");
        assertEquals(
                new Range(50, 2050),
                map.renderer().findDomainBounds(d),
                "blocks reach to the next update, the last one by the gap before it");
    }

    @Test
    void aNewUpdateIsOneDatasetChangeOfTheSameDataset() {
        history.setAll(SyntheticRanks.history(2000, 50).subList(0, 10));
        RankHeatData before = map.dataset();
        List<DatasetChangeEvent> events = new ArrayList<>();
        before.addChangeListener(events::add);
        history.addAll(SyntheticRanks.history(2000, 50).subList(10, 13));
        assertSame(before, map.chart().getXYPlot().getDataset());
        assertEquals(1, events.size(), "one list change, one redraw");
        assertEquals(13 * 18, before.getItemCount(0));
        assertEquals(13, map.columns());
    }

    @Test
    void aLayerSeenLaterBecomesARowAtTheBottom() {
        layers.setAll("conv1", "layer1.0.conv1");
        history.add(new RankStep(0, 10, "projection", new int[] {8, 4}, new int[] {16, 16}));
        layers.add("fc");
        assertEquals(List.of("conv1", "layer1.0.conv1", "fc"), map.layerLabels());
        assertEquals(3, map.dataset().getItemCount(0));
        assertTrue(Double.isNaN(map.dataset().getZValue(0, 2)), "the first update lacks fc");
        assertEquals(
                "fc\nstep 10 (projection)\nrank not reported", map.dataset().toolTip(0, 2));
    }

    @Test
    void tooltipsNameTheLayerTheStepsAndTheRanks() {
        history.setAll(SyntheticRanks.history(2000, 50));
        RankBlockRenderer r = map.renderer();
        RankHeatData d = map.dataset();
        int item = 5 * 18 + 1; // step 300, layer1.0.conv2
        String tip = r.getToolTipGenerator(0, item).generateToolTip(d, 0, item);
        RankStep s = history.get(5);
        assertTrue(tip.startsWith("layer1.0.conv2\nstep"), tip);
        assertTrue(tip.contains("300"), tip);
        assertTrue(tip.contains("rank " + s.ranks()[1] + " / 16"), tip);
        String tucker = d.toolTip(5, 7);
        assertTrue(tucker.startsWith("layer2.0.conv2\n"), tucker);
        assertTrue(tucker.contains("Ro " + s.ranks()[7] + " / 32, Ri " + s.inRanks()[7] + " / 32"), tucker);
    }

    @Test
    void hoveringABlockOfTheDrawnChartNamesItsLayerAndRanks() {
        history.setAll(SyntheticRanks.history(2000, 50));
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage img = new BufferedImage(800, 500, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        map.chart().draw(g, new Rectangle(0, 0, 800, 500), info);
        g.dispose();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        XYPlot plot = map.chart().getXYPlot();
        double x = plot.getDomainAxis().valueToJava2D(1525, area, plot.getDomainAxisEdge()); // in step 1500's block
        double y = plot.getRangeAxis().valueToJava2D(13, area, plot.getRangeAxisEdge()); // layer3.0.conv2
        ChartEntity e = info.getEntityCollection().getEntity(x, y);
        RankStep s = history.get(29);
        assertEquals("layer3.0.conv2", e.getToolTipText().lines().findFirst().orElseThrow(), e.getToolTipText());
        assertTrue(
                e.getToolTipText().contains("Ro " + s.ranks()[13] + " / 64, Ri " + s.inRanks()[13] + " / 64"),
                e.getToolTipText());
        int first = 29;
        while (map.dataset().sameAsPrevious(first, 13)) {
            first--;
        }
        assertEquals(map.dataset().toolTip(first, 13), e.getToolTipText(), "the tooltip of the run holding step 1500");
    }

    @Test
    void updatesWithUnchangedRanksAreOneBlockWhoseTooltipGivesTheSteps() {
        layers.setAll("layer1.0.conv1");
        for (int i = 0; i < 4; i++) {
            history.add(new RankStep(
                    i,
                    100 * (i + 1),
                    "projection",
                    new int[] {i < 3 ? 8 : 6},
                    new int[] {16},
                    new int[0],
                    new int[0],
                    i));
        }
        RankHeatData d = map.dataset();
        assertFalse(d.sameAsPrevious(0, 0));
        assertTrue(d.sameAsPrevious(1, 0));
        assertEquals(3, d.runEnd(0, 0));
        assertEquals("layer1.0.conv1\nsteps 100\u2013300 (epoch 1, projection)\nrank 8 / 16 (50 %)", d.toolTip(0, 0));
        assertEquals("layer1.0.conv1\nstep 400 (epoch 4, projection)\nrank 6 / 16 (38 %)", d.toolTip(3, 0));
    }

    @Test
    void aLongHistoryDrawsAtMostOneBlockPerPixelColumnAndLayerWithoutGaps() {
        layers.setAll(SyntheticRanks.resnet20Layers().subList(0, 3));
        Random random = new Random(3);
        for (int c = 0; c < 2000; c++) {
            int[] ranks = {1 + random.nextInt(16), 1 + random.nextInt(16), 8};
            history.add(new RankStep(c, c + 1, "projection", ranks, new int[] {16, 16, 16}));
        }
        Rectangle2D area = new Rectangle2D.Double(50, 10, 400, 90);
        XYPlot plot = map.chart().getXYPlot();
        plot.getDomainAxis().setRange(map.renderer().findDomainBounds(map.dataset()));
        Rectangle2D[] blocks =
                RankBlockRenderer.layout(map.dataset(), plot.getDomainAxis(), plot.getRangeAxis(), plot, area);
        for (int row = 0; row < 3; row++) {
            List<Rectangle2D> inRow = new ArrayList<>();
            for (int c = 0; c < 2000; c++) {
                if (blocks[c * 3 + row] != null) {
                    inRow.add(blocks[c * 3 + row]);
                }
            }
            assertTrue(inRow.size() <= 400, row + ": " + inRow.size() + " blocks on 400 px");
            assertEquals(50, inRow.get(0).getMinX(), 1e-9, "from the left edge");
            for (int i = 1; i < inRow.size(); i++) {
                assertEquals(inRow.get(i - 1).getMaxX(), inRow.get(i).getMinX(), 1e-9, "no gap, no overlap");
            }
            assertEquals(450, inRow.get(inRow.size() - 1).getMaxX(), 1e-9, "to the right edge");
        }
        assertEquals(
                1,
                IntStream.range(0, 2000).filter(c -> blocks[c * 3 + 2] != null).count(),
                "a layer whose rank never changes is one block");
    }

    @Test
    void anEmptyHistoryHasNoBlocksAndNoDomain() {
        assertEquals(0, map.dataset().getItemCount(0));
        assertNull(map.renderer().findDomainBounds(map.dataset()));
        assertEquals("No rank updates yet", map.chart().getXYPlot().getNoDataMessage());
    }

    @Test
    void theColorBarSpansNoToFullRankAndFullRankIsDarkest() {
        assertEquals(0, map.colorBar().getScale().getLowerBound());
        assertEquals(1, map.colorBar().getScale().getUpperBound());
        assertEquals("rank / full rank", map.colorBar().getAxis().getLabel());
        float[] low = hsb(RankHeatMap.color(0));
        float[] high = hsb(RankHeatMap.color(1));
        assertTrue(high[2] < low[2], "full rank is darker");
        assertTrue(hsb(RankHeatMap.color(0.5))[2] < low[2] && hsb(RankHeatMap.color(0.5))[2] > high[2]);
        assertEquals(RankHeatMap.color(1), RankHeatMap.color(2), "clamped");
        Color unknown = RankHeatMap.color(Double.NaN);
        assertEquals(unknown.getRed(), unknown.getGreen(), "unknown is gray");
        assertEquals(unknown.getGreen(), unknown.getBlue(), "unknown is gray");
    }

    @Test
    void layerLabelsAreThinnedOnlyWhenRowsAreLowerThanALine() {
        history.setAll(SyntheticRanks.history(2000, 50));
        LayerAxis y = (LayerAxis) map.chart().getXYPlot().getRangeAxis();
        assertEquals(1, y.labelStride(18 * 14), "14 px rows: every layer labeled");
        assertEquals(2, y.labelStride(18 * 7), "7 px rows: every other layer");
    }

    @Test
    void aStepGivesRankOverFullRankAndNaNForMissingLayers() {
        RankStep s = new RankStep(0, 10, "projection", new int[] {8, -1}, new int[] {16, 32});
        assertEquals(0.5, s.fraction(0));
        assertTrue(Double.isNaN(s.fraction(1)));
        assertTrue(Double.isNaN(s.fraction(2)));
        assertEquals(-1, s.inRank(0), "one rank");
    }

    private static float[] hsb(Color c) {
        return Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null);
    }
}
