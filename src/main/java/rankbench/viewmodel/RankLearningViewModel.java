package rankbench.viewmodel;

import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import rankbench.experiment.methods.MethodResult;
import rankbench.experiment.methods.MethodRun;
import rankbench.experiment.methods.Methods;
import rankbench.experiment.methods.RankLearningMethod;
import rankbench.experiment.methods.RunRecorder;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.Run;
import rankbench.experiment.training.TrainingService;

/**
 * Rank learning in the window: a method picked from the {@link Methods} registry, its hyperparameter
 * bean, the typed run settings ({@link RunSettingsViewModel}: learning rate, schedule, weight decay, batch,
 * epochs, fine-tune, target layers, training subset, seed), validated together with the method's own
 * {@code Methods.validationMessage(bean, epochs)}, so an impossible combination disables Start with the
 * reason. Start, cancel, progress, ETA and the loss and accuracy series are the shared
 * {@link TrainingRunViewModel}; the rank updates (heat map, parameters, MACs, the selected layer's spectrum
 * with the method's cut-off) are a {@link RankHistoryViewModel}.
 * The run works on its own copy of the model (methods never modify their input) and on the window's
 * {@link HeldOutData}: it trains on the training split (limited by the settings' training subset), makes
 * every choice on the validation images held out of the training split, and the test images (at most
 * {@link Limits#testImages()}) only report its test accuracies. Every run, whatever its status, becomes a
 * session {@link Run} through {@link RunRecorder} (its settings and decimated history included).
 *
 * <p>This class composes the parts and keeps the window's API: the method and its validation are a
 * {@link MethodChoice}, starting a run and turning its end into a session run a {@link RankLearningRuns}.
 * UI thread only (the method runs on the training thread).
 */
public final class RankLearningViewModel {

    /**
     * How much data and training a run from the window uses.
     *
     * @param trainImages default training images, validation images excluded (0: all)
     * @param testImages test images the reported test accuracies are measured on (0: all); never used to choose
     * @param batch default batch size
     * @param maxBatches batches per epoch (0: all)
     * @param measureLatency measure the latency of the starting and the factorized model at the end
     */
    public record Limits(int trainImages, int testImages, int batch, int maxBatches, boolean measureLatency) {

        /** The limits derived from the workbench settings (the fine-tuning subset, the evaluation subset). */
        public static Limits from(WorkbenchSettings s, boolean measureLatency) {
            return new Limits(
                    s.fineTuneTrainImages(), s.testImages(), s.fineTuneBatch(), s.fineTuneMaxBatches(), measureLatency);
        }
    }

    /** Runs a method on the training thread ({@link Methods#run} in production; a stub in tests). */
    @FunctionalInterface
    public interface Runner {
        /** Runs {@code method} with {@code parameters}; publishes to {@code run.listener()}. */
        MethodResult run(RankLearningMethod<?> method, MethodRun run, Object parameters) throws Exception;
    }

    /**
     * One rank update for the heat map.
     *
     * @param index zero-based update number
     * @param step the optimizer step across all phases when it arrived (the heat map's x)
     * @param phase what produced it ({@code projection}, {@code c-step}, {@code export}, ...)
     * @param ranks the first rank (Tucker-2: Ro) of every layer of {@link #layerNames()}, -1 if the update
     *     lacks the layer
     * @param fullRanks the largest possible first rank of every layer (0 if unknown)
     * @param inRanks the second rank (Tucker-2: Ri) of every layer, -1 for a layer with one rank; may be
     *     shorter than {@code ranks} (missing: one rank)
     * @param fullInRanks the largest possible second rank of every layer (0 if none)
     * @param epoch the zero-based epoch (or LC step) of the update, -1 if unknown
     */
    public record RankStep(
            int index,
            double step,
            String phase,
            int[] ranks,
            int[] fullRanks,
            int[] inRanks,
            int[] fullInRanks,
            int epoch) {

        /** An update of layers with one rank each, epoch unknown. */
        public RankStep(int index, double step, String phase, int[] ranks, int[] fullRanks) {
            this(index, step, phase, ranks, fullRanks, new int[0], new int[0], -1);
        }

        /** Returns rank / full rank of layer {@code i} in [0, 1], or NaN if unknown. */
        public double fraction(int i) {
            return i >= ranks.length || ranks[i] < 0 || fullRanks[i] <= 0
                    ? Double.NaN
                    : Math.min(1, (double) ranks[i] / fullRanks[i]);
        }

        /** Returns the second rank (Tucker-2's Ri) of layer {@code i}, or -1 if it has one rank. */
        public int inRank(int i) {
            return i < inRanks.length ? inRanks[i] : -1;
        }

        /** Returns the largest possible second rank of layer {@code i}, or 0 if it has one rank. */
        public int fullInRank(int i) {
            return i < fullInRanks.length ? fullInRanks[i] : 0;
        }
    }

    private final RunSettingsViewModel settings;
    private final TrainingRunViewModel run;
    private final RankHistoryViewModel history;
    private final MethodChoice choice;
    private final RankLearningRuns runs;
    private final Command start;

    /**
     * Creates the view model.
     *
     * @param model the starting model (each run works on its own copy)
     * @param data the loaded data with its validation images held out
     * @param limits the default batch and training subset of the {@link #settings()}, the batches per epoch,
     *     the test images, latency measurement
     * @param onResult receives the session run of every run, whatever its status, on the UI thread
     */
    public RankLearningViewModel(
            TrainingService training,
            UiExecutor ui,
            DialogService dialogs,
            ObservableValue<SavedModel> model,
            ObservableValue<HeldOutData> data,
            Limits limits,
            Runner runner,
            Consumer<Run> onResult) {
        this.settings = new RunSettingsViewModel(limits.batch(), limits.trainImages(), limits.maxBatches());
        this.run = new TrainingRunViewModel(
                training,
                ui,
                dialogs,
                "Rank learning",
                "Pick a method, set its hyperparameters and the run settings, and start.");
        this.history = new RankHistoryViewModel(model::getValue);
        run.setEventHandler(history::accept, history::flush);
        this.choice = new MethodChoice(this, settings);
        this.runs = new RankLearningRuns(this, dialogs, model, data, limits, runner, onResult, settings, run, history);
        model.addListener((o, a, b) -> settings.setLayers(layerNames(b)));
        settings.setLayers(layerNames(model.getValue()));
        var ready = Bindings.createBooleanBinding(
                () -> model.getValue() != null
                        && data.getValue() != null
                        && choice.validationMessageProperty().get().isEmpty(),
                model,
                data,
                choice.validationMessageProperty());
        this.start = new Command(
                () -> runs.start(choice.method(), choice.parametersProperty().get()),
                run.runningProperty().not().and(ready));
    }

    private static List<String> layerNames(SavedModel m) {
        return m == null
                ? List.of()
                : NetworkSpec.layers(m.manifest().network(), m.manifest().input()).stream()
                        .map(LayerInfo::name)
                        .toList();
    }

    /**
     * Re-checks the run settings and the hyperparameter bean against the run's epochs (call after editing
     * the bean); updates {@link #validationMessageProperty()}.
     */
    public void validate() {
        choice.validate();
    }

    /** Returns why a hyperparameter bean cannot run one epoch, or "" if it can (the methods' own checks). */
    public static String validate(Object p) {
        return Methods.validationMessage(p);
    }

    /** Returns why a hyperparameter bean cannot run {@code epochs} epochs, or "" if it can. */
    public static String validate(Object p, int epochs) {
        return Methods.validationMessage(p, epochs);
    }

    /** A one-line summary of a run: validation accuracies, test accuracy, parameters, MACs and latency. */
    static String describe(Run r) {
        return RankLearningRuns.describe(r);
    }

    // ---------------------------------------------------------------- properties

    /** Ids of the available methods, in registry order. */
    public ObservableList<String> methods() {
        return choice.methods();
    }

    /** The chosen method id (input); changing it resets the hyperparameters to the method's defaults. */
    public StringProperty selectedMethodProperty() {
        return choice.selectedMethodProperty();
    }

    /** One-line description of the chosen method. */
    public ReadOnlyStringProperty descriptionProperty() {
        return choice.descriptionProperty();
    }

    /** The chosen method's hyperparameter bean (edited in place; call {@link #validate()} after edits). */
    public ReadOnlyObjectProperty<Object> parametersProperty() {
        return choice.parametersProperty();
    }

    /** Why the hyperparameters cannot run, or "" if they can. */
    public ReadOnlyStringProperty validationMessageProperty() {
        return choice.validationMessageProperty();
    }

    /** The typed run settings: learning rate, schedule, weight decay, batch, epochs, fine-tune, targets, subset, seed. */
    public RunSettingsViewModel settings() {
        return settings;
    }

    /** Epochs of the rank-learning phase (input; same as {@code settings().epochsProperty()}). */
    public IntegerProperty epochsProperty() {
        return settings.epochsProperty();
    }

    /** Epochs of fine-tuning the factorized model, 0 = none (input). */
    public IntegerProperty fineTuneEpochsProperty() {
        return settings.fineTuneEpochsProperty();
    }

    /** True while a run is active. */
    public ReadOnlyBooleanProperty runningProperty() {
        return run.runningProperty();
    }

    /** Progress 0..1 of the current training phase, or -1 while starting. */
    public ReadOnlyDoubleProperty progressProperty() {
        return run.progressProperty();
    }

    /** Remaining time of the current training phase. */
    public ReadOnlyStringProperty etaProperty() {
        return run.etaProperty();
    }

    /** The description of the current training phase. */
    public ReadOnlyStringProperty phaseProperty() {
        return run.phaseProperty();
    }

    /** The state of the run, or the result summary. */
    public ReadOnlyStringProperty resultTextProperty() {
        return run.resultTextProperty();
    }

    /** The last completed run (null until one completes; never a cancelled, diverged or failed run). */
    public ReadOnlyObjectProperty<Run> resultProperty() {
        return runs.resultProperty();
    }

    /** Training loss per step (steps continue across phases). */
    public ObservableList<ChartPoint> loss() {
        return run.loss();
    }

    /** Training accuracy per step. */
    public ObservableList<ChartPoint> trainAccuracy() {
        return run.trainAccuracy();
    }

    /** Validation accuracy at each epoch end (x = step). */
    public ObservableList<ChartPoint> validationAccuracy() {
        return run.validationAccuracy();
    }

    /** Parameters of the model factorized at each rank update's ranks (x = step). */
    public ObservableList<ChartPoint> params() {
        return history.params();
    }

    /** MACs per image at each rank update's ranks (x = step). */
    public ObservableList<ChartPoint> macs() {
        return history.macs();
    }

    /** Every rank update, in order (the heat map). */
    public ObservableList<RankStep> rankHistory() {
        return history.rankHistory();
    }

    /** The layers of the rank history (the heat map's rows), in the order first seen. */
    public ObservableList<String> layerNames() {
        return history.layerNames();
    }

    /** The layer whose spectrum is shown (input; the first layer once a run reports ranks). */
    public StringProperty selectedLayerProperty() {
        return history.selectedLayerProperty();
    }

    /** The latest singular values of the selected layer (null before the first update). */
    public ReadOnlyObjectProperty<double[]> spectrumProperty() {
        return history.spectrumProperty();
    }

    /** The method's current cut-off (rank) of the selected layer. */
    public ReadOnlyIntegerProperty cutoffProperty() {
        return history.cutoffProperty();
    }

    /** A title for the spectrum chart. */
    public ReadOnlyStringProperty spectrumTitleProperty() {
        return history.spectrumTitleProperty();
    }

    /** Starts a run of the chosen method. */
    public Command startCommand() {
        return start;
    }

    /** Cancels the running method (it stops at its next batch). */
    public Command cancelCommand() {
        return run.cancelCommand();
    }
}
