package rankbench.charts;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.data.xy.XYSeries;
import rankbench.viewmodel.ChartPoint;

/**
 * Mirrors an observable list of {@link ChartPoint}s into an {@link XYSeries}: each list change (one per
 * view-model drain) adds its points without notification and fires one series change, so the chart
 * redraws once per batch. Removals rebuild the series. FX thread only.
 */
public final class SeriesAdapter {

    private SeriesAdapter() {}

    /** Binds {@code series} to {@code points} (the current points are copied at once). */
    public static ListChangeListener<ChartPoint> bind(ObservableList<ChartPoint> points, XYSeries series) {
        rebuild(points, series);
        ListChangeListener<ChartPoint> l = c -> {
            boolean rebuild = false;
            boolean added = false;
            while (c.next()) {
                if (c.wasRemoved() || c.wasPermutated() || c.wasReplaced()) {
                    rebuild = true;
                } else if (c.wasAdded()) {
                    for (ChartPoint p : c.getAddedSubList()) {
                        series.add(p.x(), p.y(), false);
                    }
                    added = true;
                }
            }
            if (rebuild) {
                rebuild(c.getList(), series);
            } else if (added) {
                series.fireSeriesChanged();
            }
        };
        points.addListener(l);
        return l;
    }

    private static void rebuild(List<? extends ChartPoint> points, XYSeries series) {
        series.setNotify(false);
        series.clear();
        for (ChartPoint p : points) {
            series.add(p.x(), p.y(), false);
        }
        series.setNotify(true);
    }
}
