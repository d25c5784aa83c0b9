package rankbench.viewmodel;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** Runs one-shot background work (load a model, evaluate, export) off the UI thread. */
public interface TaskExecutor {

    /** Starts {@code work} in the background; the future completes on the worker thread. */
    <T> CompletableFuture<T> submit(String title, Callable<T> work);

    /** An executor that runs work on the calling thread (for tests). */
    static TaskExecutor currentThread() {
        return new TaskExecutor() {
            @Override
            public <T> CompletableFuture<T> submit(String title, Callable<T> work) {
                try {
                    return CompletableFuture.completedFuture(work.call());
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
        };
    }
}
