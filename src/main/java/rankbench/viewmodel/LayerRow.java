package rankbench.viewmodel;

import java.util.List;
import java.util.stream.Collectors;
import rankbench.experiment.model.LayerInfo;

/**
 * One compressible layer as the layer table shows it.
 *
 * @param name PyTorch-style name
 * @param kind conv or linear
 * @param weightShape e.g. {@code 16x16x3x3}
 * @param featureMaps e.g. {@code 28x28 → 14x14}
 * @param params parameters (weights and bias)
 * @param macs multiply-accumulates per image
 */
public record LayerRow(String name, String kind, String weightShape, String featureMaps, long params, long macs) {

    /** Creates a row from a layer description. */
    public static LayerRow of(LayerInfo l) {
        return new LayerRow(
                l.name(),
                l.kind(),
                dims(l.weightShape()),
                dims(l.inputSize()) + " \u2192 " + dims(l.outputSize()),
                l.params(),
                l.macs());
    }

    private static String dims(List<Integer> v) {
        return v.stream().map(String::valueOf).collect(Collectors.joining("\u00d7"));
    }
}
