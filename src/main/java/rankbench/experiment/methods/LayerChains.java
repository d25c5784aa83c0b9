package rankbench.experiment.methods;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

/**
 * Models in which every target layer was replaced by a chain of three layers named {@code <layer>.0},
 * {@code <layer>.1} and {@code <layer>.2} (the last one carrying the bias), as the SVD-training and the
 * over-parameterized orthogonal methods train them; {@link #collapse} turns such a model back into the dense
 * architecture, one kernel per chain.
 */
final class LayerChains {

    private LayerChains() {}

    /** How a method multiplies one chain's three weights back into the dense layer's kernel. */
    interface Product {
        /**
         * The dense kernel of {@code layer}, of shape {@code denseShape}, from the chain's weights
         * {@code <layer>.0.weight}, {@code <layer>.1.weight} and {@code <layer>.2.weight} in {@code weights}.
         */
        Tensor kernel(String layer, Map<String, Tensor> weights, int[] denseShape);
    }

    /**
     * The dense model of {@code chained}: the weights of {@code dense}'s architecture, each target layer's
     * kernel the {@code product} of its chain and its bias the chain's last bias, every other weight as trained.
     */
    static SavedModel collapse(SavedModel chained, SavedModel dense, List<LayerInfo> targets, Product product) {
        Set<String> chains = targets.stream().map(LayerInfo::name).collect(Collectors.toSet());
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : dense.weights().entrySet()) {
            String n = e.getKey();
            String layer = n.substring(0, n.lastIndexOf('.'));
            if (!chains.contains(layer)) {
                w.put(n, chained.weights().get(n));
            } else if (n.endsWith(".bias")) {
                w.put(n, chained.weights().get(layer + ".2.bias"));
            } else {
                w.put(n, product.kernel(layer, chained.weights(), e.getValue().shape()));
            }
        }
        return new SavedModel(dense.manifest(), w);
    }
}
