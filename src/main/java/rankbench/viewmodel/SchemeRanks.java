package rankbench.viewmodel;

import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.LayerInfo;

/**
 * The scheme a {@link LayerViewModel} uses and its ranks: the scheme, its spectra and full ranks, the
 * break-even rank, the rank and (under Tucker-2) the input rank, each rank clamped to 1 .. its full value,
 * and the layer's plan read from them or a plan fitted to them. It does not decide what counts as an edit:
 * after a rank settles it calls the hooks given to {@link #onRanksChanged}. A value set on
 * {@link #scheme()} from outside is handed to the chooser instead of being applied; {@link #install} applies
 * a scheme. UI thread only.
 */
final class SchemeRanks {

    private final LayerInfo info;
    private boolean installing;

    private final IntegerProperty rank;
    private final ObjectProperty<Scheme> scheme;
    private final ReadOnlyIntegerWrapper fullRank;
    private final ReadOnlyObjectWrapper<double[]> singularValues;
    private final IntegerProperty inRank;
    private final ReadOnlyIntegerWrapper fullInRank;
    private final ReadOnlyObjectWrapper<double[]> inSingularValues;
    private final ReadOnlyDoubleWrapper breakEven;

    /**
     * Creates the state of one layer, without a scheme until the first {@link #install}.
     *
     * @param bean the layer the properties belong to
     * @param choose receives a scheme set on {@link #scheme()} from outside
     */
    SchemeRanks(Object bean, LayerInfo info, Consumer<Scheme> choose) {
        this.info = info;
        rank = new SimpleIntegerProperty(bean, "rank", 1);
        scheme = new SimpleObjectProperty<>(bean, "scheme") {
            @Override
            public void set(Scheme s) {
                if (installing) {
                    super.set(s);
                } else {
                    choose.accept(s);
                }
            }
        };
        fullRank = new ReadOnlyIntegerWrapper(bean, "fullRank");
        singularValues = new ReadOnlyObjectWrapper<>(bean, "sv");
        inRank = new SimpleIntegerProperty(bean, "inRank", 0);
        fullInRank = new ReadOnlyIntegerWrapper(bean, "fullInRank", 0);
        inSingularValues = new ReadOnlyObjectWrapper<>(bean, "inSv");
        breakEven = new ReadOnlyDoubleWrapper(bean, "breakEven");
    }

    /**
     * From now on clamps every rank set to its range and, once a rank has settled, runs {@code rankChanged}
     * (the rank) or {@code inRankChanged} (the input rank).
     */
    void onRanksChanged(Runnable rankChanged, Runnable inRankChanged) {
        rank.addListener((o, a, b) -> {
            int clamped = Math.max(1, Math.min(fullRank.get(), b.intValue()));
            if (clamped != b.intValue()) {
                rank.set(clamped);
                return;
            }
            rankChanged.run();
        });
        inRank.addListener((o, a, b) -> {
            int full = fullInRank.get();
            int clamped = full == 0 ? 0 : Math.max(1, Math.min(full, b.intValue()));
            if (clamped != b.intValue()) {
                inRank.set(clamped);
                return;
            }
            inRankChanged.run();
        });
    }

    /**
     * Switches to scheme {@code s} with its spectra {@code views}: dense (every rank full) if {@code dense},
     * else a rank above the new full rank is clamped.
     */
    void install(Scheme s, LayerSpectra.Views views, boolean dense) {
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

    /** Sets the ranks of scheme {@code s}, in use, from {@code p} (null or kept dense: full), clamped. */
    void setRanks(Scheme s, LayerPlan p) {
        boolean tucker = s == Scheme.TUCKER2 && p != null && !p.keepDense() && p.ranks() != null;
        int r = p == null || p.keepDense()
                ? fullRank.get()
                : tucker ? p.ranks().get(0) : p.rank() == null ? fullRank.get() : p.rank();
        setRank(r);
        if (s == Scheme.TUCKER2) {
            int ri = tucker ? p.ranks().get(1) : fullInRank.get();
            inRank.set(Math.max(1, Math.min(fullInRank.get(), ri)));
        }
    }

    /** Sets the rank, clamped to 1 .. full rank. */
    void setRank(int r) {
        rank.set(Math.max(1, Math.min(fullRank.get(), r)));
    }

    /** True if every rank of the layer is at its full value (the layer stays dense). */
    boolean atFullRank() {
        return rank.get() >= fullRank.get() && inRank.get() >= fullInRank.get();
    }

    private int[] shape() {
        return info.weightShape().stream().mapToInt(Integer::intValue).toArray();
    }

    /** Returns the plan of the ranks: factorized at the rank, or kept dense at full rank. */
    LayerPlan plan() {
        LayerPlan p = scheme.get() == Scheme.TUCKER2
                ? LayerPlan.tucker2(rank.get(), Math.max(1, inRank.get()))
                : LayerPlan.of(scheme.get(), rank.get());
        return atFullRank() ? p.keptDense(LayerViewModel.FULL_RANK) : p;
    }

    /** Returns {@code p} clamped to the full ranks, kept dense if every rank is full. */
    LayerPlan fit(LayerPlan p) {
        if (p.scheme() == Scheme.TUCKER2 && p.ranks() != null) {
            int ro = Math.max(1, Math.min(fullRank.get(), p.ranks().get(0)));
            int ri = Math.max(
                    1, Math.min(Math.max(1, fullInRank.get()), p.ranks().get(1)));
            LayerPlan t = LayerPlan.tucker2(ro, ri);
            return ro >= fullRank.get() && ri >= fullInRank.get() ? t.keptDense(LayerViewModel.FULL_RANK) : t;
        }
        int r = Math.max(1, Math.min(fullRank.get(), p.rank() == null ? fullRank.get() : p.rank()));
        LayerPlan m = LayerPlan.of(p.scheme(), r);
        return r >= fullRank.get() ? m.keptDense(LayerViewModel.FULL_RANK) : m;
    }

    IntegerProperty rank() {
        return rank;
    }

    IntegerProperty inRank() {
        return inRank;
    }

    ObjectProperty<Scheme> scheme() {
        return scheme;
    }

    ReadOnlyIntegerWrapper fullRank() {
        return fullRank;
    }

    ReadOnlyIntegerWrapper fullInRank() {
        return fullInRank;
    }

    ReadOnlyObjectWrapper<double[]> singularValues() {
        return singularValues;
    }

    ReadOnlyObjectWrapper<double[]> inSingularValues() {
        return inSingularValues;
    }

    ReadOnlyDoubleWrapper breakEven() {
        return breakEven;
    }
}
