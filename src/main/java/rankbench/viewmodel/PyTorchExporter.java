package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.PyTorchExport;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.Run;

/**
 * File ▸ Export ▸ PyTorch: writes the model on screen (the shown run's model, else the base model
 * factorized at the plan on screen, as the model export does) into a directory as
 * {@code model.safetensors} + {@code model.json} ({@link PyTorchExport}) in the background. The model of
 * a run that diverged or failed is refused: it is not a result.
 */
final class PyTorchExporter {

    private final WorkbenchViewModel vm;
    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final Workers workers;
    private final Consumer<String> status;

    PyTorchExporter(
            WorkbenchViewModel vm,
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            Workers workers,
            Consumer<String> status) {
        this.vm = vm;
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.workers = workers;
        this.status = status;
    }

    void export(Path dir) {
        SavedModel base = vm.modelProperty().get();
        if (base == null) {
            dialogs.showError("Nothing to export", "No model is loaded yet.");
            return;
        }
        Run run = vm.session().selectedRunProperty().get();
        if (run != null && !run.hasResult()) {
            dialogs.showError(
                    "Cannot export for PyTorch",
                    run.id() + " " + run.status().id()
                            + ": its model is not a result and is not exported. Select a completed or cancelled run, or "
                            + "edit a rank to export the base model at the plan on screen.");
            return;
        }
        vm.editor().flushPending();
        RankPlan plan = vm.editor().currentPlan();
        String what = run != null && run.model() != null ? "the model of " + run.id() : "the model on screen";
        status.accept("Exporting " + what + " for PyTorch to " + dir + "\u2026");
        tasks.submit("Export for PyTorch", () -> {
                    SavedModel m = WorkbenchActions.modelOnScreen(run, base, plan, workers);
                    PyTorchExport.write(m, dir);
                    return m;
                })
                .whenComplete((m, err) -> ui.execute(() -> {
                    if (err != null) {
                        status.accept("PyTorch export failed");
                        dialogs.showError("Cannot export for PyTorch", dir + ": " + WorkbenchViewModel.message(err));
                        return;
                    }
                    status.accept(String.format(
                            Locale.ROOT,
                            "Exported %s (%,d parameters) to %s: %s + %s; load it with " + "tools/rankbench_torch.py",
                            what,
                            NetworkSpec.parameterCount(m.manifest().network()),
                            dir,
                            PyTorchExport.WEIGHTS_FILE,
                            PyTorchExport.DESCRIPTION_FILE));
                }));
    }
}
