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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;

/** {@code rankbench import}: PyTorch weights (safetensors) of a built-in architecture → a model file. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import PyTorch weights (a .safetensors state dict with PyTorch names, e.g. layer1.0.conv1.weight) "
                + "of a built-in architecture into a RankBench model file. (The weights.safetensors entry inside "
                + "any .rbm zip goes the other way.)")
final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Parameters(index = "0", paramLabel = "WEIGHTS.safetensors", description = "The PyTorch weights.")
    Path weights;

    @Option(names = "--arch", required = true, description = "lenet5, resnet20, resnet32, resnet56, vgg16, resnet18.")
    String arch;

    @Option(names = "--input", defaultValue = "1x28x28", description = "Input CxHxW (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--classes", paramLabel = "NAMES",
            description = "Comma-separated class names, or fashion-mnist (also sets its normalisation). "
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
        String[] p = input.toLowerCase(Locale.ROOT).split("x");
        if (p.length != 3) {
            throw new IllegalArgumentException("--input must look like 1x28x28, got " + input);
        }
        FeatureShape shape = new FeatureShape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
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
        SavedModel model = ModelFiles.importSafetensors(weights, Architecture.fromId(arch), shape, names, m, s);
        ModelFiles.write(model, out);
        PrintWriter o = spec.commandLine().getOut();
        long params = NetworkSpec.parameterCount(model.manifest().network());
        if (output.json) {
            ObjectNode n = Json.object();
            n.put("out", out.toString());
            n.put("architecture", model.manifest().architecture());
            n.put("classes", model.manifest().classes().size());
            n.put("params", params);
            o.println(Json.pretty(n));
        } else {
            o.printf(Locale.ROOT, "Imported %s as %s (%d classes, %,d parameters) into %s%n", weights,
                    model.manifest().architecture(), model.manifest().classes().size(), params, out);
        }
        o.flush();
        return 0;
    }
}
