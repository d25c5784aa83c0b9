package rankbench.experiment.lowrank;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.LayerSpec;

/**
 * What a measured latency staircase depends on, and so what identifies it in the cache: the machine
 * (CPU model, intra-op threads, engine version), the measurement (batch, warm-up and timed runs), the
 * candidate set (schemes, rank multiple) and the layer's geometry including its input shape. Two
 * layers of one network with the same geometry share one staircase.
 *
 * @param format the measurement procedure's version (a change in how layers are timed invalidates old files)
 * @param machine where the staircase was measured
 * @param batch batch size
 * @param warmup untimed runs before the timed ones
 * @param repeats timed runs (the median is kept)
 * @param multiple candidate ranks are multiples of this
 * @param schemes the schemes measured (in this order)
 * @param geometry the layer's geometry and input shape, e.g. {@code conv 16->32 k3x3 s2x2 p1x1 bias=false in 16x28x28}
 */
public record LatencyKey(
        int format,
        Machine machine,
        int batch,
        int warmup,
        int repeats,
        int multiple,
        List<Scheme> schemes,
        String geometry) {

    /**
     * The current measurement procedure: the dense layer and its forms timed alternately, median of runs
     * ({@link LatencyMeter#denseAndForms}). Format 1 timed each alone, one after the other.
     */
    public static final int FORMAT = 2;

    /** Validates the settings and copies the scheme list. */
    public LatencyKey {
        if (machine == null || geometry == null || schemes == null || schemes.isEmpty()) {
            throw new IllegalArgumentException("a latency key needs a machine, a geometry and at least one scheme");
        }
        if (batch < 1 || warmup < 0 || repeats < 1 || multiple < 1) {
            throw new IllegalArgumentException("need batch >= 1, warmup >= 0, repeats >= 1, multiple >= 1; got " + batch
                    + ", " + warmup + ", " + repeats + ", " + multiple);
        }
        schemes = List.copyOf(schemes);
    }

    /**
     * The machine a measurement belongs to.
     *
     * @param cpu the CPU model ({@code model name} in /proc/cpuinfo), or the architecture and core count
     *     where that file is missing
     * @param threads the engine's intra-op threads
     * @param engine DJL and libtorch versions
     */
    public record Machine(String cpu, int threads, String engine) {

        /** Validates the fields. */
        public Machine {
            if (cpu == null || cpu.isBlank() || engine == null || engine.isBlank() || threads < 1) {
                throw new IllegalArgumentException("a machine needs a CPU, an engine and threads >= 1");
            }
        }

        /** Returns this machine: its CPU model, the engine's current thread count and versions. */
        public static Machine current() {
            String djl = Engine.class.getPackage().getImplementationVersion();
            String engine = "DJL " + (djl == null ? "0.34.0" : djl) + ", PyTorch "
                    + Engines.pytorch().getVersion();
            return new Machine(cpuModel(Path.of("/proc/cpuinfo")), Engines.threads(), engine);
        }

        /** Returns the first {@code model name} of a cpuinfo file, else the architecture and core count. */
        static String cpuModel(Path cpuinfo) {
            try {
                for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                    int colon = line.indexOf(':');
                    if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
                        String name = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
                        if (!name.isEmpty()) {
                            return name;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall through: no cpuinfo on this system
            }
            return System.getProperty("os.arch") + " x" + Runtime.getRuntime().availableProcessors();
        }
    }

    /** Returns the geometry text of a layer: kind, channels, kernel, stride, padding, bias, input shape. */
    public static String geometry(LayerInfo l) {
        if (l.spec() instanceof LayerSpec.Conv c) {
            return String.format(
                    Locale.ROOT,
                    "conv %d->%d k%dx%d s%dx%d p%dx%d bias=%b in %dx%dx%d",
                    c.inChannels(),
                    c.outChannels(),
                    c.kernelH(),
                    c.kernelW(),
                    c.strideH(),
                    c.strideW(),
                    c.padH(),
                    c.padW(),
                    c.bias(),
                    c.inChannels(),
                    l.inputSize().get(0),
                    l.inputSize().get(1));
        }
        LayerSpec.Dense d = (LayerSpec.Dense) l.spec();
        return String.format(Locale.ROOT, "linear %d->%d bias=%b", d.inFeatures(), d.outFeatures(), d.bias());
    }

    /** Returns the cache file name of this key: 16 hex digits of the SHA-256 of its text, {@code .json}. */
    public String fileName() {
        String text = String.join(
                "|",
                String.valueOf(format),
                machine.cpu(),
                String.valueOf(machine.threads()),
                machine.engine(),
                String.valueOf(batch),
                String.valueOf(warmup),
                String.valueOf(repeats),
                String.valueOf(multiple),
                schemes.stream().map(Scheme::id).toList().toString(),
                geometry);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
