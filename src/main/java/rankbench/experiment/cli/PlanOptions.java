package rankbench.experiment.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;

/** The rank-plan options shared by {@code compress} and {@code latency}, as a picocli mixin. */
final class PlanOptions {

    /** Exactly one rule that fills the plan. */
    static final class Rule {
        @Option(
                names = "--energy",
                paramLabel = "E",
                description = "Keep at least this fraction of each layer's spectral energy (e.g. 0.9).")
        Double energy;

        @Option(
                names = "--threshold",
                paramLabel = "T",
                description = "Keep the singular values >= T in each layer (at least rank 1).")
        Double threshold;

        @Option(
                names = "--ratio",
                paramLabel = "R",
                description = "Uniform parameter ratio: each layer at the largest rank with at most R times "
                        + "its dense parameters (e.g. 0.5).")
        Double ratio;

        @Option(
                names = {"--ranks", "--plan"},
                paramLabel = "PLAN.json",
                description = "Explicit rank plan: {\"layers\":{\"layer1.0.conv1\":{\"scheme\":\"channel\","
                        + "\"rank\":8}, \"layer2.0.conv1\":{\"scheme\":\"tucker2\",\"ranks\":[12,8]}}}; "
                        + "unlisted layers stay dense.")
        Path ranks;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Rule rule;

    @Option(
            names = "--scheme",
            paramLabel = "S",
            defaultValue = "channel",
            description = "channel (R1), spatial (R2), spatial-vh (R2', TRP), input (R3) or tucker2 "
                    + "(default: ${DEFAULT-VALUE}); linear layers always use out x in.")
    String scheme;

    @Option(
            names = "--round-to",
            paramLabel = "K",
            description = "Round ranks up to a multiple of K (hardware-friendly shapes), never above full rank.")
    Integer roundTo;

    @Option(
            names = "--allow-larger",
            description = "Factorize layers even when the rank is at or above break-even (more weights than "
                    + "dense). By default such layers are kept dense.")
    boolean allowLarger;

    /** Returns true if a rule was given. */
    boolean hasRule() {
        return rule != null;
    }

    /** The rule's id: {@code energy}, {@code threshold}, {@code ratio} or {@code ranks} (an explicit plan). */
    String ruleId() {
        if (rule == null) {
            return "ratio";
        }
        return rule.energy != null
                ? "energy"
                : rule.threshold != null ? "threshold" : rule.ratio != null ? "ratio" : "ranks";
    }

    /** The rule's value as given ({@code 0.9}, or the plan file's name). */
    String ruleValue() {
        if (rule == null) {
            return "";
        }
        return rule.energy != null
                ? String.valueOf(rule.energy)
                : rule.threshold != null
                        ? String.valueOf(rule.threshold)
                        : rule.ratio != null ? String.valueOf(rule.ratio) : String.valueOf(rule.ranks.getFileName());
    }

    /** A short description of the rule ({@code energy 0.9, channel}). */
    String describe() {
        String s = "ranks".equals(ruleId()) ? "ranks from " + ruleValue() : ruleId() + " " + ruleValue();
        return s + ", " + scheme + (roundTo != null ? ", round to " + roundTo : "");
    }

    /** The rule and its settings by name, as text. */
    Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rule", ruleId());
        m.put(ruleId(), ruleValue());
        m.put("scheme", scheme);
        m.put("roundTo", roundTo == null ? "none" : String.valueOf(roundTo));
        m.put("allowLarger", String.valueOf(allowLarger));
        return m;
    }

    /** Returns the chosen scheme. */
    Scheme scheme() {
        return Scheme.fromId(scheme);
    }

    /**
     * Builds the resolved plan for the model; without a rule, {@code defaultRatio} (uniform parameter
     * ratio) is used if not null, otherwise it is an error.
     */
    RankPlan plan(SavedModel saved, SpectrumCache cache, Double defaultRatio) {
        List<LayerInfo> layers =
                NetworkSpec.layers(saved.manifest().network(), saved.manifest().input());
        Scheme s = scheme();
        if (s == Scheme.LINEAR) {
            throw new IllegalArgumentException("--scheme linear is implied for linear layers; choose a conv scheme");
        }
        RankPlan plan;
        if (rule == null) {
            if (defaultRatio == null) {
                throw new IllegalArgumentException("give one of --energy, --threshold, --ratio or --ranks");
            }
            plan = RankRules.parameterRatio(layers, s, defaultRatio);
        } else if (rule.energy != null) {
            plan = RankRules.energy(layers, saved.weights(), s, rule.energy, cache);
        } else if (rule.threshold != null) {
            plan = RankRules.threshold(layers, saved.weights(), s, rule.threshold, cache);
        } else if (rule.ratio != null) {
            plan = RankRules.parameterRatio(layers, s, rule.ratio);
        } else {
            plan = RankPlan.read(rule.ranks);
        }
        plan = plan.resolve(layers, s);
        if (roundTo != null) {
            plan = RankRules.roundTo(plan, layers, roundTo);
        }
        if (!allowLarger) {
            plan = RankRules.capAtBreakEven(plan, layers);
        }
        return plan;
    }
}
