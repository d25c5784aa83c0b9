package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Lanes taking batches from the front and the back of one lane's range claim each exactly once. */
class BatchClaimsTest {

    @Test
    void frontAndBackMeetWithoutOverlap() {
        BatchClaims q = new BatchClaims(3, 7);
        assertEquals(3, q.claimFront());
        assertEquals(6, q.claimBack());
        assertEquals(5, q.claimBack());
        assertEquals(4, q.claimFront());
        assertEquals(-1, q.claimFront());
        assertEquals(-1, q.claimBack());
        assertEquals(-1, new BatchClaims(5, 5).claimFront());
        assertEquals(-1, new BatchClaims(5, 2).claimBack());
    }

    @Test
    void threadsClaimingAtOnceGetEveryBatchExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 50; round++) {
                BatchClaims q = new BatchClaims(10, 2010);
                ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> all = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    boolean front = t % 2 == 0;
                    all.add(pool.submit(() -> {
                        start.await();
                        for (int b = front ? q.claimFront() : q.claimBack();
                                b >= 0;
                                b = front ? q.claimFront() : q.claimBack()) {
                            got.add(b);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : all) {
                    f.get();
                }
                assertEquals(
                        IntStream.range(10, 2010).boxed().toList(),
                        got.stream().sorted().toList());
            }
        } finally {
            pool.shutdown();
        }
    }
}
