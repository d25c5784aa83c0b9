package rankbench.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jfree.data.general.SeriesChangeEvent;
import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.Test;
import rankbench.viewmodel.ChartPoint;

/** The list-to-series adapter, headless (JFreeChart data classes need no toolkit). */
class SeriesAdapterTest {

    @Test
    void aBatchOfPointsFiresOneSeriesChange() {
        ObservableList<ChartPoint> points = FXCollections.observableArrayList(new ChartPoint(0, 5));
        XYSeries series = new XYSeries("loss");
        SeriesAdapter.bind(points, series);
        List<SeriesChangeEvent> events = new ArrayList<>();
        series.addChangeListener(events::add);

        List<ChartPoint> batch = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            batch.add(new ChartPoint(i, 1.0 / i));
        }
        points.addAll(batch);

        assertEquals(1001, series.getItemCount());
        assertEquals(1, events.size());
        assertEquals(0.5, series.getY(2).doubleValue(), 1e-12);
    }

    @Test
    void clearingTheListClearsTheSeries() {
        ObservableList<ChartPoint> points =
                FXCollections.observableArrayList(new ChartPoint(0, 1), new ChartPoint(1, 2));
        XYSeries series = new XYSeries("loss");
        SeriesAdapter.bind(points, series);
        assertEquals(2, series.getItemCount());

        points.clear();
        assertEquals(0, series.getItemCount());
        points.add(new ChartPoint(3, 4));
        assertEquals(1, series.getItemCount());
    }
}
