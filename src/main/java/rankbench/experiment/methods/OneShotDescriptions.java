package rankbench.experiment.methods;

import java.util.Locale;

/**
 * The short text of a one-shot rule and its settings ("sensitivity channel, 2x fewer MACs", "latency, 1.3x
 * faster (batch 128)"), as progress lines, status messages and run labels show it.
 */
final class OneShotDescriptions {

    private OneShotDescriptions() {}

    /** Describes {@code s}: the rule, its scheme, and its budget or its settings. */
    static String describe(OneShotRules.Settings s) {
        Double reduction = s.reduction();
        String budget = reduction == null
                ? null
                : String.format(
                        Locale.ROOT,
                        "%sx fewer %s",
                        trim(reduction),
                        s.kind() == OneShotRules.Kind.EVBMF ? "MACs" : s.cost() == CostKind.MACS ? "MACs" : "params");
        return switch (s.kind()) {
            case EVBMF ->
                "EVBMF " + s.scheme().id()
                        + (budget != null
                                ? ", " + budget
                                : s.multiplier() != 1 ? ", ranks x" + trim(s.multiplier()) : "");
            case LC ->
                "LC " + s.scheme().id()
                        + (budget != null
                                ? ", " + budget
                                : ", alpha " + trim(s.alpha()) + ", mu " + trim(s.mu()) + ", cost "
                                        + s.cost().id());
            case SENSITIVITY -> "sensitivity " + s.scheme().id() + ", " + budget;
            case LATENCY ->
                "latency, "
                        + switch (s.latency().kind()) {
                            case SPEEDUP -> trim(s.latency().value()) + "x faster";
                            case MILLISECONDS -> "at most " + trim(s.latency().value()) + " ms";
                            case MAX_DROP ->
                                "drop at most " + trim(100 * s.latency().value()) + " pp";
                        }
                        + " (batch " + s.staircase().batch() + ")";
        };
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
