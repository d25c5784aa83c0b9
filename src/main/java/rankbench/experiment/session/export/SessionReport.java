package rankbench.experiment.session.export;

import static rankbench.experiment.session.export.Html.escape;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.AtomicFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.session.SoftwareVersions;
import rankbench.experiment.training.RunStatus;

/**
 * A self-contained HTML report of a session: one file with inline CSS and inline SVG, no scripts and no
 * references to anything outside the file, so it opens the same in any browser, offline. It shows the
 * title, the base model, the dataset (how many training, validation and test images; validation is held
 * out of the training split), the software versions, the Pareto chart of validation accuracy against MACs,
 * the table of runs (status shown plainly; diverged and failed runs marked, with no figures presented as
 * results), the per-layer ranks of the result runs as a table and a grouped bar chart, and test accuracy in
 * separate columns labeled as test. All text from the session (titles, labels, messages, hyperparameters)
 * is escaped.
 */
public final class SessionReport {

    private SessionReport() {}

    /** The report as one HTML document. */
    public static String html(ExperimentSession session) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"RankBench\">\n")
                .append("<title>")
                .append(escape(session.title()))
                .append(" \u2013 RankBench report</title>\n")
                .append("<style>\n")
                .append(ReportStyle.CSS)
                .append("</style>\n</head>\n<body>\n<main>\n");
        header(h, session);
        ParetoChart pareto =
                new ParetoChart(session.runs(), baseCost(session.baseModel()).macs());
        h.append("<section id=\"pareto\">\n<h2>Accuracy against cost</h2>\n")
                .append("<p class=\"lead\">Validation accuracy (held-out images from the training split, never the ")
                .append("test set) against MACs per image. Up and to the left is better; the Pareto front joins the ")
                .append("runs no other run beats with fewer MACs.</p>\n");
        if (pareto.points().isEmpty()) {
            h.append("<p class=\"empty\">No run with a result measured on validation images yet.</p>\n");
        }
        h.append(pareto.svg());
        if (!pareto.notDrawn().isEmpty()) {
            h.append("<p class=\"note\">Not drawn: ")
                    .append(escape(String.join(", ", pareto.notDrawn())))
                    .append(".</p>\n");
        }
        h.append("</section>\n");
        RunsTable.append(h, session);
        ranks(h, session);
        h.append("<footer>Made by RankBench ")
                .append(escape(SoftwareVersions.current().rankbench()))
                .append(" on ")
                .append(escape(Html.instant(Instant.now().toString())))
                .append(". Accuracies are top-1 fractions of images ")
                .append("classified correctly; MACs are multiply-accumulates per image (FLOPs = 2 \u00d7 MACs); ")
                .append("latency is the median forward time of a batch on this machine's CPU.</footer>\n")
                .append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    /** Writes the report to {@code file} (UTF-8) atomically: a failed write leaves the old file intact. */
    public static void write(ExperimentSession session, Path file) throws IOException {
        writeAtomically(file, html(session));
    }

    /** Writes UTF-8 text atomically (the old file stays intact if writing fails; see {@link AtomicFiles}). */
    static void writeAtomically(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    static CostModel.Summary baseCost(SavedModel base) {
        return CostModel.of(base.manifest().network(), base.manifest().input(), RankPlan.empty());
    }

    private static void header(StringBuilder h, ExperimentSession s) {
        SavedModel base = s.baseModel();
        CostModel.Summary cost = baseCost(base);
        h.append("<header>\n<p class=\"kicker\">RankBench experiment report</p>\n<h1>")
                .append(escape(s.title()))
                .append("</h1>\n<p class=\"meta\">Session created ")
                .append(escape(Html.instant(s.createdAt())))
                .append(" \u00b7 ")
                .append(s.runs().size())
                .append(s.runs().size() == 1 ? " run" : " runs")
                .append(statusCounts(s))
                .append("</p>\n</header>\n");
        h.append("<section id=\"setup\" class=\"cards\">\n<div class=\"card\">\n<h2>Base model</h2>\n<dl>\n");
        dt(h, "source", s.baseModelName());
        dt(h, "architecture", base.manifest().architecture());
        dt(
                h,
                "input",
                base.manifest().input().channels() + "\u00d7"
                        + base.manifest().input().height() + "\u00d7"
                        + base.manifest().input().width());
        dt(h, "parameters", Html.count(cost.baseParams()));
        dt(h, "MACs per image", Html.millions(cost.baseMacs()));
        h.append("</dl>\n</div>\n<div class=\"card\">\n<h2>Dataset</h2>\n");
        DatasetRef d = s.dataset();
        if (d == null) {
            h.append("<p class=\"empty\">Not recorded.</p>\n");
        } else {
            h.append("<dl>\n");
            dt(h, "data", d.name() + (d.spec() != null && !d.spec().equals(d.name()) ? " (" + d.spec() + ")" : ""));
            dt(h, "training images", Html.count(d.trainImages()));
            dt(
                    h,
                    "validation images",
                    Html.count(d.validationImages())
                            + String.format(
                                    Locale.ROOT,
                                    ", held out of the training split (%.1f %%, seed %d)",
                                    100 * d.validationFraction(),
                                    d.splitSeed()));
            dt(h, "test images", Html.count(d.testImages()));
            h.append("</dl>\n<p class=\"small\">")
                    .append(escape(d.description()))
                    .append("</p>\n")
                    .append("<p class=\"small\">Ranks and rules are chosen on validation images; test accuracy is ")
                    .append("reported separately and never used to choose.</p>\n");
        }
        h.append("</div>\n<div class=\"card\">\n<h2>Software</h2>\n");
        Set<SoftwareVersions> versions = new LinkedHashSet<>();
        for (Run r : s.runs()) {
            if (r.software() != null) {
                versions.add(r.software());
            }
        }
        if (versions.isEmpty()) {
            h.append("<p class=\"empty\">No run recorded its software versions.</p>\n");
        }
        for (SoftwareVersions v : versions) {
            h.append("<dl>\n");
            dt(h, "RankBench", v.rankbench());
            dt(h, "DJL / libtorch", v.djl() + " / " + v.libtorch());
            dt(h, "Java", v.java());
            dt(h, "system", v.os());
            if (v.engine() != null) {
                dt(h, "engine", v.engine());
            }
            h.append("</dl>\n");
        }
        if (versions.size() > 1) {
            h.append("<p class=\"small\">The runs were made with ")
                    .append(versions.size())
                    .append(" different software versions.</p>\n");
        }
        h.append("</div>\n</section>\n");
    }

    private static String statusCounts(ExperimentSession s) {
        Map<RunStatus, Integer> n = new EnumMap<>(RunStatus.class);
        s.runs().forEach(r -> n.merge(r.status(), 1, Integer::sum));
        if (n.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        n.forEach((k, v) -> parts.add(v + " " + k.id()));
        return " (" + String.join(", ", parts) + ")";
    }

    private static void dt(StringBuilder h, String term, String value) {
        h.append("<dt>")
                .append(escape(term))
                .append("</dt><dd>")
                .append(escape(value))
                .append("</dd>\n");
    }

    private static void ranks(StringBuilder h, ExperimentSession s) {
        List<RankChart.Column> columns = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Run r : s.runs()) {
            if (!r.status().hasResult()) {
                continue;
            }
            if (r.plan().layers().isEmpty()) {
                skipped.add(r.id() + " (dense)");
                continue;
            }
            try {
                List<LayerRanks.Layer> layers = LayerRanks.of(s.baseModel(), r);
                if (layers.stream().noneMatch(LayerRanks.Layer::factorized)) {
                    skipped.add(r.id() + " (keeps every layer dense)");
                } else {
                    columns.add(new RankChart.Column(r, layers));
                }
            } catch (RuntimeException e) {
                skipped.add(r.id() + " (plan does not fit the base model: " + e.getMessage() + ")");
            }
        }
        h.append("<section id=\"ranks\">\n<h2>Per-layer ranks</h2>\n");
        if (columns.isEmpty()) {
            h.append("<p class=\"empty\">No result run factorizes a layer.</p>\n");
        } else {
            h.append("<p class=\"lead\">The rank each result run keeps in every compressible layer (Tucker-2: ")
                    .append("output \u00d7 input rank; the chart shows the output rank).</p>\n");
            h.append(RankChart.svg(columns));
            h.append(RankChart.legend(columns));
            rankTable(h, columns);
        }
        if (!skipped.isEmpty()) {
            h.append("<p class=\"note\">Not shown: ")
                    .append(escape(String.join(", ", skipped)))
                    .append(".</p>\n");
        }
        h.append("</section>\n");
    }

    private static void rankTable(StringBuilder h, List<RankChart.Column> columns) {
        h.append("<div class=\"scroll\"><table class=\"ranks\">\n<thead><tr><th>layer</th><th>weight shape</th>");
        for (RankChart.Column c : columns) {
            h.append("<th title=\"")
                    .append(escape(c.run().label()))
                    .append("\">")
                    .append(escape(c.run().id()))
                    .append("<br><span class=\"small\">")
                    .append(escape(c.run().method()))
                    .append("</span></th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        List<LayerRanks.Layer> first = columns.get(0).layers();
        for (int i = 0; i < first.size(); i++) {
            h.append("<tr><td class=\"name\">")
                    .append(escape(first.get(i).layer()))
                    .append("</td><td>")
                    .append(escape(first.get(i).shape().replace("x", "\u00d7")))
                    .append("</td>");
            for (RankChart.Column c : columns) {
                LayerRanks.Layer l = c.layers().get(i);
                String title = l.factorized()
                        ? l.scheme() + ", full rank " + l.fullRank()
                        : l.reason() != null ? "kept dense: " + l.reason() : "dense";
                h.append("<td class=\"")
                        .append(l.factorized() ? "num" : "num dense")
                        .append("\" title=\"")
                        .append(escape(title))
                        .append("\">")
                        .append(escape(l.text()))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
    }

    /** The MAC reduction of a run ({@code 2.13×}), or an en dash. */
    static String reduction(RunMetrics m) {
        if (m.macs() <= 0 || m.baseMacs() <= 0) {
            return "\u2013";
        }
        return String.format(Locale.ROOT, "%.2f\u00d7", (double) m.baseMacs() / m.macs());
    }
}
