package rankbench.charts;

import java.util.List;
import java.util.Locale;
import org.jfree.data.Range;
import org.jfree.data.xy.AbstractXYZDataset;
import rankbench.viewmodel.RankLearningViewModel.RankStep;

/**
 * The heat map's data, read straight from the view model's lists (nothing is copied, so a new rank update
 * costs one change event): one series with one item per (recorded step, layer), item {@code c * rows + r}
 * for step {@code c} and layer {@code r}; x = the step, y = the layer's index, z = rank / full rank (NaN when
 * the update lacks the layer). A step's block reaches to the next recorded step (the last one as far as the
 * gap before it), since a rank holds until it is changed.
 */
final class RankHeatData extends AbstractXYZDataset {

    private static final long serialVersionUID = 1L;

    private final transient List<RankStep> steps;
    private final transient List<String> layers;

    RankHeatData(List<RankStep> steps, List<String> layers) {
        this.steps = steps;
        this.layers = layers;
    }

    /** Tells the chart the lists changed (one redraw). */
    void changed() {
        fireDatasetChanged();
    }

    int columns() {
        return steps.size();
    }

    int rows() {
        return layers.size();
    }

    int column(int item) {
        return item / layers.size();
    }

    int row(int item) {
        return item % layers.size();
    }

    RankStep step(int column) {
        return steps.get(column);
    }

    String layer(int row) {
        return layers.get(row);
    }

    @Override
    public int getSeriesCount() {
        return 1;
    }

    @Override
    public Comparable<String> getSeriesKey(int series) {
        return "rank / full rank";
    }

    @Override
    public int getItemCount(int series) {
        return steps.size() * layers.size();
    }

    @Override
    public Number getX(int series, int item) {
        return getXValue(series, item);
    }

    @Override
    public double getXValue(int series, int item) {
        return steps.get(column(item)).step();
    }

    @Override
    public Number getY(int series, int item) {
        return getYValue(series, item);
    }

    @Override
    public double getYValue(int series, int item) {
        return row(item);
    }

    @Override
    public Number getZ(int series, int item) {
        return getZValue(series, item);
    }

    @Override
    public double getZValue(int series, int item) {
        return steps.get(column(item)).fraction(row(item));
    }

    /** Where the block of step {@code column} starts on the x axis. */
    double start(int column) {
        return steps.get(column).step();
    }

    /** Where the block of step {@code column} ends: the next step, or the last gap past the last one. */
    double end(int column) {
        if (column + 1 < steps.size()) {
            return steps.get(column + 1).step();
        }
        double gap = steps.size() >= 2
                ? steps.get(column).step() - steps.get(column - 1).step()
                : 0;
        return steps.get(column).step() + (gap > 0 ? gap : 1);
    }

    /** The steps covered by the blocks, or null if there are none. */
    Range domain() {
        return steps.isEmpty() || layers.isEmpty() ? null : new Range(start(0), end(steps.size() - 1));
    }

    /** True if layer {@code row} has the same ranks at step {@code column} as at the one before. */
    boolean sameAsPrevious(int column, int row) {
        return column > 0 && same(steps.get(column - 1), steps.get(column), row);
    }

    /** True if layer {@code row}'s ranks differ between steps {@code a} and {@code b}. */
    boolean differs(int a, int b, int row) {
        return !same(steps.get(a), steps.get(b), row);
    }

    /** The first step after {@code column} at which layer {@code row}'s ranks change (or the step count). */
    int runEnd(int column, int row) {
        int c = column + 1;
        while (c < steps.size() && same(steps.get(column), steps.get(c), row)) {
            c++;
        }
        return c;
    }

    private static boolean same(RankStep a, RankStep b, int row) {
        return rank(a, row) == rank(b, row)
                && full(a, row) == full(b, row)
                && a.inRank(row) == b.inRank(row)
                && a.fullInRank(row) == b.fullInRank(row);
    }

    private static int rank(RankStep s, int row) {
        return row < s.ranks().length ? s.ranks()[row] : -1;
    }

    private static int full(RankStep s, int row) {
        return row < s.fullRanks().length ? s.fullRanks()[row] : 0;
    }

    /**
     * The tooltip of layer {@code row} at step {@code column}: the layer, the steps its ranks held (from this
     * update to the next change), the update's epoch and phase, and rank / full rank (Tucker-2: Ro and Ri).
     */
    String toolTip(int column, int row) {
        RankStep s = steps.get(column);
        int last = runEnd(column, row) - 1;
        StringBuilder b = new StringBuilder(layers.get(row)).append('\n');
        b.append(
                last > column
                        ? String.format(
                                Locale.ROOT,
                                "steps %s\u2013%s",
                                number(s.step()),
                                number(steps.get(last).step()))
                        : "step " + number(s.step()));
        String when = (s.epoch() >= 0 ? "epoch " + (s.epoch() + 1) : "")
                + (s.epoch() >= 0 && s.phase() != null && !s.phase().isEmpty() ? ", " : "")
                + (s.phase() == null ? "" : s.phase());
        if (!when.isEmpty()) {
            b.append(" (").append(when).append(')');
        }
        b.append('\n');
        int r = rank(s, row);
        if (r < 0) {
            return b.append("rank not reported").toString();
        }
        if (s.inRank(row) >= 0) {
            return b.append(String.format(
                            Locale.ROOT,
                            "Tucker-2: Ro %d / %d, Ri %d / %d",
                            r,
                            full(s, row),
                            s.inRank(row),
                            s.fullInRank(row)))
                    .toString();
        }
        b.append("rank ").append(r).append(" / ").append(full(s, row));
        double f = s.fraction(row);
        return Double.isNaN(f)
                ? b.toString()
                : b.append(String.format(Locale.ROOT, " (%.0f %%)", 100 * f)).toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
