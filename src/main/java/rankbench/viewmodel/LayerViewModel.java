package rankbench.viewmodel;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
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
 * the answer.
 *
 * <p>The layer owns what counts as an edit (reported through {@code onEdit}) and composes the parts: the
 * scheme and its clamped ranks ({@link SchemeRanks}), the pending scheme choice ({@link SchemeChoice}), the
 * figures of its plan ({@link LayerFigures}) and its measured latency ({@link LatencyDisplay}). UI thread
 * only.
 */
public final class LayerViewModel {

    /** The reason recorded in plans for layers kept at full rank. */
    public static final String FULL_RANK = "full rank";

    /** The schemes a conv layer may use: the four matrix views and Tucker-2 (two ranks). */
    public static final List<Scheme> CONV_SCHEMES =
            List.of(Scheme.CHANNEL, Scheme.SPATIAL, Scheme.SPATIAL_VH, Scheme.INPUT, Scheme.TUCKER2);

    private final LayerInfo info;
    private final LayerRow row;
    private final Runnable onEdit;
    private boolean silent;

    private final SchemeRanks ranks;
    private final SchemeChoice choice;
    private final LayerFigures figures = new LayerFigures(this);
    private final LatencyDisplay latency = new LatencyDisplay(this);
    private final ReadOnlyIntegerWrapper ruleRank = new ReadOnlyIntegerWrapper(this, "ruleRank", 0);

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
        this.onEdit = onEdit;
        this.ranks = new SchemeRanks(this, info, this::choose);
        this.choice = new SchemeChoice(this, spectra, row.name(), schemes(), ranks.scheme()::get, this::change);
        Scheme first = schemes().get(0);
        ranks.install(first, spectra.compute(first), true);
        ranks.rank().set(ranks.fullRank().get());
        recompute();
        ranks.onRanksChanged(
                () -> {
                    recompute();
                    if (!silent) {
                        onEdit.run();
                    }
                },
                () -> {
                    recompute();
                    if (!silent && ranks.fullInRank().get() > 0) {
                        onEdit.run();
                    }
                });
    }

    /** A scheme set on {@link #schemeProperty()}: applied now or once its values are computed. */
    private void choose(Scheme s) {
        choice.choose(s);
    }

    /** Switches to {@code s} as one edit: a dense layer stays dense, a rank above the new full rank is clamped. */
    private void change(Scheme s, LayerSpectra.Views views) {
        boolean wasDense = ranks.atFullRank();
        boolean was = silent;
        silent = true;
        ranks.install(s, views, wasDense);
        silent = was;
        recompute();
        if (!silent) {
            onEdit.run();
        }
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
        return choice.ready(schemeFor(info, p));
    }

    /** Computes off the UI thread the values {@link #apply} of {@code p} needs; {@code done} runs on the UI thread. */
    void prepare(LayerPlan p, BiConsumer<LayerSpectra.Views, Throwable> done) {
        choice.prepare(schemeFor(info, p), done);
    }

    /** Returns this layer's plan: factorized at the rank, or kept dense at full rank. */
    public LayerPlan plan() {
        return ranks.plan();
    }

    /**
     * Returns {@code p} clamped to this layer's full ranks under its scheme, kept dense if every rank is
     * full (how a rule's choice becomes a plan of this layer).
     */
    LayerPlan fit(LayerPlan p) {
        return ranks.fit(p);
    }

    /**
     * Sets scheme and rank from a plan without reporting an edit (null: dense, default scheme); drops a pending
     * scheme choice. A scheme whose values are not cached is computed here: call {@link #prepare} first.
     */
    void apply(LayerPlan p) {
        choice.drop();
        silent = true;
        try {
            Scheme s = schemeFor(info, p);
            if (s != ranks.scheme().get()) {
                ranks.install(s, choice.views(s), ranks.atFullRank());
            }
            ranks.setRanks(s, p);
            recompute();
        } finally {
            silent = false;
        }
    }

    /** Sets the rank without reporting an edit (rules set many layers at once). */
    void setRankSilently(int r) {
        silent = true;
        try {
            ranks.setRank(r);
        } finally {
            silent = false;
        }
    }

    void setRuleRank(int r) {
        ruleRank.set(r);
    }

    /** Records a latency measurement if it belongs to the current scheme and rank. */
    void setLatency(LatencyMeter.LayerLatency l) {
        latency.set(l);
        recompute();
    }

    LatencyMeter.LayerLatency latency() {
        return latency.get();
    }

    private void recompute() {
        if (ranks.fullRank().get() == 0) {
            return;
        }
        LayerPlan p = plan();
        figures.update(
                info,
                p,
                ranks.singularValues().get(),
                ranks.rank().get(),
                ranks.inSingularValues().get(),
                ranks.inRank().get(),
                ranks.breakEven().get(),
                latency.warning(p));
        latency.show();
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
        return ranks.rank();
    }

    /** Returns the rank. */
    public int getRank() {
        return ranks.rank().get();
    }

    /** Sets the rank (clamped to 1 .. full rank); reported as an edit. */
    public void setRank(int r) {
        ranks.rank().set(r);
    }

    /** The Tucker-2 input rank {@code Ri} (1 .. full input rank; 0 under a matrix scheme); reported as an edit. */
    public IntegerProperty inRankProperty() {
        return ranks.inRank();
    }

    /** Returns the Tucker-2 input rank (0 under a matrix scheme). */
    public int getInRank() {
        return ranks.inRank().get();
    }

    /** Sets the Tucker-2 input rank (clamped); reported as an edit. */
    public void setInRank(int r) {
        ranks.inRank().set(r);
    }

    /** The number of mode-1 singular values under Tucker-2 ({@code Cin}), 0 under a matrix scheme. */
    public ReadOnlyIntegerProperty fullInRankProperty() {
        return ranks.fullInRank().getReadOnlyProperty();
    }

    /** Returns the full input rank (0 under a matrix scheme). */
    public int getFullInRank() {
        return ranks.fullInRank().get();
    }

    /** Tucker-2: the singular values of the mode-1 unfolding (null under a matrix scheme; do not modify). */
    public ReadOnlyObjectProperty<double[]> inSingularValuesProperty() {
        return ranks.inSingularValues().getReadOnlyProperty();
    }

    /** The factorization scheme. */
    public ObjectProperty<Scheme> schemeProperty() {
        return ranks.scheme();
    }

    /** Returns the scheme. */
    public Scheme getScheme() {
        return ranks.scheme().get();
    }

    /**
     * The scheme chosen but not applied yet because its singular values are being computed (null: none); the
     * layer keeps {@link #getScheme()} and its ranks until they arrive.
     */
    public ReadOnlyObjectProperty<Scheme> pendingSchemeProperty() {
        return choice.pendingProperty();
    }

    /** The number of singular values of the scheme's view. */
    public ReadOnlyIntegerProperty fullRankProperty() {
        return ranks.fullRank().getReadOnlyProperty();
    }

    /** Returns the full rank. */
    public int getFullRank() {
        return ranks.fullRank().get();
    }

    /** The singular values of the scheme's view, descending (do not modify). */
    public ReadOnlyObjectProperty<double[]> singularValuesProperty() {
        return ranks.singularValues().getReadOnlyProperty();
    }

    /** The rank at which factorizing stops saving weights. */
    public ReadOnlyDoubleProperty breakEvenProperty() {
        return ranks.breakEven().getReadOnlyProperty();
    }

    /** The fraction of spectral energy kept at the rank. */
    public ReadOnlyDoubleProperty energyKeptProperty() {
        return figures.energyKeptProperty();
    }

    /** Parameters under the current plan. */
    public ReadOnlyLongProperty paramsProperty() {
        return figures.paramsProperty();
    }

    /** MACs under the current plan. */
    public ReadOnlyLongProperty macsProperty() {
        return figures.macsProperty();
    }

    /** True if the layer is factorized (rank below full). */
    public ReadOnlyBooleanProperty factorizedProperty() {
        return figures.factorizedProperty();
    }

    /** True if a warning applies. */
    public ReadOnlyBooleanProperty warnedProperty() {
        return figures.warnedProperty();
    }

    /** The warning text (empty if none). */
    public ReadOnlyStringProperty warningProperty() {
        return figures.warningProperty();
    }

    /** Params, e.g. {@code 2,304 → 960}. */
    public ReadOnlyStringProperty paramsTextProperty() {
        return figures.paramsTextProperty();
    }

    /** MACs, e.g. {@code 1,806,336 → 752,640}. */
    public ReadOnlyStringProperty macsTextProperty() {
        return figures.macsTextProperty();
    }

    /** Measured latency, dense / factorized, or a dash until measured. */
    public ReadOnlyStringProperty latencyTextProperty() {
        return latency.textProperty();
    }

    /** The rank the last global rule chose for this layer (0: no rule active). */
    public ReadOnlyIntegerProperty ruleRankProperty() {
        return ruleRank.getReadOnlyProperty();
    }
}
