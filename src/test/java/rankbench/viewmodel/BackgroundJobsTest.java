package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The list of background jobs, without the toolkit: UI work runs on the calling thread. */
class BackgroundJobsTest {

    private final Object lock = new Object();
    /** UI work on the calling thread, one at a time (workers end tasks on their own threads). */
    private final BackgroundJobs jobs = new BackgroundJobs(r -> {
        synchronized (lock) {
            r.run();
        }
    });

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A task executor on {@code pool}, as the app's. */
    private TaskExecutor poolTasks() {
        return new TaskExecutor() {
            @Override
            public <T> CompletableFuture<T> submit(String title, Callable<T> work) {
                CompletableFuture<T> f = new CompletableFuture<>();
                pool.execute(() -> {
                    try {
                        f.complete(work.call());
                    } catch (Exception e) {
                        f.completeExceptionally(e);
                    }
                });
                return f;
            }
        };
    }

    private List<String> names() {
        synchronized (lock) {
            return jobs.jobs().stream().map(BackgroundJobs.Job::name).toList();
        }
    }

    @Test
    void aSubmittedTaskIsListedUntilItEnds() throws Exception {
        TaskExecutor tasks = jobs.tracking(poolTasks());
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<String> f = tasks.submit("Save s.rbs", () -> {
            go.await();
            return "saved";
        });
        assertEquals(List.of("Save s.rbs"), names());
        assertEquals(-1, jobs.jobs().get(0).progressProperty().get(), "indeterminate");
        go.countDown();
        assertEquals("saved", f.get(10, TimeUnit.SECONDS));
        waitUntil(() -> names().isEmpty());
    }

    @Test
    void aFailedTaskFailsAsBeforeAndLeavesTheList() {
        TaskExecutor tasks = jobs.tracking(TaskExecutor.currentThread());
        CompletableFuture<Object> f = tasks.submit("Open x.rbs", () -> {
            throw new IOException("x.rbs: not a session");
        });
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertEquals("x.rbs: not a session", e.getCause().getMessage());
        assertEquals(List.of(), names());
    }

    @Test
    void cancellingATaskInterruptsItAndCompletesItsFutureAsCancelled() throws Exception {
        TaskExecutor tasks = jobs.tracking(poolTasks());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CompletableFuture<Object> f = tasks.submit("Export report", () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            stopped.countDown();
            return null;
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        BackgroundJobs.Job job = jobs.jobs().get(0);
        job.cancelCommand().execute();
        assertTrue(job.cancellingProperty().get());
        assertFalse(job.cancelCommand().executableProperty().get(), "cancel is asked once");
        CancellationException e = assertThrows(CancellationException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertEquals(BackgroundJobs.CANCELLED, e.getMessage(), "the caller's failure path says why");
        assertTrue(stopped.await(10, TimeUnit.SECONDS));
        assertTrue(interrupted.get());
        waitUntil(() -> names().isEmpty());
    }

    @Test
    void aPooledThreadIsNotLeftInterruptedForTheNextTask() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            TaskExecutor single = new TaskExecutor() {
                @Override
                public <T> CompletableFuture<T> submit(String title, Callable<T> work) {
                    return CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return work.call();
                                } catch (Exception e) {
                                    throw new CompletionException(e);
                                }
                            },
                            one);
                }
            };
            TaskExecutor tasks = jobs.tracking(single);
            CountDownLatch started = new CountDownLatch(1);
            tasks.submit("Busy", () -> {
                started.countDown();
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < end) {
                    Thread.onSpinWait(); // ignores interrupts
                }
                return null;
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            jobs.jobs().get(0).cancelCommand().execute();
            Boolean next = tasks.submit("Next", () -> Thread.currentThread().isInterrupted())
                    .get(10, TimeUnit.SECONDS);
            assertFalse(next);
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void aCancelledQueuedWorkerTaskIsSkipped() {
        List<Runnable> queue = new ArrayList<>();
        Executor worker = jobs.tracking("Measuring latency", queue::add);
        List<String> ran = new ArrayList<>();
        worker.execute(() -> ran.add("a"));
        worker.execute(() -> ran.add("b"));
        assertEquals(List.of("Measuring latency", "Measuring latency"), names());
        jobs.jobs().get(1).cancelCommand().execute();
        queue.forEach(Runnable::run);
        assertEquals(List.of("a"), ran);
        assertEquals(List.of(), names());
    }

    @Test
    void noWorkerStaysNoWorker() {
        assertEquals(null, jobs.tracking("Measuring latency", null));
    }

    @Test
    void aTrackedRunIsListedWhileItRunsWithItsProgressDetailAndCancel() {
        SimpleBooleanProperty running = new SimpleBooleanProperty();
        SimpleDoubleProperty progress = new SimpleDoubleProperty(-1);
        SimpleStringProperty eta = new SimpleStringProperty("");
        List<String> cancelled = new ArrayList<>();
        Command cancel = new Command(() -> cancelled.add("yes"), running);
        String[] method = {"trp"};
        jobs.track(() -> "Rank learning (" + method[0] + ")", running, progress, eta, cancel);
        assertEquals(List.of(), names());
        running.set(true);
        assertEquals(List.of("Rank learning (trp)"), names());
        BackgroundJobs.Job job = jobs.jobs().get(0);
        progress.set(0.25);
        eta.set("ETA 0:12");
        assertEquals(0.25, job.progressProperty().get());
        assertEquals("ETA 0:12", job.detailProperty().get());
        job.cancelCommand().execute();
        assertEquals(List.of("yes"), cancelled);
        running.set(false);
        assertEquals(List.of(), names());
        method[0] = "lc";
        running.set(true);
        assertEquals(List.of("Rank learning (lc)"), names(), "named when it starts");
        assertFalse(jobs.jobs().get(0).cancellingProperty().get(), "a new run, a new job");
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(5);
        }
    }
}
