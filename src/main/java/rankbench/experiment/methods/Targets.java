package rankbench.experiment.methods;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import rankbench.experiment.model.LayerInfo;

/**
 * Which layers a rule or method compresses. The default follows TRP and S2 (docs/METHODS.md §4, §7):
 * every conv whose kernel is not 1x1, except the very first conv of the network; linear layers are
 * left alone. Options add the first conv, 1x1 convs and linear layers; or a list of layer names
 * selects exactly those layers.
 *
 * @param includeFirst also compress the first conv
 * @param includePointwise also compress 1x1 convs
 * @param includeLinear also compress linear layers
 * @param layers if not empty, exactly these layers (PyTorch names, e.g. {@code layer1.0.conv1}); the
 *     flags are then ignored
 */
public record Targets(boolean includeFirst, boolean includePointwise, boolean includeLinear, List<String> layers) {

    /** Copies the layer list (null = none). */
    public Targets {
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** A selection by kind (no explicit layer list). */
    public Targets(boolean includeFirst, boolean includePointwise, boolean includeLinear) {
        this(includeFirst, includePointwise, includeLinear, List.of());
    }

    /** The default selection: k x k convs (k > 1) except the first. */
    public static Targets defaults() {
        return new Targets(false, false, false);
    }

    /** Exactly the named layers. */
    public static Targets of(List<String> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("give at least one target layer");
        }
        return new Targets(false, false, false, layers);
    }

    /**
     * Parses {@code default} (the default selection) or a comma-separated list of layer names
     * ({@code layer1.0.conv1,layer1.0.conv2}).
     */
    public static Targets parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        if (s.isEmpty() || s.toLowerCase(Locale.ROOT).equals("default")) {
            return defaults();
        }
        List<String> names = Arrays.stream(s.split(","))
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                .toList();
        Set<String> unique = new LinkedHashSet<>(names);
        if (unique.size() != names.size()) {
            throw new IllegalArgumentException("a target layer is listed twice in '" + spec + "'");
        }
        return of(names);
    }

    /**
     * Returns the selected layers, in forward order.
     *
     * @throws IllegalArgumentException if a named layer is not a compressible layer of the model
     */
    public List<LayerInfo> select(List<LayerInfo> layers) {
        if (!this.layers.isEmpty()) {
            List<String> known = layers.stream().map(LayerInfo::name).toList();
            for (String n : this.layers) {
                if (!known.contains(n)) {
                    throw new IllegalArgumentException(
                            "unknown target layer '" + n + "'; compressible layers: " + String.join(", ", known));
                }
            }
            return layers.stream().filter(l -> this.layers.contains(l.name())).toList();
        }
        List<LayerInfo> out = new ArrayList<>();
        boolean first = true;
        for (LayerInfo l : layers) {
            if (l.isConv()) {
                boolean isFirst = first;
                first = false;
                if (isFirst && !includeFirst) {
                    continue;
                }
                boolean pointwise =
                        l.weightShape().get(2) == 1 && l.weightShape().get(3) == 1;
                if (pointwise && !includePointwise) {
                    continue;
                }
                out.add(l);
            } else if (includeLinear) {
                out.add(l);
            }
        }
        return out;
    }

    /** Returns {@code default}, the layer list, or the flags. */
    @Override
    public String toString() {
        if (!layers.isEmpty()) {
            return String.join(",", layers);
        }
        if (!includeFirst && !includePointwise && !includeLinear) {
            return "default";
        }
        return "default" + (includeFirst ? "+first" : "") + (includePointwise ? "+pointwise" : "")
                + (includeLinear ? "+linear" : "");
    }
}
