package rankbench.experiment.session.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Round axis ticks: steps of 1, 2 or 5 times a power of ten, covering a data range with about the
 * requested number of intervals (the "nice numbers" of Heckbert, Graphics Gems, 1990).
 *
 * @param lo first tick (at or below the data minimum)
 * @param hi last tick (at or above the data maximum)
 * @param step distance between ticks
 */
record Ticks(double lo, double hi, double step) {

    /** Ticks for {@code [min, max]} with about {@code intervals} steps; a degenerate range is widened. */
    static Ticks of(double min, double max, int intervals) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            min = 0;
            max = 1;
        }
        if (max < min) {
            double t = min;
            min = max;
            max = t;
        }
        if (max - min < 1e-12) {
            double pad = Math.abs(min) > 0 ? Math.abs(min) * 0.05 : 0.5;
            min -= pad;
            max += pad;
        }
        double step = nice((max - min) / Math.max(1, intervals));
        double lo = Math.floor(min / step + 1e-9) * step;
        double hi = Math.ceil(max / step - 1e-9) * step;
        return new Ticks(lo, hi, step);
    }

    /** The nearest of 1, 2, 5 x 10^k at or above {@code x}. */
    static double nice(double x) {
        double exp = Math.floor(Math.log10(x));
        double f = x / Math.pow(10, exp);
        double nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nf * Math.pow(10, exp);
    }

    /** The tick values from {@link #lo} to {@link #hi}. */
    List<Double> values() {
        List<Double> v = new ArrayList<>();
        int n = (int) Math.round((hi - lo) / step);
        for (int i = 0; i <= n; i++) {
            double x = lo + i * step;
            v.add(Math.abs(x) < step * 1e-9 ? 0.0 : x);
        }
        return v;
    }

    /** A tick label with as many decimals as the step needs. */
    String label(double v) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
