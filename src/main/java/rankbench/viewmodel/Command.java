package rankbench.viewmodel;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableBooleanValue;

/**
 * An action a view can bind to: {@link #execute()}, whether it may run now, and whether it is running.
 * Free of javafx.concurrent so it works without the toolkit.
 */
public final class Command {

    private final Runnable action;
    private final ReadOnlyBooleanWrapper executable = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);

    /** Creates a command that is always executable while not running. */
    public Command(Runnable action) {
        this(action, null);
    }

    /** Creates a command executable while {@code condition} holds and it is not running. */
    public Command(Runnable action, ObservableBooleanValue condition) {
        this.action = action;
        if (condition == null) {
            executable.bind(running.not());
        } else {
            executable.bind(running.not().and(condition));
        }
    }

    /** Runs the action if executable. */
    public void execute() {
        if (executable.get()) {
            action.run();
        }
    }

    /** Marks the command running (set by asynchronous actions until they finish). */
    public void setRunning(boolean value) {
        running.set(value);
    }

    /** Whether the command can run now. */
    public ReadOnlyBooleanProperty executableProperty() {
        return executable.getReadOnlyProperty();
    }

    /** Whether the command is running. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
