package rankbench.experiment.model;

import java.util.List;

/**
 * A compressible layer (conv or linear) with its geometry and cost.
 *
 * @param name PyTorch-style dotted name, e.g. {@code layer1.0.conv1}
 * @param kind {@code conv} or {@code linear}
 * @param weightShape OIHW for convs, {@code [out, in]} for linears
 * @param stride {@code [sh, sw]} ({@code [1, 1]} for linears)
 * @param padding {@code [ph, pw]} ({@code [0, 0]} for linears)
 * @param inputSize {@code [h, w]} of the input feature map ({@code [1, 1]} for linears)
 * @param outputSize {@code [h, w]} of the output feature map ({@code [1, 1]} for linears)
 * @param params weights plus bias
 * @param macs multiply-accumulates per image (bias additions not counted)
 * @param spec the layer's description
 */
public record LayerInfo(
        String name,
        String kind,
        List<Integer> weightShape,
        List<Integer> stride,
        List<Integer> padding,
        List<Integer> inputSize,
        List<Integer> outputSize,
        long params,
        long macs,
        LayerSpec spec) {

    /** Returns true for convolutions. */
    public boolean isConv() {
        return spec instanceof LayerSpec.Conv;
    }
}
