package rankbench.viewmodel;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableNumberValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Every background job of the window in one observable list (the status bar shows it): training runs,
 * evaluation, latency measurements and every one-shot task (loading, saving, opening, exporting, pinning,
 * measuring), each with a name, a progress (0..1, or -1 while indeterminate), a detail line (an ETA) and
 * a cancel command.
 *
 * <p>Sources: {@link #tracking(TaskExecutor)} wraps the task executor, so every {@code submit} is a job
 * until its future completes; {@link #tracking(String, Executor)} wraps a worker's executor, so every
 * queued task is a job; {@link #track} shows a job while an observable "running" flag is set (training runs,
 * the evaluation).
 *
 * <p>Cancelling a one-shot task completes its future with a {@link CancellationException} ("cancelled by
 * the user", so the caller's failure path says so and keeps what the user had) and interrupts its thread;
 * work that ignores interrupts finishes in the background and its result is dropped. The job stays listed,
 * marked as cancelling, until the work has really stopped. Cancelling a queued worker task skips it.
 *
 * <p>Threading: the list changes on the UI thread only; jobs may be submitted from any thread.
 */
public final class BackgroundJobs {

    /** The message of a one-shot task's future after the user cancelled it. */
    public static final String CANCELLED = "cancelled by the user";

    /** One running job. */
    public static final class Job {
        private final String name;
        private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
        private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
        private final ReadOnlyBooleanWrapper cancelling = new ReadOnlyBooleanWrapper(this, "cancelling");
        private final Command cancel;

        private Job(String name, Runnable onCancel, ObservableBooleanValue cancellable) {
            this.name = name;
            this.cancel = new Command(
                    () -> {
                        cancelling.set(true);
                        onCancel.run();
                    },
                    cancellable == null ? cancelling.not() : cancelling.not().and(cancellable));
        }

        /** What the job does ({@code "Save session.rbs"}, {@code "Rank learning (trp)"}). */
        public String name() {
            return name;
        }

        /** Progress 0..1, or -1 while it is not known. */
        public ReadOnlyDoubleProperty progressProperty() {
            return progress.getReadOnlyProperty();
        }

        /** A detail beside the progress (an ETA), or "". */
        public ReadOnlyStringProperty detailProperty() {
            return detail.getReadOnlyProperty();
        }

        /** True once cancel was asked for and the work has not stopped yet. */
        public ReadOnlyBooleanProperty cancellingProperty() {
            return cancelling.getReadOnlyProperty();
        }

        /** Cancels the job (executable until asked once). */
        public Command cancelCommand() {
            return cancel;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final UiExecutor ui;
    private final ObservableList<Job> jobs = FXCollections.observableArrayList();
    private final ObservableList<Job> view = FXCollections.unmodifiableObservableList(jobs);

    /** Creates an empty list whose changes happen through {@code ui}. */
    public BackgroundJobs(UiExecutor ui) {
        this.ui = ui;
    }

    /** The running jobs, oldest first (UI thread). */
    public ObservableList<Job> jobs() {
        return view;
    }

    /**
     * Lists a job while {@code running} holds (UI thread): its progress and detail follow the given values
     * (null: indeterminate, none), and its cancel runs {@code cancel} while that is executable.
     *
     * @param name the job's name, asked each time it starts (a method id may change between runs)
     */
    public void track(
            Supplier<String> name,
            ObservableBooleanValue running,
            ObservableNumberValue progress,
            ObservableStringValue detail,
            Command cancel) {
        Job[] current = {null};
        Runnable update = () -> {
            if (running.get() && current[0] == null) {
                Job j = new Job(name.get(), cancel::execute, cancel.executableProperty());
                if (progress != null) {
                    j.progress.bind(progress);
                }
                if (detail != null) {
                    j.detail.bind(detail);
                }
                current[0] = j;
                jobs.add(j);
            } else if (!running.get() && current[0] != null) {
                current[0].progress.unbind();
                current[0].detail.unbind();
                jobs.remove(current[0]);
                current[0] = null;
            }
        };
        running.addListener(o -> update.run());
        update.run();
    }

    /** The task executor {@code inner}, with every submitted task listed here until it completes. */
    public TaskExecutor tracking(TaskExecutor inner) {
        return new TaskExecutor() {
            @Override
            public <T> CompletableFuture<T> submit(String title, Callable<T> work) {
                OneShot<T> task = new OneShot<>(work);
                Job job = new Job(title, task::cancel, null);
                ui.execute(() -> jobs.add(job));
                inner.submit(title, task::call).whenComplete((r, err) -> {
                    ui.execute(() -> jobs.remove(job));
                    if (err != null) {
                        task.result.completeExceptionally(err);
                    } else {
                        task.result.complete(r);
                    }
                });
                return task.result;
            }
        };
    }

    /**
     * The worker executor {@code inner} (null stays null), with every queued task listed as {@code name}
     * until it has run; cancelling a task that has not started skips it, one that runs finishes.
     */
    public Executor tracking(String name, Executor inner) {
        if (inner == null) {
            return null;
        }
        return r -> {
            AtomicBoolean skip = new AtomicBoolean();
            Job job = new Job(name, () -> skip.set(true), null);
            ui.execute(() -> jobs.add(job));
            inner.execute(() -> {
                try {
                    if (!skip.get()) {
                        r.run();
                    }
                } finally {
                    ui.execute(() -> jobs.remove(job));
                }
            });
        };
    }

    /** A one-shot task that can be cancelled from the UI: completes its future and interrupts its thread. */
    private static final class OneShot<T> {
        private final Callable<T> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private Thread runner;
        private boolean cancelled;

        OneShot(Callable<T> work) {
            this.work = work;
        }

        T call() throws Exception {
            synchronized (this) {
                if (cancelled) {
                    throw new CancellationException(CANCELLED);
                }
                runner = Thread.currentThread();
            }
            try {
                return work.call();
            } finally {
                synchronized (this) {
                    runner = null;
                    Thread.interrupted(); // a pooled thread is not left interrupted for the next task
                }
            }
        }

        void cancel() {
            // the future first: work that ends as soon as it is interrupted must not complete it normally
            result.completeExceptionally(new CancellationException(CANCELLED));
            synchronized (this) {
                cancelled = true;
                if (runner != null) {
                    runner.interrupt();
                }
            }
        }
    }
}
