package rankbench.experiment.session.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import rankbench.experiment.session.ExperimentSession;

class SessionReportTest {

    @TempDir
    Path dir;

    static String section(String html, String id) {
        int start = html.indexOf("<section id=\"" + id + "\">");
        assertTrue(start >= 0, "no section " + id);
        return html.substring(start, html.indexOf("</section>", start));
    }

    static List<String> markerRuns(String svg) {
        Matcher m = Pattern.compile("<g class=\"run-marker\" data-run=\"([^\"]+)\">")
                .matcher(svg);
        List<String> runs = new ArrayList<>();
        while (m.find()) {
            runs.add(m.group(1));
        }
        return runs;
    }

    @Test
    void softwareCardNamesTheEngineSettingsOfTheRuns() {
        String html = SessionReport.html(TestSessions.mixed("software"));
        assertTrue(html.contains("<dt>engine</dt>"), "an engine row");
        assertTrue(html.contains("activation layout: ") && html.contains("intra-op threads"), "its settings");
    }

    @Test
    void paretoChartHasOneMarkerPerResultRunAndNoneForDivergedOrFailed() {
        String html = SessionReport.html(TestSessions.mixed("report"));
        String pareto = section(html, "pareto");
        assertTrue(pareto.contains("<svg"), "inline SVG chart");
        // run-1 completed, run-2 completed, run-4 cancelled (keeps its result); run-3 diverged, run-5 failed
        assertEquals(List.of("run-1", "run-2", "run-4"), markerRuns(pareto));
        assertTrue(pareto.contains("run-3 (diverged, not a result)"), pareto);
        assertTrue(pareto.contains("run-5 (failed, not a result)"), pareto);
        assertTrue(pareto.contains("validation accuracy (%)"));
        assertTrue(pareto.contains("MACs per image (millions"));
    }

    @Test
    void paretoFrontKeepsOnlyUndominatedRuns() {
        ExperimentSession s = TestSessions.mixed("front");
        ParetoChart c = new ParetoChart(s.runs(), 30_818_304);
        List<String> front = c.front().stream().map(p -> p.run().id()).toList();
        // run-2: 15 M MACs, 92 %; run-1: 20 M, 91 % (dominated by run-2); run-4: 25 M, 88 % (dominated)
        assertEquals(List.of("run-2"), front);
        assertEquals(
                1,
                section(SessionReport.html(s), "pareto").split("class=\"front-ring\"", -1).length - 1 - 1,
                "one ring on the chart plus one in the legend");
    }

    @Test
    void divergedRowIsMarkedAndShowsNoAccuracy() {
        String runs = section(SessionReport.html(TestSessions.mixed("report")), "runs");
        int row = runs.indexOf("<tr class=\"status-diverged not-result\">");
        assertTrue(row >= 0, runs);
        String tr = runs.substring(row, runs.indexOf("</tr>", row));
        assertTrue(tr.contains("<span class=\"badge diverged\">diverged</span>"));
        assertTrue(tr.contains("not a result (diverged)"));
        assertTrue(tr.contains("loss was NaN at step 12"));
        assertFalse(tr.contains("50.00"), "the diverged run's accuracy is not shown as a result");
        assertTrue(runs.contains("test accuracy"));
        assertTrue(runs.contains("test: compress-only"));
        assertTrue(runs.contains("90.50\u00a0%"), "run-1's test accuracy, in the test column");
    }

    @Test
    void hostileTitleAndLabelsAreEscapedAndTheDocumentIsSelfContained() throws Exception {
        String evil = "<script>alert('x')</script> & \"quotes\"";
        ExperimentSession s = TestSessions.mixed(evil);
        String html = SessionReport.html(s);
        assertFalse(html.contains("<script"), "no script element, whatever the title");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"));
        assertFalse(
                html.contains("http://")
                        && html.replace("http://www.w3.org/2000/svg", "").contains("http://"),
                "no external references");
        assertFalse(html.contains("https://"));
        assertFalse(html.contains("<link") || html.contains("<img") || html.contains("@import"));
    }

    @Test
    void everySvgIsWellFormedXml() throws Exception {
        String html = SessionReport.html(TestSessions.mixed("<x> & y"));
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        int n = 0;
        while (m.find()) {
            Document d = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8)));
            assertEquals("svg", d.getDocumentElement().getTagName());
            n++;
        }
        assertEquals(2, n, "the Pareto chart and the rank chart");
    }

    @Test
    void rankTableAndChartShowResultRunsOnly() throws Exception {
        String ranks = section(SessionReport.html(TestSessions.mixed("r")), "ranks");
        assertTrue(ranks.contains("<svg"));
        assertTrue(ranks.contains("data-run=\"run-1\"") && ranks.contains("data-run=\"run-2\""));
        assertFalse(ranks.contains("data-run=\"run-3\""), "diverged run's ranks are not a result");
        assertTrue(ranks.contains(">16\u00d712</td>"), "Tucker-2 ranks of run-1 in the table");
        Path f = dir.resolve("report.html");
        SessionReport.write(TestSessions.mixed("r"), f);
        assertTrue(Files.readString(f).startsWith("<!DOCTYPE html>"));
    }

    @Test
    void anEmptySessionWithoutDataStillMakesAReport() {
        ExperimentSession s = ExperimentSession.start("empty", "m", TestSessions.base(), null);
        String html = SessionReport.html(s);
        assertTrue(html.contains("No runs yet."));
        assertTrue(html.contains("No run with a result measured on validation images yet."));
        assertTrue(html.contains("<h2>Dataset</h2>\n<p class=\"empty\">Not recorded.</p>"), "no dataset, said plainly");
        assertEquals(List.of(), markerRuns(html));
        assertTrue(html.endsWith("</html>\n"));
    }

    @Test
    void ticksAreRound() {
        Ticks t = Ticks.of(0, 31.2, 8);
        assertEquals(5.0, t.step());
        assertEquals(List.of(0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0), t.values());
        Ticks y = Ticks.of(84.3, 93.6, 6);
        assertEquals(2.0, y.step());
        assertEquals(84.0, y.lo());
        assertEquals(94.0, y.hi());
        Ticks f = Ticks.of(0, 1, 5);
        assertEquals(0.2, f.step(), 1e-15);
        assertEquals("0.4", f.label(f.values().get(2)));
        assertEquals("30", t.label(30));
    }
}
