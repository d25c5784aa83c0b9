package rankbench.experiment.methods;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.DatasetRef;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunEvent;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.session.SoftwareVersions;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingListener;
import rankbench.experiment.training.TrainingOutcome;

/**
 * Records a run's history for its session entry and turns what a run made into a {@link Run}: the one
 * place where training events and method results become session data (the CLI and the window both use
 * it). It is a {@link TrainingListener} that forwards every event to a delegate and keeps a decimated
 * copy: every epoch, phase and rank snapshot (rank snapshots thinned to at most {@link #MAX_RANK_EVENTS}),
 * batches thinned to at most about {@link #MAX_BATCH_EVENTS}.
 *
 * <p>Thread-safety: events arrive on the training thread; {@link #events()} may be called from another
 * thread after the run ended (access is synchronized).
 */
public final class RunRecorder implements TrainingListener {

    /** Upper bound on recorded batch events per run (older ones are thinned by halves). */
    public static final int MAX_BATCH_EVENTS = 1000;
    /** Upper bound on recorded rank snapshots per run. */
    public static final int MAX_RANK_EVENTS = 400;

    private final TrainingListener delegate;
    private final SavedModel base;
    private final List<RunEvent> events = new ArrayList<>();
    private int batchStride = 1;
    private int batchesSeen;
    private int batchEvents;
    private int rankStride = 1;
    private int ranksSeen;
    private int rankEvents;

    /**
     * Creates a recorder.
     *
     * @param base the model the run starts from (for params and MACs at the current ranks); may be null
     * @param delegate receives every event unchanged (may be {@link TrainingListener#none()})
     */
    public RunRecorder(SavedModel base, TrainingListener delegate) {
        this.base = base;
        this.delegate = delegate == null ? TrainingListener.none() : delegate;
    }

    @Override
    public void onEvent(TrainingEvent e) {
        record(e);
        delegate.onEvent(e);
    }

    private synchronized void record(TrainingEvent e) {
        if (e instanceof TrainingEvent.BatchEnded b) {
            if (batchesSeen++ % batchStride != 0) {
                return;
            }
            Map<String, Double> v = new LinkedHashMap<>();
            put(v, "loss", b.loss());
            put(v, "trainAccuracy", b.accuracy());
            put(v, "learningRate", b.learningRate());
            events.add(new RunEvent("batch", b.step(), b.epoch(), v, null, null));
            if (++batchEvents >= MAX_BATCH_EVENTS) {
                thin("batch");
                batchEvents = (int)
                        events.stream().filter(x -> x.kind().equals("batch")).count();
                batchStride *= 2;
            }
        } else if (e instanceof TrainingEvent.EpochEnded ep) {
            Map<String, Double> v = new LinkedHashMap<>();
            put(v, "trainLoss", ep.trainLoss());
            put(v, "trainAccuracy", ep.trainAccuracy());
            put(v, "validationLoss", ep.validationLoss());
            put(v, "validationAccuracy", ep.validationAccuracy());
            put(v, "seconds", ep.seconds());
            events.add(new RunEvent("epoch", lastStep(), ep.epoch(), v, null, null));
        } else if (e instanceof TrainingEvent.RunStarted s) {
            events.add(new RunEvent("phase", lastStep(), -1, Map.of(), null, "started: " + s.description()));
        } else if (e instanceof TrainingEvent.RunEnded end) {
            TrainingOutcome o = end.outcome();
            events.add(new RunEvent(
                    "phase",
                    lastStep(),
                    o.epochsCompleted(),
                    Map.of(),
                    null,
                    o.status().id() + ": " + o.message()));
        } else if (e instanceof TrainingEvent.RunFailed f) {
            events.add(new RunEvent("phase", lastStep(), -1, Map.of(), null, "failed: " + f.message()));
        } else if (e instanceof TrainingEvent.MethodUpdate u && u.payload() instanceof RankSnapshot s) {
            if (ranksSeen++ % rankStride != 0) {
                return;
            }
            Map<String, List<Integer>> ranks = new LinkedHashMap<>();
            s.layers().forEach(l -> ranks.put(l.name(), l.rank()));
            Map<String, Double> v = new LinkedHashMap<>();
            long[] cost = cost(s);
            if (cost != null) {
                v.put("params", (double) cost[0]);
                v.put("macs", (double) cost[1]);
            }
            events.add(new RunEvent("ranks", s.step(), s.epoch(), v, ranks, s.phase()));
            if (++rankEvents >= MAX_RANK_EVENTS) {
                thin("ranks");
                rankEvents = (int)
                        events.stream().filter(x -> x.kind().equals("ranks")).count();
                rankStride *= 2;
            }
        }
    }

    private long lastStep() {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).kind().equals("batch") || events.get(i).kind().equals("ranks")) {
                return events.get(i).step();
            }
        }
        return 0;
    }

    /** Drops every second event of a kind. */
    private void thin(String kind) {
        List<RunEvent> kept = new ArrayList<>();
        int i = 0;
        for (RunEvent ev : events) {
            if (!ev.kind().equals(kind) || i++ % 2 == 0) {
                kept.add(ev);
            }
        }
        events.clear();
        events.addAll(kept);
    }

    private long[] cost(RankSnapshot s) {
        return base == null
                ? null
                : s.costOn(base).map(c -> new long[] {c.params(), c.macs()}).orElse(null);
    }

    private static void put(Map<String, Double> v, String k, double x) {
        if (!Double.isNaN(x) && !Double.isInfinite(x)) {
            v.put(k, x);
        }
    }

    /** Returns the recorded events so far, oldest first. */
    public synchronized List<RunEvent> events() {
        return List.copyOf(events);
    }

    /** Every setting of a training configuration, as text, under a prefix ({@code ""} or {@code "fineTune."}). */
    public static Map<String, String> settings(TrainingConfig c, String prefix) {
        Map<String, String> m = new LinkedHashMap<>();
        if (c == null) {
            return m;
        }
        m.put(prefix + "epochs", String.valueOf(c.epochs()));
        m.put(prefix + "batch", String.valueOf(c.batchSize()));
        m.put(prefix + "learningRate", String.valueOf(c.learningRate()));
        m.put(prefix + "schedule", String.valueOf(c.schedule()));
        m.put(prefix + "weightDecay", String.valueOf(c.weightDecay()));
        m.put(prefix + "maxBatchesPerEpoch", String.valueOf(c.maxBatchesPerEpoch()));
        return m;
    }

    /** A method's hyperparameter bean as text, by property name (through Jackson's bean view). */
    public static Map<String, String> hyperparameters(Object bean) {
        Map<String, String> m = new LinkedHashMap<>();
        if (bean == null) {
            return m;
        }
        Map<?, ?> props = ModelFiles.json().convertValue(bean, Map.class);
        props.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
        return m;
    }

    /**
     * The session entry of a rank-learning run.
     *
     * @param id the run id in its session
     * @param r what the run made
     * @param run the run's inputs (configurations, targets)
     * @param data which images it trained and was measured on
     * @param startedAt ISO-8601 start instant
     * @param latencyBatch batch size of the latency measurement (null if not measured)
     */
    public Run toRun(
            String id, MethodResult r, MethodRun run, DatasetRef data, String startedAt, Integer latencyBatch) {
        return toRun(id, r, run, data, startedAt, latencyBatch, RunKind.RANK_LEARNING);
    }

    /**
     * The session entry of a method run of the given kind: {@link RunKind#RANK_LEARNING} for a method,
     * {@link RunKind#FINE_TUNE} for a one-shot plan fine-tuned by {@link PlanFineTune}.
     */
    public Run toRun(
            String id,
            MethodResult r,
            MethodRun run,
            DatasetRef data,
            String startedAt,
            Integer latencyBatch,
            RunKind kind) {
        Map<String, String> hp = settings(run, kind, r.parameters());
        RunMetrics metrics = new RunMetrics(
                r.baseParams(),
                r.params(),
                r.baseMacs(),
                r.macs(),
                RunMetrics.measured(r.compressedValidationAccuracy()),
                RunMetrics.measured(r.fineTunedValidationAccuracy()),
                RunMetrics.measured(r.compressedAccuracy()),
                RunMetrics.measured(r.fineTunedAccuracy()),
                r.validationImages(),
                r.testImages(),
                RunMetrics.measured(r.baseLatencyMs()),
                RunMetrics.measured(r.latencyMs()),
                Double.isNaN(r.latencyMs()) ? null : latencyBatch);
        String label = String.format(
                Locale.ROOT, "%s, %.2fx fewer MACs", r.method(), (double) r.baseMacs() / Math.max(1, r.macs()));
        return new Run(
                id,
                kind,
                r.method(),
                label,
                hp,
                run.training().seed(),
                data,
                SoftwareVersions.current(),
                r.status(),
                r.statusMessage(),
                startedAt,
                r.wallSeconds(),
                null,
                r.plan(),
                metrics,
                events(),
                r.model());
    }

    /**
     * The session entry of a method run that threw before it made a result (status failed, the error as
     * its message, no model, the events recorded until then): a failed run says so in the session too.
     */
    public Run failedRun(
            String id,
            RunKind kind,
            String method,
            MethodRun run,
            Object parameters,
            DatasetRef data,
            String startedAt,
            double wallSeconds,
            String message) {
        CostModel.Summary dense = CostModel.of(
                run.model().manifest().network(), run.model().manifest().input(), RankPlan.empty());
        RunMetrics metrics = new RunMetrics(
                dense.baseParams(),
                dense.params(),
                dense.baseMacs(),
                dense.macs(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        return new Run(
                id,
                kind,
                method,
                method + ", failed",
                settings(run, kind, parameters),
                run.training().seed(),
                data,
                SoftwareVersions.current(),
                RunStatus.FAILED,
                message,
                startedAt,
                wallSeconds,
                null,
                RankPlan.empty(),
                metrics,
                events(),
                null);
    }

    private static Map<String, String> settings(MethodRun run, RunKind kind, Object parameters) {
        Map<String, String> hp = new LinkedHashMap<>();
        hp.putAll(settings(run.training(), ""));
        if (kind != RunKind.FINE_TUNE) { // a plan's fine-tune is its only training phase
            hp.putAll(settings(run.fineTune(), "fineTune."));
        }
        hp.put("targets", run.targets().toString());
        hp.putAll(hyperparameters(parameters));
        return hp;
    }
}
