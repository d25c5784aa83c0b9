package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelZooTest {

    private static final FeatureShape FMNIST = new FeatureShape(1, 28, 28);
    private static final FeatureShape CIFAR = new FeatureShape(3, 32, 32);

    /** conv 3x3 MACs = Cout*Cin*9*H*W. */
    private static long conv3(int cout, int cin, int hw) {
        return (long) cout * cin * 9 * hw * hw;
    }

    @Test
    void resnet20On28x28HasHandComputedParametersAndMacs() {
        LayerSpec.Sequence net = Architecture.RESNET20.build(FMNIST, 10);
        // conv weights: stem 16*1*9; stage1 6 x 16*16*9; stage2 32*16*9 + 5 x 32*32*9; stage3 64*32*9 + 5 x 64*64*9
        long convW = 16 * 9 + 6 * 2304 + (4608 + 5 * 9216) + (18432 + 5 * 36864);
        long bn = 2 * (16 + 6 * 16 + 6 * 32 + 6 * 64);
        long fc = 64 * 10 + 10;
        assertEquals(convW + bn + fc, NetworkSpec.parameterCount(net));
        assertEquals(
                269_722 - 16 * 3 * 9 + 16 * 9, NetworkSpec.parameterCount(net)); // CIFAR count with a 1-channel stem
        long macs = conv3(16, 1, 28)
                + 6 * conv3(16, 16, 28)
                + conv3(32, 16, 14)
                + 5 * conv3(32, 32, 14)
                + conv3(64, 32, 7)
                + 5 * conv3(64, 64, 7)
                + 640;
        assertEquals(macs, NetworkSpec.macCount(net, FMNIST));
        assertEquals(30_821_248L, macs);
    }

    @Test
    void resnet20On32x32HasTheWellKnownCounts() {
        LayerSpec.Sequence net = Architecture.RESNET20.build(CIFAR, 10);
        assertEquals(269_722, NetworkSpec.parameterCount(net)); // the "0.27M" of He et al.
        long macs = conv3(16, 3, 32)
                + 6 * conv3(16, 16, 32)
                + conv3(32, 16, 16)
                + 5 * conv3(32, 32, 16)
                + conv3(64, 32, 8)
                + 5 * conv3(64, 64, 8)
                + 640;
        assertEquals(macs, NetworkSpec.macCount(net, CIFAR));
        assertEquals(40_551_040L, macs); // ~41 M MACs, as usually quoted for CIFAR ResNet-20
    }

    @Test
    void resnet20LayersFollowPyTorchNames() {
        List<LayerInfo> layers = NetworkSpec.layers(Architecture.RESNET20.build(FMNIST, 10), FMNIST);
        assertEquals(20, layers.size()); // 19 convs + 1 linear
        assertEquals("conv1", layers.get(0).name());
        assertEquals("layer1.0.conv1", layers.get(1).name());
        assertEquals("layer2.0.conv1", layers.get(7).name());
        assertEquals("linear", layers.get(19).name());
        LayerInfo l = layers.get(7);
        assertEquals(List.of(32, 16, 3, 3), l.weightShape());
        assertEquals(List.of(2, 2), l.stride());
        assertEquals(List.of(1, 1), l.padding());
        assertEquals(List.of(28, 28), l.inputSize());
        assertEquals(List.of(14, 14), l.outputSize());
        assertEquals(4608, l.params());
        assertEquals(4608L * 196, l.macs());
    }

    @Test
    void resnet18UsesTorchvisionDownsampleNames() {
        List<String> names = NetworkSpec.layers(Architecture.RESNET18.build(CIFAR, 10), CIFAR).stream()
                .map(LayerInfo::name)
                .collect(Collectors.toList());
        assertTrue(names.contains("layer2.0.downsample.0"), names.toString());
        assertEquals("fc", names.get(names.size() - 1));
        assertEquals(21, names.size()); // 17 3x3 convs + 3 downsample 1x1 + fc
        assertEquals(11_173_962, NetworkSpec.parameterCount(Architecture.RESNET18.build(CIFAR, 10)));
    }

    @Test
    void vgg16HasThirteenConvsAndOneClassifier() {
        for (FeatureShape in : List.of(CIFAR, FMNIST)) {
            List<LayerInfo> layers = NetworkSpec.layers(Architecture.VGG16.build(in, 10), in);
            assertEquals(14, layers.size());
            assertEquals("features.0", layers.get(0).name());
            assertEquals("classifier", layers.get(13).name());
        }
    }

    @Test
    void lenet5HasTheClassicShapes() {
        List<LayerInfo> layers = NetworkSpec.layers(Architecture.LENET5.build(FMNIST, 10), FMNIST);
        assertEquals(
                List.of("conv1", "conv2", "fc1", "fc2", "fc3"),
                layers.stream().map(LayerInfo::name).toList());
        assertEquals(List.of(120, 400), layers.get(2).weightShape());
        assertEquals(61_706, NetworkSpec.parameterCount(Architecture.LENET5.build(FMNIST, 10)));
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void everyArchitectureBuildsForBothInputSizes(Architecture a) {
        for (FeatureShape in : List.of(CIFAR, FMNIST)) {
            LayerSpec.Sequence net = a.build(in, 7);
            assertEquals(new FeatureShape(7, 1, 1), net.outputShape(in));
            assertEquals(net, Architecture.fromId(a.id()).build(in, 7));
        }
    }

    @Test
    void unknownArchitectureNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.fromId("alexnet"));
        assertTrue(e.getMessage().contains("resnet20"), e.getMessage());
    }

    @Test
    void parameterShapesMatchTheSpecCounts() {
        LayerSpec.Sequence net = Architecture.RESNET20.build(FMNIST, 10);
        long sum = ParameterShapes.of(net).entrySet().stream()
                .filter(e -> !e.getKey().contains("running"))
                .mapToLong(e -> {
                    long n = 1;
                    for (int d : e.getValue()) {
                        n *= d;
                    }
                    return n;
                })
                .sum();
        assertEquals(NetworkSpec.parameterCount(net), sum);
        assertTrue(ParameterShapes.of(net).containsKey("layer3.2.bn2.running_var"));
    }
}
