package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.value.ObservableBooleanValue;
import rankbench.experiment.session.Run;

/**
 * The workbench's run bookkeeping: adds finished work (a pinned plan, a fine-tune, a rank-learning run) to
 * the session, says in the status line how it ended (a run without a result is kept as such, never as a
 * result), tells the training-run listeners, and names the work in progress that would still add a run.
 *
 * <p>Threading: UI thread only.
 */
final class RunBook {

    private record Producer(ObservableBooleanValue running, String message) {}

    private final SessionViewModel session;
    private final Consumer<String> status;
    private final List<Consumer<Run>> trainingRunEnded = new ArrayList<>();
    private final List<Producer> producers = new ArrayList<>();

    RunBook(SessionViewModel session, Consumer<String> status) {
        this.session = session;
        this.status = status;
    }

    /** Adds a finished run to the session and says how it ended in the status line. */
    Run addRun(Run r) {
        Run stored = session.addRun(r);
        if (!stored.hasResult()) {
            status.accept(stored.id() + " " + stored.status().id() + ": " + stored.statusMessage()
                    + " (kept in the session as " + stored.status().id() + ", not as a result)");
        } else {
            status.accept("Added " + stored.id() + " (" + stored.status().id() + "): " + stored.label());
        }
        return stored;
    }

    /** Adds a finished fine-tune or rank-learning run (whatever its status) and tells the listeners. */
    Run addTrainingRun(Run r) {
        Run stored = addRun(r);
        for (Consumer<Run> l : List.copyOf(trainingRunEnded)) {
            l.accept(stored);
        }
        return stored;
    }

    /** Calls {@code l} with the session run of every fine-tune and rank-learning run that ends. */
    void addTrainingRunListener(Consumer<Run> l) {
        trainingRunEnded.add(l);
    }

    /** Registers work that adds a run when it ends: while {@code running} holds, {@code message} names it. */
    void watch(ObservableBooleanValue running, String message) {
        producers.add(new Producer(running, message));
    }

    /** What is still running and would add a run to the session (the first watched; null if nothing). */
    String workInProgress() {
        for (Producer p : producers) {
            if (p.running().get()) {
                return p.message();
            }
        }
        return null;
    }
}
