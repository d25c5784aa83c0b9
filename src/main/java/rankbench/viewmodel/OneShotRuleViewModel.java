package rankbench.viewmodel;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.methods.CostKind;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.methods.SensitivityRule;
import rankbench.experiment.methods.Targets;
import rankbench.experiment.model.Engines;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.CancellationToken;

/**
 * The one-shot rules of the tool bar (EVBMF, the LC cost rule, greedy sensitivity): their inputs, checked
 * here into the {@link OneShotRules.Settings} {@code rankbench select} builds from its options, and a command
 * that runs {@link OneShotRules#select} (the code the command line runs) on the task executor with progress
 * and cancellation. The plan it gives goes to {@code onPlan} on the UI thread (the rules view model applies
 * it through the plan editor, undoable); a sensitivity table goes to the {@link SensitivityViewModel}.
 *
 * <p>Sensitivity measures on {@link SensitivityRule#heldOut}: the first N (default 1 000) validation images
 * of the window's seeded split, the images the interactive accuracy uses; never test images.
 *
 * <p>Threading: UI thread; the selection runs on the {@link TaskExecutor}; a result of a model no longer
 * loaded, or of a cancelled run, is dropped.
 */
public final class OneShotRuleViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(OneShotRuleViewModel.class);

    private final ObservableValue<SavedModel> model;
    private final ObservableValue<HeldOutData> data;
    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final SpectrumCache cache;
    private final Consumer<String> status;
    private final BiConsumer<OneShotRules.Settings, OneShotRules.Outcome> onPlan;
    private final SensitivityViewModel sensitivity = new SensitivityViewModel();

    private final ObjectProperty<OneShotRules.Kind> kind =
            new SimpleObjectProperty<>(this, "kind", OneShotRules.Kind.EVBMF);
    private final ObjectProperty<Scheme> scheme = new SimpleObjectProperty<>(this, "scheme", Scheme.CHANNEL);
    private final ObjectProperty<CostKind> cost = new SimpleObjectProperty<>(this, "cost", CostKind.MACS);
    private final StringProperty multiplier = new SimpleStringProperty(this, "multiplier", "1");
    private final StringProperty evbmfReduction = new SimpleStringProperty(this, "evbmfReduction", "");
    private final StringProperty alpha = new SimpleStringProperty(this, "alpha", "");
    private final StringProperty mu = new SimpleStringProperty(this, "mu", "1");
    private final StringProperty lcReduction = new SimpleStringProperty(this, "lcReduction", "2");
    private final StringProperty sensitivityReduction = new SimpleStringProperty(this, "sensitivityReduction", "2");
    private final StringProperty heldOutImages = new SimpleStringProperty(this, "heldOutImages",
            String.valueOf(SensitivityRule.DEFAULT_HELD_OUT));
    private final StringProperty fractions = new SimpleStringProperty(this, "fractions", join(
            SensitivityRule.DEFAULT_FRACTIONS));
    private final ReadOnlyStringWrapper inputError = new ReadOnlyStringWrapper(this, "inputError", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final Command applyCommand;
    private final Command cancelCommand;
    private CancellationToken token;
    private long generation;

    OneShotRuleViewModel(ObservableValue<SavedModel> model, ObservableValue<HeldOutData> data, TaskExecutor tasks,
            UiExecutor ui, SpectrumCache cache, Consumer<String> status,
            BiConsumer<OneShotRules.Settings, OneShotRules.Outcome> onPlan) {
        this.model = model;
        this.data = data;
        this.tasks = tasks;
        this.ui = ui;
        this.cache = cache;
        this.status = status;
        this.onPlan = onPlan;
        Runnable check = this::check;
        for (ObservableValue<?> o : new ObservableValue<?>[] {kind, scheme, cost, multiplier, evbmfReduction, alpha, mu,
                lcReduction, sensitivityReduction, heldOutImages, fractions, data}) {
            o.addListener((x, a, b) -> check.run());
        }
        check();
        BooleanBinding ready = Bindings.createBooleanBinding(() -> model.getValue() != null
                && inputError.get().isEmpty()
                && (kind.get() != OneShotRules.Kind.SENSITIVITY || data.getValue() != null), model, inputError, kind,
                data);
        applyCommand = new Command(this::apply, ready);
        cancelCommand = new Command(this::cancel, applyCommand.runningProperty());
    }

    private static String join(double[] v) {
        return String.join(", ", Arrays.stream(v).mapToObj(OneShotRuleViewModel::number).toList());
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private void check() {
        try {
            settings();
            inputError.set("");
        } catch (IllegalArgumentException e) {
            inputError.set(e.getMessage());
        }
    }

    /**
     * Returns the settings of the chosen rule, as {@code select} builds them from the same values (default
     * targets, minimum rank 1, the reference tau, break-even cap).
     *
     * @throws IllegalArgumentException with a message naming the input that is wrong
     */
    public OneShotRules.Settings settings() {
        OneShotRules.Kind k = kind.get();
        double mult = 1;
        Double red = null;
        Double a = null;
        double m = 1;
        double[] fs = null;
        switch (k) {
            case EVBMF -> {
                mult = required("multiplier", multiplier.get());
                red = optional("MAC budget", evbmfReduction.get());
            }
            case LC -> {
                a = optional("alpha", alpha.get());
                m = required("mu", mu.get());
                red = optional("budget", lcReduction.get());
            }
            case SENSITIVITY -> {
                red = optional("budget", sensitivityReduction.get());
                fs = fractions();
                heldOutCount();
            }
            default -> throw new IllegalStateException(k.id());
        }
        return new OneShotRules.Settings(k, scheme.get(), Targets.defaults(), mult, 1, false, a, m, cost.get(), red, fs,
                false);
    }

    private static double required(String what, String text) {
        Double v = optional(what, text);
        if (v == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        return v;
    }

    private static Double optional(String what, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " must be a finite number, got '" + text.trim() + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number: '" + text.trim() + "'");
        }
    }

    private double[] fractions() {
        String t = fractions.get() == null ? "" : fractions.get().trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("candidate fractions are required (e.g. 0.25, 0.5)");
        }
        String[] parts = t.split("[,\\s]+");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = required("candidate fraction", parts[i]);
        }
        return out;
    }

    private int heldOutCount() {
        String t = heldOutImages.get() == null ? "" : heldOutImages.get().trim();
        try {
            int n = Integer.parseInt(t);
            if (n < 1) {
                throw new IllegalArgumentException("held-out images must be >= 1, got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("held-out images must be a whole number, got '" + t + "'");
        }
    }

    /** Forgets a running selection (a new model): its result will be dropped. */
    void clear() {
        generation++;
        if (token != null) {
            token.cancel();
        }
        sensitivity.clear();
    }

    private void apply() {
        OneShotRules.Settings s = settings();
        SavedModel m = model.getValue();
        HeldOutData d = data.getValue();
        int images = s.kind() == OneShotRules.Kind.SENSITIVITY ? heldOutCount() : 0;
        CancellationToken t = new CancellationToken();
        token = t;
        long gen = ++generation;
        applyCommand.setRunning(true);
        progress.set(s.kind() == OneShotRules.Kind.SENSITIVITY ? 0 : -1);
        progressText.set(s.describe() + "\u2026");
        status.accept("Running " + s.describe() + "\u2026");
        tasks.submit("Rule " + s.kind().id(), () -> {
            Engines.noGradOnThisThread();
            ImageDataset held = images == 0 ? null : SensitivityRule.heldOut(d.source().train(), d.source().test(),
                    d.ref().validationFraction(), d.ref().splitSeed(), images);
            return OneShotRules.select(m, s, held, cache, (done, total) -> ui.execute(() -> {
                if (gen == generation) {
                    progress.set((double) done / total);
                    progressText.set(String.format(Locale.ROOT, "%s: %d / %d measurements", s.describe(), done,
                            total));
                }
            }), t);
        }).whenComplete((outcome, err) -> ui.execute(() -> finish(gen, t, s, outcome, err)));
    }

    private void finish(long gen, CancellationToken t, OneShotRules.Settings s, OneShotRules.Outcome outcome,
            Throwable err) {
        applyCommand.setRunning(false); // one selection at a time: the command is not executable while running
        progress.set(0);
        progressText.set("");
        token = null;
        if (gen != generation) {
            return; // a new model was loaded meanwhile: the plan is of the old one
        }
        Throwable cause = err != null && err.getCause() != null ? err.getCause() : err;
        if (t.isCancelled() || cause instanceof CancellationException) {
            status.accept("Cancelled " + s.describe() + "; the plan is unchanged");
            return;
        }
        if (err != null) {
            status.accept("Rule " + s.describe() + " failed: " + WorkbenchViewModel.message(err));
            return;
        }
        if (outcome.table() != null) {
            sensitivity.show(s, outcome.table(), outcome.heldOutImages());
        }
        try {
            onPlan.accept(s, outcome);
        } catch (RuntimeException e) {
            LOG.error("the plan of {} could not be applied", s.describe(), e);
            status.accept("The plan of " + s.describe() + " could not be applied: " + WorkbenchViewModel.message(e));
        }
    }

    private void cancel() {
        if (token != null) {
            token.cancel();
            progressText.set("cancelling\u2026");
        }
    }

    /** The rule to run. */
    public ObjectProperty<OneShotRules.Kind> kindProperty() {
        return kind;
    }

    /** The scheme of conv layers (Tucker-2 for EVBMF and sensitivity keeps two ranks per layer). */
    public ObjectProperty<Scheme> schemeProperty() {
        return scheme;
    }

    /** LC and sensitivity: what a rank costs (parameters or MACs). */
    public ObjectProperty<CostKind> costProperty() {
        return cost;
    }

    /** EVBMF: factor on every EVBMF rank (1 = plain EVBMF). */
    public StringProperty multiplierProperty() {
        return multiplier;
    }

    /** EVBMF: MAC budget as a reduction X (at most 1/X of the dense MACs; empty = none). */
    public StringProperty evbmfReductionProperty() {
        return evbmfReduction;
    }

    /** LC: cost weight alpha (empty: use the budget). */
    public StringProperty alphaProperty() {
        return alpha;
    }

    /** LC: penalty mu. */
    public StringProperty muProperty() {
        return mu;
    }

    /** LC: budget as a reduction X of the chosen cost (empty: use alpha). */
    public StringProperty lcReductionProperty() {
        return lcReduction;
    }

    /** Sensitivity: budget as a reduction X of the chosen cost. */
    public StringProperty sensitivityReductionProperty() {
        return sensitivityReduction;
    }

    /** Sensitivity: how many held-out validation images to measure on. */
    public StringProperty heldOutImagesProperty() {
        return heldOutImages;
    }

    /** Sensitivity: candidate ranks as fractions of each layer's break-even rank, comma separated. */
    public StringProperty fractionsProperty() {
        return fractions;
    }

    /** Why the inputs cannot run (empty when they can). */
    public ReadOnlyStringProperty inputErrorProperty() {
        return inputError.getReadOnlyProperty();
    }

    /** Progress of the running rule in [0, 1], -1 when unknown, 0 when idle. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the running rule is doing (empty when idle). */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** Runs the chosen rule in the background and applies its plan (undoable). */
    public Command applyCommand() {
        return applyCommand;
    }

    /** Cancels the running rule (the plan stays as it was). */
    public Command cancelCommand() {
        return cancelCommand;
    }

    /** The last sensitivity table. */
    public SensitivityViewModel sensitivity() {
        return sensitivity;
    }
}
