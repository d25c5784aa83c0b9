package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.session.SessionFiles;
import rankbench.experiment.session.SoftwareVersions;

/**
 * {@code rankbench session info}: the session's title, base model, dataset, software and runs. Runs that
 * are not results (diverged, failed) keep their cost figures but show no accuracy or latency.
 */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "List a session's runs: status (completed, cancelled, diverged, failed), MACs, parameters, "
                + "validation and test accuracy, latency, wall time and settings.")
final class SessionInfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.rbsession", description = "The session file.")
    Path file;

    @Option(names = "--json", description = "Print machine-readable JSON.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        ExperimentSession s = SessionFiles.read(file);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.pretty(toJson(s)));
        } else {
            text(o, s);
        }
        o.flush();
        return 0;
    }

    /** The session as the JSON document {@code session info --json} prints. */
    static ObjectNode toJson(ExperimentSession s) {
        ObjectNode n = Json.object();
        n.put("title", s.title());
        n.put("createdAt", s.createdAt());
        CostModel.Summary base = CostModel.of(
                s.baseModel().manifest().network(), s.baseModel().manifest().input(), RankPlan.empty());
        ObjectNode b = n.putObject("baseModel");
        b.put("name", s.baseModelName());
        b.put("architecture", s.baseModel().manifest().architecture());
        b.put("params", base.baseParams());
        b.put("macs", base.baseMacs());
        n.set("dataset", s.dataset() == null ? null : Json.MAPPER.valueToTree(s.dataset()));
        Set<SoftwareVersions> versions = new LinkedHashSet<>();
        s.runs().forEach(r -> {
            if (r.software() != null) {
                versions.add(r.software());
            }
        });
        n.set("software", Json.MAPPER.valueToTree(versions));
        n.put("selectedRunId", s.selectedRunId());
        ArrayNode runs = n.putArray("runs");
        for (Run r : s.runs()) {
            RunMetrics m = r.metrics();
            boolean result = r.status().hasResult();
            ObjectNode e = runs.addObject();
            e.put("id", r.id());
            e.put("kind", r.kind().id());
            e.put("method", r.method());
            e.put("label", r.label());
            e.put("status", r.status().id());
            e.put("statusMessage", r.statusMessage());
            e.put("parentId", r.parentId());
            e.put("startedAt", r.startedAt());
            e.put("seed", r.seed());
            e.put("macs", m.macs());
            e.put("params", m.params());
            e.put("baseMacs", m.baseMacs());
            e.put("baseParams", m.baseParams());
            put(e, "validationAccuracy", result ? m.validationAccuracy() : null);
            put(e, "compressOnlyValidationAccuracy", result ? m.compressOnlyValidationAccuracy() : null);
            put(e, "fineTunedValidationAccuracy", result ? m.fineTunedValidationAccuracy() : null);
            e.put("validationImages", m.validationImages());
            put(e, "testAccuracy", result ? m.testAccuracy() : null);
            e.put("testImages", m.testImages());
            put(e, "latencyMs", result ? m.latencyMs() : null);
            e.put("wallSeconds", r.wallSeconds());
            e.put("hasModel", r.model() != null);
            e.set("hyperparameters", Json.MAPPER.valueToTree(r.hyperparameters()));
        }
        return n;
    }

    private static void put(ObjectNode e, String key, Double v) {
        if (v == null) {
            e.putNull(key);
        } else {
            Json.put(e, key, v);
        }
    }

    private static void text(PrintWriter o, ExperimentSession s) {
        o.println(s.title() + "  (" + file(s) + ")");
        DatasetRef d = s.dataset();
        if (d != null) {
            o.printf(
                    Locale.ROOT,
                    "data: %s, %,d training / %,d validation (held out of the training split) / " + "%,d test images%n",
                    d.name(),
                    d.trainImages(),
                    d.validationImages(),
                    d.testImages());
        }
        o.printf(
                Locale.ROOT,
                "%-8s %-13s %-10s %-9s %9s %9s %8s %8s %9s %8s  %s%n",
                "run",
                "kind",
                "method",
                "status",
                "MACs (M)",
                "params",
                "val %",
                "test %",
                "lat. ms",
                "wall s",
                "label");
        for (Run r : s.runs()) {
            RunMetrics m = r.metrics();
            boolean result = r.status().hasResult();
            o.printf(
                    Locale.ROOT,
                    "%-8s %-13s %-10s %-9s %9.2f %,9d %8s %8s %9s %8.1f  %s%n",
                    r.id(),
                    r.kind().id(),
                    r.method(),
                    r.status().id(),
                    m.macs() / 1e6,
                    m.params(),
                    result ? pct(m.validationAccuracy()) : "-",
                    result ? pct(m.testAccuracy()) : "-",
                    result && m.latencyMs() != null ? String.format(Locale.ROOT, "%.2f", m.latencyMs()) : "-",
                    r.wallSeconds(),
                    r.label() + (result || r.statusMessage().isBlank() ? "" : "  [" + r.statusMessage() + "]"));
        }
        if (s.runs().isEmpty()) {
            o.println("(no runs)");
        }
    }

    private static String file(ExperimentSession s) {
        return "base model: " + s.baseModelName() + ", " + s.runs().size()
                + (s.runs().size() == 1 ? " run" : " runs");
    }

    private static String pct(Double a) {
        return a == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * a);
    }
}
