package rankbench.experiment.session.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Escaping and number formatting shared by the HTML report and its SVG charts. */
final class Html {

    private Html() {}

    /**
     * Escapes text for HTML and XML content and attribute values: {@code & < > " '}, and drops control
     * characters that XML 1.0 does not allow (a title read from a file may hold anything).
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A number for SVG coordinates: at most two decimals, no exponent, dot as separator. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        double r = Math.round(v * 100) / 100.0;
        if (r == Math.rint(r)) {
            return Long.toString((long) r);
        }
        return String.format(Locale.ROOT, "%.2f", r).replaceAll("0+$", "");
    }

    /** An accuracy fraction as a percentage with two decimals ({@code 91.23 %}), or an en dash if null. */
    static String percent(Double fraction) {
        return fraction == null ? "\u2013" : String.format(Locale.ROOT, "%.2f\u00a0%%", 100 * fraction);
    }

    /** A count with thin grouping ({@code 269 434}). */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n).replace(',', '\u202f');
    }

    /** Millions with two decimals ({@code 30.82 M}). */
    static String millions(long n) {
        return String.format(Locale.ROOT, "%.2f\u00a0M", n / 1e6);
    }

    /** An ISO-8601 instant as {@code 2026-12-01 08:15 UTC}; text that is not an instant is returned as is. */
    static String instant(String iso) {
        if (iso == null) {
            return "\u2013";
        }
        try {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC)
                    .format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** Seconds as {@code 12.3 s}, {@code 4 min 05 s} or {@code 1 h 02 min}. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "\u2013";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f\u00a0s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d\u00a0min %02d\u00a0s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d\u00a0h %02d\u00a0min", s / 3600, (s / 60) % 60);
    }
}
