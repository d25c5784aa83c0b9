package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Moves events from worker threads to the UI thread in batches: {@link #offer} may be called from any
 * thread at any rate; at most one drain is scheduled on the UI executor at a time, and it hands every
 * queued event to the consumer in one list. Throttles without dropping or delaying the stream.
 */
public final class EventDrain<T> {

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final UiExecutor ui;
    private final Consumer<List<T>> consumer;

    /** Creates a drain delivering to {@code consumer} on {@code ui}. */
    public EventDrain(UiExecutor ui, Consumer<List<T>> consumer) {
        this.ui = ui;
        this.consumer = consumer;
    }

    /** Queues an event; schedules a drain only if none is pending. */
    public void offer(T event) {
        queue.add(event);
        if (scheduled.compareAndSet(false, true)) {
            ui.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        List<T> batch = new ArrayList<>();
        T e;
        while ((e = queue.poll()) != null) {
            batch.add(e);
        }
        if (!batch.isEmpty()) {
            consumer.accept(batch);
        }
    }
}
