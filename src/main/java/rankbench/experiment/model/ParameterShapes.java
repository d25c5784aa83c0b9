package rankbench.experiment.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** The parameter names and shapes a {@link LayerSpec} tree implies, without building it. */
public final class ParameterShapes {

    private ParameterShapes() {}

    /** Returns PyTorch-style parameter names (running statistics included) and their shapes. */
    public static Map<String, int[]> of(LayerSpec root) {
        Map<String, int[]> out = new LinkedHashMap<>();
        walk(root, "", out::put);
        return out;
    }

    /**
     * Returns every parameter name in tree order, repeated where two layers would share one (which
     * {@link #of} cannot show: a map keeps one entry per name).
     */
    public static List<String> names(LayerSpec root) {
        List<String> out = new ArrayList<>();
        walk(root, "", (name, shape) -> out.add(name));
        return out;
    }

    private static void walk(LayerSpec spec, String prefix, BiConsumer<String, int[]> out) {
        String path = NetworkSpec.join(prefix, spec.name());
        if (spec instanceof LayerSpec.Conv c) {
            out.accept(
                    NetworkSpec.join(path, "weight"),
                    new int[] {c.outChannels(), c.inChannels(), c.kernelH(), c.kernelW()});
            if (c.bias()) {
                out.accept(NetworkSpec.join(path, "bias"), new int[] {c.outChannels()});
            }
        } else if (spec instanceof LayerSpec.Dense d) {
            out.accept(NetworkSpec.join(path, "weight"), new int[] {d.outFeatures(), d.inFeatures()});
            if (d.bias()) {
                out.accept(NetworkSpec.join(path, "bias"), new int[] {d.outFeatures()});
            }
        } else if (spec instanceof LayerSpec.BatchNorm b) {
            for (String n : new String[] {"weight", "bias", "running_mean", "running_var"}) {
                out.accept(NetworkSpec.join(path, n), new int[] {b.channels()});
            }
        } else if (spec instanceof LayerSpec.Sequence s) {
            s.children().forEach(c -> walk(c, path, out));
        } else if (spec instanceof LayerSpec.Residual r) {
            r.body().forEach(c -> walk(c, path, out));
            if (r.shortcut() != null) {
                walk(r.shortcut(), path, out);
            }
        }
    }
}
