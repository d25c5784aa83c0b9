package rankbench.experiment.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The JSON part of a model file: what the weights mean.
 *
 * @param formatVersion {@link ModelFiles#FORMAT_VERSION} when written
 * @param architecture built-in architecture id, or a description for factorized/imported models
 * @param input shape of one input image
 * @param classes class names, in label order
 * @param mean per-channel mean subtracted after scaling pixels to [0, 1]
 * @param std per-channel standard deviation divided by after subtracting the mean
 * @param network the layer tree the weights belong to
 * @param training how the weights were produced (may be null)
 * @param weightsSha256 hex SHA-256 of the weights entry, checked on load
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
        int formatVersion,
        String architecture,
        FeatureShape input,
        List<String> classes,
        float[] mean,
        float[] std,
        LayerSpec.Sequence network,
        TrainingRecord training,
        String weightsSha256) {

    /** Returns a copy with a different training record. */
    public ModelManifest withTraining(TrainingRecord record) {
        return new ModelManifest(
                formatVersion, architecture, input, classes, mean, std, network, record, weightsSha256);
    }

    /**
     * Returns the manifest of a model derived from this one with another network (e.g. some layers replaced
     * by factor layers): the given architecture label and network, no weights checksum yet.
     */
    public ModelManifest withNetwork(String newArchitecture, LayerSpec.Sequence newNetwork) {
        return new ModelManifest(formatVersion, newArchitecture, input, classes, mean, std, newNetwork, training, null);
    }

    /** Returns a copy with a different weights checksum. */
    public ModelManifest withWeightsSha256(String sha) {
        return new ModelManifest(formatVersion, architecture, input, classes, mean, std, network, training, sha);
    }
}
