package rankbench.experiment.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import rankbench.experiment.methods.MethodResult;
import rankbench.experiment.methods.RankSnapshot;
import rankbench.experiment.training.RunStatus;
import rankbench.experiment.training.Schedule;
import rankbench.experiment.training.TrainingConfig;
import rankbench.experiment.training.TrainingEvent;
import rankbench.experiment.training.TrainingListener;

/**
 * What {@code learn} and {@code finetune} print: their progress events (JSON lines with {@code --json},
 * short lines on stderr otherwise) and their result, whose {@code status} says whether it is one.
 */
final class RunOutput {

    private RunOutput() {}

    /** What a result was made from, besides the {@link MethodResult} itself. */
    record Context(
            String model,
            String dataset,
            int trainImages,
            int testImages,
            TrainingConfig training,
            String targets,
            JsonNode parameters,
            int latencyBatch,
            Path out) {}

    /** Prints the result object of a run that threw: status failed, the error in one line. */
    static void failed(PrintWriter o, boolean json, String method, Throwable e) {
        if (json) { // the stream still ends with a result object; the error line goes to stderr
            ObjectNode f = Json.object();
            f.put("event", "result");
            f.put("method", method);
            f.put("status", RunStatus.FAILED.id());
            f.put("statusMessage", Cli.oneLine(e));
            o.println(Json.line(f));
            o.flush();
        }
    }

    /** The result object of {@code --json}. */
    static ObjectNode json(MethodResult r, Context c) throws IOException {
        boolean written = r.status().hasResult();
        ObjectNode res = Json.object();
        res.put("event", "result");
        res.put("method", r.method());
        res.put("status", r.status().id());
        res.put("statusMessage", r.statusMessage());
        res.put("message", r.message());
        if (written) {
            res.put("out", c.out().toString());
        } else {
            res.putNull("out");
        }
        res.put("model", c.model());
        res.put("dataset", c.dataset());
        res.put("trainImages", c.trainImages());
        res.put("testImages", c.testImages());
        res.put("epochs", c.training().epochs());
        res.put("learningRate", c.training().learningRate());
        res.put("schedule", Schedule.fromId(c.training().schedule()).id());
        res.put("weightDecay", c.training().weightDecay());
        res.put("batch", c.training().batchSize());
        res.put("seed", c.training().seed());
        res.put("targets", c.targets());
        res.set("parameters", c.parameters());
        res.set("plan", Json.MAPPER.readTree(r.plan().toJson()).get("layers"));
        Json.put(res, "baseAccuracy", r.baseAccuracy());
        Json.put(res, "directAccuracy", r.directAccuracy());
        Json.put(res, "compressedAccuracy", r.compressedAccuracy());
        Json.put(res, "fineTunedAccuracy", r.fineTunedAccuracy());
        Json.put(res, "compressedValidationAccuracy", r.compressedValidationAccuracy());
        Json.put(res, "fineTunedValidationAccuracy", r.fineTunedValidationAccuracy());
        res.put("validationImages", r.validationImages());
        res.put("baseParams", r.baseParams());
        res.put("params", r.params());
        res.put("baseMacs", r.baseMacs());
        res.put("macs", r.macs());
        Json.put(res, "macReduction", (double) r.baseMacs() / r.macs());
        Json.put(res, "baseLatencyMs", r.baseLatencyMs());
        Json.put(res, "latencyMs", r.latencyMs());
        res.put("latencyBatch", c.latencyBatch());
        res.put("learnSeconds", r.learnSeconds());
        res.put("fineTuneSeconds", r.fineTuneSeconds());
        res.put("wallSeconds", r.wallSeconds());
        return res;
    }

    /** Prints the result: one JSON line with {@code --json}, else words ({@link #text}). */
    static void print(PrintWriter o, boolean json, MethodResult r, Context c, String learnedLabel) throws IOException {
        if (json) {
            o.println(Json.line(json(r, c)));
        } else {
            text(o, r, c, learnedLabel);
        }
    }

    /** The result in words. */
    static void text(PrintWriter o, MethodResult r, Context c, String learnedLabel) {
        if (!r.status().hasResult()) {
            o.printf(Locale.ROOT, "%s %s: %s%n", r.method(), r.status().id(), r.statusMessage());
            o.println("not a result: nothing written to " + c.out());
            return;
        }
        if (r.status() != RunStatus.COMPLETED) {
            o.printf(Locale.ROOT, "%s %s: %s%n", r.method(), r.status().id(), r.statusMessage());
        }
        o.printf(Locale.ROOT, "%s: %s%n", r.method(), r.message());
        o.printf(
                Locale.ROOT,
                "parameters %,d -> %,d (%.2fx fewer), MACs %,d -> %,d (%.2fx fewer)%n",
                r.baseParams(),
                r.params(),
                (double) r.baseParams() / r.params(),
                r.baseMacs(),
                r.macs(),
                (double) r.baseMacs() / r.macs());
        o.printf(
                Locale.ROOT,
                "validation accuracy (%d images held out of the training split): compress-only %.2f %%, "
                        + "fine-tuned %.2f %%%n",
                r.validationImages(),
                100 * r.compressedValidationAccuracy(),
                100 * r.fineTunedValidationAccuracy());
        o.printf(
                Locale.ROOT,
                "test accuracy (%d images, reported only): dense %.2f %%, one-shot at these ranks %.2f %%, "
                        + "%s %.2f %%, fine-tuned %.2f %%%n",
                c.testImages(),
                100 * r.baseAccuracy(),
                100 * r.directAccuracy(),
                learnedLabel,
                100 * r.compressedAccuracy(),
                100 * r.fineTunedAccuracy());
        o.printf(
                Locale.ROOT,
                "latency (batch %d): %.2f ms -> %.2f ms; wall time %.0f s (learning %.0f s, " + "fine-tuning %.0f s)%n",
                c.latencyBatch(),
                r.baseLatencyMs(),
                r.latencyMs(),
                r.wallSeconds(),
                r.learnSeconds(),
                r.fineTuneSeconds());
        o.println("factorized model written to " + c.out());
    }

    /** Streams events: JSON lines with --json (every 20th batch), short progress lines on stderr otherwise. */
    static final class Events implements TrainingListener {
        private final boolean json;
        private final PrintWriter out;
        private final PrintWriter err;

        Events(boolean json, PrintWriter out, PrintWriter err) {
            this.json = json;
            this.out = out;
            this.err = err;
        }

        @Override
        public void onEvent(TrainingEvent e) {
            if (json) {
                if (e instanceof TrainingEvent.BatchEnded b && b.step() % 20 != 0) {
                    return;
                }
                out.println(Json.line(Json.event(e)));
                out.flush();
            } else if (e instanceof TrainingEvent.RunStarted s) {
                err.printf(
                        Locale.ROOT,
                        "%s: %d train / %d validation images, %d epochs%n",
                        s.description(),
                        s.trainSamples(),
                        s.validationSamples(),
                        s.epochs());
            } else if (e instanceof TrainingEvent.EpochEnded ep) {
                err.printf(
                        Locale.ROOT,
                        "  epoch %d: train loss %.4f acc %.2f %%, validation acc %.2f %% (%.0f s)%n",
                        ep.epoch() + 1,
                        ep.trainLoss(),
                        100 * ep.trainAccuracy(),
                        100 * ep.validationAccuracy(),
                        ep.seconds());
            } else if (e instanceof TrainingEvent.MethodUpdate u
                    && u.payload() instanceof RankSnapshot s
                    && !"projection".equals(s.phase())) {
                StringBuilder b = new StringBuilder();
                s.layers()
                        .forEach(l -> b.append(' ')
                                .append(
                                        l.rank().size() == 1
                                                ? l.rank().get(0)
                                                : l.rank().get(0) + "/"
                                                        + l.rank().get(1)));
                err.printf(Locale.ROOT, "  ranks (%s %d):%s%n", s.phase(), s.epoch(), b);
            }
            err.flush();
        }
    }
}
