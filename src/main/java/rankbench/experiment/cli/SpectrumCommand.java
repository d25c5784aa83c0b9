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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.Spectrum;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;

/** {@code rankbench spectrum}: singular values of every compressible layer's matrix view. */
@Command(
        name = "spectrum",
        mixinStandardHelpOptions = true,
        description = "Singular values (descending, all of them) of each compressible layer under a matrix view "
                + "of its kernel. Linear layers are always out x in.")
final class SpectrumCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Mixin
    CommonOptions.Model model;

    @Option(
            names = "--scheme",
            paramLabel = "S",
            defaultValue = "channel",
            description = "channel (Cout x Cin*kh*kw), spatial (Cout*kh x Cin*kw), spatial-vh (Cin*kh x Cout*kw), "
                    + "input (Cout*kh*kw x Cin) or tucker2 (both mode unfoldings). Default: ${DEFAULT-VALUE}.")
    String scheme;

    @Option(names = "--layer", paramLabel = "NAME", description = "Only this layer (repeatable).")
    List<String> onlyLayers;

    @Option(
            names = "--exact",
            description = "Exact values from LAPACK dgesdd; the default fast route (Gram matrix + symmetric "
                    + "eigenvalues, double) is accurate to about 1e-8 of the largest value.")
    boolean exact;

    @Override
    public Integer call() {
        Scheme s = Scheme.fromId(scheme);
        SavedModel saved = model.load();
        List<LayerInfo> layers =
                NetworkSpec.layers(saved.manifest().network(), saved.manifest().input());
        if (onlyLayers != null && !onlyLayers.isEmpty()) {
            for (String n : onlyLayers) {
                if (layers.stream().noneMatch(l -> l.name().equals(n))) {
                    throw new IllegalArgumentException("no compressible layer named '" + n + "'; known: "
                            + layers.stream().map(LayerInfo::name).toList());
                }
            }
            layers = layers.stream().filter(l -> onlyLayers.contains(l.name())).toList();
        }
        long t0 = System.nanoTime();
        List<Spectrum> spectra = new SpectrumCache().spectra(saved.weights(), layers, s, exact);
        double ms = (System.nanoTime() - t0) / 1e6;
        PrintWriter o = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode n = Json.object();
            n.put("model", model.describe());
            n.put("exact", exact);
            n.put("millis", ms);
            ArrayNode arr = n.putArray("layers");
            for (Spectrum sp : spectra) {
                ObjectNode e = arr.addObject();
                e.put("name", sp.layer());
                e.put("scheme", sp.scheme().id());
                if (sp.mode() >= 0) {
                    e.put("mode", sp.mode());
                }
                e.put("rows", sp.rows());
                e.put("cols", sp.cols());
                ArrayNode v = e.putArray("singularValues");
                for (double x : sp.singularValues()) {
                    v.add(x);
                }
            }
            o.println(Json.pretty(n));
        } else {
            o.printf(Locale.ROOT, "%s: singular values, %s view (%.0f ms)%n", model.describe(), s.id(), ms);
            o.printf(
                    Locale.ROOT,
                    "%-24s %-10s %-11s %10s %10s %6s %6s %6s%n",
                    "layer",
                    "scheme",
                    "matrix",
                    "s_1",
                    "s_min",
                    "r@90%",
                    "r@99%",
                    "full");
            for (Spectrum sp : spectra) {
                double[] v = sp.singularValues();
                String scheme = sp.scheme().id() + (sp.mode() >= 0 ? "/" + sp.mode() : "");
                o.printf(
                        Locale.ROOT,
                        "%-24s %-10s %-11s %10.4g %10.4g %6d %6d %6d%n",
                        sp.layer(),
                        scheme,
                        sp.rows() + "x" + sp.cols(),
                        v[0],
                        v[v.length - 1],
                        Svd.energyRank(v, 0.9),
                        Svd.energyRank(v, 0.99),
                        v.length);
            }
        }
        o.flush();
        return 0;
    }
}
