package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.PyTorchExport;
import rankbench.experiment.model.SavedModel;

/** {@code rankbench export}: a model file (dense or factorized) → a directory plain PyTorch can load. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Export a model (dense or factorized) for PyTorch: DIR/model.safetensors (state dict with "
                    + "PyTorch names) and DIR/model.json (layer tree, input shape, mean, std, classes).",
            "In Python: sys.path.insert(0, 'tools'); import rankbench_torch; module, meta = rankbench_torch.load(DIR).",
            "ONNX: python3 tools/rankbench_torch.py DIR --onnx model.onnx (PyTorch's own exporter)."
        })
final class ExportCommand implements Callable<Integer> {

    /** The export formats. */
    enum Format {
        /** safetensors + model.json for tools/rankbench_torch.py. */
        PYTORCH("pytorch");

        private final String id;

        Format(String id) {
            this.id = id;
        }

        String id() {
            return id;
        }

        static Format fromId(String text) {
            for (Format f : values()) {
                if (f.id.equalsIgnoreCase(text.strip())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown format '" + text + "' (known: pytorch; for ONNX export to "
                    + "pytorch, then run tools/rankbench_torch.py DIR --onnx FILE)");
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Mixin
    CommonOptions.Model model;

    @Option(
            names = "--format",
            defaultValue = "pytorch",
            converter = FormatConverter.class,
            description = "Export format: pytorch (default). ONNX goes through PyTorch, see above.")
    Format format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write (created).")
    Path out;

    @Override
    public Integer call() throws IOException {
        SavedModel m = model.load();
        PyTorchExport.write(m, out);
        PrintWriter o = spec.commandLine().getOut();
        long params = NetworkSpec.parameterCount(m.manifest().network());
        if (output.json) {
            ObjectNode n = Json.object();
            n.put("format", format.id());
            n.put("out", out.toString());
            n.put("weights", out.resolve(PyTorchExport.WEIGHTS_FILE).toString());
            n.put("description", out.resolve(PyTorchExport.DESCRIPTION_FILE).toString());
            n.put("architecture", m.manifest().architecture());
            n.put("params", params);
            o.println(Json.pretty(n));
        } else {
            o.printf(
                    Locale.ROOT,
                    "Exported %s (%s, %,d parameters) for PyTorch to %s (%s, %s)%n",
                    model.describe(),
                    m.manifest().architecture(),
                    params,
                    out,
                    PyTorchExport.WEIGHTS_FILE,
                    PyTorchExport.DESCRIPTION_FILE);
        }
        o.flush();
        return 0;
    }

    /** Parses {@code --format}. */
    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
