package rankbench.experiment.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import rankbench.experiment.training.TrainingEvent;

/** JSON output helpers: one document per command, or one object per line for long runs. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String line(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pretty(Object o) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One training event as a JSON object: {@code "event"} (e.g. {@code batchEnded}) followed by the
     * event's fields; epochs are 1-based, NaN metrics become null, method payloads are nested.
     */
    static ObjectNode event(TrainingEvent e) {
        ObjectNode line = object();
        String s = e.getClass().getSimpleName();
        line.put("event", Character.toLowerCase(s.charAt(0)) + s.substring(1));
        if (e instanceof TrainingEvent.EpochEnded ep) {
            line.put("runId", ep.runId());
            line.put("epoch", ep.epoch() + 1);
            put(line, "trainLoss", ep.trainLoss());
            put(line, "trainAccuracy", ep.trainAccuracy());
            put(line, "validationLoss", ep.validationLoss());
            put(line, "validationAccuracy", ep.validationAccuracy());
            line.put("seconds", ep.seconds());
        } else if (e instanceof TrainingEvent.MethodUpdate u) {
            line.put("runId", u.runId());
            line.put("step", u.step());
            line.put("kind", u.kind());
            line.set("payload", MAPPER.valueToTree(u.payload()));
        } else {
            line.setAll((ObjectNode) MAPPER.valueToTree(e));
        }
        return line;
    }

    /** NaN and infinities are not JSON: they become null. */
    static void put(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }
}
