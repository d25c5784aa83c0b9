package rankbench.experiment.methods;

import java.util.List;
import java.util.Locale;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/**
 * The one code path of the one-shot rank rules (EVBMF, the LC cost rule, greedy sensitivity) shared by
 * {@code rankbench select} and the window: validated {@link Settings} in, a plan out. Layers a rule would
 * factorise at or above break-even stay dense unless {@link Settings#allowLarger()} (the LC rule keeps its
 * own {@code floor(mn/(m+n))} cut-off).
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
        SENSITIVITY;

        /** Returns the lower-case identifier ({@code evbmf}, {@code lc}, {@code sensitivity}). */
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
            throw new IllegalArgumentException("Unknown rule '" + s + "'; known: evbmf, lc, sensitivity");
        }
    }

    /** Reports how far a long selection is (sensitivity: measurements done of all). */
    @FunctionalInterface
    public interface Progress {
        /** Nothing is reported. */
        Progress NONE = (done, total) -> {};

        /** Called after each step on the selecting thread. */
        void step(int done, int total);
    }

    /**
     * A rule with its settings, checked on construction (one message per problem, in the words of both the
     * command line and the window).
     *
     * @param kind the rule
     * @param scheme the factorisation scheme of conv layers (matrix schemes; Tucker-2 for evbmf and sensitivity)
     * @param targets layers to plan
     * @param multiplier evbmf: factor on each EVBMF rank (1 = off)
     * @param minRank evbmf: smallest rank
     * @param exactTau evbmf: exact tau root instead of the reference constant
     * @param alpha lc: cost weight (null: use {@code reduction})
     * @param mu lc: penalty
     * @param cost lc and sensitivity: what a rank costs
     * @param reduction budget: total cost at most {@code 1/reduction} of the dense model (evbmf: MACs; null: none)
     * @param fractions sensitivity: candidate ranks as fractions of each layer's break-even rank
     * @param allowLarger keep ranks at or above break-even factorised
     */
    public record Settings(Kind kind, Scheme scheme, Targets targets, double multiplier, int minRank, boolean exactTau,
            Double alpha, double mu, CostKind cost, Double reduction, double[] fractions, boolean allowLarger) {

        /** Checks the settings. */
        public Settings {
            if (kind == null || scheme == null || targets == null || cost == null) {
                throw new IllegalArgumentException("rule, scheme, targets and cost are required");
            }
            if (scheme == Scheme.LINEAR) {
                throw new IllegalArgumentException("scheme linear is implied for linear layers; choose a conv scheme");
            }
            if (reduction != null && !(reduction >= 1)) {
                throw new IllegalArgumentException("the budget (reduction) must be >= 1, e.g. 2 for half the cost; got "
                        + reduction);
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
                        throw new IllegalArgumentException("evbmf takes a multiplier or a budget (reduction), not both");
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
                        throw new IllegalArgumentException("sensitivity needs a budget (reduction, e.g. 2 for half "
                                + "the cost)");
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
                default -> throw new IllegalStateException(kind.id());
            }
        }

        /** The plain settings of a rule: default targets, multiplier 1, min rank 1, mu 1, MACs, no budget. */
        public static Settings of(Kind kind, Scheme scheme, Double alpha, Double reduction) {
            return new Settings(kind, scheme, Targets.defaults(), 1, 1, false, alpha, 1, CostKind.MACS, reduction,
                    null, false);
        }

        /** Returns a copy of the candidate fractions. */
        @Override
        public double[] fractions() {
            return fractions.clone();
        }

        /** A short description of the rule and its settings ("sensitivity, 2x fewer macs"). */
        public String describe() {
            String budget = reduction == null ? null : String.format(Locale.ROOT, "%sx fewer %s",
                    trim(reduction), kind == Kind.EVBMF ? "MACs" : cost == CostKind.MACS ? "MACs" : "params");
            return switch (kind) {
                case EVBMF -> "EVBMF " + scheme.id() + (budget != null ? ", " + budget
                        : multiplier != 1 ? ", ranks x" + trim(multiplier) : "");
                case LC -> "LC " + scheme.id() + (budget != null ? ", " + budget
                        : ", alpha " + trim(alpha) + ", mu " + trim(mu) + ", cost " + cost.id());
                case SENSITIVITY -> "sensitivity " + scheme.id() + ", " + budget;
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
     * @param heldOutImages sensitivity: images the accuracies were measured on (0 otherwise)
     */
    public record Outcome(RankPlan plan, Double alpha, SensitivityRule.Result table, int heldOutImages) {}

    /**
     * Selects ranks with {@code settings}.
     *
     * @param heldOut sensitivity: the held-out validation images ({@link SensitivityRule#heldOut}); else unused
     * @param cache spectrum cache (may be null)
     * @param progress steps of a long selection
     * @param cancel stops sensitivity between measurements with a {@link java.util.concurrent.CancellationException}
     */
    public static Outcome select(SavedModel model, Settings settings, ImageDataset heldOut, SpectrumCache cache,
            Progress progress, CancellationToken cancel) {
        SpectrumCache c = cache == null ? new SpectrumCache() : cache;
        Scheme s = settings.scheme();
        List<LayerInfo> layers = NetworkSpec.layers(model.manifest().network(), model.manifest().input());
        Double alpha = null;
        SensitivityRule.Result table = null;
        RankPlan plan;
        switch (settings.kind()) {
            case EVBMF -> {
                if (settings.reduction() != null) {
                    plan = EvbmfRule.forBudget(model, s, settings.targets(), settings.minRank(), settings.exactTau(),
                            denseMacs(model) / settings.reduction(), c);
                } else {
                    plan = new EvbmfRule(s, settings.targets(), settings.multiplier(), settings.minRank(),
                            settings.exactTau(), c).select(model);
                }
            }
            case LC -> {
                if (settings.alpha() != null) {
                    plan = new LcCostRule(settings.alpha(), settings.mu(), settings.cost(), s, settings.targets(), true,
                            c).select(model);
                } else {
                    long dense = LcCostRule.total(model, RankPlan.empty(), settings.cost());
                    LcCostRule.Budgeted b = LcCostRule.forBudget(model, s, settings.targets(), settings.cost(),
                            dense / settings.reduction(), c);
                    plan = b.plan();
                    alpha = b.alpha();
                }
            }
            case SENSITIVITY -> {
                if (heldOut == null || heldOut.size() == 0) {
                    throw new IllegalArgumentException("sensitivity needs held-out validation images; none are loaded");
                }
                Normalization norm = new Normalization(model.manifest().mean(), model.manifest().std());
                table = new SensitivityRule(heldOut, norm, s, settings.targets(), settings.cost(),
                        settings.reduction(), settings.fractions(), c).analyse(model, progress, cancel);
                plan = table.plan();
            }
            default -> throw new IllegalStateException(settings.kind().id());
        }
        if (!settings.allowLarger() && settings.kind() != Kind.LC) {
            plan = RankRules.capAtBreakEven(plan, layers);
        }
        return new Outcome(plan, alpha, table, table == null ? 0 : heldOut.size());
    }

    private static long denseMacs(SavedModel model) {
        return CostModel.of(model.manifest().network(), model.manifest().input(), RankPlan.empty()).macs();
    }
}
