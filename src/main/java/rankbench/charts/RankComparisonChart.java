package rankbench.charts;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import rankbench.viewmodel.RankCell;
import rankbench.viewmodel.RankRow;

/**
 * Per-layer ranks of the compared runs as a grouped bar chart: one group per layer (forward order), one bar
 * per run in its method's color ({@link MethodStyle#forRuns}, as in the Pareto chart and the spectra
 * overlay); a second run of the same method has striped bars. The legend names each run and its method
 * ({@code run-3 · lc}). A Tucker-2 run has two bars per layer, Ro and Ri (Ri lighter). Dense layers have no
 * bar.
 */
public final class RankComparisonChart {

    private final DefaultCategoryDataset data = new DefaultCategoryDataset();
    private final Map<String, RankCell> cellOf = new LinkedHashMap<>();
    private final JFreeChart chart;
    private final CategoryPlot plot;
    private final BarRenderer renderer = new BarRenderer();
    private final List<MethodStyle.RunStyle> styles = new ArrayList<>();
    private ChartViewer viewer;

    /** Creates the chart following the view model's rank rows. */
    public RankComparisonChart(ObservableList<RankRow> rows) {
        CategoryAxis x = new CategoryAxis("layer");
        NumberAxis y = new NumberAxis("rank");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        renderer.setDrawBarOutline(true); // a striped bar keeps a crisp edge in its method's color
        renderer.setDefaultOutlineStroke(new BasicStroke(0.8f));
        renderer.setGradientPaintTransformer(null); // stripes stay stripes: the paint is not stretched to the bar
        renderer.setDefaultToolTipGenerator((dataset, row, column) -> {
            RankCell c = cellOf.get(
                    key(String.valueOf(dataset.getRowKey(row)), String.valueOf(dataset.getColumnKey(column))));
            return c == null
                    ? null
                    : c.runName() + ", " + dataset.getColumnKey(column) + ": rank " + c.text()
                            + (c.scheme() == null ? "" : " (" + c.scheme() + ")");
        });
        plot = new CategoryPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setNoDataMessage("Select two or more runs to compare their ranks");
        chart = new JFreeChart("Ranks per layer", ChartStyle.TITLE, plot, true);
        TextTitle note =
                new TextTitle("Tucker-2: two bars, Ro and Ri (lighter); no bar: layer kept dense", ChartStyle.TICK);
        note.setPaint(ChartStyle.MUTED);
        chart.addSubtitle(note);
        ChartStyle.apply(chart);
        update(rows);
        rows.addListener((ListChangeListener<RankRow>) c -> update(c.getList()));
    }

    private static String key(String series, String layer) {
        return series + "\u0000" + layer;
    }

    private void update(List<? extends RankRow> rows) {
        chart.setNotify(false);
        data.clear();
        cellOf.clear();
        if (!rows.isEmpty()) {
            int runs = rows.get(0).cells().size();
            List<Boolean> tucker = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                int col = i;
                tucker.add(rows.stream().anyMatch(r -> r.cells().get(col).inRank() != null));
            }
            List<String> methods = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                methods.add(rows.get(0).cells().get(i).method());
            }
            styles.clear();
            styles.addAll(MethodStyle.forRuns(methods, MethodStyle.SIZE));
            int series = 0;
            for (int i = 0; i < runs; i++) {
                RankCell first = rows.get(0).cells().get(i);
                String id = MethodStyle.runLegend(first.runName(), first.method());
                MethodStyle.RunStyle style = styles.get(i);
                String[] keys = tucker.get(i) ? new String[] {id + " Ro", id + " Ri"} : new String[] {id};
                for (int k = 0; k < keys.length; k++) {
                    renderer.setSeriesPaint(series, k == 0 ? style.barPaint() : style.lightBarPaint());
                    renderer.setSeriesOutlinePaint(series, style.color());
                    series++;
                    for (RankRow r : rows) {
                        RankCell cell = r.cells().get(i);
                        Integer v = k == 0 ? cell.rank() : cell.inRank();
                        data.addValue(v, keys[k], r.layer());
                        cellOf.put(key(keys[k], r.layer()), cell);
                    }
                }
            }
            plot.getDomainAxis()
                    .setCategoryLabelPositions(
                            rows.size() > 6 ? CategoryLabelPositions.UP_45 : CategoryLabelPositions.STANDARD);
        }
        chart.setNotify(true);
    }

    /** The style of each compared run, in order (the last update's). */
    List<MethodStyle.RunStyle> styles() {
        return List.copyOf(styles);
    }

    /**
     * The bars: rows are series ({@code run-3 · lc}, or {@code run-5 · trp Ro} / {@code run-5 · trp Ri}),
     * columns layers.
     */
    DefaultCategoryDataset dataset() {
        return data;
    }

    /** The chart (for export). */
    public JFreeChart chart() {
        return chart;
    }

    /** The chart node (created on first use: needs the FX toolkit). */
    public ChartViewer node() {
        if (viewer == null) {
            viewer = new ChartViewer(chart);
            viewer.getStyleClass().add("chart");
        }
        return viewer;
    }
}
