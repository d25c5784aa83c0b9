package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.NameMap;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SafetensorsImport;
import rankbench.experiment.model.SavedModel;

/** {@code rankbench import}: PyTorch weights (safetensors) of a built-in architecture → a model file. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Import PyTorch weights (a .safetensors state dict with PyTorch names, e.g. layer1.0.conv1.weight) "
                    + "of a built-in architecture into a RankBench model file. Names as in torchvision ResNet-18, "
                    + "CIFAR ResNet-20/32/56 (akamaster), VGG-16-BN features.N + classifier, LeNet-5 conv1..fc3; other "
                    + "schemes via --name-map. num_batches_tracked is ignored; every missing, unexpected or mis-shaped "
                    + "tensor is named with both shapes.",
            "Name map: a JSON object {\"their.name\": \"our.name\", \"their.prefix.\": \"our.prefix.\", "
                    + "\"dropped.\": null}; a leading 'module.' is stripped. The other way: rankbench export."
        })
final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Parameters(index = "0", paramLabel = "WEIGHTS.safetensors", description = "The PyTorch weights.")
    Path weights;

    @Option(
            names = "--arch",
            description =
                    "lenet5, resnet20, resnet32, resnet56, vgg16, resnet18, "
                            + "resnet18-imagenet (torchvision's 7x7 stem) (default: the one whose names and stem match the file).")
    String arch;

    @Option(
            names = "--input",
            description = "Input CxHxW (default: inferred where the weights fix it, else "
                    + "the file's input channels x 28 x 28).")
    String input;

    @Option(names = "--name-map", paramLabel = "MAP.json", description = "Rename foreign tensor names (see above).")
    Path nameMap;

    @Option(
            names = "--classes",
            paramLabel = "NAMES",
            description = "Comma-separated class names, or fashion-mnist (also sets its normalization). "
                    + "Default: 0, 1, 2, ...")
    String classes;

    @Option(names = "--mean", split = ",", description = "Per-channel mean after scaling pixels to [0,1] (default 0).")
    float[] mean;

    @Option(names = "--std", split = ",", description = "Per-channel standard deviation (default 1).")
    float[] std;

    @Option(names = "--out", required = true, paramLabel = "MODEL.rbm", description = "Model file to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        NameMap map = nameMap == null ? NameMap.NONE : NameMap.read(nameMap);
        SafetensorsImport.Probe probe = SafetensorsImport.probe(weights, map);
        Architecture architecture;
        if (arch != null) {
            architecture = Architecture.fromId(arch);
        } else if (probe.architecture() != null) {
            architecture = probe.architecture();
        } else {
            throw new IllegalArgumentException(
                    weights + ": the tensor names match no built-in architecture; give --arch"
                            + " (and --name-map if the names follow another scheme)");
        }
        FeatureShape shape;
        if (input != null) {
            shape = parseShape(input);
        } else if (probe.inputSize() != null && architecture == probe.architecture()) {
            shape = probe.inputSize();
        } else {
            int c = probe.inputChannels() != null && architecture == probe.architecture() ? probe.inputChannels() : 1;
            shape = new FeatureShape(c, 28, 28);
        }
        List<String> names = null;
        float[] m = mean;
        float[] s = std;
        if ("fashion-mnist".equalsIgnoreCase(classes)) {
            names = Datasets.FASHION_MNIST_CLASSES;
            m = m == null ? Datasets.FASHION_MNIST_NORMALIZATION.mean() : m;
            s = s == null ? Datasets.FASHION_MNIST_NORMALIZATION.std() : s;
        } else if (classes != null) {
            names = Arrays.stream(classes.split(",")).map(String::strip).toList();
        }
        if (m == null) {
            m = new float[shape.channels()];
        }
        if (s == null) {
            s = new float[shape.channels()];
            Arrays.fill(s, 1f);
        }
        SavedModel model = SafetensorsImport.read(weights, architecture, shape, names, m, s, map);
        ModelFiles.write(model, out);
        PrintWriter o = spec.commandLine().getOut();
        long params = NetworkSpec.parameterCount(model.manifest().network());
        if (output.json) {
            ObjectNode n = Json.object();
            n.put("out", out.toString());
            n.put("architecture", model.manifest().architecture());
            n.put("input", shape.toString());
            n.put("classes", model.manifest().classes().size());
            n.put("params", params);
            o.println(Json.pretty(n));
        } else {
            o.printf(
                    Locale.ROOT,
                    "Imported %s as %s on %s inputs (%d classes, %,d parameters) into %s%n",
                    weights,
                    model.manifest().architecture(),
                    shape,
                    model.manifest().classes().size(),
                    params,
                    out);
        }
        o.flush();
        return 0;
    }

    static FeatureShape parseShape(String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 3) {
                return new FeatureShape(
                        Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()), Integer.parseInt(p[2].strip()));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("--input must look like 1x28x28, got " + text);
    }
}
