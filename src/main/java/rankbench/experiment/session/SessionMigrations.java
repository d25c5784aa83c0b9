package rankbench.experiment.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Brings the JSON description of an older session file up to {@link SessionFiles#FORMAT_VERSION}, one
 * version at a time, before it is bound. A step changes only what it can change without guessing; what
 * it cannot know is left out or marked, never invented (docs/SESSION_FORMAT.md lists what each step does).
 */
final class SessionMigrations {

    /** One migration, from version {@link #from()} to the next. */
    interface Step {
        /** The version this step reads. */
        int from();

        /** Rewrites the document in place. */
        void apply(ObjectNode doc, String source) throws SessionFileException;
    }

    /** The oldest version this build can migrate. */
    static final int OLDEST = 0;

    private static final List<Step> STEPS = List.of(new Version0(), new Version1());

    private SessionMigrations() {}

    /** Migrates {@code doc}, written as {@code version}, to the current version. */
    static void migrate(ObjectNode doc, int version, String source) throws SessionFileException {
        for (int v = version; v < SessionFiles.FORMAT_VERSION; v++) {
            Step step = null;
            for (Step s : STEPS) {
                if (s.from() == v) {
                    step = s;
                }
            }
            if (step == null) {
                throw new SessionFileException(source, "no migration from session format " + v);
            }
            step.apply(doc, source);
            doc.put("formatVersion", v + 1);
        }
    }

    /**
     * Version 0, the layout of development builds before the format was fixed. Differences from version 1:
     * the base model's name is a top-level {@code baseModelName} instead of {@code baseModel.name}; run kinds
     * and statuses are Java constant names ({@code RANK_LEARNING}, {@code DIVERGED}) instead of ids; runs have
     * no {@code events} (no history was kept), and a run may lack {@code status}.
     *
     * <p>The renames are one-to-one. Missing events become an empty history (nothing was recorded). A run
     * without a status cannot be told apart from a diverged or failed one, so it becomes {@code failed} with
     * a status message saying why: its figures and model are kept but never shown as a result.
     */
    private static final class Version0 implements Step {
        @Override
        public int from() {
            return 0;
        }

        @Override
        public void apply(ObjectNode doc, String source) throws SessionFileException {
            JsonNode base = doc.get("baseModel");
            if (base instanceof ObjectNode b && doc.has("baseModelName")) {
                ObjectNode moved = b.objectNode();
                moved.set("name", doc.get("baseModelName"));
                b.properties().forEach(e -> moved.set(e.getKey(), e.getValue()));
                doc.set("baseModel", moved);
                doc.remove("baseModelName");
            }
            JsonNode runs = doc.get("runs");
            if (!(runs instanceof ArrayNode list)) {
                return; // binding names the problem
            }
            for (JsonNode r : list) {
                if (!(r instanceof ObjectNode run)) {
                    continue;
                }
                rename(run, "kind");
                if (run.hasNonNull("status")) {
                    rename(run, "status");
                } else {
                    run.put("status", "failed");
                    run.put("statusMessage", "status not recorded (session format 0); not shown as a result");
                }
                if (!run.has("events")) {
                    run.set("events", run.arrayNode());
                }
            }
        }

        private static void rename(ObjectNode run, String key) {
            JsonNode v = run.get(key);
            if (v != null && v.isTextual()) {
                run.put(key, v.asText().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
    }

    /**
     * Version 1: a run's {@code software} had no {@code engine} (the engine settings it ran with were not
     * recorded). Migration writes {@code engine: null}, "not recorded"; nothing is guessed.
     */
    private static final class Version1 implements Step {
        @Override
        public int from() {
            return 1;
        }

        @Override
        public void apply(ObjectNode doc, String source) {
            JsonNode runs = doc.get("runs");
            if (!(runs instanceof ArrayNode list)) {
                return; // binding names the problem
            }
            for (JsonNode r : list) {
                if (r instanceof ObjectNode run
                        && run.get("software") instanceof ObjectNode software
                        && !software.has("engine")) {
                    software.putNull("engine");
                }
            }
        }
    }
}
