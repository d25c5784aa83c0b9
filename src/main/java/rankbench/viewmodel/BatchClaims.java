package rankbench.viewmodel;

/**
 * The batches {@code [first, end)} of one lane during one count, claimed one at a time: the lane's own
 * thread takes them from the front, a lane that is done with its own takes them from the back. Every
 * batch is claimed exactly once. Thread-safe.
 */
final class BatchClaims {

    private int front;
    private int back;

    /** Batches {@code first} to {@code end - 1} (none if {@code end <= first}). */
    BatchClaims(int first, int end) {
        front = first;
        back = Math.max(first, end);
    }

    /** The next batch from the front, or -1 if none is left. */
    synchronized int claimFront() {
        return front < back ? front++ : -1;
    }

    /** The next batch from the back, or -1 if none is left. */
    synchronized int claimBack() {
        return front < back ? --back : -1;
    }
}
