package rankbench.viewmodel;

import java.util.Arrays;

/** Parsing of the one-shot rules' text inputs, each failure an {@link IllegalArgumentException} naming the input. */
final class RuleInputs {

    private RuleInputs() {}

    /** A number that must be given. */
    static double required(String what, String text) {
        Double v = optional(what, text);
        if (v == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        return v;
    }

    /** A number, or null for an empty input. */
    static Double optional(String what, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " must be a finite number, got '" + text.trim() + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number: '" + text.trim() + "'");
        }
    }

    /** A whole number of at least 1. */
    static int positiveInt(String what, String text) {
        String t = text == null ? "" : text.trim();
        try {
            int n = Integer.parseInt(t);
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be >= 1, got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, got '" + t + "'");
        }
    }

    /** Comma- or space-separated numbers, at least one. */
    static double[] list(String what, String example, String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(what + "s are required (e.g. " + example + ")");
        }
        String[] parts = t.split("[,\\s]+");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = required(what, parts[i]);
        }
        return out;
    }

    /** Numbers as an input shows them ("0.25, 0.5"). */
    static String join(double[] v) {
        return String.join(", ", Arrays.stream(v).mapToObj(RuleInputs::number).toList());
    }

    /** A whole number without ".0", else as Java prints it. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
