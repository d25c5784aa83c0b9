package rankbench.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

/** Round tick values of the log axis. */
class RoundLogAxisTest {

    @Test
    void aFewDecadesGetOneTwoFiveTicks() {
        assertEquals(List.of(2e6, 5e6, 1e7, 2e7), RoundLogAxis.tickValues(1.5e6, 3.2e7, 10));
    }

    @Test
    void manyDecadesGetDecadesOnlyThenEveryOtherDecade() {
        assertEquals(List.of(1e-3, 1e-2, 0.1, 1.0, 10.0), RoundLogAxis.tickValues(5e-4, 50, 6));
        assertEquals(List.of(1e-6, 1e-4, 1e-2, 1.0, 100.0), RoundLogAxis.tickValues(5e-7, 500, 5));
    }

    @Test
    void aNarrowRangeGetsFinerMantissas() {
        assertEquals(List.of(2.0, 3.0), RoundLogAxis.tickValues(1.6, 4.2, 10).subList(0, 2));
        assertEquals(List.of(2.0, 3.0, 4.0), RoundLogAxis.tickValues(1.6, 4.2, 10));
        List<Double> narrow = RoundLogAxis.tickValues(2.31, 2.47, 8);
        assertTrue(narrow.size() >= 2, narrow.toString());
        for (double v : narrow) {
            assertTrue(v >= 2.31 && v <= 2.47, narrow.toString());
            assertEquals(v, Math.round(v * 100) / 100.0, 1e-12, "round: " + narrow);
        }
    }

    @Test
    void everyTickIsRoundAndWithinTheRange() {
        for (double lo = 1e-5; lo < 1e8; lo *= 3.7) {
            for (double span : new double[] {1.05, 1.5, 4, 30, 1e4}) {
                List<Double> t = RoundLogAxis.tickValues(lo, lo * span, 8);
                assertTrue(t.size() >= 2, lo + " x" + span + ": " + t);
                for (double v : t) {
                    assertTrue(v >= lo * (1 - 1e-9) && v <= lo * span * (1 + 1e-9), lo + ": " + t);
                    int digits = new BigDecimal(Double.toString(v))
                            .stripTrailingZeros()
                            .precision();
                    assertTrue(digits <= 3, "not round: " + v);
                }
            }
        }
    }

    @Test
    void labelsUseSiSuffixes() {
        assertEquals("500 k", RoundLogAxis.si(5e5));
        assertEquals("2 M", RoundLogAxis.si(2e6));
        assertEquals("1.5 G", RoundLogAxis.si(1.5e9));
        assertEquals("20", RoundLogAxis.si(20));
        assertEquals("0.05", RoundLogAxis.plain(0.05));
        assertEquals("2e-4", RoundLogAxis.plain(2e-4));
    }

    @Test
    void aSingleLargeValueGetsAUsableRange() {
        XYSeries s = new XYSeries("one");
        s.add(2.085249199999999e7, 90.0);
        RoundLogAxis x = new RoundLogAxis("MACs", RoundLogAxis::si);
        new XYPlot(new XYSeriesCollection(s), x, new NumberAxis(), new XYLineAndShapeRenderer());
        assertTrue(
                x.getLowerBound() < 2.0e7 && x.getUpperBound() > 2.1e7,
                x.getRange().toString());
        assertTrue(x.getLowerBound() > 0);
    }
}
