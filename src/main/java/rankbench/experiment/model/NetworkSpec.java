package rankbench.experiment.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Static analysis of a {@link LayerSpec} tree: compressible layers, parameter and MAC counts. */
public final class NetworkSpec {

    private NetworkSpec() {}

    /** Joins a parent path and a local name with a dot (the root has an empty name). */
    public static String join(String prefix, String name) {
        if (prefix.isEmpty()) {
            return name;
        }
        if (name.isEmpty()) {
            return prefix;
        }
        return prefix + "." + name;
    }

    /**
     * Returns a copy of the tree in which the conv and linear layers at the given dotted names are
     * replaced (e.g. by a {@link LayerSpec.Sequence} of factor layers named like the original).
     */
    public static LayerSpec.Sequence replaceLayers(LayerSpec.Sequence root, Map<String, LayerSpec> replacements) {
        return (LayerSpec.Sequence) replace(root, "", replacements);
    }

    private static LayerSpec replace(LayerSpec spec, String prefix, Map<String, LayerSpec> replacements) {
        String path = join(prefix, spec.name());
        LayerSpec r = replacements.get(path);
        if (r != null && (spec instanceof LayerSpec.Conv || spec instanceof LayerSpec.Dense)) {
            return r;
        }
        if (spec instanceof LayerSpec.Sequence s) {
            List<LayerSpec> children = new ArrayList<>();
            s.children().forEach(c -> children.add(replace(c, path, replacements)));
            return new LayerSpec.Sequence(s.name(), children);
        }
        if (spec instanceof LayerSpec.Residual res) {
            List<LayerSpec> body = new ArrayList<>();
            res.body().forEach(c -> body.add(replace(c, path, replacements)));
            LayerSpec sc = res.shortcut() == null ? null : replace(res.shortcut(), path, replacements);
            return new LayerSpec.Residual(res.name(), body, sc);
        }
        return spec;
    }

    /** Lists every conv and linear layer in forward order with shapes and costs. */
    public static List<LayerInfo> layers(LayerSpec root, FeatureShape input) {
        List<LayerInfo> out = new ArrayList<>();
        walk(root, "", input, out);
        return Collections.unmodifiableList(out);
    }

    /** Returns the total number of learnable parameters (BN scale and shift included, running stats not). */
    public static long parameterCount(LayerSpec spec) {
        if (spec instanceof LayerSpec.Conv c) {
            return c.weightCount() + (c.bias() ? c.outChannels() : 0);
        } else if (spec instanceof LayerSpec.Dense d) {
            return (long) d.inFeatures() * d.outFeatures() + (d.bias() ? d.outFeatures() : 0);
        } else if (spec instanceof LayerSpec.BatchNorm b) {
            return 2L * b.channels();
        } else if (spec instanceof LayerSpec.Sequence s) {
            return s.children().stream().mapToLong(NetworkSpec::parameterCount).sum();
        } else if (spec instanceof LayerSpec.Residual r) {
            long n = r.body().stream().mapToLong(NetworkSpec::parameterCount).sum();
            return n + (r.shortcut() == null ? 0 : parameterCount(r.shortcut()));
        }
        return 0;
    }

    /** Returns the total MACs per image of all conv and linear layers. */
    public static long macCount(LayerSpec root, FeatureShape input) {
        return layers(root, input).stream().mapToLong(LayerInfo::macs).sum();
    }

    private static FeatureShape walk(LayerSpec spec, String prefix, FeatureShape in, List<LayerInfo> out) {
        String path = join(prefix, spec.name());
        if (spec instanceof LayerSpec.Conv c) {
            FeatureShape o = c.outputShape(in);
            long params = c.weightCount() + (c.bias() ? c.outChannels() : 0);
            long macs = c.weightCount() * o.height() * o.width();
            out.add(new LayerInfo(
                    path,
                    "conv",
                    List.of(c.outChannels(), c.inChannels(), c.kernelH(), c.kernelW()),
                    List.of(c.strideH(), c.strideW()),
                    List.of(c.padH(), c.padW()),
                    List.of(in.height(), in.width()),
                    List.of(o.height(), o.width()),
                    params,
                    macs,
                    c));
            return o;
        } else if (spec instanceof LayerSpec.Dense d) {
            FeatureShape o = d.outputShape(in);
            long weights = (long) d.inFeatures() * d.outFeatures();
            out.add(new LayerInfo(
                    path,
                    "linear",
                    List.of(d.outFeatures(), d.inFeatures()),
                    List.of(1, 1),
                    List.of(0, 0),
                    List.of(1, 1),
                    List.of(1, 1),
                    weights + (d.bias() ? d.outFeatures() : 0),
                    weights,
                    d));
            return o;
        } else if (spec instanceof LayerSpec.Sequence s) {
            FeatureShape x = in;
            for (LayerSpec c : s.children()) {
                x = walk(c, path, x, out);
            }
            return x;
        } else if (spec instanceof LayerSpec.Residual r) {
            FeatureShape x = in;
            for (LayerSpec c : r.body()) {
                x = walk(c, path, x, out);
            }
            if (r.shortcut() != null) {
                walk(r.shortcut(), path, in, out);
            }
            return x;
        }
        return spec.outputShape(in);
    }
}
