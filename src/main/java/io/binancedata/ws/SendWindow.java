package io.binancedata.ws;

/**
 * Keeps what one connection sends within Binance's limit of incoming messages per second, measured where it matters:
 * when each message has been written to the socket, not when it was queued (a busy event loop could otherwise write
 * two queued messages back to back). At most one message is being written at a time, and a new one starts only when
 * the last {@code max} messages were written more than {@code windowNanos} ago. Thread-safe: the scheduler starts
 * messages, the event loop reports them written.
 */
final class SendWindow {
    private final long[] written;
    private final long windowNanos;
    private int oldest;
    private int count;
    private boolean inFlight;

    /**
     * @param max         messages in any window, at least 1
     * @param windowNanos the window: a second plus a margin for the network's jitter
     */
    SendWindow(int max, long windowNanos) {
        this.written = new long[Math.max(1, max)];
        this.windowNanos = windowNanos;
    }

    /** Whether a message may start now; if so, it is counted as being written until {@link #written}. */
    synchronized boolean tryStart(long now) {
        if (inFlight || count == written.length && now - written[oldest] < windowNanos) {
            return false;
        }
        inFlight = true;
        return true;
    }

    /** The message started last was not sent after all: it counts for nothing. */
    synchronized void cancel() {
        inFlight = false;
    }

    /** The message started last has been written (or failed) at {@code nanos}. */
    synchronized void written(long nanos) {
        inFlight = false;
        if (count == written.length) {
            written[oldest] = nanos;
            oldest = (oldest + 1) % written.length;
        } else {
            written[(oldest + count) % written.length] = nanos;
            count++;
        }
    }
}
