package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.Run;

/**
 * The workbench's one-shot background actions: pinning the plan on screen as a run, measuring a run's
 * test accuracy, exporting the model on screen, and saving and opening plan files. Each runs on the
 * {@link TaskExecutor}, reports in the status line, and on failure shows one error and keeps what the
 * user had.
 */
final class WorkbenchActions {

    private final WorkbenchViewModel vm;
    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final WorkbenchSettings settings;
    private final Workers workers;
    private final Consumer<String> status;

    WorkbenchActions(
            WorkbenchViewModel vm,
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            WorkbenchSettings settings,
            Workers workers,
            Consumer<String> status) {
        this.vm = vm;
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.settings = settings;
        this.workers = workers;
        this.status = status;
    }

    private static String message(Throwable err) {
        return WorkbenchViewModel.message(err);
    }

    // ---------------------------------------------------------------- runs made here

    void pin() {
        vm.editor().flushPending();
        SavedModel m = vm.modelProperty().get();
        HeldOutData d = vm.heldOutProperty().get();
        RankPlan plan = vm.editor().currentPlan();
        String rule = vm.rules().activeRuleProperty().get();
        vm.pinCommand().setRunning(true);
        status.accept("Pinning the plan on screen: factorizing and measuring\u2026");
        tasks.submit(
                        "Pin as run",
                        () -> WindowRuns.pin(
                                m,
                                plan,
                                rule,
                                d.validation(),
                                d.ref(),
                                workers.cache(),
                                settings.evalBatch(),
                                workers.meter()))
                .whenComplete((r, err) -> ui.execute(() -> {
                    vm.pinCommand().setRunning(false);
                    if (err != null) {
                        status.accept("Could not pin the plan");
                        dialogs.showError("Cannot pin the plan as a run", message(err));
                        return;
                    }
                    Run stored = vm.addRun(r);
                    status.accept(String.format(
                            Locale.ROOT,
                            "Pinned %s: %s validation accuracy (compress-only), " + "%.2fx fewer MACs",
                            stored.id(),
                            FineTuneViewModel.percent(stored.metrics().compressOnlyValidationAccuracy()),
                            (double) stored.metrics().baseMacs()
                                    / Math.max(1, stored.metrics().macs())));
                }));
    }

    void measureTestAccuracy() {
        Run run = vm.session().selectedRunProperty().get();
        HeldOutData d = vm.heldOutProperty().get();
        vm.measureTestCommand().setRunning(true);
        status.accept(
                "Measuring the test accuracy of " + run.id() + " on " + d.test().size() + " test images\u2026");
        tasks.submit("Measure test accuracy", () -> WindowRuns.withTestAccuracy(run, d.test(), settings.evalBatch()))
                .whenComplete((r, err) -> ui.execute(() -> {
                    vm.measureTestCommand().setRunning(false);
                    if (err != null) {
                        status.accept("Could not measure the test accuracy of " + run.id());
                        dialogs.showError("Cannot measure the test accuracy", message(err));
                        return;
                    }
                    vm.session().updateRun(r);
                    if (vm.session().selectedRunProperty().get() != null
                            && vm.session().selectedRunProperty().get().id().equals(r.id())) {
                        vm.summary().showRun(r);
                    }
                    status.accept(String.format(
                            Locale.ROOT,
                            "%s: test accuracy %s on %,d test images (reported only)",
                            r.id(),
                            FineTuneViewModel.percent(r.metrics().testAccuracy()),
                            d.test().size()));
                }));
    }

    // ---------------------------------------------------------------- files

    /**
     * Writes the model on screen: the selected run's own model, or else the base model truly factorized
     * at the plan on screen (layer pairs or Tucker-2 triples, see {@link Factorizer}, whose logits equal
     * those of the projected model the summary measures). Runs in the background; errors (full disk, no
     * permission) are reported and leave any existing file untouched.
     */
    void exportFactorized(Path file) {
        SavedModel m = vm.modelProperty().get();
        if (m == null) {
            dialogs.showError("Nothing to export", "No model is loaded yet.");
            return;
        }
        vm.editor().flushPending();
        Run run = vm.session().selectedRunProperty().get();
        RankPlan plan = vm.editor().currentPlan();
        status.accept("Exporting " + file.getFileName() + "\u2026");
        tasks.submit("Export " + file.getFileName(), () -> {
                    SavedModel f = modelOnScreen(run, m, plan, workers);
                    ModelFiles.write(f, file);
                    return f;
                })
                .whenComplete((f, err) -> ui.execute(() -> {
                    if (err != null) {
                        status.accept("Export failed");
                        dialogs.showError("Cannot export the factorized model", message(err));
                    } else {
                        List<LayerInfo> ls = NetworkSpec.layers(
                                f.manifest().network(), f.manifest().input());
                        status.accept(String.format(
                                Locale.ROOT,
                                "Exported %s%s: %,d parameters, %,d MACs/image",
                                file.getFileName(),
                                run != null && run.model() != null ? " (the model of " + run.id() + ")" : "",
                                NetworkSpec.parameterCount(f.manifest().network()),
                                ls.stream().mapToLong(LayerInfo::macs).sum()));
                    }
                }));
    }

    /**
     * The model on screen: the shown run's own model, or else the base model truly factorized at the
     * plan on screen (call off the UI thread). Shared by the exports.
     */
    static SavedModel modelOnScreen(Run run, SavedModel base, RankPlan plan, Workers workers) {
        return run != null && run.model() != null ? run.model() : Factorizer.factorize(base, plan, workers.cache());
    }

    /** Writes the plan on screen as rank-plan JSON in the background. */
    void savePlan(Path file) {
        vm.editor().flushPending();
        RankPlan plan = vm.editor().currentPlan();
        tasks.submit("Save plan", () -> {
                    plan.write(file);
                    return file;
                })
                .whenComplete((f, err) -> ui.execute(() -> {
                    if (err != null) {
                        dialogs.showError("Cannot save the plan", file + ": " + message(err));
                    } else {
                        status.accept("Saved the plan to " + file.getFileName());
                    }
                }));
    }

    /** Reads a rank-plan JSON file, checks it against the base model's layers and applies it (undoable). */
    void openPlan(Path file) {
        SavedModel m = vm.modelProperty().get();
        if (m == null) {
            dialogs.showError("Cannot open the plan", "No model is loaded yet.");
            return;
        }
        tasks.submit("Open plan", () -> {
                    RankPlan p = RankPlan.read(file);
                    try {
                        return p.resolve(
                                NetworkSpec.layers(
                                        m.manifest().network(), m.manifest().input()),
                                Scheme.CHANNEL);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                    }
                })
                .whenComplete((p, err) -> ui.execute(() -> {
                    if (err != null) {
                        dialogs.showError("Cannot open the plan", message(err));
                        return;
                    }
                    if (m != vm.modelProperty().get()) {
                        return;
                    }
                    vm.editor().applyPlan(p);
                    status.accept("Applied the plan from " + file.getFileName());
                }));
    }
}
