package rankbench.experiment.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.TrainingRecord;

/**
 * The JSON layer of a session file: a strict mapper (no polymorphic typing beyond the fixed layer type
 * names, no coercion of strings to numbers or floats to ints, no unknown, missing or duplicate keys,
 * bounded nesting, string, number and document sizes), a streaming pre-scan that finds the format
 * version and refuses {@code @}-keys before anything is bound, and one-line error messages with the JSON
 * path of the problem. Numbers that do not fit a double (they would become infinite) are refused.
 */
final class SessionJson {

    /** Deepest nesting of objects and arrays accepted (a ResNet description needs about 15). */
    static final int MAX_NESTING = 100;
    /** Longest string value accepted, in characters. */
    static final int MAX_STRING = 1 << 20;
    /** Longest key accepted, in characters. */
    static final int MAX_NAME = 4096;
    /** Longest number literal accepted, in characters. */
    static final int MAX_NUMBER = 100;

    private static final ObjectMapper MAPPER = build();
    private static final Pattern MISSING = Pattern.compile("Missing (?:required )?creator property '([^']*)'");

    private SessionJson() {}

    /** Mixed into records annotated NON_NULL so the session file writes every key, null or not. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    private interface WriteEveryKey {}

    private static ObjectMapper build() {
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxStringLength(MAX_STRING)
                        .maxNameLength(MAX_NAME)
                        .maxNumberLength(MAX_NUMBER)
                        .maxDocumentLength(SessionFiles.MAX_JSON_BYTES)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .build();
        JsonMapper m = JsonMapper.builder(f)
                .enable(
                        DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(MapperFeature.BLOCK_UNSAFE_POLYMORPHIC_BASE_TYPES)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .addMixIn(RunMetrics.class, WriteEveryKey.class)
                .addMixIn(RunEvent.class, WriteEveryKey.class)
                .addMixIn(LayerPlan.class, WriteEveryKey.class)
                .addMixIn(ModelManifest.class, WriteEveryKey.class)
                .addMixIn(TrainingRecord.class, WriteEveryKey.class)
                .build();
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            m.coercionConfigFor(t)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return m;
    }

    /** Serializes a document. */
    static byte[] encode(SessionDocument doc) throws JsonProcessingException {
        return MAPPER.writeValueAsBytes(doc);
    }

    /** What the pre-scan found at the top level. */
    record Header(String format, Integer formatVersion) {}

    /**
     * Reads {@code session.json}: pre-scan, version check, migration of older versions, then strict binding.
     *
     * @throws SessionFileException for anything that is not a well-formed description of a supported version
     */
    static SessionDocument decode(byte[] json, String source) throws SessionFileException {
        Header h = scan(json, source);
        if (!SessionFiles.FORMAT_NAME.equals(h.format())) {
            throw new SessionFileException(
                    source,
                    "not a RankBench session file (" + SessionArchive.SESSION_JSON + " has no \"format\": \""
                            + SessionFiles.FORMAT_NAME + "\")");
        }
        if (h.formatVersion() == null) {
            throw new SessionFileException(source, SessionArchive.SESSION_JSON + " has no integer \"formatVersion\"");
        }
        int v = h.formatVersion();
        if (v > SessionFiles.FORMAT_VERSION) {
            throw new SessionFileException(
                    source,
                    "written by a newer RankBench (format " + v + "); this build reads up to "
                            + SessionFiles.FORMAT_VERSION);
        }
        if (v < SessionMigrations.OLDEST) {
            throw new SessionFileException(
                    source,
                    "unknown session format version " + v + " (this build reads " + SessionMigrations.OLDEST + " to "
                            + SessionFiles.FORMAT_VERSION + ")");
        }
        try {
            if (v == SessionFiles.FORMAT_VERSION) {
                return MAPPER.readValue(json, SessionDocument.class);
            }
            JsonNode tree = MAPPER.readTree(json);
            SessionMigrations.migrate((ObjectNode) tree, v, source);
            return MAPPER.treeToValue(tree, SessionDocument.class);
        } catch (SessionFileException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw problem(source, e);
        } catch (IOException e) {
            throw new SessionFileException(source, SessionArchive.SESSION_JSON + " cannot be read (" + e + ")", e);
        }
    }

    /**
     * Streams through the whole document once: checks it is one JSON object (nesting, sizes and duplicate
     * keys are checked by the parser's constraints), refuses keys starting with {@code @} (the marker of
     * class or type names some mappers honor), and picks up the top-level format name and version.
     */
    static Header scan(byte[] json, String source) throws SessionFileException {
        String format = null;
        Integer version = null;
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new SessionFileException(source, SessionArchive.SESSION_JSON + " is not a JSON object");
            }
            int depth = 1;
            String topField = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (depth == 0) {
                    throw new SessionFileException(
                            source, SessionArchive.SESSION_JSON + " has content after its top-level object");
                }
                if (t == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (name.startsWith("@")) {
                        throw new SessionFileException(
                                source,
                                SessionArchive.SESSION_JSON + ": key '"
                                        + cut(name) + "' at "
                                        + p.getParsingContext().pathAsPointer()
                                        + " is not allowed (class or type names are not part of the format)");
                    }
                    topField = depth == 1 ? name : null;
                    continue;
                }
                if (t == JsonToken.VALUE_NUMBER_FLOAT && !Double.isFinite(p.getDoubleValue())) {
                    throw new SessionFileException(
                            source,
                            SessionArchive.SESSION_JSON + ": number " + cut(p.getText()) + " at "
                                    + p.getParsingContext().pathAsPointer() + " is out of range");
                }
                if (depth == 1 && "formatVersion".equals(topField)) {
                    version = t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                            ? p.getIntValue()
                            : null;
                } else if (depth == 1 && "format".equals(topField)) {
                    format = t == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                topField = null;
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                }
            }
            if (depth != 0) {
                throw new SessionFileException(source, SessionArchive.SESSION_JSON + " ends inside an object");
            }
        } catch (SessionFileException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw problem(source, e);
        } catch (IOException e) {
            throw new SessionFileException(source, SessionArchive.SESSION_JSON + " cannot be read (" + e + ")", e);
        }
        return new Header(format, version);
    }

    /** Turns a Jackson error into one line: where in the document, and what. */
    static SessionFileException problem(String source, JsonProcessingException e) {
        StringBuilder where = new StringBuilder();
        String original = String.valueOf(e.getOriginalMessage());
        Matcher missing = MISSING.matcher(original);
        String missingKey = missing.lookingAt() ? missing.group(1) : null;
        if (e instanceof JsonMappingException jm) {
            List<JsonMappingException.Reference> path = jm.getPath();
            if (missingKey != null
                    && !path.isEmpty()
                    && missingKey.equals(path.get(path.size() - 1).getFieldName())) {
                path = path.subList(0, path.size() - 1);
            }
            for (JsonMappingException.Reference r : path) {
                if (r.getFieldName() != null) {
                    where.append(where.length() == 0 ? "" : ".").append(cut(r.getFieldName()));
                } else if (r.getIndex() >= 0) {
                    where.append('[').append(r.getIndex()).append(']');
                }
            }
        }
        Throwable c = e.getCause();
        String what;
        if (c instanceof IllegalArgumentException && c.getMessage() != null) {
            what = c.getMessage();
        } else if (c instanceof NullPointerException) {
            what = "a required value is null" + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")");
        } else if (missingKey != null) {
            what = "missing key '" + missingKey + "'";
        } else {
            what = original;
        }
        what = readable(what);
        String at = where.length() == 0 ? "" : " at " + where;
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0 && where.length() == 0) {
            at = " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
        }
        return new SessionFileException(source, SessionArchive.SESSION_JSON + at + ": " + what, e);
    }

    /** Drops Jackson's advice on its own settings and class names from a message meant for users. */
    static String readable(String m) {
        return m.replaceAll("`(?:[a-z]\\w*\\.)+([A-Z][\\w$]*)`", "$1")
                .replace('$', '.')
                .replaceAll(" *\\(start marker at .*$", "")
                .replaceAll(" *\\(but could if coercion .*?\\)", "")
                .replaceAll(", from `[^`]*`", "")
                .replaceAll(";? *\\(?(?:set|enable|disable)[^;]*`[A-Z][\\w.]*`[^;]*$", "")
                .replaceAll("[\\s:;]+$", "");
    }

    private static String cut(String s) {
        return s.length() <= 80 ? s : s.substring(0, 79) + "…";
    }
}
