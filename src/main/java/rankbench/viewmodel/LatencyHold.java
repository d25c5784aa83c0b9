package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ObservableBooleanValue;

/**
 * When the window's latency measurements may run ({@link LatencyCache}): not while the compress-only
 * evaluation or other listed work keeps the cores busy. Two engine threads timed beside other work wait
 * at every op for the one that lost its core; the window showed layers 2–10× slower than they are
 * (docs/PERFORMANCE.md). A measurement that such work overlapped is not kept, so it is taken again.
 *
 * <p>Threading: UI thread only.
 */
final class LatencyHold {

    private final Runnable onRelease;
    private final List<ObservableBooleanValue> busy = new ArrayList<>();
    private boolean evaluating;
    private boolean measuring;
    private boolean disturbed;

    /** {@code onRelease} runs when a hold ends (to start what is missing). */
    LatencyHold(Runnable onRelease) {
        this.onRelease = onRelease;
    }

    /** The evaluation started or ended. */
    void evaluation(boolean running) {
        evaluating = running;
        changed(running);
    }

    /** Holds measurements also while {@code work} is true. */
    void holdWhile(ObservableBooleanValue work) {
        busy.add(work);
        work.addListener((o, was, is) -> changed(is));
    }

    private void changed(boolean holding) {
        if (holding) {
            disturbed |= measuring;
        } else {
            onRelease.run();
        }
    }

    /** True while no new measurement may start. */
    boolean held() {
        return evaluating || busy.stream().anyMatch(ObservableBooleanValue::get);
    }

    /** A measurement started. */
    void started() {
        measuring = true;
        disturbed = false;
    }

    /** A measurement ended: true if nothing held the cores meanwhile, so its result may be kept. */
    boolean ended() {
        measuring = false;
        return !disturbed;
    }
}
