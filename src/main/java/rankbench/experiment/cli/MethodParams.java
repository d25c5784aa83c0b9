package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rankbench.experiment.methods.ParamInfo;
import rankbench.experiment.methods.RankLearningMethod;

/**
 * Fills a method's hyperparameter bean from {@code name=value} pairs, with one-line errors, and lists
 * the described hyperparameters ({@code learn --list-params}).
 */
final class MethodParams {

    private MethodParams() {}

    /** Returns the method's defaults with the given properties overridden (enum values case-insensitive). */
    static Object parse(RankLearningMethod<?> method, Map<String, String> values) {
        Object bean = method.defaultParameters();
        List<ParamInfo> infos = method.parameterInfo();
        List<String> names = infos.stream().map(ParamInfo::name).toList();
        for (Map.Entry<String, String> e : values.entrySet()) {
            ParamInfo info = infos.stream()
                    .filter(i -> i.name().equals(e.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown hyperparameter '" + e.getKey()
                            + "' of method " + method.id() + "; known: " + names));
            ObjectNode update = Json.object();
            update.put(e.getKey(), e.getValue());
            try {
                bean = Json.MAPPER.readerForUpdating(bean).readValue(update);
            } catch (IOException | IllegalArgumentException ex) {
                String why = info.type().isEnum()
                        ? "one of " + String.join(", ", info.choices())
                        : "a " + typeName(info.type());
                throw new IllegalArgumentException(
                        "invalid value '" + e.getValue() + "' for hyperparameter " + e.getKey() + " of method "
                                + method.id() + ": expected " + why,
                        ex);
            }
        }
        return bean;
    }

    /** Returns the bean as JSON (enum values as their ids). */
    static ObjectNode toJson(Object bean) {
        return Json.MAPPER.valueToTree(bean);
    }

    /** Prints every hyperparameter of the method with its value, unit and description. */
    static void list(RankLearningMethod<?> method, Object bean, boolean json, PrintWriter out) {
        ObjectNode values = toJson(bean);
        if (json) {
            ObjectNode n = Json.object();
            n.put("method", method.id());
            n.put("description", method.description());
            ArrayNode ps = n.putArray("parameters");
            for (ParamInfo i : method.parameterInfo()) {
                ObjectNode p = ps.addObject();
                p.put("name", i.name());
                p.put("type", i.type().isEnum() ? "choice" : typeName(i.type()));
                p.set("value", values.get(i.name()));
                p.put("unit", i.unit());
                p.put("category", i.category());
                p.put("description", i.description());
                if (i.type().isEnum()) {
                    ArrayNode c = p.putArray("choices");
                    i.choices().forEach(c::add);
                }
            }
            out.println(Json.line(n));
            return;
        }
        out.println(method.id() + ": " + method.description());
        for (ParamInfo i : method.parameterInfo()) {
            JsonNode v = values.get(i.name());
            String unit = i.unit().isEmpty() ? "" : " [" + i.unit() + "]";
            String choices = i.type().isEnum() ? " {" + String.join("|", i.choices()) + "}" : "";
            out.printf(
                    Locale.ROOT,
                    "  %s = %s%s%s%n      %s%n",
                    i.name(),
                    v.isTextual() ? v.asText() : v.toString(),
                    choices,
                    unit,
                    i.description());
        }
    }

    private static String typeName(Class<?> t) {
        if (t == boolean.class || t == Boolean.class) {
            return "boolean (true/false)";
        }
        if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
            return "whole number";
        }
        if (t == double.class || t == float.class || t == Double.class) {
            return "number";
        }
        return t.getSimpleName();
    }
}
