package rankbench.experiment.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.DatasetSplits;
import rankbench.experiment.data.Normalization;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerSpec;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.TrainingRecord;

/**
 * Trains a built-in architecture from scratch on a data source and packages the result as a
 * model file: the composition of data, model zoo, training loop and evaluation used by the
 * {@code train} command and the window.
 */
public final class ModelTrainer {

    private ModelTrainer() {}

    /**
     * The outcome of {@link #train}.
     *
     * @param model the trained model (weights after the last complete step)
     * @param outcome how the run ended
     * @param test metrics on the test split (null if it is empty)
     */
    public record Result(SavedModel model, TrainingOutcome outcome, EvaluationResult test) {}

    /**
     * Trains {@code arch} on {@code source}; a {@code validationFraction} of the training split is held
     * out (seeded by the config's seed). If {@code checkpoint} is not null, the model is written there
     * atomically after every epoch and at the end.
     */
    public static Result train(
            Architecture arch,
            DataSource source,
            double validationFraction,
            TrainingConfig config,
            TrainingListener listener,
            CancellationToken cancel,
            Path checkpoint,
            String command) {
        DatasetSplits splits = DatasetSplits.split(source.train(), source.test(), validationFraction, config.seed());
        FeatureShape input = new FeatureShape(
                source.train().channels(),
                source.train().height(),
                source.train().width());
        LayerSpec.Sequence spec = arch.build(input, source.train().numClasses());
        long t0 = System.nanoTime();
        try (Network net = Network.create(spec, input, config.seed())) {
            TrainingData data = new TrainingData(splits.train(), splits.validation(), source.normalization());
            ManifestFactory manifests = new ManifestFactory(arch, input, source, config, command);
            TrainingHooks hooks = checkpoint == null
                    ? TrainingHooks.none()
                    : new TrainingHooks() {
                        @Override
                        public void onEpochEnd(TrainingContext ctx, TrainingEvent.EpochEnded e) {
                            save(
                                    SavedModel.of(
                                            net,
                                            manifests.manifest(
                                                    e.epoch() + 1,
                                                    e.validationAccuracy(),
                                                    null,
                                                    (System.nanoTime() - t0) / 1e9)),
                                    checkpoint);
                        }
                    };
            TrainingLoop loop = new TrainingLoop(
                    net, data, config, hooks, listener, cancel, arch.id() + " on " + source.name() + ": " + config);
            TrainingOutcome outcome = loop.run();
            EvaluationResult test = splits.test().size() == 0
                    ? null
                    : Evaluator.evaluate(net, splits.test(), source.normalization(), config.evalBatchSize());
            SavedModel model = SavedModel.of(
                    net,
                    manifests.manifest(
                            outcome.epochsCompleted(),
                            outcome.validationAccuracy(),
                            test == null ? null : test.accuracy(),
                            (System.nanoTime() - t0) / 1e9));
            if (checkpoint != null) {
                save(model, checkpoint);
            }
            return new Result(model, outcome, test);
        }
    }

    private static void save(SavedModel model, Path file) {
        try {
            ModelFiles.write(model, file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Builds manifests for a model trained with a given configuration. */
    private record ManifestFactory(
            Architecture arch, FeatureShape input, DataSource source, TrainingConfig config, String command) {
        ModelManifest manifest(int epochs, double valAcc, Double testAcc, double seconds) {
            Normalization n = source.normalization();
            TrainingRecord rec = new TrainingRecord(
                    source.name(),
                    epochs,
                    config.batchSize(),
                    config.optimizer()
                            + (config.optimizer().equals("sgd")
                                    ? " momentum " + config.momentum() + (config.nesterov() ? " nesterov" : "")
                                    : ""),
                    config.learningRate(),
                    config.schedule(),
                    config.weightDecay(),
                    config.seed(),
                    Double.isFinite(valAcc) ? valAcc : null,
                    testAcc,
                    seconds,
                    Instant.now().toString(),
                    command);
            return new ModelManifest(
                    ModelFiles.FORMAT_VERSION,
                    arch.id(),
                    input,
                    List.copyOf(source.train().classNames()),
                    n.mean().clone(),
                    n.std().clone(),
                    arch.build(input, source.train().numClasses()),
                    rec,
                    null);
        }
    }
}
