package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.methods.CostKind;
import rankbench.experiment.methods.EvbmfRule;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.methods.SensitivityRule;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/**
 * {@code rankbench select}: fills a rank plan with a one-shot rule (EVBMF, the LC cost rule, or greedy
 * per-layer sensitivity) and prints it with its cost; the plan can be saved and given to
 * {@code compress --ranks}.
 */
@Command(
        name = "select",
        mixinStandardHelpOptions = true,
        description = "Choose ranks with a one-shot rule and print the rank plan: evbmf (EVBMF per layer), "
                + "lc (the LC cost rule at alpha and mu, or at a cost budget), sensitivity (per-layer accuracy "
                + "at candidate ranks on held-out images, then greedy under a budget), latency (per-layer times "
                + "measured on this CPU for each scheme and rank, then greedy on accuracy drop per ms saved under a "
                + "measured budget: --target-speedup, --target-ms or --max-drop). Sensitivity and latency measure "
                + "accuracy on the first --holdout validation images of the seeded --validation split of the "
                + "training images, never on test images; the window's rules run this same code on the same images.")
final class SelectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Mixin
    CommonOptions.Data data;

    @Mixin
    CommonOptions.Model model;

    @Option(
            names = "--rule",
            required = true,
            paramLabel = "evbmf|lc|sensitivity|latency",
            description = "The rank rule.")
    String rule;

    @Option(
            names = "--scheme",
            paramLabel = "S",
            defaultValue = "channel",
            description = "channel, spatial, spatial-vh, input or tucker2 (evbmf and sensitivity) "
                    + "(default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(
            names = "--multiplier",
            defaultValue = "1",
            paramLabel = "F",
            description = "evbmf: multiply each EVBMF rank by F (default: ${DEFAULT-VALUE}, off).")
    double multiplier;

    @Option(
            names = "--min-rank",
            defaultValue = "1",
            paramLabel = "R",
            description = "evbmf: smallest rank (default: ${DEFAULT-VALUE}).")
    int minRank;

    @Option(names = "--exact-tau", description = "evbmf: exact tau root instead of the reference 2.5129*sqrt(alpha).")
    boolean exactTau;

    @Option(
            names = "--alpha",
            paramLabel = "A",
            description = "lc: cost weight alpha (code units = paper lambda x 1e-6).")
    Double alpha;

    @Option(
            names = "--mu",
            defaultValue = "1",
            paramLabel = "MU",
            description = "lc: penalty mu (default: ${DEFAULT-VALUE}).")
    double mu;

    @Option(
            names = "--cost",
            defaultValue = "macs",
            paramLabel = "params|macs",
            description = "lc and sensitivity: what a rank costs (default: ${DEFAULT-VALUE}).")
    String cost;

    @Option(
            names = "--reduction",
            paramLabel = "X",
            description = "lc (instead of --alpha) and sensitivity: total cost at most 1/X of the dense model "
                    + "(e.g. 2 = half the MACs); evbmf: the multiplier on every EVBMF rank that meets 1/X of the "
                    + "dense MACs.")
    Double reduction;

    @Option(
            names = "--holdout",
            defaultValue = "" + SensitivityRule.DEFAULT_HELD_OUT,
            paramLabel = "N",
            description = "sensitivity and latency: measure accuracy on the first N validation images held out of "
                    + "the training split (--validation, --seed): the images the window's interactive accuracy "
                    + "uses (default: ${DEFAULT-VALUE}).")
    int holdout;

    @Option(
            names = "--validation",
            defaultValue = "" + SensitivityRule.DEFAULT_VALIDATION_FRACTION,
            paramLabel = "F",
            description = "sensitivity: fraction of the training split held out for validation, "
                    + "seeded by --seed (default: ${DEFAULT-VALUE}, as learn and the window).")
    double validation;

    @Option(
            names = "--fractions",
            split = ",",
            paramLabel = "F,F,...",
            description = "sensitivity: candidate ranks as fractions of each layer's break-even rank "
                    + "(default: 0.125,0.25,0.5,0.75).")
    double[] fractions;

    @Option(names = "--include-first", description = "Also plan the first conv.")
    boolean includeFirst;

    @Option(names = "--include-pointwise", description = "Also plan 1x1 convs.")
    boolean includePointwise;

    @Option(names = "--include-linear", description = "Also plan linear layers.")
    boolean includeLinear;

    @Option(
            names = "--allow-larger",
            description = "Keep ranks at or above break-even factorized (default: such layers stay dense).")
    boolean allowLarger;

    @Mixin
    LatencySelection latency;

    @Option(names = "--save-plan", paramLabel = "PLAN.json", description = "Write the plan (for compress --ranks).")
    Path savePlan;

    @Override
    public Integer call() throws IOException {
        output.applyEngine();
        boolean latencyRule = "latency".equalsIgnoreCase(rule.trim());
        OneShotRules.Kind kindOfRule = latencyRule ? null : parseRule(rule);
        Scheme s = Scheme.fromId(scheme);
        Targets targets = new Targets(includeFirst, includePointwise, includeLinear);
        CostKind kind = CostKind.parse(cost);
        if (reduction != null && reduction < 1) {
            throw new IllegalArgumentException("--reduction must be >= 1, got " + reduction);
        }
        if (kindOfRule == OneShotRules.Kind.EVBMF && reduction != null && multiplier != 1) {
            throw new IllegalArgumentException("evbmf takes --multiplier or --reduction, not both");
        }
        if (kindOfRule == OneShotRules.Kind.LC && s.isMatrix() && (alpha == null) == (reduction == null)) {
            throw new IllegalArgumentException("lc needs exactly one of --alpha or --reduction");
        }
        if (kindOfRule == OneShotRules.Kind.SENSITIVITY && reduction == null) {
            throw new IllegalArgumentException("sensitivity needs --reduction (e.g. 2 for half the cost)");
        }
        if (latencyRule && reduction != null) {
            throw new IllegalArgumentException(
                    "latency takes --target-speedup, --target-ms or --max-drop, not --reduction");
        }
        OneShotRules.Settings settings = latencyRule
                ? null
                : new OneShotRules.Settings(
                        kindOfRule,
                        s,
                        targets,
                        multiplier,
                        minRank,
                        exactTau,
                        alpha,
                        mu,
                        kind,
                        reduction,
                        fractions,
                        allowLarger);
        SavedModel saved = model.load();
        List<LayerInfo> layers =
                NetworkSpec.layers(saved.manifest().network(), saved.manifest().input());
        SpectrumCache cache = new SpectrumCache();
        ImageDataset held = null;
        if (!(validation > 0 && validation < 1)) {
            throw new IllegalArgumentException("--validation must be in (0, 1), got " + validation);
        }
        if (kindOfRule == OneShotRules.Kind.SENSITIVITY) {
            DataSource src = data.load();
            held = SensitivityRule.heldOut(src.train(), src.test(), validation, data.seed, holdout);
        }
        ObjectNode extra = Json.object();
        RankPlan plan;
        SensitivityRule.Result table = null;
        LatencySelection.Outcome latencyOutcome = null;
        OneShotRules.Outcome outcome = null;
        if (latencyRule) {
            latencyOutcome = latency.select(saved, data, validation, holdout, targets, allowLarger, extra);
            plan = latencyOutcome.plan();
        } else {
            outcome = OneShotRules.select(
                    saved, settings, held, cache, OneShotRules.Progress.NONE, CancellationToken.none());
            plan = outcome.plan();
            table = outcome.table();
        }
        if (!latencyRule) { // latency: its details are in extra already
            switch (kindOfRule) {
                case EVBMF -> {
                    EvbmfRule r = new EvbmfRule(s, targets, multiplier, minRank, exactTau, cache);
                    ArrayNode est = extra.putArray("estimates");
                    for (LayerInfo l : targets.select(layers)) {
                        Scheme ls = RankRules.schemeFor(l, s);
                        int[] modes = ls == Scheme.TUCKER2 ? new int[] {0, 1} : new int[] {-1};
                        for (int mode : modes) {
                            var e = r.estimate(l.name(), saved.weights().get(l.name() + ".weight"), ls, mode);
                            ObjectNode o = est.addObject();
                            o.put("layer", l.name());
                            o.put("mode", mode);
                            o.put("evbmfRank", e.rank());
                            o.put("sigma2", e.sigma2());
                            o.put("threshold", e.threshold());
                        }
                    }
                }
                case LC -> {
                    extra.put("alpha", alpha != null ? alpha : outcome.alpha());
                    extra.put("mu", alpha != null ? mu : 1.0);
                    extra.put("cost", kind.id());
                }
                case SENSITIVITY -> {
                    extra.put("heldOut", held.size());
                    extra.put("validationFraction", validation);
                    extra.put("baseAccuracy", table.baseAccuracy());
                    Json.put(extra, "predictedDrop", table.predictedDrop());
                    extra.put("budgetMet", table.met());
                    ArrayNode rows = extra.putArray("table");
                    for (SensitivityRule.Row row : table.rows()) {
                        ObjectNode o = rows.addObject();
                        o.put("layer", row.layer());
                        o.set("rank", Json.MAPPER.valueToTree(row.rank()));
                        o.put("accuracy", row.accuracy());
                        o.put("drop", row.drop());
                        o.put("saved", row.saved());
                    }
                }
                default -> throw new IllegalStateException(kindOfRule.id());
            }
        }
        CostModel.Summary c =
                CostModel.of(saved.manifest().network(), saved.manifest().input(), plan);
        if (savePlan != null) {
            plan.write(savePlan);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode n = Json.object();
            n.put("rule", latencyRule ? "latency" : kindOfRule.id());
            n.put("model", model.describe());
            n.put("scheme", s.id());
            n.set("plan", Json.MAPPER.readTree(plan.toJson()));
            ArrayNode arr = n.putArray("layers");
            for (CostModel.LayerCost lc : c.layers()) {
                if (plan.get(lc.name()) == null) {
                    continue;
                }
                ObjectNode e = arr.addObject();
                e.put("name", lc.name());
                e.set("rank", Json.MAPPER.valueToTree(lc.ranks()));
                e.set("fullRank", Json.MAPPER.valueToTree(lc.fullRanks()));
                e.put("factorized", lc.factorized());
                e.put("params", lc.params());
                e.put("macs", lc.macs());
                e.put("denseParams", lc.denseParams());
                e.put("denseMacs", lc.denseMacs());
                LayerPlan p = plan.get(lc.name());
                if (p.reason() != null) {
                    e.put("keepDenseReason", p.reason());
                }
            }
            n.put("params", c.params());
            n.put("macs", c.macs());
            n.put("baseParams", c.baseParams());
            n.put("baseMacs", c.baseMacs());
            n.setAll(extra);
            o.println(Json.pretty(n));
        } else {
            if (table != null) {
                o.printf(
                        Locale.ROOT,
                        "sensitivity on %d held-out images (dense accuracy %.2f %%):%n",
                        extra.get("heldOut").asInt(),
                        100 * table.baseAccuracy());
                o.printf(Locale.ROOT, "%-24s %10s %9s %8s %12s%n", "layer", "rank", "accuracy", "drop", "saved");
                for (SensitivityRule.Row row : table.rows()) {
                    o.printf(
                            Locale.ROOT,
                            "%-24s %10s %8.2f%% %7.2f%% %,12d%n",
                            row.layer(),
                            ranks(row.rank()),
                            100 * row.accuracy(),
                            100 * row.drop(),
                            row.saved());
                }
                o.printf(
                        Locale.ROOT,
                        "predicted accuracy drop of the plan: %.2f %%%s%n",
                        100 * table.predictedDrop(),
                        table.met() ? "" : " (budget not reachable with these candidates)");
            }
            if (latencyOutcome != null) {
                latencyOutcome.print(o);
            }
            o.printf(
                    Locale.ROOT,
                    "%-24s %-10s %8s %6s %10s %12s%n",
                    "layer",
                    "scheme",
                    "rank",
                    "full",
                    "params",
                    "MACs");
            for (CostModel.LayerCost lc : c.layers()) {
                LayerPlan p = plan.get(lc.name());
                if (p == null) {
                    continue;
                }
                o.printf(
                        Locale.ROOT,
                        "%-24s %-10s %8s %6s %,10d %,12d%s%n",
                        lc.name(),
                        lc.scheme().id(),
                        lc.factorized() ? ranks(lc.ranks()) : "dense",
                        ranks(lc.fullRanks()),
                        lc.params(),
                        lc.macs(),
                        p.reason() == null ? "" : "  (kept dense: " + p.reason() + ")");
            }
            o.printf(
                    Locale.ROOT,
                    "parameters %,d -> %,d (%.2fx fewer), MACs %,d -> %,d (%.2fx fewer)%n",
                    c.baseParams(),
                    c.params(),
                    (double) c.baseParams() / c.params(),
                    c.baseMacs(),
                    c.macs(),
                    (double) c.baseMacs() / c.macs());
            if (savePlan != null) {
                o.println("plan written to " + savePlan);
            }
        }
        o.flush();
        return 0;
    }

    private static String ranks(List<Integer> r) {
        if (r == null) {
            return "-";
        }
        return r.size() == 1 ? String.valueOf(r.get(0)) : r.get(0) + "," + r.get(1);
    }

    private static OneShotRules.Kind parseRule(String rule) {
        try {
            return OneShotRules.Kind.parse(rule);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown rule '" + rule + "'; known: evbmf, lc, sensitivity, latency");
        }
    }
}
