package rankbench.experiment.lowrank;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.model.AtomicFiles;

/**
 * Measured staircases on disk, one JSON file per {@link LatencyKey} ({@code <dir>/<hash>.json}, by
 * default in {@code ~/.rankbench/latency}). A file holds its full key; it is used only if that key
 * equals the one asked for, so a file copied from another machine, thread count or engine is never
 * trusted. A corrupt, foreign or unreadable file is ignored with a log line (the layer is measured
 * again and the file rewritten); a failed write is logged and loses only the cache.
 */
public final class LatencyCache {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyCache.class);
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    /** Largest cache file read (a staircase of a 512-channel layer is a few tens of kilobytes). */
    static final long MAX_FILE_BYTES = 4 << 20;

    private final Path dir;

    /**
     * One cache file.
     *
     * @param key what the staircase was measured for
     * @param staircase the measurement
     */
    record Entry(LatencyKey key, LatencyStaircase staircase) {}

    /** Creates a cache in {@code dir} (created on the first write). */
    public LatencyCache(Path dir) {
        this.dir = dir;
    }

    /** Returns the cache in {@code ~/.rankbench/latency}. */
    public static LatencyCache inHome() {
        return new LatencyCache(defaultDirectory());
    }

    /** Returns {@code ~/.rankbench/latency}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".rankbench", "latency");
    }

    /** Returns the directory. */
    public Path directory() {
        return dir;
    }

    /** Returns the file a key is stored in. */
    public Path file(LatencyKey key) {
        return dir.resolve(key.fileName());
    }

    /** Returns the stored staircase of {@code key}, or empty if there is none or it cannot be trusted. */
    public Optional<LatencyStaircase> read(LatencyKey key) {
        Path f = file(key);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            long size = Files.size(f);
            if (size > MAX_FILE_BYTES) {
                LOG.warn("Ignoring latency cache {}: {} bytes, at most {} expected", f, size, MAX_FILE_BYTES);
                return Optional.empty();
            }
            Entry e = JSON.readValue(Files.readAllBytes(f), Entry.class);
            if (e == null || e.key() == null || e.staircase() == null) {
                LOG.warn("Ignoring latency cache {}: incomplete (no key or no staircase)", f);
                return Optional.empty();
            }
            if (!e.key().equals(key)) {
                LOG.warn("Ignoring latency cache {}: measured for {}, not for {}", f, e.key(), key);
                return Optional.empty();
            }
            return Optional.of(e.staircase());
        } catch (IOException | RuntimeException ex) {
            LOG.warn(
                    "Ignoring latency cache {}: corrupt ({})",
                    f,
                    String.valueOf(ex.getMessage()).replaceAll("\\s+", " "));
            return Optional.empty();
        }
    }

    /** Stores a staircase atomically; a failure is logged, not thrown (the cache is only a cache). */
    public void write(LatencyKey key, LatencyStaircase staircase) {
        Path f = file(key);
        try {
            Files.createDirectories(dir);
            byte[] bytes = JSON.writeValueAsBytes(new Entry(key, staircase));
            AtomicFiles.write(f, out -> out.write(bytes));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not write latency cache {}: {}", f, e.getMessage());
        }
    }
}
