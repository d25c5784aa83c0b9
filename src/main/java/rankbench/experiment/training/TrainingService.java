package rankbench.experiment.training;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs training jobs one at a time on a dedicated background thread (the engine's trainer state is
 * not thread-safe and only one gradient tape may record at a time). Jobs submitted while one runs
 * wait in order.
 */
public final class TrainingService implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rankbench-training-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** A unit of background work that polls a cancellation token. */
    @FunctionalInterface
    public interface Job<T> {
        /** Runs the job on the training thread. */
        T run(CancellationToken cancel) throws Exception;
    }

    /** A submitted job: its result and a way to cancel it. */
    public record Handle<T>(CompletableFuture<T> result, CancellationToken token) {
        /** Requests cancellation; the job stops at its next check (between batches). */
        public void cancel() {
            token.cancel();
        }
    }

    /** Submits a job; its result completes exceptionally if the job throws. */
    public <T> Handle<T> submit(Job<T> job) {
        CancellationToken token = new CancellationToken();
        CompletableFuture<T> future = new CompletableFuture<>();
        executor.execute(() -> {
            if (token.isCancelled()) {
                future.cancel(false);
                return;
            }
            try {
                future.complete(job.run(token));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return new Handle<>(future, token);
    }

    /** Stops accepting jobs and waits briefly for the running one. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
