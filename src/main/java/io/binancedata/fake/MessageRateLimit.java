package io.binancedata.fake;

/**
 * Binance's limit on what a client sends on a market-stream connection: at most {@code max} incoming messages (text
 * messages, pings and pongs alike) in any one second. Keeps the arrival times of the last {@code max} messages; the
 * next one within a second of the oldest of them is over the limit. Used on the connection's event loop only.
 */
final class MessageRateLimit {
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final long[] arrivals;
    private int oldest;
    private int count;

    /** @param max messages allowed in any one second, at least 1 */
    MessageRateLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the message limit must be at least 1 a second: " + max);
        }
        this.arrivals = new long[max];
    }

    /** Records a message arriving at {@code nanos} ({@link System#nanoTime()}); false when it is over the limit. */
    boolean tryAcquire(long nanos) {
        if (count == arrivals.length) {
            if (nanos - arrivals[oldest] < SECOND_NANOS) {
                return false;
            }
            arrivals[oldest] = nanos;
            oldest = (oldest + 1) % arrivals.length;
            return true;
        }
        arrivals[(oldest + count) % arrivals.length] = nanos;
        count++;
        return true;
    }
}
