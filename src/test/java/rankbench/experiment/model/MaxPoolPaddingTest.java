package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Padded max pooling and torchvision's ResNet-18 (no engine). */
class MaxPoolPaddingTest {

    @Test
    void manifestsWrittenBeforePoolPaddingExistedReadAsUnpadded() throws Exception {
        LayerSpec s = ModelFiles.json()
                .readValue("{\"type\":\"maxpool\",\"name\":\"pool1\",\"kernel\":2,\"stride\":2}", LayerSpec.class);
        assertEquals(new LayerSpec.MaxPool("pool1", 2, 2, 0), s);
    }

    @Test
    void paddedPoolingHalvesLikeTorchvisionsStem() {
        assertEquals(
                new FeatureShape(64, 56, 56),
                new LayerSpec.MaxPool("maxpool", 3, 2, 1).outputShape(new FeatureShape(64, 112, 112)));
    }

    @Test
    void resnet18ImagenetHasTorchvisionsParameterCountAndStem() {
        FeatureShape in = new FeatureShape(3, 224, 224);
        LayerSpec.Sequence net = Architecture.fromId("resnet18-imagenet").build(in, 1000);
        assertEquals(11_689_512, NetworkSpec.parameterCount(net)); // torchvision.models.resnet18()
        List<LayerInfo> layers = NetworkSpec.layers(net, in);
        assertEquals(List.of(64, 3, 7, 7), layers.get(0).weightShape());
        assertEquals(List.of(56, 56), layers.get(1).inputSize());
        assertEquals(Architecture.RESNET18_IMAGENET, Architecture.fromId("RESNET18_IMAGENET"));
    }
}
