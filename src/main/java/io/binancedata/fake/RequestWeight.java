package io.binancedata.fake;

import java.time.Clock;

/**
 * Request weight used in the current UTC minute of the exchange's wall clock, as Binance reports it in
 * {@code X-MBX-USED-WEIGHT-1M}: every answered request adds its endpoint's weight, and the count starts again at
 * 0 with each new minute. Never enforced (the fake answers 429 only when its {@link FaultPlan} says so).
 */
final class RequestWeight {
    private final Clock clock;
    private long minute = Long.MIN_VALUE;
    private long used;

    RequestWeight(Clock clock) {
        this.clock = clock;
    }

    /** Adds a request's weight; returns the weight used in this minute so far. */
    synchronized long add(int weight) {
        long now = Math.floorDiv(clock.millis(), 60_000L);
        if (now != minute) {
            minute = now;
            used = 0;
        }
        used += weight;
        return used;
    }
}
