package rankbench.experiment.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model as stored: manifest plus weights, in Java memory (no engine needed).
 *
 * @param manifest what the weights mean
 * @param weights parameters and running statistics by PyTorch-style name
 */
public record SavedModel(ModelManifest manifest, Map<String, Tensor> weights) {

    /** Copies the weight map to keep it immutable from the outside. */
    public SavedModel {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /** Builds a runnable network with these weights (caller closes it). */
    public Network toNetwork() {
        return Network.withWeights(manifest.network(), manifest.input(), weights);
    }

    /** Captures a network's current weights with the given manifest. */
    public static SavedModel of(Network network, ModelManifest manifest) {
        return new SavedModel(manifest, network.weights());
    }
}
