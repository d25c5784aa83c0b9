package rankbench.experiment.methods;

import java.util.ArrayList;
import java.util.List;
import rankbench.experiment.model.LayerInfo;

/**
 * Which layers a rule or method compresses. The default follows TRP and S2 (METHODS.md §4, §7):
 * every conv whose kernel is not 1x1, except the very first conv of the network; linear layers are
 * left alone. Options add the first conv, 1x1 convs and linear layers.
 *
 * @param includeFirst also compress the first conv
 * @param includePointwise also compress 1x1 convs
 * @param includeLinear also compress linear layers
 */
public record Targets(boolean includeFirst, boolean includePointwise, boolean includeLinear) {

    /** The default selection: k x k convs (k > 1) except the first. */
    public static Targets defaults() {
        return new Targets(false, false, false);
    }

    /** Returns the selected layers, in forward order. */
    public List<LayerInfo> select(List<LayerInfo> layers) {
        List<LayerInfo> out = new ArrayList<>();
        boolean first = true;
        for (LayerInfo l : layers) {
            if (l.isConv()) {
                boolean isFirst = first;
                first = false;
                if (isFirst && !includeFirst) {
                    continue;
                }
                boolean pointwise = l.weightShape().get(2) == 1 && l.weightShape().get(3) == 1;
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
}
