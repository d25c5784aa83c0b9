package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class EventDrainTest {

    @Test
    void tenThousandWorkerEventsCauseOneScheduledDrain() throws Exception {
        ConcurrentLinkedQueue<Runnable> scheduled = new ConcurrentLinkedQueue<>();
        List<List<Integer>> batches = new ArrayList<>();
        EventDrain<Integer> drain = new EventDrain<>(scheduled::add, batches::add);

        Thread worker = new Thread(() -> {
            for (int i = 0; i < 10_000; i++) {
                drain.offer(i);
            }
        });
        worker.start();
        worker.join();

        assertEquals(1, scheduled.size());
        scheduled.poll().run();
        assertEquals(1, batches.size());
        assertEquals(10_000, batches.get(0).size());
        assertEquals(9_999, batches.get(0).get(9_999));
    }

    @Test
    void eventAfterADrainSchedulesTheNextOne() {
        ConcurrentLinkedQueue<Runnable> scheduled = new ConcurrentLinkedQueue<>();
        List<List<Integer>> batches = new ArrayList<>();
        EventDrain<Integer> drain = new EventDrain<>(scheduled::add, batches::add);

        drain.offer(1);
        scheduled.poll().run();
        drain.offer(2);

        assertEquals(1, scheduled.size());
        scheduled.poll().run();
        assertEquals(List.of(List.of(1), List.of(2)), batches);
    }
}
