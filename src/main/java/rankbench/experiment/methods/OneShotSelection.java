package rankbench.experiment.methods;

import java.util.List;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.LatencyPlanner;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/**
 * Runs a one-shot rule for {@link OneShotRules#select} and {@link OneShotRules#replan}: builds the rule of
 * the checked settings (EVBMF or LC from the weights, sensitivity or latency on held-out images), runs it,
 * and caps the plan at break-even unless the settings allow larger ranks (the LC rule keeps its own cut-off).
 */
final class OneShotSelection {

    private OneShotSelection() {}

    /** See {@link OneShotRules#select}. */
    static OneShotRules.Outcome select(
            SavedModel model,
            OneShotRules.Settings settings,
            ImageDataset heldOut,
            SpectrumCache cache,
            OneShotRules.Progress progress,
            CancellationToken cancel) {
        SpectrumCache c = cache == null ? new SpectrumCache() : cache;
        List<LayerInfo> layers = layers(model);
        Double alpha = null;
        SensitivityRule.Result table = null;
        LatencyRule.Result latency = null;
        RankPlan plan;
        switch (settings.kind()) {
            case EVBMF -> plan = evbmf(model, settings, c);
            case LC -> {
                if (settings.alpha() != null) {
                    plan = new LcCostRule(
                                    settings.alpha(),
                                    settings.mu(),
                                    settings.cost(),
                                    settings.scheme(),
                                    settings.targets(),
                                    true,
                                    c)
                            .select(model);
                } else {
                    long dense = LcCostRule.total(model, RankPlan.empty(), settings.cost());
                    LcCostRule.Budgeted b = LcCostRule.forBudget(
                            model,
                            settings.scheme(),
                            settings.targets(),
                            settings.cost(),
                            dense / settings.reduction(),
                            c);
                    plan = b.plan();
                    alpha = b.alpha();
                }
            }
            case SENSITIVITY, LATENCY -> {
                if (heldOut == null || heldOut.size() == 0) {
                    throw new IllegalArgumentException(
                            settings.kind().id() + " needs held-out validation images; " + "none are loaded");
                }
                Normalization norm = new Normalization(
                        model.manifest().mean(), model.manifest().std());
                if (settings.kind() == OneShotRules.Kind.LATENCY) {
                    latency = new LatencyRule(
                                    heldOut,
                                    norm,
                                    settings.targets(),
                                    settings.staircase().meter(),
                                    settings.latency())
                            .analyze(model, progress, cancel);
                    plan = latency.planned().plan();
                } else {
                    table = new SensitivityRule(
                                    heldOut,
                                    norm,
                                    settings.scheme(),
                                    settings.targets(),
                                    settings.cost(),
                                    settings.reduction(),
                                    settings.fractions(),
                                    c)
                            .analyze(model, progress, cancel);
                    plan = table.plan();
                }
            }
            default -> throw new IllegalStateException(settings.kind().id());
        }
        return new OneShotRules.Outcome(
                capped(plan, settings, layers),
                alpha,
                table,
                table == null && latency == null ? 0 : heldOut.size(),
                latency);
    }

    /** See {@link OneShotRules#replan}. */
    static OneShotRules.Outcome replan(
            SavedModel model, OneShotRules.Settings settings, LatencyRule.Result measured, int heldOutImages) {
        if (settings.kind() != OneShotRules.Kind.LATENCY) {
            throw new IllegalArgumentException(
                    "only the latency rule re-plans from measurements, not " + settings.kind());
        }
        List<LayerInfo> layers = layers(model);
        LatencyPlanner.Result p = LatencyRule.plan(measured.table(), measured.drops(), settings.latency(), layers);
        LatencyRule.Result r = new LatencyRule.Result(measured.table(), measured.baseAccuracy(), measured.drops(), p);
        return new OneShotRules.Outcome(capped(p.plan(), settings, layers), null, null, heldOutImages, r);
    }

    /** EVBMF ranks, multiplied, or scaled to a MAC budget of {@code 1/reduction} of the dense model. */
    private static RankPlan evbmf(SavedModel model, OneShotRules.Settings settings, SpectrumCache c) {
        if (settings.reduction() != null) {
            long dense = CostModel.of(
                            model.manifest().network(), model.manifest().input(), RankPlan.empty())
                    .macs();
            return EvbmfRule.forBudget(
                    model,
                    settings.scheme(),
                    settings.targets(),
                    settings.minRank(),
                    settings.exactTau(),
                    dense / settings.reduction(),
                    c);
        }
        return new EvbmfRule(
                        settings.scheme(),
                        settings.targets(),
                        settings.multiplier(),
                        settings.minRank(),
                        settings.exactTau(),
                        c)
                .select(model);
    }

    private static List<LayerInfo> layers(SavedModel model) {
        return NetworkSpec.layers(model.manifest().network(), model.manifest().input());
    }

    /** Layers at or above break-even stay dense unless allowed (the LC rule has its own cut-off). */
    private static RankPlan capped(RankPlan plan, OneShotRules.Settings settings, List<LayerInfo> layers) {
        return settings.allowLarger() || settings.kind() == OneShotRules.Kind.LC
                ? plan
                : RankRules.capAtBreakEven(plan, layers);
    }
}
