package rankbench.experiment.session.export;

import static rankbench.experiment.session.export.Html.escape;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.training.RunStatus;

/**
 * The report's table of runs. Status is written out in words with a colored badge; a diverged or failed
 * run's row is marked and shows no accuracy or latency (it is not a result), only its plan's cost and why it
 * ended. Validation and test accuracies are separate column groups, the test group labeled as such.
 */
final class RunsTable {

    private RunsTable() {}

    static void append(StringBuilder h, ExperimentSession s) {
        h.append("<section id=\"runs\">\n<h2>Runs</h2>\n");
        if (s.runs().isEmpty()) {
            h.append("<p class=\"empty\">No runs yet.</p>\n</section>\n");
            return;
        }
        h.append("<div class=\"scroll\"><table class=\"runs\">\n<thead>\n<tr>")
                .append("<th rowspan=\"2\">run</th><th rowspan=\"2\">method<br><span class=\"small\">kind</span></th>")
                .append("<th rowspan=\"2\">label</th><th rowspan=\"2\">status</th>")
                .append("<th rowspan=\"2\" class=\"num\">params</th><th rowspan=\"2\" class=\"num\">MACs</th>")
                .append("<th rowspan=\"2\" class=\"num\" title=\"base MACs / run MACs\">fewer MACs</th>")
                .append("<th colspan=\"2\" class=\"group val\">validation accuracy<br>")
                .append("<span class=\"small\">held out of the training split</span></th>")
                .append("<th colspan=\"2\" class=\"group test\">test accuracy<br>")
                .append("<span class=\"small\">test set, reported only</span></th>")
                .append("<th rowspan=\"2\" class=\"num\">latency</th><th rowspan=\"2\" class=\"num\">wall time</th>")
                .append("<th rowspan=\"2\">settings</th></tr>\n<tr>")
                .append("<th class=\"num val\">compress-only</th><th class=\"num val\">fine-tuned</th>")
                .append("<th class=\"num test\">test: compress-only</th><th class=\"num test\">test: fine-tuned</th>")
                .append("</tr>\n</thead>\n<tbody>\n");
        for (Run r : s.runs()) {
            row(h, r);
        }
        h.append("</tbody>\n</table></div>\n");
        h.append("<p class=\"note\">Validation accuracy on ")
                .append(imageCounts(s, true))
                .append("; test accuracy on ")
                .append(imageCounts(s, false))
                .append(". Diverged and failed runs are listed for the record; their figures are not results.</p>\n")
                .append("</section>\n");
    }

    private static void row(StringBuilder h, Run r) {
        RunMetrics m = r.metrics();
        boolean result = r.status().hasResult();
        h.append("<tr class=\"status-")
                .append(r.status().id())
                .append(result ? "" : " not-result")
                .append("\">");
        td(h, "name", r.id());
        h.append("<td class=\"kind\">")
                .append(escape(r.method()))
                .append("<div class=\"small\">")
                .append(escape(r.kind().id()))
                .append("</div></td>");
        td(h, "label", r.label());
        // a completed run's message is a tooltip; how any other run ended is spelled out
        boolean plain = r.status() == RunStatus.COMPLETED
                || r.statusMessage().isBlank()
                || r.statusMessage().equals(r.status().id());
        h.append("<td><span class=\"badge ").append(r.status().id()).append('"');
        if (plain && !r.statusMessage().isBlank()) {
            h.append(" title=\"").append(escape(r.statusMessage())).append('"');
        }
        h.append('>').append(r.status().id()).append("</span>");
        if (!plain) {
            h.append("<div class=\"msg\">").append(escape(r.statusMessage())).append("</div>");
        }
        h.append("</td>");
        td(h, "num", m.params() > 0 ? Html.count(m.params()) : "\u2013");
        td(h, "num", m.macs() > 0 ? Html.millions(m.macs()) : "\u2013");
        td(h, "num", SessionReport.reduction(m));
        if (result) {
            td(h, "num val", Html.percent(m.compressOnlyValidationAccuracy()));
            td(h, "num val", Html.percent(m.fineTunedValidationAccuracy()));
            td(h, "num test", Html.percent(m.compressOnlyTestAccuracy()));
            td(h, "num test", Html.percent(m.fineTunedTestAccuracy()));
            if (m.latencyMs() == null) {
                td(h, "num", "\u2013");
            } else {
                h.append("<td class=\"num\">").append(String.format(Locale.ROOT, "%.2f\u00a0ms", m.latencyMs()));
                if (m.latencyBatch() != null) {
                    h.append("<div class=\"small\">batch ")
                            .append(m.latencyBatch())
                            .append("</div>");
                }
                h.append("</td>");
            }
        } else {
            h.append("<td colspan=\"5\" class=\"not-result-cell\">not a result (")
                    .append(r.status().id())
                    .append(")</td>");
        }
        td(h, "num", Html.duration(r.wallSeconds()));
        h.append("<td class=\"settings\">");
        settings(h, r);
        h.append("</td></tr>\n");
    }

    private static void settings(StringBuilder h, Run r) {
        Map<String, String> hp = r.hyperparameters();
        h.append("<details><summary>")
                .append(hp.size())
                .append(hp.size() == 1 ? " setting" : " settings")
                .append("</summary><dl class=\"hp\">");
        h.append("<dt>seed</dt><dd>").append(r.seed()).append("</dd>");
        if (r.startedAt() != null) {
            h.append("<dt>started</dt><dd>")
                    .append(escape(Html.instant(r.startedAt())))
                    .append("</dd>");
        }
        if (r.parentId() != null) {
            h.append("<dt>started from</dt><dd>").append(escape(r.parentId())).append("</dd>");
        }
        hp.forEach((k, v) -> h.append("<dt>")
                .append(escape(k))
                .append("</dt><dd>")
                .append(escape(v))
                .append("</dd>"));
        h.append("</dl></details>");
    }

    private static String imageCounts(ExperimentSession s, boolean validation) {
        Set<Integer> counts = new TreeSet<>();
        for (Run r : s.runs()) {
            Integer n =
                    validation ? r.metrics().validationImages() : r.metrics().testImages();
            if (n != null) {
                counts.add(n);
            }
        }
        if (counts.isEmpty()) {
            return "images not recorded";
        }
        StringBuilder b = new StringBuilder();
        for (Integer n : counts) {
            b.append(b.length() == 0 ? "" : " or ").append(Html.count(n));
        }
        return b + " images" + (counts.size() > 1 ? " (differs between runs)" : "");
    }

    private static void td(StringBuilder h, String cls, String text) {
        h.append("<td")
                .append(cls.isEmpty() ? "" : " class=\"" + cls + "\"")
                .append('>')
                .append(escape(text))
                .append("</td>");
    }
}
