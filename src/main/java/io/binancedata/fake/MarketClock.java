package io.binancedata.fake;

/**
 * Maps wall time to exchange time: {@code speed} exchange milliseconds pass per wall millisecond from the moment
 * the clock was started, when it read {@code origin}. A speed of 0 means unpaced: everything is due at once.
 */
final class MarketClock {
    private final long origin;
    private final double speed;
    private final long startNanos;

    private MarketClock(long origin, double speed, long startNanos) {
        this.origin = origin;
        this.speed = speed;
        this.startNanos = startNanos;
    }

    /** A clock that reads {@code origin} now. */
    static MarketClock startingNow(long origin, double speed) {
        return new MarketClock(origin, speed, System.nanoTime());
    }

    boolean unpaced() {
        return speed <= 0;
    }

    /** The exchange time now; {@link Long#MAX_VALUE} when unpaced. */
    long exchangeNow() {
        if (unpaced()) {
            return Long.MAX_VALUE;
        }
        return origin + (long) ((System.nanoTime() - startNanos) * speed / 1_000_000.0);
    }

    /** Wall nanoseconds until the exchange time {@code time}; zero or negative when it is due. */
    long nanosUntil(long time) {
        if (unpaced()) {
            return 0;
        }
        long dueNanos = (long) ((time - origin) * 1_000_000.0 / speed);
        return dueNanos - (System.nanoTime() - startNanos);
    }
}
