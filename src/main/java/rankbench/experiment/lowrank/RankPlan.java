package rankbench.experiment.lowrank;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import rankbench.experiment.model.AtomicFiles;
import rankbench.experiment.model.LayerInfo;

/**
 * A rank plan: per compressible layer a {@link LayerPlan}; layers not listed stay dense. A plan is
 * plain data and round-trips through JSON ({@code {"layers":{"layer1.0.conv1":{"scheme":"channel",
 * "rank":8}, ...}}}) so it can be saved, edited and compared.
 *
 * @param layers layer plans by PyTorch-style layer name, in insertion (forward) order
 */
public record RankPlan(Map<String, LayerPlan> layers) {

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Largest plan file read (a plan of every layer of a ResNet-56 is a few kilobytes). */
    static final long MAX_FILE_BYTES = 16 << 20;

    /** Copies the map, keeping its order; a layer without a plan (null) is refused. */
    public RankPlan {
        layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers == null ? Map.of() : layers));
        for (Map.Entry<String, LayerPlan> e : layers.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("layer '" + e.getKey() + "' has no plan (null)");
            }
        }
    }

    /** Returns an empty plan (every layer dense). */
    public static RankPlan empty() {
        return new RankPlan(Map.of());
    }

    /** Returns the plan of one layer, or null if the layer is not listed. */
    public LayerPlan get(String layer) {
        return layers.get(layer);
    }

    /** Returns true if the layer is listed and factorized. */
    public boolean factorizes(String layer) {
        LayerPlan p = layers.get(layer);
        return p != null && p.factorized();
    }

    /** Returns a copy with one layer's plan replaced (or added). */
    public RankPlan with(String layer, LayerPlan plan) {
        LinkedHashMap<String, LayerPlan> m = new LinkedHashMap<>(layers);
        m.put(layer, plan);
        return new RankPlan(m);
    }

    /** Returns a copy in which {@code f(name, plan)} replaced every layer's plan. */
    public RankPlan map(BiFunction<String, LayerPlan, LayerPlan> f) {
        LinkedHashMap<String, LayerPlan> m = new LinkedHashMap<>();
        layers.forEach((k, v) -> m.put(k, f.apply(k, v)));
        return new RankPlan(m);
    }

    /**
     * Checks the plan against a model's layers and fills in schemes: unknown layer names and ranks
     * above the full rank are errors; a missing scheme becomes {@code defaultScheme}; linear layers
     * always get {@link Scheme#LINEAR}. The result lists layers in forward order.
     */
    public RankPlan resolve(List<LayerInfo> modelLayers, Scheme defaultScheme) {
        Map<String, LayerInfo> byName = new LinkedHashMap<>();
        modelLayers.forEach(l -> byName.put(l.name(), l));
        for (String name : layers.keySet()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("plan names layer '" + name
                        + "', which is not a compressible layer of this model; known: " + byName.keySet());
            }
        }
        LinkedHashMap<String, LayerPlan> out = new LinkedHashMap<>();
        for (LayerInfo l : modelLayers) {
            LayerPlan p = layers.get(l.name());
            if (p == null) {
                continue;
            }
            Scheme s = p.scheme() == null ? defaultScheme : p.scheme();
            if (!l.isConv()) {
                if (s == Scheme.TUCKER2 && p.factorized()) {
                    throw new IllegalArgumentException("layer '" + l.name() + "' is linear; Tucker-2 applies to convs");
                }
                s = Scheme.LINEAR;
            } else if (s == Scheme.LINEAR) {
                throw new IllegalArgumentException("layer '" + l.name() + "' is a conv; scheme linear does not apply");
            }
            p = p.withScheme(s);
            if (p.factorized()) {
                check(l, p);
            }
            out.put(l.name(), p);
        }
        return new RankPlan(out);
    }

    private static void check(LayerInfo l, LayerPlan p) {
        int[] shape = l.weightShape().stream().mapToInt(Integer::intValue).toArray();
        if (p.scheme() == Scheme.TUCKER2) {
            if (p.ranks() == null) {
                throw new IllegalArgumentException("layer '" + l.name() + "': Tucker-2 needs \"ranks\": [Ro, Ri]");
            }
            if (p.outRank() > shape[0] || p.inRank() > shape[1]) {
                throw new IllegalArgumentException("layer '" + l.name() + "': Tucker-2 ranks " + p.ranks()
                        + " exceed [Cout, Cin] = [" + shape[0] + ", " + shape[1] + "]");
            }
            return;
        }
        if (p.rank() == null) {
            throw new IllegalArgumentException(
                    "layer '" + l.name() + "': scheme " + p.scheme().id() + " needs a \"rank\"");
        }
        int[] ms = MatrixViews.matrixShape(shape, p.scheme());
        int full = Math.min(ms[0], ms[1]);
        if (p.rank() > full) {
            throw new IllegalArgumentException("layer '" + l.name() + "': rank " + p.rank() + " exceeds the full rank "
                    + full + " of its " + p.scheme().id() + " view (" + ms[0] + "x" + ms[1] + ")");
        }
    }

    /** Returns the plan as JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a plan from JSON, with a one-line error naming the problem. */
    public static RankPlan fromJson(String json) {
        RankPlan plan;
        try {
            plan = JSON.readValue(json, RankPlan.class);
        } catch (JsonProcessingException e) {
            Throwable c = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String msg = c == e ? e.getOriginalMessage() : c.getMessage();
            throw new IllegalArgumentException(
                    "invalid rank plan: " + String.valueOf(msg).replaceAll("\\s+", " "), e);
        }
        if (plan == null) {
            throw new IllegalArgumentException("invalid rank plan: the document is empty (JSON null)");
        }
        return plan;
    }

    /** Reads a plan file. */
    public static RankPlan read(Path file) {
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new IllegalArgumentException("not a regular file");
            }
            if (Files.exists(file) && Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(
                        "too large for a rank plan (" + Files.size(file) + " bytes, at most " + MAX_FILE_BYTES + ")");
            }
            return fromJson(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Plan file not found: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the plan as JSON, atomically (a failed save leaves the previous file as it was). */
    public void write(Path file) throws IOException {
        byte[] bytes = toJson().getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(file, out -> out.write(bytes));
        } catch (IOException e) {
            throw new IOException(
                    file + ": cannot be saved (" + (e.getMessage() == null ? e.toString() : e.getMessage())
                            + "); the file on disk is unchanged",
                    e);
        }
    }
}
