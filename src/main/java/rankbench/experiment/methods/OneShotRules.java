package rankbench.experiment.methods;

import java.util.Locale;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.LatencyBudget;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/**
 * The one code path of the one-shot rank rules (EVBMF, the LC cost rule, greedy sensitivity, the measured
 * latency rule) shared by {@code rankbench select} and the window: validated {@link Settings} in, a plan
 * out. Layers a rule would factorize at or above break-even stay dense unless {@link Settings#allowLarger()}
 * (the LC rule keeps its own {@code floor(mn/(m+n))} cut-off).
 *
 * <p>This class holds the types of that path; {@code OneShotChecks} checks the settings,
 * {@code OneShotDescriptions} describes them and {@code OneShotSelection} runs the rules.
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
            OneShotChecks.common(kind, scheme, targets, cost, reduction);
            fractions = fractions == null ? SensitivityRule.DEFAULT_FRACTIONS.clone() : fractions.clone();
            switch (kind) {
                case EVBMF -> OneShotChecks.evbmf(multiplier, minRank, reduction);
                case LC -> OneShotChecks.lc(scheme, alpha, mu, reduction);
                case SENSITIVITY -> OneShotChecks.sensitivity(reduction, fractions);
                case LATENCY -> OneShotChecks.latency(latency, staircase, reduction);
                default -> throw new IllegalStateException(kind.id());
            }
            OneShotChecks.latencyOnly(kind, latency, staircase);
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

        /** A short description of the rule and its settings ("sensitivity channel, 2x fewer MACs"). */
        public String describe() {
            return OneShotDescriptions.describe(this);
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
        return OneShotSelection.select(model, settings, heldOut, cache, progress, cancel);
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
        return OneShotSelection.replan(model, settings, measured, heldOutImages);
    }
}
