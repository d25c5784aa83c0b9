package rankbench.viewmodel;

import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.session.ExperimentSession;

/**
 * Never lose work: every few minutes, while the session has unsaved changes, writes it to the recovery
 * file in the background; at start, offers back what a window that did not exit cleanly left behind; at a
 * clean exit, deletes it. Without a {@link RecoveryStore} it does nothing.
 *
 * <p>Threading: UI thread; the file work on the {@link TaskExecutor}.
 */
final class Autosave {

    private static final Logger LOG = LoggerFactory.getLogger(Autosave.class);

    private final SessionViewModel document;
    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final RecoveryStore recovery;
    private final Scheduler scheduler;
    private final long intervalMs;
    private Consumer<String> status = s -> {};
    private Runnable cancel = () -> {};
    private boolean closed;

    Autosave(
            SessionViewModel document,
            TaskExecutor tasks,
            UiExecutor ui,
            DialogService dialogs,
            RecoveryStore recovery,
            Scheduler scheduler,
            double minutes) {
        this.document = document;
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.recovery = recovery;
        this.scheduler = scheduler;
        this.intervalMs = Math.round(minutes * 60_000);
    }

    void setStatus(Consumer<String> s) {
        status = s;
    }

    /** Claims the recovery file, schedules autosave and offers a left-behind session. */
    void start() {
        if (recovery == null) {
            return;
        }
        tasks.submit("Check for an autosaved session", recovery::start)
                .whenComplete((pending, err) -> ui.execute(() -> {
                    schedule();
                    if (err != null) {
                        dialogs.showError(
                                "Cannot recover the autosaved session",
                                WorkbenchViewModel.message(err) + " The file is kept.");
                    } else if (pending != null) {
                        offer(pending);
                    }
                }));
    }

    private void offer(ExperimentSession pending) {
        String what = pending.runs().size() + " run" + (pending.runs().size() == 1 ? "" : "s");
        if (dialogs.confirm(
                "Recover unsaved work?",
                "RankBench did not close cleanly last time. An autosaved " + "session (\u201c" + pending.title()
                        + "\u201d, " + what + ") can be recovered. Recover it?")) {
            document.openRecovered(pending);
        } else {
            discardPending();
        }
    }

    private void schedule() {
        if (intervalMs <= 0 || closed) {
            return;
        }
        cancel = scheduler.schedule(
                intervalMs,
                () -> ui.execute(() -> {
                    saveNow();
                    schedule();
                }));
    }

    /** Writes the session to the recovery file in the background if it has unsaved changes. */
    void saveNow() {
        ExperimentSession s = document.sessionProperty().get();
        if (recovery == null || s == null || !document.dirtyProperty().get() || closed) {
            return;
        }
        tasks.submit("Autosave", () -> {
                    recovery.save(s);
                    return s;
                })
                .whenComplete((ok, err) -> ui.execute(() -> {
                    if (err != null) {
                        status.accept("Autosave failed: " + WorkbenchViewModel.message(err));
                    }
                }));
    }

    /** Deletes the session left behind by a crash (recovered or declined). */
    void discardPending() {
        if (recovery != null) {
            tasks.submit("Discard the recovery file", () -> {
                recovery.discard();
                return null;
            });
        }
    }

    /** A clean exit: stops autosaving and deletes the recovery file. */
    void close() {
        closed = true;
        cancel.run();
        if (recovery != null) {
            try {
                recovery.closeCleanly();
            } catch (IOException | RuntimeException e) {
                LOG.warn("recovery file: {}", e.getMessage());
            }
        }
    }
}
