package rankbench.experiment.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The built-in architectures. Each builds a {@link LayerSpec} tree for a given input shape and
 * class count, with PyTorch-style layer names so weights can be exchanged.
 */
public enum Architecture {
    /** LeNet-5 with ReLU and max pooling; the first conv is padded so 28x28 inputs work. */
    LENET5("lenet5"),
    /** CIFAR ResNet-20 (He et al. 2016, option-A shortcuts), naming of akamaster/pytorch_resnet_cifar10. */
    RESNET20("resnet20"),
    /** CIFAR ResNet-32. */
    RESNET32("resnet32"),
    /** CIFAR ResNet-56. */
    RESNET56("resnet56"),
    /** VGG-16 with batch norm and a single linear classifier, for 32x32 (or 28x28) inputs. */
    VGG16("vgg16"),
    /** ResNet-18 adapted to small inputs: 3x3 stem, no max-pool, torchvision naming. */
    RESNET18("resnet18"),
    /**
     * torchvision's ResNet-18 as is (He et al. 2016, ImageNet stem: 7x7 stride-2 conv, 3x3 stride-2
     * max pool with padding 1), for importing torchvision checkpoints.
     */
    RESNET18_IMAGENET("resnet18-imagenet");

    private final String id;

    Architecture(String id) {
        this.id = id;
    }

    /** Returns the command-line identifier, e.g. {@code resnet20}. */
    public String id() {
        return id;
    }

    /** Finds an architecture by its identifier, with a clear error listing the known ones. */
    public static Architecture fromId(String id) {
        String key = normalize(id);
        for (Architecture a : values()) {
            if (normalize(a.id).equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown architecture '" + id + "'; known: "
                + Arrays.stream(values()).map(Architecture::id).toList());
    }

    private static String normalize(String id) {
        return id.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** Builds the network description for the given input and number of classes. */
    public LayerSpec.Sequence build(FeatureShape input, int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        LayerSpec.Sequence net = switch (this) {
            case LENET5 -> lenet5(input, numClasses);
            case RESNET20 -> cifarResNet(input, numClasses, 3);
            case RESNET32 -> cifarResNet(input, numClasses, 5);
            case RESNET56 -> cifarResNet(input, numClasses, 9);
            case VGG16 -> vgg16(input, numClasses);
            case RESNET18 -> resnet18(input, numClasses, false);
            case RESNET18_IMAGENET -> resnet18(input, numClasses, true);
        };
        net.outputShape(input); // validates the whole tree
        return net;
    }

    private static LayerSpec.Sequence lenet5(FeatureShape in, int classes) {
        int pad = Math.max(0, (32 - Math.min(in.height(), in.width())) / 2);
        List<LayerSpec> c = new ArrayList<>();
        c.add(LayerSpec.Conv.square("conv1", in.channels(), 6, 5, 1, pad, true));
        c.add(new LayerSpec.Relu("relu1"));
        c.add(new LayerSpec.MaxPool("pool1", 2, 2));
        c.add(LayerSpec.Conv.square("conv2", 6, 16, 5, 1, 0, true));
        c.add(new LayerSpec.Relu("relu2"));
        c.add(new LayerSpec.MaxPool("pool2", 2, 2));
        c.add(new LayerSpec.Flatten("flatten"));
        FeatureShape flat = new LayerSpec.Sequence("", c).outputShape(in);
        c.add(new LayerSpec.Dense("fc1", flat.size(), 120, true));
        c.add(new LayerSpec.Relu("relu3"));
        c.add(new LayerSpec.Dense("fc2", 120, 84, true));
        c.add(new LayerSpec.Relu("relu4"));
        c.add(new LayerSpec.Dense("fc3", 84, classes, true));
        return new LayerSpec.Sequence("", c);
    }

    private static LayerSpec.Sequence cifarResNet(FeatureShape in, int classes, int blocksPerStage) {
        List<LayerSpec> c = new ArrayList<>();
        c.add(LayerSpec.Conv.square("conv1", in.channels(), 16, 3, 1, 1, false));
        c.add(new LayerSpec.BatchNorm("bn1", 16));
        c.add(new LayerSpec.Relu("relu"));
        int inPlanes = 16;
        int[] planes = {16, 32, 64};
        for (int stage = 0; stage < 3; stage++) {
            List<LayerSpec> blocks = new ArrayList<>();
            for (int b = 0; b < blocksPerStage; b++) {
                int stride = (stage > 0 && b == 0) ? 2 : 1;
                LayerSpec shortcut = (stride != 1 || inPlanes != planes[stage])
                        ? new LayerSpec.PadShortcut("shortcut", inPlanes, planes[stage], stride)
                        : null;
                blocks.add(basicBlock(String.valueOf(b), inPlanes, planes[stage], stride, shortcut));
                inPlanes = planes[stage];
            }
            c.add(new LayerSpec.Sequence("layer" + (stage + 1), blocks));
        }
        c.add(new LayerSpec.GlobalAvgPool("avgpool"));
        c.add(new LayerSpec.Flatten("flatten"));
        c.add(new LayerSpec.Dense("linear", 64, classes, true));
        return new LayerSpec.Sequence("", c);
    }

    private static LayerSpec.Residual basicBlock(String name, int in, int out, int stride, LayerSpec shortcut) {
        return new LayerSpec.Residual(
                name,
                List.of(
                        LayerSpec.Conv.square("conv1", in, out, 3, stride, 1, false),
                        new LayerSpec.BatchNorm("bn1", out),
                        new LayerSpec.Relu("relu"),
                        LayerSpec.Conv.square("conv2", out, out, 3, 1, 1, false),
                        new LayerSpec.BatchNorm("bn2", out)),
                shortcut);
    }

    private static LayerSpec.Sequence resnet18(FeatureShape in, int classes, boolean imagenetStem) {
        List<LayerSpec> c = new ArrayList<>();
        if (imagenetStem) {
            c.add(LayerSpec.Conv.square("conv1", in.channels(), 64, 7, 2, 3, false));
        } else {
            c.add(LayerSpec.Conv.square("conv1", in.channels(), 64, 3, 1, 1, false));
        }
        c.add(new LayerSpec.BatchNorm("bn1", 64));
        c.add(new LayerSpec.Relu("relu"));
        if (imagenetStem) {
            c.add(new LayerSpec.MaxPool("maxpool", 3, 2, 1));
        }
        int inPlanes = 64;
        int[] planes = {64, 128, 256, 512};
        for (int stage = 0; stage < 4; stage++) {
            List<LayerSpec> blocks = new ArrayList<>();
            for (int b = 0; b < 2; b++) {
                int stride = (stage > 0 && b == 0) ? 2 : 1;
                LayerSpec shortcut = null;
                if (stride != 1 || inPlanes != planes[stage]) {
                    shortcut = new LayerSpec.Sequence(
                            "downsample",
                            List.of(
                                    LayerSpec.Conv.square("0", inPlanes, planes[stage], 1, stride, 0, false),
                                    new LayerSpec.BatchNorm("1", planes[stage])));
                }
                blocks.add(basicBlock(String.valueOf(b), inPlanes, planes[stage], stride, shortcut));
                inPlanes = planes[stage];
            }
            c.add(new LayerSpec.Sequence("layer" + (stage + 1), blocks));
        }
        c.add(new LayerSpec.GlobalAvgPool("avgpool"));
        c.add(new LayerSpec.Flatten("flatten"));
        c.add(new LayerSpec.Dense("fc", 512, classes, true));
        return new LayerSpec.Sequence("", c);
    }

    private static LayerSpec.Sequence vgg16(FeatureShape in, int classes) {
        int[] cfg = {64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512, -1};
        List<LayerSpec> features = new ArrayList<>();
        int channels = in.channels();
        int size = Math.min(in.height(), in.width());
        int index = 0;
        for (int v : cfg) {
            if (v < 0) {
                if (size >= 2) { // a 28x28 input reaches 1x1 after four pools; the fifth is skipped
                    features.add(new LayerSpec.MaxPool(String.valueOf(index++), 2, 2));
                    size /= 2;
                }
            } else {
                features.add(LayerSpec.Conv.square(String.valueOf(index++), channels, v, 3, 1, 1, true));
                features.add(new LayerSpec.BatchNorm(String.valueOf(index++), v));
                features.add(new LayerSpec.Relu(String.valueOf(index++)));
                channels = v;
            }
        }
        List<LayerSpec> c = new ArrayList<>();
        c.add(new LayerSpec.Sequence("features", features));
        c.add(new LayerSpec.GlobalAvgPool("avgpool"));
        c.add(new LayerSpec.Flatten("flatten"));
        c.add(new LayerSpec.Dense("classifier", 512, classes, true));
        return new LayerSpec.Sequence("", c);
    }
}
