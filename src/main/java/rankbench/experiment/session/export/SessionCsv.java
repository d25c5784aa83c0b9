package rankbench.experiment.session.export;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rankbench.experiment.session.ExperimentSession;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunEvent;
import rankbench.experiment.session.RunMetrics;

/**
 * A session's runs, events and per-layer plans as CSV tables (RFC 4180, a header row, UTF-8, empty cells
 * for values not measured), for spreadsheets and scripts.
 *
 * <ul>
 *   <li>{@link #runs}: one row per run: id, kind, method, label, status, statusMessage, seed, parentId,
 *       startedAt, wallSeconds, parameter and MAC counts with their reductions (base / run), every accuracy
 *       with its images in its name ({@code validationAccuracyCompressOnly}, {@code testAccuracyFineTuned},
 *       ...), latencies, the data and software, then each hyperparameter as an {@code hp.<name>} column
 *       (the union over the runs, in first-seen order).</li>
 *   <li>{@link #events}: one row per recorded event: runId, kind, step, epoch (0-based, empty if none),
 *       note, one column per value name, and one {@code rank.<layer>} column per layer that any ranks event
 *       names ({@code 8}, or {@code 12x8} for Tucker-2 output x input ranks).</li>
 *   <li>{@link #plan}: one row per compressible layer of the base model under a run's plan: layer,
 *       weightShape, scheme, rank (matrix schemes), outRank and inRank (Tucker-2), fullRank, keptDense,
 *       reason, and the layer's dense and planned parameters and MACs.</li>
 * </ul>
 */
public final class SessionCsv {

    /** The fixed columns of {@link #runs}, before the {@code hp.} columns. */
    public static final List<String> RUN_COLUMNS = List.of(
            "id",
            "kind",
            "method",
            "label",
            "status",
            "statusMessage",
            "seed",
            "parentId",
            "startedAt",
            "wallSeconds",
            "baseParams",
            "params",
            "paramsReduction",
            "baseMacs",
            "macs",
            "macsReduction",
            "validationAccuracyCompressOnly",
            "validationAccuracyFineTuned",
            "validationImages",
            "testAccuracyCompressOnly",
            "testAccuracyFineTuned",
            "testImages",
            "baseLatencyMs",
            "latencyMs",
            "latencySpeedup",
            "latencyBatch",
            "data",
            "trainImages",
            "rankbenchVersion",
            "djlVersion",
            "libtorchVersion");

    /** The columns of {@link #plan}. */
    public static final List<String> PLAN_COLUMNS = List.of(
            "layer",
            "weightShape",
            "scheme",
            "rank",
            "outRank",
            "inRank",
            "fullRank",
            "keptDense",
            "reason",
            "denseParams",
            "params",
            "denseMacs",
            "macs");

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING) // quote only where RFC 4180 needs it
            .build();

    private SessionCsv() {}

    /** The runs table of a session, one row per run in session order. */
    public static String runs(ExperimentSession session) {
        return runs(session.runs());
    }

    /** The runs table of the given runs, one row each. */
    public static String runs(List<Run> runs) {
        Set<String> hp = new LinkedHashSet<>();
        runs.forEach(r -> hp.addAll(r.hyperparameters().keySet()));
        List<String> columns = new ArrayList<>(RUN_COLUMNS);
        hp.forEach(k -> columns.add("hp." + k));
        List<List<Object>> rows = new ArrayList<>();
        for (Run r : runs) {
            RunMetrics m = r.metrics();
            List<Object> row = new ArrayList<>(List.of(
                    r.id(), r.kind().id(), r.method(), r.label(), r.status().id(), r.statusMessage()));
            row.add(r.seed());
            row.add(r.parentId());
            row.add(r.startedAt());
            row.add(r.wallSeconds());
            row.add(m.baseParams());
            row.add(m.params());
            row.add(ratio(m.baseParams(), m.params()));
            row.add(m.baseMacs());
            row.add(m.macs());
            row.add(ratio(m.baseMacs(), m.macs()));
            row.add(m.compressOnlyValidationAccuracy());
            row.add(m.fineTunedValidationAccuracy());
            row.add(m.validationImages());
            row.add(m.compressOnlyTestAccuracy());
            row.add(m.fineTunedTestAccuracy());
            row.add(m.testImages());
            row.add(m.baseLatencyMs());
            row.add(m.latencyMs());
            row.add(
                    m.baseLatencyMs() != null && m.latencyMs() != null && m.latencyMs() > 0
                            ? m.baseLatencyMs() / m.latencyMs()
                            : null);
            row.add(m.latencyBatch());
            row.add(r.data() == null ? null : r.data().name());
            row.add(r.data() == null ? null : r.data().trainImages());
            row.add(r.software() == null ? null : r.software().rankbench());
            row.add(r.software() == null ? null : r.software().djl());
            row.add(r.software() == null ? null : r.software().libtorch());
            hp.forEach(k -> row.add(r.hyperparameters().get(k)));
            rows.add(row);
        }
        return write(columns, rows);
    }

    /** The events table of every run of a session, runs in session order, events oldest first. */
    public static String events(ExperimentSession session) {
        return events(session.runs());
    }

    /** The events table of the given runs. */
    public static String events(List<Run> runs) {
        Set<String> values = new LinkedHashSet<>();
        Set<String> layers = new LinkedHashSet<>();
        for (Run r : runs) {
            for (RunEvent e : r.events()) {
                values.addAll(e.values().keySet());
                if (e.ranks() != null) {
                    layers.addAll(e.ranks().keySet());
                }
            }
        }
        List<String> columns = new ArrayList<>(List.of("runId", "kind", "step", "epoch", "note"));
        values.forEach(v -> columns.add(columns.contains(v) ? "value." + v : v));
        layers.forEach(l -> columns.add("rank." + l));
        List<List<Object>> rows = new ArrayList<>();
        for (Run r : runs) {
            for (RunEvent e : r.events()) {
                List<Object> row = new ArrayList<>();
                row.add(r.id());
                row.add(e.kind());
                row.add(e.step());
                row.add(e.epoch() < 0 ? null : e.epoch());
                row.add(e.note());
                values.forEach(v -> row.add(number(e.values().get(v))));
                for (String l : layers) {
                    List<Integer> rk = e.ranks() == null ? null : e.ranks().get(l);
                    row.add(
                            rk == null
                                    ? null
                                    : rk.size() == 1 ? String.valueOf(rk.get(0)) : rk.get(0) + "x" + rk.get(1));
                }
                rows.add(row);
            }
        }
        return write(columns, rows);
    }

    /**
     * The per-layer plan of a run: every compressible layer of the session's base model (of the run's own
     * model for a training run) with its scheme, rank(s) and costs.
     *
     * @throws IllegalArgumentException if the run's plan names layers the model does not have
     */
    public static String plan(ExperimentSession session, Run run) {
        List<LayerRanks.Layer> layers;
        try {
            layers = LayerRanks.of(session.baseModel(), run);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("run " + run.id() + ": " + e.getMessage(), e);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (LayerRanks.Layer l : layers) {
            List<Integer> rk = l.ranks();
            boolean tucker = rk != null && rk.size() == 2;
            List<Object> row = new ArrayList<>();
            row.add(l.layer());
            row.add(l.shape());
            row.add(l.scheme());
            row.add(rk != null && !tucker ? rk.get(0) : null);
            row.add(tucker ? rk.get(0) : null);
            row.add(tucker ? rk.get(1) : null);
            row.add(l.fullRank());
            row.add(!l.factorized());
            row.add(l.reason());
            row.add(l.denseParams());
            row.add(l.params());
            row.add(l.denseMacs());
            row.add(l.macs());
            rows.add(row);
        }
        return write(PLAN_COLUMNS, rows);
    }

    /**
     * Writes the session as CSV: the runs table to {@code runsFile} and the events table next to it
     * ({@code runs.csv} and {@code runs-events.csv}). Each file is written atomically.
     *
     * @return the files written, runs first
     */
    public static List<Path> writeSession(ExperimentSession session, Path runsFile) throws IOException {
        Path events = sibling(runsFile, "events");
        SessionReport.writeAtomically(runsFile, runs(session));
        SessionReport.writeAtomically(events, events(session));
        return List.of(runsFile, events);
    }

    /**
     * Writes one run as CSV: its row of the runs table to {@code file}, its events and its per-layer plan
     * next to it ({@code run-3.csv}, {@code run-3-events.csv}, {@code run-3-plan.csv}).
     *
     * @return the files written: row, events, plan
     * @throws IllegalArgumentException if the session has no run {@code runId}
     */
    public static List<Path> writeRun(ExperimentSession session, String runId, Path file) throws IOException {
        Run run = session.run(runId);
        if (run == null) {
            throw new IllegalArgumentException("no run '" + runId + "' in this session; runs: " + ids(session));
        }
        String plan = plan(session, run);
        Path events = sibling(file, "events");
        Path planFile = sibling(file, "plan");
        SessionReport.writeAtomically(file, runs(List.of(run)));
        SessionReport.writeAtomically(events, events(List.of(run)));
        SessionReport.writeAtomically(planFile, plan);
        return List.of(file, events, planFile);
    }

    /** {@code dir/name.csv} → {@code dir/name-suffix.csv} (the extension kept, {@code .csv} if none). */
    public static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".csv";
        return file.resolveSibling(stem + "-" + suffix + ext);
    }

    static String ids(ExperimentSession s) {
        List<String> ids = new ArrayList<>();
        s.runs().forEach(r -> ids.add(r.id()));
        return ids.isEmpty() ? "(none)" : String.join(", ", ids);
    }

    /** Whole numbers (counts such as params and MACs, stored as doubles in events) without an exponent. */
    private static Object number(Double v) {
        if (v != null && v == Math.rint(v) && Math.abs(v) < 1e15) {
            return v.longValue();
        }
        return v;
    }

    private static Double ratio(long base, long value) {
        return base > 0 && value > 0 ? (double) base / value : null;
    }

    private static String write(List<String> columns, List<List<Object>> rows) {
        CsvSchema.Builder b = CsvSchema.builder();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String c : columns) {
            if (seen.put(c, 1) != null) {
                throw new IllegalStateException("duplicate CSV column " + c);
            }
            b.addColumn(c);
        }
        CsvSchema schema = b.build().withHeader().withLineSeparator("\r\n");
        StringWriter out = new StringWriter();
        try (SequenceWriter w = CSV.writer(schema).writeValues(out)) {
            for (List<Object> row : rows) {
                w.write(row.toArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
