package rankbench.experiment.training;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag a long job polls between units of work (batches); cancelling never interrupts a step. */
public final class CancellationToken {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Returns a token that is never cancelled. */
    public static CancellationToken none() {
        return new CancellationToken();
    }

    /** Requests cancellation. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Returns true once cancellation was requested. */
    public boolean isCancelled() {
        return cancelled.get();
    }
}
