package rankbench.experiment.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import rankbench.experiment.lowrank.LatencyCache;
import rankbench.experiment.lowrank.LatencyKey;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.StaircaseMeter;
import rankbench.experiment.methods.LatencyRule;

/** How the latency staircase is measured and cached ({@code select --rule latency}, {@code latency --staircase}). */
final class StaircaseOptions {

    /** The default rank multiple (see docs/PERFORMANCE.md, "Ranks chosen by measured latency"). */
    static final int DEFAULT_MULTIPLE = LatencyRule.DEFAULT_MULTIPLE;

    @Option(
            names = "--schemes",
            split = ",",
            paramLabel = "S,S,...",
            defaultValue = "channel,spatial,input,tucker2",
            description = "latency: schemes measured for each conv (linear layers use out x in) "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> schemes;

    @Option(
            names = "--multiple",
            paramLabel = "K",
            defaultValue = "" + DEFAULT_MULTIPLE,
            description = "latency: candidate ranks are K, 2K, ... below break-even (default: ${DEFAULT-VALUE}).")
    int multiple;

    @Option(
            names = "--latency-cache",
            paramLabel = "DIR",
            description = "latency: directory of measured staircases (default: ~/.rankbench/latency); a file from "
                    + "another machine, thread count or engine is ignored.")
    Path cacheDir;

    @Option(names = "--remeasure", description = "latency: measure again even if the cache has the staircase.")
    boolean remeasure;

    /** Returns the schemes, checked. */
    List<Scheme> schemes() {
        List<Scheme> out = new ArrayList<>();
        for (String s : schemes) {
            Scheme scheme = Scheme.fromId(s);
            if (scheme == Scheme.LINEAR) {
                throw new IllegalArgumentException("--schemes: linear is implied for linear layers; list conv schemes");
            }
            if (!out.contains(scheme)) {
                out.add(scheme);
            }
        }
        return out;
    }

    /** Returns the measurement setup of {@code select --rule latency} with these options. */
    LatencyRule.Setup setup(int batch, int warmup, int repeats) {
        if (multiple < 1) {
            throw new IllegalArgumentException("--multiple must be >= 1, got " + multiple);
        }
        return new LatencyRule.Setup(
                batch,
                warmup,
                repeats,
                multiple,
                schemes(),
                cacheDir == null ? LatencyCache.defaultDirectory() : cacheDir,
                remeasure);
    }

    /** Returns a staircase meter timing with {@code meter} on this machine. */
    StaircaseMeter meter(LatencyMeter meter) {
        if (multiple < 1) {
            throw new IllegalArgumentException("--multiple must be >= 1, got " + multiple);
        }
        List<Scheme> s = schemes();
        return new StaircaseMeter(
                meter,
                LatencyKey.Machine.current(),
                s,
                multiple,
                new LatencyCache(cacheDir == null ? LatencyCache.defaultDirectory() : cacheDir),
                remeasure);
    }
}
