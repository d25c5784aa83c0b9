package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;

/** {@code rankbench info}: the model's compressible layers, parameters and MACs. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Describe a model: every compressible layer with its shape, geometry, parameters and MACs "
                + "(multiply-accumulates per image).")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Mixin
    CommonOptions.Model model;

    @Override
    public Integer call() {
        SavedModel saved = model.load();
        ModelManifest m = saved.manifest();
        var layers = NetworkSpec.layers(m.network(), m.input());
        long params = NetworkSpec.parameterCount(m.network());
        long macs = layers.stream().mapToLong(LayerInfo::macs).sum();
        PrintWriter o = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode n = Json.object();
            n.put("model", model.describe());
            n.put("architecture", m.architecture());
            n.set("input", Json.MAPPER.valueToTree(m.input()));
            n.set("classes", Json.MAPPER.valueToTree(m.classes()));
            n.put("params", params);
            n.put("macs", macs);
            ArrayNode arr = n.putArray("layers");
            for (LayerInfo l : layers) {
                ObjectNode e = arr.addObject();
                e.put("name", l.name());
                e.put("kind", l.kind());
                e.set("weightShape", Json.MAPPER.valueToTree(l.weightShape()));
                e.set("stride", Json.MAPPER.valueToTree(l.stride()));
                e.set("padding", Json.MAPPER.valueToTree(l.padding()));
                e.set("inputSize", Json.MAPPER.valueToTree(l.inputSize()));
                e.set("outputSize", Json.MAPPER.valueToTree(l.outputSize()));
                e.put("params", l.params());
                e.put("macs", l.macs());
            }
            if (m.training() != null) {
                n.set("training", Json.MAPPER.valueToTree(m.training()));
            }
            o.println(Json.pretty(n));
        } else {
            o.printf(
                    Locale.ROOT,
                    "%s: %s, input %s, %d classes%n",
                    model.describe(),
                    m.architecture(),
                    m.input(),
                    m.classes().size());
            o.printf(
                    Locale.ROOT,
                    "%-24s %-6s %-16s %-6s %-6s %-9s %-9s %10s %12s%n",
                    "layer",
                    "kind",
                    "weight",
                    "stride",
                    "pad",
                    "in",
                    "out",
                    "params",
                    "MACs");
            for (LayerInfo l : layers) {
                o.printf(
                        Locale.ROOT,
                        "%-24s %-6s %-16s %-6s %-6s %-9s %-9s %,10d %,12d%n",
                        l.name(),
                        l.kind(),
                        dims(l.weightShape()),
                        dims(l.stride()),
                        dims(l.padding()),
                        dims(l.inputSize()),
                        dims(l.outputSize()),
                        l.params(),
                        l.macs());
            }
            o.printf(Locale.ROOT, "total: %,d parameters, %,d MACs per image (%,d FLOPs)%n", params, macs, 2 * macs);
        }
        o.flush();
        return 0;
    }

    private static String dims(List<Integer> v) {
        return String.join("x", v.stream().map(String::valueOf).toList());
    }
}
