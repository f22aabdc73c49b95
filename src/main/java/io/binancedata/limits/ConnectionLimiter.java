package io.binancedata.limits;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Process-wide limit on WebSocket connection attempts: at most {@code maxAttempts} in any sliding
 * {@code window}. Binance allows 300 attempts per 5 minutes per IP and may ban an IP that keeps reconnecting;
 * the product's default is 200 per 5 minutes ({@code binance.limits.connection-attempts},
 * {@code binance.limits.connection-window}), leaving room for other processes on the same address.
 *
 * <p>A sliding-window log: the times of the attempts still in the window, oldest first, in a ring of
 * {@code maxAttempts} slots, so memory is bounded and every call is O(1) amortized. {@link #tryAcquire()} never
 * blocks: it either records an attempt or says how long to wait. Thread-safe; one instance per process (every
 * connection of every stream asks the same one).
 */
public final class ConnectionLimiter {
    private final long[] attempts;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private int oldest;
    private int count;

    /**
     * @param maxAttempts attempts allowed in any window, at least 1
     * @param window      length of the sliding window, positive
     * @param nanoTime    monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public ConnectionLimiter(int maxAttempts, Duration window, LongSupplier nanoTime) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.attempts = new long[maxAttempts];
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Asks for one connection attempt now.
     *
     * @return 0 when the attempt may go ahead (it is recorded), otherwise the nanoseconds until the oldest attempt
     *         in the window leaves it and a permit frees (nothing is recorded; ask again then)
     */
    public synchronized long tryAcquire() {
        long now = nanoTime.getAsLong();
        expire(now);
        if (count == attempts.length) {
            return attempts[oldest] + windowNanos - now;
        }
        attempts[(oldest + count) % attempts.length] = now;
        count++;
        return 0;
    }

    /** Attempts recorded in the window ending now. */
    public synchronized int attemptsInWindow() {
        expire(nanoTime.getAsLong());
        return count;
    }

    /** The configured maximum per window. */
    public int maxAttempts() {
        return attempts.length;
    }

    /** Drops attempts that are a whole window old or older. */
    private void expire(long now) {
        while (count > 0 && now - attempts[oldest] >= windowNanos) {
            oldest = (oldest + 1) % attempts.length;
            count--;
        }
    }

    @Override
    public synchronized String toString() {
        return "ConnectionLimiter[" + count + "/" + attempts.length + " per " + Duration.ofNanos(windowNanos) + "]";
    }
}
