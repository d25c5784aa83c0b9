package rankbench.experiment.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.training.RunStatus;

/**
 * Converts between an {@link ExperimentSession} and its {@link SessionDocument}, and checks what JSON
 * binding alone cannot: required values, finite and non-negative figures, known kinds and statuses, a
 * selected run that exists, and model manifests RankBench can use. Weights are resolved through
 * {@link Blobs} (the archive when reading, the session's own weights when a save checks itself).
 */
final class SessionCodec {

    /** Gives a model's weights blob reference when writing. */
    interface References {
        /** Returns {@code weights/<sha256>.safetensors} for the model, storing its blob if new. */
        String of(SavedModel model, String what) throws SessionFileException;
    }

    /** Gives the weights a reference names when reading. */
    interface Blobs {
        /** Returns the checked weights of blob {@code ref} for a model with this manifest. */
        Map<String, Tensor> weights(String ref, ModelManifest manifest, String what) throws SessionFileException;
    }

    private SessionCodec() {}

    /** The document of a session. */
    static SessionDocument toDocument(ExperimentSession s, References refs) throws SessionFileException {
        SessionDocument.BaseModel base = new SessionDocument.BaseModel(
                s.baseModelName(), s.baseModel().manifest(), refs.of(s.baseModel(), "base model"));
        List<SessionDocument.RunEntry> runs = new ArrayList<>();
        for (Run r : s.runs()) {
            SessionDocument.Model m = r.model() == null
                    ? null
                    : new SessionDocument.Model(r.model().manifest(), refs.of(r.model(), "run '" + r.id() + "'"));
            runs.add(new SessionDocument.RunEntry(
                    r.id(),
                    r.kind().id(),
                    r.method(),
                    r.label(),
                    r.hyperparameters(),
                    r.seed(),
                    r.data(),
                    r.software(),
                    r.status().id(),
                    r.statusMessage(),
                    r.startedAt(),
                    r.wallSeconds(),
                    r.parentId(),
                    r.plan(),
                    r.metrics(),
                    r.events(),
                    m));
        }
        return new SessionDocument(
                SessionFiles.FORMAT_NAME,
                SessionFiles.FORMAT_VERSION,
                s.title(),
                s.createdAt(),
                base,
                s.dataset(),
                s.currentPlan(),
                s.selectedRunId(),
                runs);
    }

    /** The session a document describes, with weights from {@code blobs}. */
    static ExperimentSession toSession(SessionDocument d, Blobs blobs, String source) throws SessionFileException {
        SessionDocument.BaseModel b = require(d.baseModel(), "baseModel", source);
        SavedModel base = model(b.manifest(), b.weights(), "base model", blobs, source);
        String dataWhere = "dataset";
        check(d.dataset(), dataWhere, source);
        require(d.currentPlan(), "currentPlan", source);
        List<Run> runs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (SessionDocument.RunEntry e : require(d.runs(), "runs", source)) {
            String where = "runs[" + i++ + "]";
            require(e, where, source);
            String id = require(e.id(), where + ".id", source);
            where = "run '" + id + "'";
            if (!ids.add(id)) {
                throw new SessionFileException(source, "two runs share the id '" + id + "'");
            }
            RunKind kind;
            RunStatus status;
            try {
                kind = RunKind.fromId(require(e.kind(), where + ": kind", source));
                status = RunStatus.fromId(require(e.status(), where + ": status", source));
            } catch (IllegalArgumentException ex) {
                throw new SessionFileException(source, where + ": " + ex.getMessage());
            }
            require(e.method(), where + ": method", source);
            require(e.hyperparameters(), where + ": hyperparameters", source);
            require(e.plan(), where + ": plan", source);
            require(e.metrics(), where + ": metrics", source);
            check(e.data(), where + ": data", source);
            if (!(e.wallSeconds() >= 0 && e.wallSeconds() < Double.POSITIVE_INFINITY)) {
                throw new SessionFileException(
                        source, where + ": wallSeconds must be finite and >= 0, got " + e.wallSeconds());
            }
            checkEvents(require(e.events(), where + ": events", source), where, source);
            SavedModel model = e.model() == null
                    ? null
                    : model(e.model().manifest(), e.model().weights(), where, blobs, source);
            try {
                runs.add(new Run(
                        id,
                        kind,
                        e.method(),
                        e.label(),
                        e.hyperparameters(),
                        e.seed(),
                        e.data(),
                        e.software(),
                        status,
                        e.statusMessage(),
                        e.startedAt(),
                        e.wallSeconds(),
                        e.parentId(),
                        e.plan(),
                        e.metrics(),
                        e.events(),
                        model));
            } catch (RuntimeException ex) {
                throw new SessionFileException(source, where + ": " + ex.getMessage(), ex);
            }
        }
        if (d.selectedRunId() != null && !ids.contains(d.selectedRunId())) {
            throw new SessionFileException(source, "selectedRunId '" + d.selectedRunId() + "' names no run");
        }
        try {
            return new ExperimentSession(
                    d.title(), d.createdAt(), b.name(), base, d.dataset(), d.currentPlan(), d.selectedRunId(), runs);
        } catch (RuntimeException ex) {
            throw new SessionFileException(source, ex.getMessage(), ex);
        }
    }

    private static SavedModel model(ModelManifest m, String ref, String what, Blobs blobs, String source)
            throws SessionFileException {
        require(m, what + ": manifest", source);
        require(ref, what + ": weights", source);
        if (m.formatVersion() < 1 || m.formatVersion() > ModelFiles.FORMAT_VERSION) {
            throw new SessionFileException(
                    source,
                    what + ": model format version " + m.formatVersion() + " is not supported (1.."
                            + ModelFiles.FORMAT_VERSION + ")");
        }
        if (m.network() == null || m.input() == null || m.classes() == null) {
            throw new SessionFileException(source, what + ": manifest lacks network, input or classes");
        }
        for (float[] a : new float[][] {m.mean(), m.std()}) {
            for (float x : a == null ? new float[0] : a) {
                if (!Float.isFinite(x)) {
                    throw new SessionFileException(source, what + ": manifest mean and std must be finite");
                }
            }
        }
        return new SavedModel(m, blobs.weights(ref, m, what));
    }

    private static void check(DatasetRef d, String where, String source) throws SessionFileException {
        if (d == null) {
            return;
        }
        if (d.trainImages() < 0
                || d.validationImages() < 0
                || d.testImages() < 0
                || !(d.validationFraction() >= 0 && d.validationFraction() <= 1)) {
            throw new SessionFileException(
                    source, where + ": image counts must be >= 0 and the validation " + "fraction in [0, 1]");
        }
    }

    private static void checkEvents(List<RunEvent> events, String where, String source) throws SessionFileException {
        int i = 0;
        for (RunEvent ev : events) {
            String at = where + ": events[" + i++ + "]";
            require(ev, at, source);
            require(ev.kind(), at + ".kind", source);
            for (Map.Entry<String, Double> v : ev.values().entrySet()) {
                if (!Double.isFinite(v.getValue())) {
                    throw new SessionFileException(source, at + ".values." + v.getKey() + " must be finite");
                }
            }
            if (ev.ranks() != null) {
                for (Map.Entry<String, List<Integer>> r : ev.ranks().entrySet()) {
                    List<Integer> rs = require(r.getValue(), at + ".ranks." + r.getKey(), source);
                    for (Integer x : rs) {
                        if (x == null || x < 0) {
                            throw new SessionFileException(
                                    source, at + ".ranks." + r.getKey() + ": ranks must be integers >= 0");
                        }
                    }
                }
            }
        }
    }

    private static <T> T require(T value, String what, String source) throws SessionFileException {
        if (value == null) {
            throw new SessionFileException(source, what + " is missing (null)");
        }
        return value;
    }
}
