package rankbench.viewmodel;

/**
 * Runs a task after a delay (debouncing of edits). The task may run on any thread; view models hand
 * its effect to the {@link UiExecutor}.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Schedules {@code task} after {@code delayMs} milliseconds.
     *
     * @return an action that cancels the task if it has not started yet
     */
    Runnable schedule(long delayMs, Runnable task);

    /** A scheduler that runs every task at once on the calling thread (for tests). */
    static Scheduler immediate() {
        return (delay, task) -> {
            task.run();
            return () -> {};
        };
    }
}
