package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import rankbench.experiment.model.NameMap;
import rankbench.experiment.model.SafetensorsImport;
import rankbench.experiment.model.SavedModel;

/**
 * Opens a PyTorch state dict ({@code .safetensors}) as the base model: probes the file in the
 * background, asks what it cannot tell in one dialog ({@link SafetensorsImportViewModel}) unless the
 * answers for this file are remembered, and hands a loader to the workbench's one loading path. The
 * answers are remembered once the model loads and forgotten if the file no longer fits them.
 */
final class SafetensorsOpener {

    /** The file name ending of a state dict. */
    static final String EXTENSION = ".safetensors";

    private static final Pattern MISMATCH_SUMMARY = Pattern.compile("(?s)^(.*?, \\d+ problems?): .*$");

    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final BiConsumer<String, Callable<SavedModel>> load;
    private final Consumer<String> status;
    private volatile ImportAnswerStore store = ImportAnswerStore.inMemory();

    /** Creates the opener; {@code load} is the workbench's loading path (display name, loader). */
    SafetensorsOpener(
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            BiConsumer<String, Callable<SavedModel>> load,
            Consumer<String> status) {
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.load = load;
        this.status = status;
    }

    /** True for a {@code .safetensors} file. */
    static boolean accepts(Path file) {
        return file.getFileName() != null
                && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(EXTENSION);
    }

    void setStore(ImportAnswerStore store) {
        this.store = store;
    }

    /** Opens {@code file}: with remembered answers at once, else after probing and asking. */
    void open(Path file) {
        ImportAnswers known = store.find(file);
        if (known != null) {
            status.accept("Importing " + file.getFileName() + " with the answers given before");
            load(file, known);
            return;
        }
        status.accept("Reading the tensor names of " + file.getFileName() + "\u2026");
        tasks.submit("Probe " + file.getFileName(), () -> SafetensorsImport.probe(file, NameMap.NONE))
                .whenComplete((probe, err) -> ui.execute(() -> {
                    if (err != null) {
                        status.accept("Could not read " + file.getFileName());
                        dialogs.showError("Cannot open model", WorkbenchViewModel.message(err));
                        return;
                    }
                    status.accept(file.getFileName() + ": answer what the file does not tell");
                    SafetensorsImportViewModel form =
                            new SafetensorsImportViewModel(probe, tasks, ui, SafetensorsImport::probe);
                    if (!dialogs.askSafetensorsImport(form)
                            || !form.validProperty().get()) {
                        status.accept("Import of " + file.getFileName() + " cancelled");
                        return;
                    }
                    load(file, form.answers());
                }));
    }

    private void load(Path file, ImportAnswers a) {
        load.accept(file.getFileName().toString(), () -> {
            SavedModel m;
            try {
                NameMap map = a.nameMap() == null ? NameMap.NONE : NameMap.read(a.nameMap());
                m = SafetensorsImport.read(
                        file,
                        a.architecture(),
                        a.input(),
                        a.classNames().isEmpty() ? null : a.classNames(),
                        a.mean(),
                        a.std(),
                        map);
            } catch (RuntimeException e) {
                store.forget(file); // ask again next time
                throw e;
            }
            store.remember(file, a);
            return m;
        });
    }

    /** The tensors a failed import names (missing, unexpected, mis-shaped, with both shapes); empty for other errors. */
    static List<String> problems(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t instanceof SafetensorsImport.MismatchException m ? m.problems() : List.of();
    }

    /**
     * Shows a failed model load: one error; for a state dict that does not fit, its problems listed one
     * per line below a one-line summary.
     */
    static void showLoadError(DialogService dialogs, Throwable err) {
        String message = WorkbenchViewModel.message(err);
        List<String> problems = problems(err);
        if (problems.isEmpty()) {
            dialogs.showError("Cannot open model", message);
            return;
        }
        Matcher m = MISMATCH_SUMMARY.matcher(message);
        String summary = (m.matches() ? m.group(1) : message) + ". The current model is kept.";
        dialogs.showError("Cannot open model", summary, problems);
    }
}
