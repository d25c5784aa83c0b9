package rankbench.viewmodel;

/** Runs work on the UI thread ({@code Platform::runLater} in the app, {@code Runnable::run} in tests). */
@FunctionalInterface
public interface UiExecutor {
    /** Schedules {@code r} on the UI thread. */
    void execute(Runnable r);
}
