package rankbench.experiment.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renames tensors of a foreign state dict to RankBench's PyTorch-style names before import.
 *
 * <p>A name map is a JSON object. A key ending in {@code .} is a prefix: {@code "fc.": "linear."}
 * renames {@code fc.weight} to {@code linear.weight}. Any other key is an exact name:
 * {@code "stem.weight": "conv1.weight"}. A {@code null} value drops the tensor (e.g. an auxiliary
 * head: {@code "aux.": null}). Exact names win over prefixes, the longest prefix wins among prefixes.
 * Without a matching entry, a leading {@code module.} (what {@code nn.DataParallel} adds) is removed
 * and the name is kept.
 */
public final class NameMap {

    /** The identity map (still strips {@code module.}). */
    public static final NameMap NONE = new NameMap(Map.of(), Map.of());

    private static final String DATA_PARALLEL = "module.";

    private final Map<String, String> exact;
    private final Map<String, String> prefixes;

    private NameMap(Map<String, String> exact, Map<String, String> prefixes) {
        this.exact = Collections.unmodifiableMap(new LinkedHashMap<>(exact));
        this.prefixes = Collections.unmodifiableMap(new LinkedHashMap<>(prefixes));
    }

    /** Creates a map from entries as in the JSON form (keys ending in "." are prefixes; null drops). */
    public static NameMap of(Map<String, String> entries) {
        Map<String, String> exact = new LinkedHashMap<>();
        Map<String, String> prefixes = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            if (k.isEmpty()) {
                throw new IllegalArgumentException("name map: empty key");
            }
            if (k.endsWith(".")) {
                if (v != null && !v.isEmpty() && !v.endsWith(".")) {
                    throw new IllegalArgumentException("name map: prefix '" + k + "' must map to a prefix ending in"
                            + " '.', an empty string or null, not '" + v + "'");
                }
                prefixes.put(k, v);
            } else {
                exact.put(k, v);
            }
        });
        return new NameMap(exact, prefixes);
    }

    /** Reads a JSON name map; errors name the file. */
    public static NameMap read(Path file) {
        JsonNode root;
        try {
            root = ModelFiles.json().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ModelFileException("Name map not found: " + file);
        } catch (IOException e) {
            throw new ModelFileException(file + ": not a JSON name map ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ModelFileException(file + ": a name map is a JSON object {\"their.name\": \"our.name\"}");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull() && !e.getValue().isTextual()) {
                throw new ModelFileException(file + ": the value of '" + e.getKey() + "' must be a string or null");
            }
            entries.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        try {
            return of(entries);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file + ": " + e.getMessage());
        }
    }

    /** Returns the RankBench name for {@code name}, or null if the tensor is to be dropped. */
    public String apply(String name) {
        if (exact.containsKey(name)) {
            return exact.get(name);
        }
        String best = null;
        for (String p : prefixes.keySet()) {
            if (name.startsWith(p) && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        if (best != null) {
            String to = prefixes.get(best);
            return to == null ? null : to + name.substring(best.length());
        }
        if (name.startsWith(DATA_PARALLEL)) {
            return apply(name.substring(DATA_PARALLEL.length()));
        }
        return name;
    }

    /** Returns true if this map has no entries. */
    public boolean isEmpty() {
        return exact.isEmpty() && prefixes.isEmpty();
    }
}
