package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import rankbench.experiment.methods.RankLearningMethod;

/** Fills a method's hyperparameter bean from {@code name=value} pairs, with one-line errors. */
final class MethodParams {

    private MethodParams() {}

    /** Returns the method's defaults with the given properties overridden. */
    static Object parse(RankLearningMethod<?> method, Map<String, String> values) {
        Object bean = method.defaultParameters();
        ObjectNode known = Json.MAPPER.valueToTree(bean);
        ObjectNode update = Json.object();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!known.has(e.getKey())) {
                throw new IllegalArgumentException("unknown hyperparameter '" + e.getKey() + "' of method "
                        + method.id() + "; known: " + names(known));
            }
            update.put(e.getKey(), e.getValue());
        }
        try {
            return Json.MAPPER.readerForUpdating(bean).readValue(update);
        } catch (java.io.IOException | IllegalArgumentException ex) {
            String m = ex instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : ex.getMessage();
            throw new IllegalArgumentException("invalid hyperparameter value for method " + method.id() + ": "
                    + m.replace('\n', ' '), ex);
        }
    }

    /** Returns the bean as JSON. */
    static ObjectNode toJson(Object bean) {
        return Json.MAPPER.valueToTree(bean);
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            out.add(it.next());
        }
        return out;
    }
}
