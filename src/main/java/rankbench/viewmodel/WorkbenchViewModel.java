package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.DoublePredicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.LatencyMeter;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.training.CancellationToken;

/**
 * State of the main window: the loaded model and data, one {@link LayerViewModel} per compressible layer,
 * the {@link SummaryViewModel}, global rank rules, undo/redo of whole rank plans, the history of evaluated
 * plans (Pareto front) and the {@link FineTuneViewModel}.
 *
 * <p>Threading: everything here is UI-thread state. Costs are recomputed synchronously on every edit;
 * the compress-only accuracy is computed on the single evaluation worker after the edits pause for
 * {@link Settings#debounceMs()}: a newer edit cancels the running evaluation, and a result is shown only
 * if it belongs to the plan on screen. A model or dataset that fails to load is reported and the current
 * one kept.
 */
public final class WorkbenchViewModel implements AutoCloseable {

    /**
     * Tunable settings.
     *
     * @param dataSpec the dataset loaded at start ({@code fashion-mnist}: the first test images are held out)
     * @param evalImages test images the compress-only accuracy is measured on
     * @param evalBatch evaluation batch size
     * @param debounceMs pause after the last edit before the accuracy is recomputed
     * @param fineTuneTrainImages training images used by fine-tuning (0: all)
     * @param fineTuneBatch fine-tuning batch size
     * @param fineTuneMaxBatches batches per fine-tuning epoch (0: all)
     */
    public record Settings(String dataSpec, int evalImages, int evalBatch, long debounceMs, int fineTuneTrainImages,
            int fineTuneBatch, int fineTuneMaxBatches) {

        /** The settings of the application. */
        public static Settings defaults() {
            return new Settings(Datasets.FASHION_MNIST_SPEC, 1000, 250, 50, 0, 128, 0);
        }
    }

    /** Creates a view model once the window's dialog service exists. */
    @FunctionalInterface
    public interface Factory {
        /** Creates the view model. */
        WorkbenchViewModel create(DialogService dialogs);
    }

    private record Loaded(String name, SavedModel model, List<LayerInfo> layers) {}

    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final Callable<SavedModel> defaultModel;
    private final Settings settings;
    private final Workers workers;

    private final ReadOnlyObjectWrapper<SavedModel> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyStringWrapper modelName = new ReadOnlyStringWrapper(this, "modelName", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyObjectWrapper<DataSource> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final ReadOnlyStringWrapper dataName = new ReadOnlyStringWrapper(this, "dataName", "loading data\u2026");
    private final ObservableList<LayerViewModel> layers = FXCollections.observableArrayList();
    private final ObservableList<LayerViewModel> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ObjectProperty<LayerViewModel> selectedLayer = new SimpleObjectProperty<>(this, "selectedLayer");
    private final SummaryViewModel summaryVm = new SummaryViewModel();
    private final ObservableList<ParetoPoint> pareto = FXCollections.observableArrayList();
    private final ObservableList<ParetoPoint> paretoView = FXCollections.unmodifiableObservableList(pareto);
    private final ReadOnlyStringWrapper activeRule = new ReadOnlyStringWrapper(this, "activeRule", "");

    private final StringProperty energyInput = new SimpleStringProperty(this, "energyInput", "90");
    private final StringProperty thresholdInput = new SimpleStringProperty(this, "thresholdInput", "0.5");
    private final StringProperty ratioInput = new SimpleStringProperty(this, "ratioInput", "0.5");
    private final StringProperty roundInput = new SimpleStringProperty(this, "roundInput", "8");

    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final Deque<RankPlan> undo = new ArrayDeque<>();
    private final Deque<RankPlan> redo = new ArrayDeque<>();
    private RankPlan settledPlan = RankPlan.empty();

    private final Command undoCommand;
    private final Command redoCommand;
    private final Command resetCommand;
    private final Command energyCommand;
    private final Command thresholdCommand;
    private final Command ratioCommand;
    private final Command roundCommand;
    private final FineTuneViewModel fineTune;
    private final RankLearningViewModel rankLearning;

    private long editGeneration;
    private Runnable pendingSettle;
    private CancellationToken evalToken;
    private RankPlan requestedPlan;
    private ImageDataset evalTest;
    private long baseParams;
    private final Map<RankPlan, Double> accuracies = new HashMap<>();
    private final Map<String, LatencyMeter.LayerLatency> latencies = new HashMap<>();
    private final Set<String> measuring = new HashSet<>();
    private final Callable<DataSource> dataLoader;
    private long editStartedNanos;
    private volatile long lastAccuracyLatencyNanos = -1;
    private volatile long lastEstimateLatencyNanos = -1;

    /** Creates the view model with the embedded default model, default settings and background workers. */
    public WorkbenchViewModel(TaskExecutor tasks, UiExecutor ui, DialogService dialogs) {
        this(tasks, ui, dialogs, ModelFiles::readDefault);
    }

    /** Creates the view model; {@code defaultModel} supplies the embedded model. */
    public WorkbenchViewModel(TaskExecutor tasks, UiExecutor ui, DialogService dialogs,
            Callable<SavedModel> defaultModel) {
        this(tasks, ui, dialogs, defaultModel, Settings.defaults(), Workers.background(Settings.defaults().evalBatch()));
    }

    /** Creates the view model with explicit settings and workers. */
    public WorkbenchViewModel(TaskExecutor tasks, UiExecutor ui, DialogService dialogs,
            Callable<SavedModel> defaultModel, Settings settings, Workers workers) {
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.defaultModel = defaultModel;
        this.settings = settings;
        this.workers = workers;
        this.dataLoader = () -> Datasets.load(settings.dataSpec());
        BooleanBinding hasModel = model.isNotNull();
        undoCommand = new Command(this::undo, canUndo);
        redoCommand = new Command(this::redo, canRedo);
        resetCommand = new Command(this::reset, hasModel);
        energyCommand = new Command(this::applyEnergy, hasModel.and(valid(energyInput, v -> v > 0 && v <= 100)));
        thresholdCommand = new Command(this::applyThreshold, hasModel.and(valid(thresholdInput, v -> v >= 0)));
        ratioCommand = new Command(this::applyRatio, hasModel.and(valid(ratioInput, v -> v > 0 && v <= 1)));
        roundCommand = new Command(this::applyRounding,
                hasModel.and(valid(roundInput, v -> v >= 1 && v == Math.rint(v) && v <= 4096)));
        fineTune = new FineTuneViewModel(workers.training(), ui, dialogs, settings, workers.cache(),
                hasModel.and(data.isNotNull()).and(busy.not()));
        fineTune.setStartAction(() -> {
            flushPending();
            fineTune.start(model.get(), currentPlan(), data.get(), evalTest);
        });
        rankLearning = new RankLearningViewModel(workers.training(), ui, dialogs, model, data,
                RankLearningViewModel.Limits.from(settings, workers.meter() != null), rankbench.experiment.methods.Methods::run,
                this::addMethodResult);
        selectedLayer.addListener((o, a, b) -> {
            if (b != null) {
                requestLatency(b);
            }
        });
    }

    private static BooleanBinding valid(StringProperty input, DoublePredicate ok) {
        return Bindings.createBooleanBinding(() -> {
            Double v = parse(input.get());
            return v != null && ok.test(v);
        }, input);
    }

    private static Double parse(String s) {
        try {
            return s == null ? null : Double.valueOf(s.trim().replace("%", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- loading

    /** Rank learning with a method from the registry. */
    public RankLearningViewModel rankLearning() {
        return rankLearning;
    }

    /** Loads the embedded default model and the dataset in the background. */
    public void loadDefaultModel() {
        load("embedded default model", defaultModel);
        if (data.get() == null) {
            loadData(settings.dataSpec(), dataLoader);
        }
    }

    /** Loads a model file in the background; on failure the current model stays. */
    public void openModel(Path file) {
        load(file.getFileName().toString(), () -> ModelFiles.read(file));
    }

    /** Loads a dataset (directory of IDX/CIFAR files or image folders); on failure the current data stays. */
    public void openDataset(Path dir) {
        loadData(dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
                () -> Datasets.load(dir.toString()));
    }

    private void load(String name, Callable<SavedModel> loader) {
        busy.set(true);
        status.set("Loading " + name + "\u2026");
        tasks.submit("Load " + name, () -> {
            SavedModel m = loader.call();
            List<LayerInfo> ls = NetworkSpec.layers(m.manifest().network(), m.manifest().input());
            for (LayerInfo l : ls) { // warm the spectrum cache off the UI thread
                workers.cache().values(l.name(), m.weights().get(l.name() + ".weight"),
                        l.isConv() ? Scheme.CHANNEL : Scheme.LINEAR, -1, true);
            }
            return new Loaded(name, m, ls);
        }).whenComplete((loaded, err) -> ui.execute(() -> {
            busy.set(false);
            if (err != null) {
                status.set("Could not load " + name + "; kept " + (modelName.get().isEmpty() ? "no model"
                        : modelName.get()));
                dialogs.showError("Cannot open model", message(err));
            } else {
                setModel(loaded);
            }
        }));
    }

    private void loadData(String name, Callable<DataSource> loader) {
        tasks.submit("Load " + name, loader).whenComplete((d, err) -> ui.execute(() -> {
            if (err != null) {
                dialogs.showError("Cannot open dataset", message(err));
                status.set("Could not load dataset " + name);
                if (data.get() == null) {
                    dataName.set("no data");
                }
                return;
            }
            data.set(d);
            evalTest = d.test().limit(settings.evalImages());
            dataName.set(d.name() + ", accuracy on the first " + evalTest.size() + " test images");
            accuracies.clear();
            pareto.clear();
            summaryVm.reset();
            requestedPlan = null;
            if (model.get() != null) {
                summaryVm.setEvaluating(true);
                evaluate(settledPlan, false);
            }
        }));
    }

    static String message(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private void setModel(Loaded loaded) {
        SavedModel m = loaded.model();
        if (evalToken != null) {
            evalToken.cancel();
        }
        if (pendingSettle != null) {
            pendingSettle.run();
            pendingSettle = null;
        }
        accuracies.clear();
        pareto.clear();
        undo.clear();
        redo.clear();
        latencies.clear();
        requestedPlan = null;
        activeRule.set("");
        List<LayerViewModel> vms = new ArrayList<>();
        for (LayerInfo l : loaded.layers()) {
            Tensor w = m.weights().get(l.name() + ".weight");
            vms.add(new LayerViewModel(l, s -> workers.cache().values(l.name(), w, s, -1, true), this::onLayerEdit));
        }
        baseParams = NetworkSpec.parameterCount(m.manifest().network());
        model.set(m);
        modelName.set(loaded.name());
        layers.setAll(vms);
        selectedLayer.set(vms.isEmpty() ? null : vms.get(0));
        long macs = loaded.layers().stream().mapToLong(LayerInfo::macs).sum();
        summary.set(String.format(Locale.ROOT, "%s \u2014 %s, input %s, %d classes, %,d parameters, %,d MACs/image",
                loaded.name(), m.manifest().architecture(), m.manifest().input(), m.manifest().classes().size(),
                baseParams, macs));
        settledPlan = currentPlan();
        updateUndoState();
        updateCosts();
        summaryVm.reset();
        summaryVm.setEvaluating(true);
        evaluate(settledPlan, false);
        status.set("Loaded " + loaded.name());
    }

    // ---------------------------------------------------------------- export

    /**
     * Writes the truly factorised model of the plan on screen (layer pairs or Tucker-2 triples, see
     * {@code Factorizer}) to {@code file} in the background; its logits equal those of the projected model
     * whose compress-only accuracy the summary shows. Nothing happens without a model; errors (full disk,
     * no permission) are reported and leave any existing file untouched.
     */
    public void exportFactorised(Path file) {
        SavedModel m = model.get();
        if (m == null) {
            dialogs.showError("Nothing to export", "No model is loaded yet.");
            return;
        }
        RankPlan plan = currentPlan();
        status.set("Exporting " + file.getFileName() + "\u2026");
        tasks.submit("Export " + file.getFileName(), () -> {
            SavedModel f = rankbench.experiment.lowrank.Factorizer.factorize(m, plan, workers.cache());
            ModelFiles.write(f, file);
            return f;
        }).whenComplete((f, err) -> ui.execute(() -> {
            if (err != null) {
                status.set("Export failed");
                dialogs.showError("Cannot export the factorised model", message(err));
            } else {
                var layers = rankbench.experiment.model.NetworkSpec.layers(f.manifest().network(), f.manifest().input());
                status.set(String.format(Locale.ROOT, "Exported %s: %,d parameters, %,d MACs/image", file.getFileName(),
                        rankbench.experiment.model.NetworkSpec.parameterCount(f.manifest().network()),
                        layers.stream().mapToLong(rankbench.experiment.model.LayerInfo::macs).sum()));
            }
        }));
    }

    // ---------------------------------------------------------------- edits

    /** Returns the plan on screen: every layer, factorised or kept dense at full rank. */
    public RankPlan currentPlan() {
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerViewModel l : layers) {
            m.put(l.getName(), l.plan());
        }
        return new RankPlan(m);
    }

    private void onLayerEdit() {
        editGeneration++;
        editStartedNanos = System.nanoTime();
        updateCosts();
        refreshLatencies();
        summaryVm.setEvaluating(true);
        if (pendingSettle != null) {
            pendingSettle.run();
        }
        if (evalToken != null) {
            evalToken.cancel(); // a newer edit makes the running evaluation stale
        }
        long gen = editGeneration;
        pendingSettle = workers.scheduler().schedule(settings.debounceMs(), () -> ui.execute(() -> {
            if (gen == editGeneration) {
                settle();
            }
        }));
    }

    private void settle() {
        pendingSettle = null;
        RankPlan plan = currentPlan();
        if (!plan.equals(settledPlan)) {
            undo.push(settledPlan);
            redo.clear();
            settledPlan = plan;
            updateUndoState();
        }
        evaluate(plan, true);
        LayerViewModel sel = selectedLayer.get();
        if (sel != null) {
            requestLatency(sel);
        }
    }

    /** Settles a pending edit now (before rules, undo, fine-tuning). */
    private void flushPending() {
        if (pendingSettle != null) {
            pendingSettle.run();
            settle();
        }
    }

    private void applyPlan(RankPlan plan) {
        flushPending();
        for (LayerViewModel l : layers) {
            l.apply(plan.get(l.getName()));
        }
        editGeneration++;
        editStartedNanos = System.nanoTime();
        updateCosts();
        refreshLatencies();
        summaryVm.setEvaluating(true);
        settle();
    }

    private void updateCosts() {
        long params = baseParams;
        long baseMacs = 0;
        long macs = 0;
        for (LayerViewModel l : layers) {
            params += l.paramsProperty().get() - l.getDenseParams();
            baseMacs += l.getDenseMacs();
            macs += l.macsProperty().get();
        }
        summaryVm.setCosts(baseParams, params, baseMacs, macs);
    }

    private void updateUndoState() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
    }

    private void undo() {
        flushPending();
        if (undo.isEmpty()) {
            return;
        }
        redo.push(settledPlan);
        restoreSettled(undo.pop());
    }

    private void redo() {
        flushPending();
        if (redo.isEmpty()) {
            return;
        }
        undo.push(settledPlan);
        restoreSettled(redo.pop());
    }

    private void restoreSettled(RankPlan plan) {
        settledPlan = plan;
        updateUndoState();
        for (LayerViewModel l : layers) {
            l.apply(plan.get(l.getName()));
        }
        editGeneration++;
        editStartedNanos = System.nanoTime();
        updateCosts();
        refreshLatencies();
        summaryVm.setEvaluating(true);
        evaluate(plan, true);
    }

    private void reset() {
        for (LayerViewModel l : layers) {
            l.setRuleRank(0);
        }
        activeRule.set("");
        applyPlan(RankPlan.empty());
    }

    /** Restores the plan of an evaluated configuration (undoable). */
    public void restore(ParetoPoint p) {
        if (model.get() != null) {
            applyPlan(p.plan());
            status.set(String.format(Locale.ROOT, "Restored the configuration with %.2f %% at %,d MACs",
                    100 * p.accuracy(), p.macs()));
        }
    }

    // ---------------------------------------------------------------- rules

    private void applyRule(String name, java.util.function.ToIntFunction<LayerViewModel> rule) {
        flushPending();
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerViewModel l : layers) {
            int r = Math.max(1, Math.min(l.getFullRank(), rule.applyAsInt(l)));
            l.setRuleRank(r);
            LayerPlan p = LayerPlan.of(l.getScheme(), r);
            m.put(l.getName(), r >= l.getFullRank() ? p.keptDense(LayerViewModel.FULL_RANK) : p);
        }
        activeRule.set(name);
        applyPlan(new RankPlan(m));
        status.set("Applied rule: " + name);
    }

    private void applyEnergy() {
        double keep = parse(energyInput.get()) / 100;
        applyRule(String.format(Locale.ROOT, "keep %s %% energy", energyInput.get().trim()),
                l -> Svd.energyRank(l.singularValuesProperty().get(), Math.min(1, keep)));
    }

    private void applyThreshold() {
        double t = parse(thresholdInput.get());
        applyRule("singular values \u2265 " + thresholdInput.get().trim(),
                l -> Math.max(1, Svd.valueRank(l.singularValuesProperty().get(), t)));
    }

    private void applyRatio() {
        double ratio = parse(ratioInput.get());
        applyRule("parameter ratio " + ratioInput.get().trim(), l -> RankRules.parameterRatio(List.of(l.info()),
                l.getScheme(), ratio).get(l.getName()).rank());
    }

    private void applyRounding() {
        int k = (int) Math.round(parse(roundInput.get()));
        flushPending();
        List<LayerInfo> infos = layers.stream().map(LayerViewModel::info).toList();
        applyPlan(RankRules.roundTo(currentPlan(), infos, k));
        status.set("Rounded ranks to multiples of " + k);
    }

    // ---------------------------------------------------------------- accuracy

    private void evaluate(RankPlan plan, boolean fromEdit) {
        SavedModel m = model.get();
        ImageDataset test = evalTest;
        if (m == null || test == null) {
            return; // evaluated once both are loaded
        }
        Double known = accuracies.get(plan);
        if (known != null) {
            if (evalToken != null) {
                evalToken.cancel();
            }
            requestedPlan = null;
            show(plan, known, test.size(), fromEdit);
            return;
        }
        if (plan.equals(requestedPlan) && evalToken != null && !evalToken.isCancelled()) {
            return; // already on its way
        }
        if (evalToken != null) {
            evalToken.cancel();
        }
        CancellationToken token = new CancellationToken();
        evalToken = token;
        requestedPlan = plan;
        PlanEvaluator evaluator = workers.evaluator();
        workers.evaluation().execute(() -> {
            if (token.isCancelled()) {
                return;
            }
            double acc = Double.NaN;
            Throwable error = null;
            try {
                int quick = quickImages(test.size());
                if (quick == 0) {
                    acc = evaluator.accuracy(m, test, plan, token);
                } else {
                    // An early estimate on the first images, then the rest: same images, same final figure.
                    double first = evaluator.accuracy(m, test.limit(quick), plan, token);
                    if (token.isCancelled()) {
                        return;
                    }
                    ui.execute(() -> provisional(m, test, plan, first, quick, fromEdit));
                    int[] rest = new int[test.size() - quick];
                    for (int i = 0; i < rest.length; i++) {
                        rest[i] = quick + i;
                    }
                    double second = evaluator.accuracy(m, test.subset(rest, test.name()), plan, token);
                    acc = (first * quick + second * rest.length) / test.size();
                }
            } catch (RuntimeException | Error e) {
                error = e;
            }
            if (token.isCancelled()) {
                return; // stale: a newer edit superseded this plan
            }
            double a = acc;
            Throwable err = error;
            ui.execute(() -> evaluated(m, test, plan, a, err, fromEdit));
        });
    }

    /**
     * Images evaluated first for an early estimate: a quarter of a set of 500 or more images (250 of the
     * usual 1 000, about 0.15 s on 2 cores), none for smaller sets.
     */
    static int quickImages(int total) {
        return total >= 500 ? total / 4 : 0;
    }

    private void provisional(SavedModel m, ImageDataset test, RankPlan plan, double acc, int images,
            boolean fromEdit) {
        if (m == model.get() && test == evalTest && plan.equals(currentPlan()) && summaryVm.evaluatingProperty().get()) {
            summaryVm.setProvisional(acc, images);
            if (fromEdit) {
                lastEstimateLatencyNanos = System.nanoTime() - editStartedNanos;
            }
        }
    }

    private void evaluated(SavedModel m, ImageDataset test, RankPlan plan, double acc, Throwable err,
            boolean fromEdit) {
        if (m != model.get() || test != evalTest) {
            return;
        }
        if (plan.equals(requestedPlan)) {
            requestedPlan = null;
        }
        if (err != null) {
            summaryVm.setEvaluating(false);
            status.set("Evaluation failed: " + message(err));
            dialogs.showError("Cannot evaluate the model", message(err));
            return;
        }
        accuracies.put(plan, acc);
        addPareto(plan, acc);
        show(plan, acc, test.size(), fromEdit);
    }

    private void show(RankPlan plan, double acc, int images, boolean fromEdit) {
        if (plan.layers().values().stream().noneMatch(LayerPlan::factorised)) {
            summaryVm.setBaseAccuracy(acc);
        }
        if (plan.equals(currentPlan())) { // a result for an older plan is never shown as current
            summaryVm.setAccuracy(acc, images);
            summaryVm.setEvaluating(false);
            if (fromEdit) {
                lastAccuracyLatencyNanos = System.nanoTime() - editStartedNanos;
            }
        }
    }

    private void addPareto(RankPlan plan, double acc) {
        SavedModel m = model.get();
        CostModel.Summary c = CostModel.of(m.manifest().network(), m.manifest().input(), plan);
        List<ParetoPoint> all = new ArrayList<>();
        for (ParetoPoint p : pareto) {
            if (!p.plan().equals(plan)) {
                all.add(p);
            }
        }
        all.add(new ParetoPoint(plan, c.params(), c.macs(), acc, false));
        List<ParetoPoint> out = new ArrayList<>();
        for (ParetoPoint p : all) {
            boolean dominated = all.stream().anyMatch(o -> o != p && o.dominates(p));
            out.add(p.withFront(!dominated));
        }
        pareto.setAll(out);
    }

    /**
     * Adds a rank-learning result to the Pareto history (fine-tuned accuracy if measured, else compress-only);
     * ignored if its plan does not fit the current model.
     */
    public void addMethodResult(rankbench.experiment.methods.MethodResult r) {
        double acc = Double.isNaN(r.fineTunedAccuracy()) ? r.compressedAccuracy() : r.fineTunedAccuracy();
        if (model.get() == null || r.plan() == null || Double.isNaN(acc)) {
            return;
        }
        try {
            addPareto(r.plan(), acc);
        } catch (RuntimeException e) {
            status.set("Result of " + r.method() + " not added to the history: " + message(e));
        }
    }

    /** Nanoseconds from the last edit to its early estimate on screen (-1 before the first); for measurements. */
    public long lastEstimateLatencyNanos() {
        return lastEstimateLatencyNanos;
    }

    /** Nanoseconds from the last edit to its full accuracy on screen (-1 before the first); for measurements. */
    public long lastAccuracyLatencyNanos() {
        return lastAccuracyLatencyNanos;
    }

    // ---------------------------------------------------------------- latency

    private static String key(LayerViewModel l) {
        return l.getName() + "|" + (l.plan().factorised() ? l.getScheme().id() + "|" + l.getRank() : "dense");
    }

    private void refreshLatencies() {
        for (LayerViewModel l : layers) {
            LatencyMeter.LayerLatency t = latencies.get(key(l));
            if (t == null) {
                LatencyMeter.LayerLatency d = latencies.get(l.getName() + "|dense");
                t = d == null ? null : new LatencyMeter.LayerLatency(l.getName(), d.denseMs(), Double.NaN);
            }
            if (t != l.latency()) {
                l.setLatency(t);
            }
        }
    }

    /** Measures the layer's latency in its current form in the background, once per (scheme, rank). */
    private void requestLatency(LayerViewModel l) {
        if (workers.latency() == null || workers.meter() == null) {
            return;
        }
        String key = key(l);
        if (latencies.containsKey(key)) {
            refreshLatencies();
            return;
        }
        if (!measuring.add(key)) {
            return;
        }
        LayerInfo info = l.info();
        LayerPlan plan = l.plan().factorised() ? l.plan() : null;
        LatencyMeter meter = workers.meter();
        SavedModel m = model.get();
        workers.latency().execute(() -> {
            LatencyMeter.LayerLatency t;
            try {
                t = meter.layer(info, plan);
            } catch (RuntimeException e) {
                ui.execute(() -> measuring.remove(key));
                return;
            }
            ui.execute(() -> {
                measuring.remove(key);
                if (m != model.get()) {
                    return;
                }
                latencies.put(key, t);
                latencies.putIfAbsent(info.name() + "|dense",
                        new LatencyMeter.LayerLatency(info.name(), t.denseMs(), Double.NaN));
                refreshLatencies();
            });
        });
    }

    // ---------------------------------------------------------------- accessors

    /** Stops background work and frees engine resources. */
    @Override
    public void close() {
        fineTune.cancel();
        if (evalToken != null) {
            evalToken.cancel();
        }
        workers.onClose().run();
    }

    /** The loaded model (null until the first load finishes). */
    public ReadOnlyObjectProperty<SavedModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    /** The loaded model's display name. */
    public ReadOnlyStringProperty modelNameProperty() {
        return modelName.getReadOnlyProperty();
    }

    /** One-line description of the loaded model. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The status line. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True while a model loads. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The loaded dataset (null until loaded). */
    public ReadOnlyObjectProperty<DataSource> dataProperty() {
        return data.getReadOnlyProperty();
    }

    /** Describes the data the accuracy is measured on. */
    public ReadOnlyStringProperty dataNameProperty() {
        return dataName.getReadOnlyProperty();
    }

    /** The compressible layers of the loaded model. */
    public ObservableList<LayerViewModel> layers() {
        return layersView;
    }

    /** The layer shown in the spectrum chart (input from the table selection). */
    public ObjectProperty<LayerViewModel> selectedLayerProperty() {
        return selectedLayer;
    }

    /** Parameters, MACs and accuracy of the current plan. */
    public SummaryViewModel summary() {
        return summaryVm;
    }

    /** Every evaluated configuration, with the Pareto front flagged. */
    public ObservableList<ParetoPoint> pareto() {
        return paretoView;
    }

    /** The last global rule applied (empty if none). */
    public ReadOnlyStringProperty activeRuleProperty() {
        return activeRule.getReadOnlyProperty();
    }

    /** Energy to keep, in percent (input of {@link #energyCommand()}). */
    public StringProperty energyInputProperty() {
        return energyInput;
    }

    /** Singular-value threshold (input of {@link #thresholdCommand()}). */
    public StringProperty thresholdInputProperty() {
        return thresholdInput;
    }

    /** Parameter ratio in (0, 1] (input of {@link #ratioCommand()}). */
    public StringProperty ratioInputProperty() {
        return ratioInput;
    }

    /** Rounding multiple (input of {@link #roundCommand()}). */
    public StringProperty roundInputProperty() {
        return roundInput;
    }

    /** Sets every rank to keep the given energy. */
    public Command energyCommand() {
        return energyCommand;
    }

    /** Sets every rank to the number of singular values at or above the threshold. */
    public Command thresholdCommand() {
        return thresholdCommand;
    }

    /** Sets every rank to the largest one within the parameter ratio. */
    public Command ratioCommand() {
        return ratioCommand;
    }

    /** Rounds every rank up to a multiple. */
    public Command roundCommand() {
        return roundCommand;
    }

    /** Sets every layer back to dense. */
    public Command resetCommand() {
        return resetCommand;
    }

    /** Restores the previous rank plan. */
    public Command undoCommand() {
        return undoCommand;
    }

    /** Re-applies an undone rank plan. */
    public Command redoCommand() {
        return redoCommand;
    }

    /** Fine-tuning of the factorised model. */
    public FineTuneViewModel fineTune() {
        return fineTune;
    }
}
