package rankbench.experiment.methods;

import java.util.List;
import java.util.Locale;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.LatencyBudget;
import rankbench.experiment.lowrank.LatencyPlanner;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/**
 * The one code path of the one-shot rank rules (EVBMF, the LC cost rule, greedy sensitivity, the measured
 * latency rule) shared by {@code rankbench select} and the window: validated {@link Settings} in, a plan
 * out. Layers a rule would factorize at or above break-even stay dense unless {@link Settings#allowLarger()}
 * (the LC rule keeps its own {@code floor(mn/(m+n))} cut-off).
 */
public final class OneShotRules {

    private OneShotRules() {}

    /** The one-shot rules. */
    public enum Kind {
        /** EVBMF ranks per layer, optionally multiplied or scaled to a MAC budget. */
        EVBMF,
        /** The LC C-step rule at alpha and mu, or at a cost budget. */
        LC,
        /** Per-layer accuracy at candidate ranks on held-out images, then greedy under a budget. */
        SENSITIVITY,
        /** Per-layer times measured on this CPU and accuracy drops on held-out images, under a latency budget. */
        LATENCY;

        /** Returns the lower-case identifier ({@code evbmf}, {@code lc}, {@code sensitivity}, {@code latency}). */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return id();
        }

        /** Parses an identifier (case-insensitive). */
        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.id().equalsIgnoreCase(s == null ? "" : s.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("Unknown rule '" + s + "'; known: evbmf, lc, sensitivity, latency");
        }
    }

    /** The phases of a long selection. */
    public enum Phase {
        /** Latency: each layer's staircase timed on this CPU or read from the cache (steps are layers). */
        LATENCY,
        /** Sensitivity and latency: held-out accuracy with one layer factorized (steps are evaluations). */
        ACCURACY
    }

    /** Reports how far a long selection is (sensitivity: measurements done of all). */
    @FunctionalInterface
    public interface Progress {
        /** Nothing is reported. */
        Progress NONE = (done, total) -> {};

        /** Called after each step on the selecting thread. */
        void step(int done, int total);

        /** Called when a phase begins (steps count from 0 again); a rule of one phase may not call it. */
        default void phase(Phase phase) {}
    }

    /**
     * A rule with its settings, checked on construction (one message per problem, in the words of both the
     * command line and the window).
     *
     * @param kind the rule
     * @param scheme the factorization scheme of conv layers (matrix schemes; Tucker-2 for evbmf and sensitivity)
     * @param targets layers to plan
     * @param multiplier evbmf: factor on each EVBMF rank (1 = off)
     * @param minRank evbmf: smallest rank
     * @param exactTau evbmf: exact tau root instead of the reference constant
     * @param alpha lc: cost weight (null: use {@code reduction})
     * @param mu lc: penalty
     * @param cost lc and sensitivity: what a rank costs
     * @param reduction budget: total cost at most {@code 1/reduction} of the dense model (evbmf: MACs; null: none)
     * @param fractions sensitivity: candidate ranks as fractions of each layer's break-even rank
     * @param allowLarger keep ranks at or above break-even factorized
     * @param latency latency: what the plan must meet (null for the other rules)
     * @param staircase latency: how the staircases are measured and cached (null for the other rules)
     */
    public record Settings(
            Kind kind,
            Scheme scheme,
            Targets targets,
            double multiplier,
            int minRank,
            boolean exactTau,
            Double alpha,
            double mu,
            CostKind cost,
            Double reduction,
            double[] fractions,
            boolean allowLarger,
            LatencyBudget latency,
            LatencyRule.Setup staircase) {

        /** The settings of a rule other than latency. */
        public Settings(
                Kind kind,
                Scheme scheme,
                Targets targets,
                double multiplier,
                int minRank,
                boolean exactTau,
                Double alpha,
                double mu,
                CostKind cost,
                Double reduction,
                double[] fractions,
                boolean allowLarger) {
            this(
                    kind,
                    scheme,
                    targets,
                    multiplier,
                    minRank,
                    exactTau,
                    alpha,
                    mu,
                    cost,
                    reduction,
                    fractions,
                    allowLarger,
                    null,
                    null);
        }

        /** Checks the settings. */
        public Settings {
            if (kind == null || scheme == null || targets == null || cost == null) {
                throw new IllegalArgumentException("rule, scheme, targets and cost are required");
            }
            if (scheme == Scheme.LINEAR) {
                throw new IllegalArgumentException("scheme linear is implied for linear layers; choose a conv scheme");
            }
            if (reduction != null && !(reduction >= 1)) {
                throw new IllegalArgumentException(
                        "the budget (reduction) must be >= 1, e.g. 2 for half the cost; got " + reduction);
            }
            fractions = fractions == null ? SensitivityRule.DEFAULT_FRACTIONS.clone() : fractions.clone();
            switch (kind) {
                case EVBMF -> {
                    if (!(multiplier > 0)) {
                        throw new IllegalArgumentException("the EVBMF multiplier must be > 0, got " + multiplier);
                    }
                    if (minRank < 1) {
                        throw new IllegalArgumentException("the minimum rank must be >= 1, got " + minRank);
                    }
                    if (reduction != null && multiplier != 1) {
                        throw new IllegalArgumentException(
                                "evbmf takes a multiplier or a budget (reduction), not both");
                    }
                }
                case LC -> {
                    if (!scheme.isMatrix()) {
                        throw new IllegalArgumentException("the lc rule needs a matrix scheme, not " + scheme.id());
                    }
                    if ((alpha == null) == (reduction == null)) {
                        throw new IllegalArgumentException("lc needs exactly one of alpha or a budget (reduction)");
                    }
                    if (alpha != null && !(alpha >= 0)) {
                        throw new IllegalArgumentException("lc needs alpha >= 0, got " + alpha);
                    }
                    if (!(mu > 0)) {
                        throw new IllegalArgumentException("lc needs mu > 0, got " + mu);
                    }
                }
                case SENSITIVITY -> {
                    if (reduction == null) {
                        throw new IllegalArgumentException(
                                "sensitivity needs a budget (reduction, e.g. 2 for half " + "the cost)");
                    }
                    if (fractions.length == 0) {
                        throw new IllegalArgumentException("sensitivity needs at least one candidate fraction");
                    }
                    for (double f : fractions) {
                        if (!(f > 0 && f <= 1)) {
                            throw new IllegalArgumentException("candidate fractions must be in (0, 1], got " + f);
                        }
                    }
                }
                case LATENCY -> {
                    if (latency == null || staircase == null) {
                        throw new IllegalArgumentException("latency needs a budget (a speed-up, a time or a maximum "
                                + "accuracy drop) and a measurement setup");
                    }
                    if (reduction != null) {
                        throw new IllegalArgumentException("latency takes a speed-up, a time or a maximum accuracy "
                                + "drop, not a cost reduction");
                    }
                }
                default -> throw new IllegalStateException(kind.id());
            }
            if (kind != Kind.LATENCY && (latency != null || staircase != null)) {
                throw new IllegalArgumentException("a latency budget is for the latency rule only, not " + kind.id());
            }
        }

        /**
         * The latency rule's settings: {@code budget} met by the measured per-layer sum, staircases measured
         * with {@code staircase} (the conv schemes are the setup's; {@code scheme} is recorded as channel).
         */
        public static Settings latency(
                Targets targets, LatencyBudget budget, LatencyRule.Setup staircase, boolean allowLarger) {
            return new Settings(
                    Kind.LATENCY,
                    Scheme.CHANNEL,
                    targets,
                    1,
                    1,
                    false,
                    null,
                    1,
                    CostKind.MACS,
                    null,
                    null,
                    allowLarger,
                    budget,
                    staircase);
        }

        /** The plain settings of a rule: default targets, multiplier 1, min rank 1, mu 1, MACs, no budget. */
        public static Settings of(Kind kind, Scheme scheme, Double alpha, Double reduction) {
            return new Settings(
                    kind, scheme, Targets.defaults(), 1, 1, false, alpha, 1, CostKind.MACS, reduction, null, false);
        }

        /** Returns a copy of the candidate fractions. */
        @Override
        public double[] fractions() {
            return fractions.clone();
        }

        /** A short description of the rule and its settings ("sensitivity, 2x fewer macs"). */
        public String describe() {
            String budget = reduction == null
                    ? null
                    : String.format(
                            Locale.ROOT,
                            "%sx fewer %s",
                            trim(reduction),
                            kind == Kind.EVBMF ? "MACs" : cost == CostKind.MACS ? "MACs" : "params");
            return switch (kind) {
                case EVBMF ->
                    "EVBMF " + scheme.id()
                            + (budget != null ? ", " + budget : multiplier != 1 ? ", ranks x" + trim(multiplier) : "");
                case LC ->
                    "LC " + scheme.id()
                            + (budget != null
                                    ? ", " + budget
                                    : ", alpha " + trim(alpha) + ", mu " + trim(mu) + ", cost " + cost.id());
                case SENSITIVITY -> "sensitivity " + scheme.id() + ", " + budget;
                case LATENCY ->
                    "latency, "
                            + switch (latency.kind()) {
                                case SPEEDUP -> trim(latency.value()) + "x faster";
                                case MILLISECONDS -> "at most " + trim(latency.value()) + " ms";
                                case MAX_DROP -> "drop at most " + trim(100 * latency.value()) + " pp";
                            }
                            + " (batch " + staircase.batch() + ")";
            };
        }

        private static String trim(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
        }
    }

    /**
     * What a selection gave.
     *
     * @param plan the plan, resolved against the model's layers
     * @param alpha lc with a budget: the alpha (at mu = 1) that meets it (null otherwise)
     * @param table sensitivity: the measured table and the greedy choice (null otherwise)
     * @param heldOutImages sensitivity and latency: images the accuracies were measured on (0 otherwise)
     * @param latency latency: the measured table and drops and the planner's choice, met or not (null otherwise)
     */
    public record Outcome(
            RankPlan plan, Double alpha, SensitivityRule.Result table, int heldOutImages, LatencyRule.Result latency) {

        /** The outcome of a rule other than latency. */
        public Outcome(RankPlan plan, Double alpha, SensitivityRule.Result table, int heldOutImages) {
            this(plan, alpha, table, heldOutImages, null);
        }

        /** False only for a latency budget the measured forms cannot meet (then {@link #plan()} is not one to use). */
        public boolean met() {
            return latency == null || latency.planned().met();
        }
    }

    /**
     * Selects ranks with {@code settings}.
     *
     * @param heldOut sensitivity and latency: the held-out validation images ({@link SensitivityRule#heldOut});
     *     else unused
     * @param cache spectrum cache (may be null)
     * @param progress steps of a long selection
     * @param cancel stops sensitivity and latency between measurements with a
     *     {@link java.util.concurrent.CancellationException}
     */
    public static Outcome select(
            SavedModel model,
            Settings settings,
            ImageDataset heldOut,
            SpectrumCache cache,
            Progress progress,
            CancellationToken cancel) {
        SpectrumCache c = cache == null ? new SpectrumCache() : cache;
        Scheme s = settings.scheme();
        List<LayerInfo> layers =
                NetworkSpec.layers(model.manifest().network(), model.manifest().input());
        Double alpha = null;
        SensitivityRule.Result table = null;
        LatencyRule.Result latency = null;
        RankPlan plan;
        switch (settings.kind()) {
            case EVBMF -> {
                if (settings.reduction() != null) {
                    plan = EvbmfRule.forBudget(
                            model,
                            s,
                            settings.targets(),
                            settings.minRank(),
                            settings.exactTau(),
                            denseMacs(model) / settings.reduction(),
                            c);
                } else {
                    plan = new EvbmfRule(
                                    s,
                                    settings.targets(),
                                    settings.multiplier(),
                                    settings.minRank(),
                                    settings.exactTau(),
                                    c)
                            .select(model);
                }
            }
            case LC -> {
                if (settings.alpha() != null) {
                    plan = new LcCostRule(
                                    settings.alpha(), settings.mu(), settings.cost(), s, settings.targets(), true, c)
                            .select(model);
                } else {
                    long dense = LcCostRule.total(model, RankPlan.empty(), settings.cost());
                    LcCostRule.Budgeted b = LcCostRule.forBudget(
                            model, s, settings.targets(), settings.cost(), dense / settings.reduction(), c);
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
                if (settings.kind() == Kind.LATENCY) {
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
                                    s,
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
        return new Outcome(
                capped(plan, settings, layers),
                alpha,
                table,
                table == null && latency == null ? 0 : heldOut.size(),
                latency);
    }

    /**
     * Plans the latency rule again under the budget of {@code settings} from a table and drops already
     * measured (by {@link #select} with the same model, targets, held-out images and staircase setup), without
     * measuring: instant, so a window can try budgets one after another.
     *
     * @param measured a latency outcome's {@link Outcome#latency()}
     * @param heldOutImages images its drops were measured on
     */
    public static Outcome replan(SavedModel model, Settings settings, LatencyRule.Result measured, int heldOutImages) {
        if (settings.kind() != Kind.LATENCY) {
            throw new IllegalArgumentException(
                    "only the latency rule re-plans from measurements, not " + settings.kind());
        }
        List<LayerInfo> layers =
                NetworkSpec.layers(model.manifest().network(), model.manifest().input());
        LatencyPlanner.Result p = LatencyRule.plan(measured.table(), measured.drops(), settings.latency(), layers);
        LatencyRule.Result r = new LatencyRule.Result(measured.table(), measured.baseAccuracy(), measured.drops(), p);
        return new Outcome(capped(p.plan(), settings, layers), null, null, heldOutImages, r);
    }

    /** Layers at or above break-even stay dense unless allowed (the LC rule has its own cut-off). */
    private static RankPlan capped(RankPlan plan, Settings settings, List<LayerInfo> layers) {
        return settings.allowLarger() || settings.kind() == Kind.LC ? plan : RankRules.capAtBreakEven(plan, layers);
    }

    private static long denseMacs(SavedModel model) {
        return CostModel.of(model.manifest().network(), model.manifest().input(), RankPlan.empty())
                .macs();
    }
}
