package rankbench.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.Test;
import rankbench.viewmodel.ChartPoint;

/** The live loss/accuracy chart, headless: one step axis, accuracy on its own right-hand axis. */
class LiveChartTest {

    private final ObservableList<ChartPoint> loss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> train = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> validation = FXCollections.observableArrayList();

    @Test
    void accuracyIsOnTheRightAxisAndValidationAtItsStepOnTheSharedStepAxis() {
        LiveChart chart = new LiveChart("Fine-tuning", "step", "loss", "accuracy");
        chart.addSeries("loss", loss, false);
        XYSeries t = chart.addRightSeries("train accuracy (batch)", train, false);
        XYSeries v = chart.addRightSeries("validation accuracy (epoch end)", validation, true);
        for (int step = 1; step <= 200; step++) {
            loss.add(new ChartPoint(step, 2.0 / step));
            train.add(new ChartPoint(step, 0.5 + step / 1000.0));
        }
        validation.addAll(new ChartPoint(100, 0.61), new ChartPoint(200, 0.66)); // measured after steps 100, 200
        XYPlot plot = chart.chart().getXYPlot();
        assertEquals("accuracy", plot.getRangeAxis(1).getLabel());
        assertEquals(AxisLocation.BOTTOM_OR_RIGHT, plot.getRangeAxisLocation(1));
        assertSame(plot.getRangeAxis(1), plot.getRangeAxisForDataset(1), "accuracy series use the right axis");
        assertSame(plot.getRangeAxis(0), plot.getRangeAxisForDataset(0), "loss uses the left axis");
        assertSame(plot.getDomainAxis(), plot.getDomainAxisForDataset(1), "one step axis for every series");
        assertEquals(100.0, v.getX(0).doubleValue(), "a validation point is at the step it was measured");
        assertEquals(200.0, v.getX(1).doubleValue());
        assertEquals(200, t.getItemCount());
        assertEquals(2, plot.getDataset(1).getSeriesCount());
        assertTrue(plot.getDomainAxis().getRange().getUpperBound() >= 200, "the step axis reaches the last step");
    }

    @Test
    void aChartWithoutRightSeriesHasOneValueAxis() {
        LiveChart chart = new LiveChart("Loss", "step", "loss");
        chart.addSeries("train (batch)", loss, false);
        assertNull(chart.chart().getXYPlot().getRangeAxis(1));
    }
}
