package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The checks and parsing behind {@link SafetensorsImportViewModel}: class names, normalization, numbers. */
final class ImportFormChecks {

    private ImportFormChecks() {}

    /** Why the class names cannot be used, or null; {@code classes} is the classifier's output count if known. */
    static String classProblem(ClassNamePreset p, List<String> names, Integer classes) {
        if (p == null) {
            return "Choose where the class names come from.";
        }
        if (p == ClassNamePreset.CUSTOM) {
            if (names.isEmpty()) {
                return "Class names: type the names in label order, separated by commas.";
            }
            if (names.stream().anyMatch(String::isEmpty)) {
                return "Class names: an empty name (two commas in a row, or a comma at the end).";
            }
            Set<String> seen = new HashSet<>();
            for (String n : names) {
                if (!seen.add(n)) {
                    return "Class names: '" + n + "' appears twice.";
                }
            }
            if (names.size() < 2) {
                return "Class names: a classifier needs at least 2 classes.";
            }
        }
        if (classes != null && !names.isEmpty() && names.size() != classes) {
            return "Class names: the classifier of the file has " + classes + " outputs, but "
                    + (p == ClassNamePreset.CUSTOM
                            ? names.size() + " names were given"
                            : p + " has " + names.size() + " classes")
                    + ".";
        }
        return null;
    }

    /** Why the normalization cannot be used for {@code c} channels, or null. */
    static String normalizationProblem(NormalizationPreset p, int c, String meanText, String stdText) {
        if (p == null) {
            return "Choose the input normalization.";
        }
        if (p != NormalizationPreset.CUSTOM && p.mean(c) == null) {
            return "Normalization: " + p + " is for " + p.channels() + "-channel images; the input has " + c
                    + " channel" + (c == 1 ? "" : "s") + ".";
        }
        float[] m = floats(meanText);
        float[] s = floats(stdText);
        if (m == null || s == null) {
            return "Normalization: mean and std are numbers separated by commas, one per channel.";
        }
        if (m.length != c || s.length != c) {
            return "Normalization: mean and std need one value per input channel (" + c + "), got " + m.length + " and "
                    + s.length + ".";
        }
        for (int i = 0; i < c; i++) {
            if (!Float.isFinite(m[i])) {
                return "Normalization: mean " + meanText.split(",")[i].strip() + " is not a finite number.";
            }
            if (!(s[i] > 0f) || !Float.isFinite(s[i])) {
                return "Normalization: every std must be a finite number > 0.";
            }
        }
        return null;
    }

    /** The class names of a preset, or the typed ones split at commas (empty: none typed). */
    static List<String> classNames(ClassNamePreset p, String text) {
        if (p != ClassNamePreset.CUSTOM) {
            return p == null ? List.of() : p.names();
        }
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String n : t.split(",", -1)) {
            out.add(n.strip());
        }
        return out;
    }

    /** A whole number, or null. */
    static Integer parse(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Comma-separated numbers, or null if any is not one. */
    static float[] floats(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.split(",", -1);
        float[] v = new float[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                v[i] = Float.parseFloat(parts[i].strip());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return v;
    }

    /** Numbers as {@link #floats} reads them. */
    static String text(float[] v) {
        StringBuilder b = new StringBuilder();
        for (float f : v) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s", f));
        }
        return b.toString();
    }
}
