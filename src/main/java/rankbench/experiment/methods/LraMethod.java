package rankbench.experiment.methods;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.MatrixViews;
import rankbench.experiment.lowrank.Projection;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.training.TrainingContext;
import rankbench.experiment.training.TrainingHooks;
import rankbench.experiment.training.TrainingOutcome;

/**
 * Periodic low-rank projection (docs/METHODS.md §5, S3): train the dense network and every {@code S_D}
 * steps overwrite each planned layer by its best approximation at its fixed rank; project once more
 * after the last batch, so the exported factorization is exact.
 */
public final class LraMethod implements RankLearningMethod<LraParams> {

    @Override
    public String id() {
        return "lra";
    }

    @Override
    public String description() {
        return "Periodic low-rank projection every S_D steps at fixed ranks (DeepTwist), final projection, export";
    }

    @Override
    public Class<LraParams> parametersType() {
        return LraParams.class;
    }

    @Override
    public LraParams defaultParameters() {
        return new LraParams();
    }

    @Override
    public void validate(LraParams p, int epochs) {
        MethodSupport.requireEpochs(epochs);
        MethodSupport.require(p.getPeriod() >= 1, "period must be >= 1 batch, got " + p.getPeriod());
        MethodSupport.require(p.getTiles() >= 1, "tiles must be >= 1, got " + p.getTiles());
        MethodSupport.require(
                p.getScheme() != null && p.getScheme() != Scheme.LINEAR,
                "scheme must be channel, spatial, spatial-vh, input or tucker2");
        MethodSupport.require(p.getRankRule() != null, "rankRule must be budget, ratio, energy or evbmf");
        switch (p.getRankRule()) {
            case BUDGET ->
                MethodSupport.require(p.getReduction() >= 1, "reduction must be >= 1, got " + p.getReduction());
            case RATIO ->
                MethodSupport.require(
                        p.getRatio() > 0 && p.getRatio() <= 1, "ratio must be in (0, 1], got " + p.getRatio());
            case ENERGY ->
                MethodSupport.require(
                        p.getEnergyKeep() > 0 && p.getEnergyKeep() <= 1,
                        "energyKeep must be in (0, 1], got " + p.getEnergyKeep());
            case EVBMF ->
                MethodSupport.require(
                        p.getEvbmfMultiplier() > 0, "evbmfMultiplier must be > 0, got " + p.getEvbmfMultiplier());
        }
    }

    /** The training hooks: projection after every {@code period}-th step and at the end of the run. */
    public static final class Hooks implements TrainingHooks {
        private final RankPlan plan;
        private final int period;
        private final int tiles;
        private final SpectrumCache cache = new SpectrumCache();
        private int projections;

        /** Creates the hooks for a resolved plan. */
        public Hooks(RankPlan plan, int period) {
            this(plan, period, 1);
        }

        /** Creates the hooks for a resolved plan, projecting {@code tiles} column tiles per layer. */
        public Hooks(RankPlan plan, int period, int tiles) {
            if (period < 1) {
                throw new IllegalArgumentException("period must be >= 1, got " + period);
            }
            if (tiles < 1) {
                throw new IllegalArgumentException("tiles must be >= 1, got " + tiles);
            }
            this.plan = plan;
            this.period = period;
            this.tiles = tiles;
        }

        /** Returns how many projections ran. */
        public int projections() {
            return projections;
        }

        @Override
        public void afterOptimizerStep(TrainingContext ctx) {
            if ((ctx.step() + 1) % period == 0) {
                ctx.publish("ranks", project(ctx.network(), plan, cache, ctx.epoch(), ctx.step() + 1, tiles));
                projections++;
            }
        }

        @Override
        public void onRunEnd(TrainingContext ctx, TrainingOutcome outcome) {
            ctx.publish("ranks", project(ctx.network(), plan, cache, ctx.epoch(), ctx.step(), tiles));
            projections++;
        }
    }

    /** Projects every factorized layer of {@code plan} in place and returns the ranks and spectra before projection. */
    public static RankSnapshot project(Network net, RankPlan plan, SpectrumCache cache, int epoch, long step) {
        return project(net, plan, cache, epoch, step, 1);
    }

    /**
     * Projects every factorized layer of {@code plan} in place, with {@code tiles} column tiles per matrix
     * view when {@code tiles > 1} (Tucker-2 layers are never tiled), and returns ranks and spectra before
     * projection.
     */
    public static RankSnapshot project(
            Network net, RankPlan plan, SpectrumCache cache, int epoch, long step, int tiles) {
        List<RankSnapshot.Layer> out = new ArrayList<>();
        for (Map.Entry<String, LayerPlan> e : plan.layers().entrySet()) {
            LayerPlan p = e.getValue();
            if (!p.factorized()) {
                continue;
            }
            String name = e.getKey() + ".weight";
            Tensor w = net.weight(name);
            Scheme s = w.shape().length == 2 ? Scheme.LINEAR : p.scheme();
            double[] spectrum = cache.values(e.getKey(), w, s, s == Scheme.TUCKER2 ? 0 : -1, true);
            if (tiles > 1 && s != Scheme.TUCKER2) {
                int[] view = MatrixViews.matrixShape(w.shape(), s);
                int tileRank = Projection.tileRank(view[0], view[1], tiles, p.rank());
                net.setWeight(name, Projection.projectTiled(w, s, tiles, tileRank));
            } else {
                net.setWeight(name, Projection.project(w, p, cache, e.getKey()));
            }
            List<Integer> rank = s == Scheme.TUCKER2 ? p.ranks() : List.of(p.rank());
            int[] vs = SpectrumCache.viewShape(w.shape(), s, s == Scheme.TUCKER2 ? 0 : -1);
            List<Integer> full =
                    s == Scheme.TUCKER2 ? List.of(w.shape()[0], w.shape()[1]) : List.of(Math.min(vs[0], vs[1]));
            out.add(MethodSupport.layer(e.getKey(), s, rank, full, spectrum));
        }
        return new RankSnapshot("lra", "projection", epoch, step, out);
    }

    /** Chooses the fixed ranks from the starting weights. */
    static RankPlan plan(SavedModel start, Targets t, LraParams p) {
        List<LayerInfo> targets = t.select(MethodSupport.layers(start));
        Scheme scheme = p.getScheme();
        List<LayerInfo> all = MethodSupport.layers(start);
        SpectrumCache cache = new SpectrumCache();
        RankPlan plan = switch (p.getRankRule()) {
            case BUDGET -> {
                if (scheme.isMatrix()) {
                    yield LcCostRule.forBudget(
                                    start,
                                    scheme,
                                    t,
                                    CostKind.MACS,
                                    MethodSupport.macTarget(start, p.getReduction()),
                                    cache)
                            .plan();
                }
                yield MethodSupport.ratioPlan(start, targets, scheme, p.getRatio(), p.getReduction());
            }
            case RATIO -> MethodSupport.ratioPlan(start, targets, scheme, p.getRatio(), 0);
            case ENERGY ->
                RankRules.energy(targets, start.weights(), scheme, p.getEnergyKeep(), cache)
                        .resolve(all, scheme);
            case EVBMF ->
                new EvbmfRule(scheme, Targets.defaults(), p.getEvbmfMultiplier(), 1, false, cache)
                        .plan(targets, start.weights())
                        .resolve(all, scheme);
        };
        return RankRules.capAtBreakEven(plan, all);
    }

    @Override
    public MethodResult run(MethodRun run, LraParams p) {
        long t0 = System.nanoTime();
        SavedModel start = run.model();
        validate(p, run.training().epochs());
        RankPlan plan = plan(start, run.targets(), p);
        Hooks hooks = new Hooks(plan, p.getPeriod(), p.getTiles());
        SavedModel learned;
        TrainingOutcome outcome;
        try (Network net = start.toNetwork()) {
            // the hooks project once more when the loop ends for any reason: a cancelled run is exactly low-rank
            outcome = MethodSupport.train(
                    net, run, run.training(), hooks, "periodic projection (S_D " + p.getPeriod() + ")");
            learned = SavedModel.of(net, start.manifest());
        }
        double learnSeconds = (System.nanoTime() - t0) / 1e9;
        if (p.getTiles() > 1) { // tiles have no layer-pair form: export the tiled-projected layers dense
            plan = plan.map((layer, lp) -> lp.factorized() && lp.scheme() != Scheme.TUCKER2
                    ? lp.keptDense("tiled projection (" + p.getTiles() + " tiles) has no layer-pair form")
                    : lp);
        }
        return MethodSupport.finish(
                id(),
                run,
                learned,
                plan,
                p,
                t0,
                learnSeconds,
                "periodic projection, " + hooks.projections() + " projections, ranks " + TrpMethod.ranks(plan),
                outcome.status(),
                TrpMethod.phaseMessage("training", outcome));
    }
}
