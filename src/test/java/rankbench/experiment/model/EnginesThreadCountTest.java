package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A thread's own intra-op thread count leaves every other thread, old or new, at the configured one. */
@Tag("engine")
class EnginesThreadCountTest {

    @Test
    void aThreadsOwnCountStaysItsOwn() throws Exception {
        int configured = Engines.threads();
        int mine = configured == 1 ? 2 : 1;
        ExecutorService lane = Executors.newSingleThreadExecutor();
        try {
            lane.submit(() -> Engines.setThreadsOnThisThread(mine)).get();
            assertEquals(mine, lane.submit(JniUtils::getNumThreads).get(), "the thread that asked");
            assertEquals(configured, Engines.threads(), "a thread that already ran ops");
            AtomicInteger fresh = new AtomicInteger();
            Thread t = new Thread(() -> fresh.set(JniUtils.getNumThreads()));
            t.start();
            t.join();
            assertEquals(configured, fresh.get(), "a thread started afterwards");
            assertEquals(mine, lane.submit(JniUtils::getNumThreads).get(), "still, after other threads started");
        } finally {
            lane.shutdown();
        }
    }

    @Test
    void refusesZero() {
        assertThrows(IllegalArgumentException.class, () -> Engines.setThreadsOnThisThread(0));
    }
}
