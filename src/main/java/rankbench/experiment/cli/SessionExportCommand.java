package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.SessionFiles;
import rankbench.experiment.session.export.SessionCsv;
import rankbench.experiment.session.export.SessionReport;

/**
 * {@code rankbench session export}: a run's model ({@code .rbm}) or CSV, or the whole session as an HTML
 * report or CSV. A run that diverged or failed has no result: its model is exported only with
 * {@code --force}.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export from a session: with --run ID, the run's model (--format model, a .rbm file) or its "
                + "CSV (row, events and per-layer plan: OUT, OUT-events.csv, OUT-plan.csv); without --run, the "
                + "whole session as a self-contained HTML report (--format html) or CSV (OUT and OUT-events.csv).")
final class SessionExportCommand implements Callable<Integer> {

    /** What to write. */
    enum Format {
        /** CSV tables. */
        CSV,
        /** A run's model as a {@code .rbm} file. */
        MODEL,
        /** The self-contained HTML report. */
        HTML;

        static Format fromId(String id) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(id.trim())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("--format must be csv, model or html, got '" + id + "'");
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.rbsession", description = "The session file.")
    Path file;

    @Option(names = "--run", paramLabel = "ID", description = "The run to export (see session info).")
    String runId;

    @Option(
            names = "--format",
            required = true,
            paramLabel = "csv|model|html",
            description = "csv, model (with --run) or html (whole session).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "The file to write.")
    Path out;

    @Option(names = "--force", description = "Export the model of a run that diverged or failed (not a result).")
    boolean force;

    @Option(names = "--json", description = "Print the files written as JSON.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        Format f = Format.fromId(format);
        ExperimentSession s = SessionFiles.read(file);
        List<Path> written;
        if (runId == null) {
            written = switch (f) {
                case HTML -> {
                    SessionReport.write(s, out);
                    yield List.of(out);
                }
                case CSV -> SessionCsv.writeSession(s, out);
                case MODEL ->
                    throw new IllegalArgumentException(
                            "--format model exports one run's model: give --run " + "ID (runs: " + ids(s) + ")");
            };
        } else {
            Run run = s.run(runId);
            if (run == null) {
                throw new IllegalArgumentException("no run '" + runId + "' in " + file + "; runs: " + ids(s));
            }
            written = switch (f) {
                case CSV -> SessionCsv.writeRun(s, runId, out);
                case MODEL -> {
                    writeModel(run);
                    yield List.of(out);
                }
                case HTML -> throw new IllegalArgumentException("the HTML report is of the whole session: drop --run");
            };
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            ObjectNode n = Json.object();
            n.put("session", file.toString());
            n.put("format", f.name().toLowerCase(Locale.ROOT));
            n.put("run", runId);
            n.set(
                    "files",
                    Json.MAPPER.valueToTree(written.stream().map(Path::toString).toList()));
            o.println(Json.pretty(n));
        } else {
            written.forEach(p -> o.println("wrote " + p));
        }
        o.flush();
        return 0;
    }

    private void writeModel(Run run) throws IOException {
        if (!run.status().hasResult() && !force) {
            throw new IllegalArgumentException(
                    "run " + run.id() + " " + run.status().id()
                            + (run.statusMessage().isBlank() ? "" : " (" + run.statusMessage() + ")")
                            + ": its model is not a result; add --force to export it anyway");
        }
        if (run.model() == null) {
            throw new IllegalArgumentException(
                    "run " + run.id() + " has no model (it " + run.status().id() + " before making one)");
        }
        ModelFiles.write(run.model(), out);
    }

    private static String ids(ExperimentSession s) {
        return s.runs().isEmpty()
                ? "none"
                : String.join(", ", s.runs().stream().map(Run::id).toList());
    }
}
