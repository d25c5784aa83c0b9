package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;

/**
 * A worker and a UI thread under a test's control: the worker only queues until {@link #runWorker} runs the
 * queued tasks on a thread of its own (so a test sees the state before and after), the UI executor queues
 * until {@link #drainUi} runs the queued tasks on the calling (test) thread, which plays the UI thread.
 */
final class DeferredThreads {

    /** The name of the thread {@link #runWorker} runs tasks on. */
    static final String WORKER = "test-spectra-worker";

    private final ConcurrentLinkedDeque<Runnable> worker = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Runnable> ui = new ConcurrentLinkedDeque<>();

    /** The worker: queues. */
    Executor worker() {
        return worker::add;
    }

    /** The UI executor: queues. */
    UiExecutor ui() {
        return ui::add;
    }

    /** Tasks waiting for the worker. */
    int workerQueued() {
        return worker.size();
    }

    /** Runs at most {@code n} queued worker tasks on the worker thread and waits for them. */
    void runWorker(int n) throws InterruptedException {
        List<Throwable> errors = new ArrayList<>();
        Thread t = new Thread(
                () -> {
                    for (int i = 0; i < n; i++) {
                        Runnable r = worker.poll();
                        if (r == null) {
                            return;
                        }
                        r.run();
                    }
                },
                WORKER);
        t.setUncaughtExceptionHandler((th, e) -> errors.add(e));
        t.start();
        t.join();
        if (!errors.isEmpty()) {
            throw new AssertionError("a worker task failed", errors.get(0));
        }
    }

    /** Runs every queued worker task (and those they queue) on the worker thread. */
    void runWorker() throws InterruptedException {
        runWorker(Integer.MAX_VALUE);
    }

    /** Runs what was handed to the UI thread, on the calling thread. */
    void drainUi() {
        for (Runnable r = ui.poll(); r != null; r = ui.poll()) {
            r.run();
        }
    }

    /** Runs the worker and the UI until neither has anything left. */
    void settle() throws InterruptedException {
        while (!worker.isEmpty() || !ui.isEmpty()) {
            runWorker();
            drainUi();
        }
    }
}
