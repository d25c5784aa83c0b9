package rankbench.charts;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import rankbench.viewmodel.RunSpectrum;

/**
 * The singular values of one layer in each compared run, overlaid on a log axis, each run in its method's
 * color and a second run of the same method with another marker and dash ({@link MethodStyle#forRuns}, as
 * in {@link RankComparisonChart} and the Pareto chart); the legend names run, method and numerical rank. Values below float precision (the rest of a factorized layer's
 * spectrum is zero up to rounding) are not drawn, so a rank-r layer shows r points.
 */
public final class SpectraOverlayChart {

    private final XYSeriesCollection data = new XYSeriesCollection();
    private final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    private final JFreeChart chart;
    private final TextTitle view = new TextTitle("", ChartStyle.TICK);
    private ChartViewer viewer;

    /** Creates the chart following the view model's spectra. */
    public SpectraOverlayChart(ObservableList<RunSpectrum> spectra) {
        NumberAxis x = new NumberAxis("index i");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        RoundLogAxis y = new RoundLogAxis("singular value", RoundLogAxis::plain);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setNoDataMessage("Select two or more runs and a layer");
        chart = new JFreeChart("Singular values", ChartStyle.TITLE, plot, true);
        view.setPaint(ChartStyle.MUTED);
        chart.addSubtitle(view);
        ChartStyle.apply(chart);
        update(spectra);
        spectra.addListener((ListChangeListener<RunSpectrum>) c -> update(c.getList()));
    }

    private void update(List<? extends RunSpectrum> spectra) {
        chart.setNotify(false);
        data.removeAllSeries();
        String layer = null;
        String viewText = "";
        List<MethodStyle.RunStyle> styles =
                MethodStyle.forRuns(spectra.stream().map(RunSpectrum::method).toList(), 6);
        for (int i = 0; i < spectra.size(); i++) {
            RunSpectrum s = spectra.get(i);
            XYSeries series = new XYSeries(
                    MethodStyle.runLegend(s.runName(), s.method()) + " (rank " + s.numericalRank() + ")", false, true);
            for (int k = 0; k < s.numericalRank(); k++) {
                series.add(k + 1, s.values()[k], false);
            }
            data.addSeries(series);
            MethodStyle.RunStyle style = styles.get(i);
            renderer.setSeriesPaint(i, style.color());
            renderer.setSeriesShape(i, style.shape());
            renderer.setSeriesStroke(i, style.stroke());
            // the second run of a method: hollow markers, so overlapping points of two runs stay apart
            renderer.setSeriesShapesFilled(i, style.variant() == 0);
            if (s.problem() == null) {
                layer = s.layer();
                viewText = s.view();
            }
        }
        chart.setTitle(layer == null ? "Singular values" : "Singular values of " + layer);
        ChartStyle.apply(chart);
        view.setText(viewText);
        chart.setNotify(true);
    }

    /** The renderer (series paints, shapes and strokes). */
    XYLineAndShapeRenderer renderer() {
        return renderer;
    }

    /** One series per compared run, in order. */
    XYSeriesCollection dataset() {
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
