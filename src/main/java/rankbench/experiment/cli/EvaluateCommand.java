package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.DatasetSplits;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.EvaluationResult;
import rankbench.experiment.training.Evaluator;

/** {@code rankbench evaluate}: loss and accuracy of a model on a split. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Evaluate a model: loss, top-1/top-5 accuracy, per-class accuracy, confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions.Output output;

    @Mixin
    CommonOptions.Data data;

    @Mixin
    CommonOptions.Model model;

    @Option(
            names = "--split",
            defaultValue = "test",
            description = "test, validation or train (default: ${DEFAULT-VALUE}). "
                    + "validation = the seeded hold-out of the training split (--validation-fraction).")
    String split;

    @Option(
            names = "--validation-fraction",
            defaultValue = "0.05",
            description = "Hold-out fraction defining the validation split (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--batch", defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
        output.applyEngine();
        SavedModel saved = model.load();
        DataSource src = Datasets2.plain(data);
        ImageDataset set = switch (split.toLowerCase(Locale.ROOT)) {
            case "test" -> src.test();
            case "train" -> src.train();
            case "validation", "val" ->
                DatasetSplits.split(src.train(), src.test(), validationFraction, data.seed)
                        .validation();
            default -> throw new IllegalArgumentException("--split must be test, validation or train, got " + split);
        };
        set = CommonOptions.Data.limit(set, data.limit);
        Normalization norm =
                new Normalization(saved.manifest().mean(), saved.manifest().std());
        EvaluationResult r;
        try (Network net = saved.toNetwork()) {
            r = Evaluator.evaluate(net, set, norm, batch);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode n = Json.object();
            n.put("accuracy", r.accuracy());
            n.put("loss", r.loss());
            n.put("count", r.count());
            n.put("top5", r.top5());
            n.put("split", split);
            n.put("model", model.describe());
            n.put("dataset", src.name());
            ArrayNode pc = n.putArray("perClass");
            for (int c = 0; c < r.perClassAccuracy().length; c++) {
                ObjectNode e = pc.addObject();
                e.put("class", c < r.classNames().size() ? r.classNames().get(c) : "class" + c);
                Json.put(e, "accuracy", r.perClassAccuracy()[c]);
            }
            n.set("confusion", Json.MAPPER.valueToTree(r.confusion()));
            o.println(Json.pretty(n));
        } else {
            o.printf(
                    Locale.ROOT,
                    "%s on %s (%s split, %d images): accuracy %.2f %%, top-5 %.2f %%, loss %.4f%n",
                    model.describe(),
                    src.name(),
                    split,
                    r.count(),
                    100 * r.accuracy(),
                    100 * r.top5(),
                    r.loss());
            for (int c = 0; c < r.perClassAccuracy().length; c++) {
                o.printf(
                        Locale.ROOT,
                        "  %-14s %6.2f %%%n",
                        c < r.classNames().size() ? r.classNames().get(c) : "class" + c,
                        100 * r.perClassAccuracy()[c]);
            }
        }
        o.flush();
        return 0;
    }

    /** Loads data without applying --limit (applied to the chosen split only). */
    static final class Datasets2 {
        private Datasets2() {}

        static DataSource plain(CommonOptions.Data d) {
            return Datasets.load(d.data);
        }
    }
}
