package io.binancedata.stream;

/**
 * When a reused batch gives its memory back: once it has grown far beyond its first size — a catch-up after a long
 * gap fill or a stuck sink leaves a thousand-frame batch behind — and then {@value #CLEARS} batches in a row each used
 * less than an eighth of it. A busy stream that uses its batch keeps it (no allocation in steady state); a
 * whole-exchange process does not keep 3,000 catch-up-sized batches for ever. One per batch, used by its one user.
 */
final class BatchShrinking {
    /** Small batches in a row after which an oversized batch shrinks. */
    static final int CLEARS = 64;
    private int oversized;

    /**
     * Called as the batch is emptied.
     *
     * @param used     what the batch held this time
     * @param capacity what it has room for
     * @param initial  its first size
     * @return true when it should go back to its first size now
     */
    boolean shrinkNow(int used, int capacity, int initial) {
        if (capacity > 8 * initial && used * 8L < capacity) {
            if (++oversized >= CLEARS) {
                oversized = 0;
                return true;
            }
            return false;
        }
        oversized = 0;
        return false;
    }
}
