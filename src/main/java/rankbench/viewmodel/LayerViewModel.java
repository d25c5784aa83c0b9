package rankbench.viewmodel;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.LayerInfo;

/**
 * One compressible layer in the workbench: the editable scheme and rank, and everything derived from
 * them synchronously (full rank, break-even, energy kept, params and MACs before and after, warnings).
 * A rank equal to the full rank means "keep the layer dense". Under Tucker-2 a layer has two ranks: the
 * rank (the output rank {@code Ro}, on the mode-0 spectrum) and the input rank {@code Ri} (mode-1
 * spectrum); both at full keeps it dense.
 *
 * <p>A scheme chosen through {@link #schemeProperty()} (the table's combo box) whose singular values are not
 * cached yet is not decomposed on the UI thread: the layer asks its {@link LayerSpectra} for them on a worker
 * and keeps its scheme, ranks and plan until they arrive ({@link #pendingSchemeProperty()} says which scheme
 * waits); then the change is applied as one edit. Choosing again meanwhile, or a plan being applied, drops
 * the answer. UI thread only.
 */
public final class LayerViewModel {

    /** The reason recorded in plans for layers kept at full rank. */
    public static final String FULL_RANK = "full rank";

    /** The schemes a conv layer may use: the four matrix views and Tucker-2 (two ranks). */
    public static final List<Scheme> CONV_SCHEMES =
            List.of(Scheme.CHANNEL, Scheme.SPATIAL, Scheme.SPATIAL_VH, Scheme.INPUT, Scheme.TUCKER2);

    private final LayerInfo info;
    private final LayerRow row;
    private static final Logger LOG = LoggerFactory.getLogger(LayerViewModel.class);

    private final LayerSpectra spectra;
    private final Runnable onEdit;
    private boolean silent;
    private boolean installing;
    private long schemeChoice;

    private final IntegerProperty rank = new SimpleIntegerProperty(this, "rank", 1);
    /** Holds the scheme in use; a value set from outside is a choice ({@link #choose}), applied when ready. */
    private final ObjectProperty<Scheme> scheme = new SimpleObjectProperty<>(this, "scheme") {
        @Override
        public void set(Scheme s) {
            if (installing) {
                super.set(s);
            } else {
                choose(s);
            }
        }
    };

    private final ReadOnlyObjectWrapper<Scheme> pendingScheme = new ReadOnlyObjectWrapper<>(this, "pendingScheme");
    private final ReadOnlyIntegerWrapper fullRank = new ReadOnlyIntegerWrapper(this, "fullRank");
    private final ReadOnlyObjectWrapper<double[]> singularValues = new ReadOnlyObjectWrapper<>(this, "sv");
    private final IntegerProperty inRank = new SimpleIntegerProperty(this, "inRank", 0);
    private final ReadOnlyIntegerWrapper fullInRank = new ReadOnlyIntegerWrapper(this, "fullInRank", 0);
    private final ReadOnlyObjectWrapper<double[]> inSingularValues = new ReadOnlyObjectWrapper<>(this, "inSv");
    private final ReadOnlyDoubleWrapper breakEven = new ReadOnlyDoubleWrapper(this, "breakEven");
    private final ReadOnlyDoubleWrapper energyKept = new ReadOnlyDoubleWrapper(this, "energyKept", 1);
    private final ReadOnlyLongWrapper params = new ReadOnlyLongWrapper(this, "params");
    private final ReadOnlyLongWrapper macs = new ReadOnlyLongWrapper(this, "macs");
    private final ReadOnlyBooleanWrapper factorized = new ReadOnlyBooleanWrapper(this, "factorized");
    private final ReadOnlyBooleanWrapper warned = new ReadOnlyBooleanWrapper(this, "warned");
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper(this, "warning", "");
    private final ReadOnlyStringWrapper paramsText = new ReadOnlyStringWrapper(this, "paramsText", "");
    private final ReadOnlyStringWrapper macsText = new ReadOnlyStringWrapper(this, "macsText", "");
    private final ReadOnlyStringWrapper latencyText = new ReadOnlyStringWrapper(this, "latencyText", "\u2014");
    private final ReadOnlyIntegerWrapper ruleRank = new ReadOnlyIntegerWrapper(this, "ruleRank", 0);
    private LatencyMeter.LayerLatency latency;

    /**
     * Creates the view model of one layer, dense (at full rank) with its default scheme; every scheme change
     * is computed at once on the calling thread.
     *
     * @param spectra singular values of the layer's view under a scheme and mode (-1 for a matrix view,
     *     0 or 1 for the Tucker-2 unfoldings; cached by the caller)
     * @param onEdit called after every user edit of rank or scheme
     */
    public LayerViewModel(LayerInfo info, BiFunction<Scheme, Integer, double[]> spectra, Runnable onEdit) {
        this(info, LayerSpectra.inPlace(spectra), onEdit);
    }

    /**
     * Creates the view model of one layer, dense with its default scheme (whose values {@code spectra}
     * computes now: warm them off the UI thread first).
     */
    LayerViewModel(LayerInfo info, LayerSpectra spectra, Runnable onEdit) {
        this.info = info;
        this.row = LayerRow.of(info);
        this.spectra = spectra;
        this.onEdit = onEdit;
        Scheme first = schemes().get(0);
        install(first, spectra.compute(first), true);
        rank.set(fullRank.get());
        recompute();
        rank.addListener((o, a, b) -> {
            int clamped = Math.max(1, Math.min(fullRank.get(), b.intValue()));
            if (clamped != b.intValue()) {
                rank.set(clamped);
                return;
            }
            recompute();
            if (!silent) {
                onEdit.run();
            }
        });
        inRank.addListener((o, a, b) -> {
            int full = fullInRank.get();
            int clamped = full == 0 ? 0 : Math.max(1, Math.min(full, b.intValue()));
            if (clamped != b.intValue()) {
                inRank.set(clamped);
                return;
            }
            recompute();
            if (!silent && full > 0) {
                onEdit.run();
            }
        });
    }

    /**
     * A scheme chosen from outside: applied now if its values are cached, else once the worker has computed
     * them (the layer keeps its scheme and ranks meanwhile). A scheme this layer cannot use is refused; the
     * scheme in use drops a pending choice.
     */
    private void choose(Scheme s) {
        if (s == null || !schemes().contains(s)) {
            return;
        }
        long ticket = ++schemeChoice;
        if (s == scheme.get()) {
            pendingScheme.set(null);
            return;
        }
        LayerSpectra.Views cached = spectra.cached(s);
        if (cached != null) {
            change(s, cached);
            pendingScheme.set(null); // after the change: a view that resyncs on null finds the new scheme
            return;
        }
        pendingScheme.set(s);
        spectra.request(s, (views, err) -> {
            if (ticket != schemeChoice) {
                return; // chosen again, or a plan was applied meanwhile
            }
            if (err != null) {
                pendingScheme.set(null);
                LOG.error(
                        "could not compute the singular values of {} under {}; kept {}",
                        getName(),
                        s.id(),
                        scheme.get().id(),
                        err);
                return;
            }
            change(s, views);
            pendingScheme.set(null);
        });
    }

    /** Switches to {@code s} as one edit: a dense layer stays dense, a rank above the new full rank is clamped. */
    private void change(Scheme s, LayerSpectra.Views views) {
        boolean wasDense = atFullRank();
        boolean was = silent;
        silent = true;
        install(s, views, wasDense);
        silent = was;
        recompute();
        if (!silent) {
            onEdit.run();
        }
    }

    private void install(Scheme s, LayerSpectra.Views views, boolean dense) {
        boolean tucker = s == Scheme.TUCKER2;
        double[] sv = views.values();
        double[] in = tucker ? views.in() : null;
        installing = true;
        try {
            scheme.set(s);
        } finally {
            installing = false;
        }
        fullRank.set(sv.length);
        singularValues.set(sv);
        fullInRank.set(tucker ? in.length : 0);
        inSingularValues.set(in);
        breakEven.set(CostModel.breakEven(shape(), s));
        if (dense || rank.get() > sv.length) {
            rank.set(sv.length);
        }
        if (!tucker) {
            inRank.set(0);
        } else if (dense || inRank.get() < 1 || inRank.get() > in.length) {
            inRank.set(in.length);
        }
    }

    /** True if every rank of the layer is at its full value (the layer stays dense). */
    private boolean atFullRank() {
        return rank.get() >= fullRank.get() && inRank.get() >= fullInRank.get();
    }

    private int[] shape() {
        return info.weightShape().stream().mapToInt(Integer::intValue).toArray();
    }

    /** Returns the schemes this layer may use. */
    public List<Scheme> schemes() {
        return schemes(info);
    }

    /** The schemes a layer may use (the first is its default). */
    static List<Scheme> schemes(LayerInfo info) {
        return info.isConv() ? CONV_SCHEMES : List.of(Scheme.LINEAR);
    }

    /** The scheme {@link #apply} gives a layer for {@code p}: the plan's, or the default if it has none the layer can use. */
    static Scheme schemeFor(LayerInfo info, LayerPlan p) {
        List<Scheme> ss = schemes(info);
        return p == null || p.scheme() == null || !ss.contains(p.scheme()) ? ss.get(0) : p.scheme();
    }

    /** True if {@link #apply} of {@code p} computes nothing: its scheme is in use or its values are cached. */
    boolean ready(LayerPlan p) {
        Scheme s = schemeFor(info, p);
        return s == scheme.get() || spectra.cached(s) != null;
    }

    /** Computes off the UI thread the values {@link #apply} of {@code p} needs; {@code done} runs on the UI thread. */
    void prepare(LayerPlan p, BiConsumer<LayerSpectra.Views, Throwable> done) {
        spectra.request(schemeFor(info, p), done);
    }

    /** Returns this layer's plan: factorized at the rank, or kept dense at full rank. */
    public LayerPlan plan() {
        LayerPlan p = scheme.get() == Scheme.TUCKER2
                ? LayerPlan.tucker2(rank.get(), Math.max(1, inRank.get()))
                : LayerPlan.of(scheme.get(), rank.get());
        return atFullRank() ? p.keptDense(FULL_RANK) : p;
    }

    /**
     * Returns {@code p} clamped to this layer's full ranks under its scheme, kept dense if every rank is
     * full (how a rule's choice becomes a plan of this layer).
     */
    LayerPlan fit(LayerPlan p) {
        if (p.scheme() == Scheme.TUCKER2 && p.ranks() != null) {
            int ro = Math.max(1, Math.min(fullRank.get(), p.ranks().get(0)));
            int ri = Math.max(
                    1, Math.min(Math.max(1, fullInRank.get()), p.ranks().get(1)));
            LayerPlan t = LayerPlan.tucker2(ro, ri);
            return ro >= fullRank.get() && ri >= fullInRank.get() ? t.keptDense(FULL_RANK) : t;
        }
        int r = Math.max(1, Math.min(fullRank.get(), p.rank() == null ? fullRank.get() : p.rank()));
        LayerPlan m = LayerPlan.of(p.scheme(), r);
        return r >= fullRank.get() ? m.keptDense(FULL_RANK) : m;
    }

    /**
     * Sets scheme and rank from a plan without reporting an edit (null: dense, default scheme); drops a pending
     * scheme choice. A scheme whose values are not cached is computed here: call {@link #prepare} first.
     */
    void apply(LayerPlan p) {
        schemeChoice++;
        pendingScheme.set(null);
        silent = true;
        try {
            Scheme s = schemeFor(info, p);
            if (s != scheme.get()) {
                LayerSpectra.Views cached = spectra.cached(s);
                install(s, cached != null ? cached : spectra.compute(s), atFullRank());
            }
            boolean tucker = s == Scheme.TUCKER2 && p != null && !p.keepDense() && p.ranks() != null;
            int r = p == null || p.keepDense()
                    ? fullRank.get()
                    : tucker ? p.ranks().get(0) : p.rank() == null ? fullRank.get() : p.rank();
            rank.set(Math.max(1, Math.min(fullRank.get(), r)));
            if (s == Scheme.TUCKER2) {
                int ri = tucker ? p.ranks().get(1) : fullInRank.get();
                inRank.set(Math.max(1, Math.min(fullInRank.get(), ri)));
            }
            recompute();
        } finally {
            silent = false;
        }
    }

    /** Sets the rank without reporting an edit (rules set many layers at once). */
    void setRankSilently(int r) {
        silent = true;
        try {
            rank.set(Math.max(1, Math.min(fullRank.get(), r)));
        } finally {
            silent = false;
        }
    }

    void setRuleRank(int r) {
        ruleRank.set(r);
    }

    /** Records a latency measurement if it belongs to the current scheme and rank. */
    void setLatency(LatencyMeter.LayerLatency l) {
        latency = l;
        recompute();
    }

    LatencyMeter.LayerLatency latency() {
        return latency;
    }

    private void recompute() {
        if (fullRank.get() == 0) {
            return;
        }
        LayerPlan p = plan();
        CostModel.LayerCost c = CostModel.layer(info, p);
        params.set(c.params());
        macs.set(c.macs());
        factorized.set(p.factorized());
        double lost = lostEnergy(singularValues.get(), rank.get());
        if (inSingularValues.get() != null) {
            // Tucker-2: the truncation error is at most the sum of what each unfolding drops (HOSVD bound),
            // so the energy kept is at least 1 - (lost_0 + lost_1).
            lost += lostEnergy(inSingularValues.get(), inRank.get());
        }
        energyKept.set(Math.max(0, 1 - lost));
        paramsText.set(arrow(c.denseParams(), c.params()));
        macsText.set(arrow(c.denseMacs(), c.macs()));
        StringBuilder w = new StringBuilder();
        if (p.factorized() && c.aboveBreakEven()) {
            w.append(String.format(
                    Locale.ROOT,
                    "Rank %d is at or above the break-even rank %.1f: the factorized "
                            + "layer has at least as many weights as the dense one.",
                    rank.get(),
                    breakEven.get()));
        }
        LatencyMeter.LayerLatency t = latency;
        if (t != null && p.factorized() && t.factoredMs() >= t.denseMs()) {
            if (w.length() > 0) {
                w.append('\n');
            }
            w.append(String.format(
                    Locale.ROOT,
                    "The factorized layer was measured slower: %.2f ms vs %.2f ms dense.",
                    t.factoredMs(),
                    t.denseMs()));
        }
        warning.set(w.toString());
        warned.set(w.length() > 0);
        if (t == null) {
            latencyText.set("\u2014");
        } else if (Double.isNaN(t.factoredMs())) {
            latencyText.set(String.format(Locale.ROOT, "%.2f / \u2014 ms", t.denseMs()));
        } else {
            latencyText.set(String.format(Locale.ROOT, "%.2f / %.2f ms", t.denseMs(), t.factoredMs()));
        }
    }

    /** The fraction of {@code sum s_i^2} beyond the first {@code r} values. */
    private static double lostEnergy(double[] sv, int r) {
        double total = 0;
        double lost = 0;
        for (int i = 0; i < sv.length; i++) {
            total += sv[i] * sv[i];
            if (i >= r) {
                lost += sv[i] * sv[i];
            }
        }
        return total == 0 ? 0 : lost / total;
    }

    private static String arrow(long before, long after) {
        return before == after
                ? String.format(Locale.ROOT, "%,d", before)
                : String.format(Locale.ROOT, "%,d \u2192 %,d", before, after);
    }

    /** The static description of the layer. */
    public LayerInfo info() {
        return info;
    }

    /** The layer's name. */
    public String getName() {
        return row.name();
    }

    /** conv or linear. */
    public String getKind() {
        return row.kind();
    }

    /** The weight shape, e.g. {@code 16×16×3×3}. */
    public String getWeightShape() {
        return row.weightShape();
    }

    /** Parameters of the dense layer. */
    public long getDenseParams() {
        return info.params();
    }

    /** MACs of the dense layer. */
    public long getDenseMacs() {
        return info.macs();
    }

    /** The rank (1 .. full rank; full rank keeps the layer dense). */
    public IntegerProperty rankProperty() {
        return rank;
    }

    /** Returns the rank. */
    public int getRank() {
        return rank.get();
    }

    /** Sets the rank (clamped to 1 .. full rank); reported as an edit. */
    public void setRank(int r) {
        rank.set(r);
    }

    /** The Tucker-2 input rank {@code Ri} (1 .. full input rank; 0 under a matrix scheme); reported as an edit. */
    public IntegerProperty inRankProperty() {
        return inRank;
    }

    /** Returns the Tucker-2 input rank (0 under a matrix scheme). */
    public int getInRank() {
        return inRank.get();
    }

    /** Sets the Tucker-2 input rank (clamped); reported as an edit. */
    public void setInRank(int r) {
        inRank.set(r);
    }

    /** The number of mode-1 singular values under Tucker-2 ({@code Cin}), 0 under a matrix scheme. */
    public ReadOnlyIntegerProperty fullInRankProperty() {
        return fullInRank.getReadOnlyProperty();
    }

    /** Returns the full input rank (0 under a matrix scheme). */
    public int getFullInRank() {
        return fullInRank.get();
    }

    /** Tucker-2: the singular values of the mode-1 unfolding (null under a matrix scheme; do not modify). */
    public ReadOnlyObjectProperty<double[]> inSingularValuesProperty() {
        return inSingularValues.getReadOnlyProperty();
    }

    /** The factorization scheme. */
    public ObjectProperty<Scheme> schemeProperty() {
        return scheme;
    }

    /** Returns the scheme. */
    public Scheme getScheme() {
        return scheme.get();
    }

    /**
     * The scheme chosen but not applied yet because its singular values are being computed (null: none); the
     * layer keeps {@link #getScheme()} and its ranks until they arrive.
     */
    public ReadOnlyObjectProperty<Scheme> pendingSchemeProperty() {
        return pendingScheme.getReadOnlyProperty();
    }

    /** The number of singular values of the scheme's view. */
    public ReadOnlyIntegerProperty fullRankProperty() {
        return fullRank.getReadOnlyProperty();
    }

    /** Returns the full rank. */
    public int getFullRank() {
        return fullRank.get();
    }

    /** The singular values of the scheme's view, descending (do not modify). */
    public ReadOnlyObjectProperty<double[]> singularValuesProperty() {
        return singularValues.getReadOnlyProperty();
    }

    /** The rank at which factorizing stops saving weights. */
    public ReadOnlyDoubleProperty breakEvenProperty() {
        return breakEven.getReadOnlyProperty();
    }

    /** The fraction of spectral energy kept at the rank. */
    public ReadOnlyDoubleProperty energyKeptProperty() {
        return energyKept.getReadOnlyProperty();
    }

    /** Parameters under the current plan. */
    public ReadOnlyLongProperty paramsProperty() {
        return params.getReadOnlyProperty();
    }

    /** MACs under the current plan. */
    public ReadOnlyLongProperty macsProperty() {
        return macs.getReadOnlyProperty();
    }

    /** True if the layer is factorized (rank below full). */
    public ReadOnlyBooleanProperty factorizedProperty() {
        return factorized.getReadOnlyProperty();
    }

    /** True if a warning applies. */
    public ReadOnlyBooleanProperty warnedProperty() {
        return warned.getReadOnlyProperty();
    }

    /** The warning text (empty if none). */
    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    /** Params, e.g. {@code 2,304 → 960}. */
    public ReadOnlyStringProperty paramsTextProperty() {
        return paramsText.getReadOnlyProperty();
    }

    /** MACs, e.g. {@code 1,806,336 → 752,640}. */
    public ReadOnlyStringProperty macsTextProperty() {
        return macsText.getReadOnlyProperty();
    }

    /** Measured latency, dense / factorized, or a dash until measured. */
    public ReadOnlyStringProperty latencyTextProperty() {
        return latencyText.getReadOnlyProperty();
    }

    /** The rank the last global rule chose for this layer (0: no rule active). */
    public ReadOnlyIntegerProperty ruleRankProperty() {
        return ruleRank.getReadOnlyProperty();
    }
}
