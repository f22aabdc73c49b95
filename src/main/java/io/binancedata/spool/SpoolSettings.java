package io.binancedata.spool;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Duration;

/**
 * How a {@link SpoolingSink} retries, when its circuit breaker opens, and how large its spool may grow.
 *
 * @param maxRedeliveries         retries of a direct delivery after the first attempt, before the message is spooled
 * @param redeliveryDelayMillis   pause before each retry, and before the drainer tries a spooled message again
 * @param failureRateThreshold    percentage of failed calls in the sliding window that opens the breaker (1-100)
 * @param minimumCalls            calls the window must hold before the failure rate counts
 * @param slidingWindowSize       calls the breaker's failure rate is computed over (count-based window)
 * @param waitDurationInOpenState how long an open breaker refuses calls before one probe is let through
 * @param maxSpoolBytes           bound on the spool's segment files together
 * @param segmentBytes            size at which a new segment file is started
 * @param fsync                   whether every spooled message is forced to the storage device
 * @param slowDeliveryMillis      a direct delivery that takes longer switches the sink to spooling until its drainer
 *                                has caught up (with a delivery within this time), so the caller is not held up;
 *                                0: never
 */
public record SpoolSettings(int maxRedeliveries, long redeliveryDelayMillis, float failureRateThreshold,
                            int minimumCalls, int slidingWindowSize, Duration waitDurationInOpenState,
                            long maxSpoolBytes, long segmentBytes, boolean fsync, long slowDeliveryMillis) {
    public static final int DEFAULT_MAX_REDELIVERIES = 3;
    public static final long DEFAULT_REDELIVERY_DELAY_MILLIS = 200;
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50;
    public static final int DEFAULT_MINIMUM_CALLS = 5;
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 10;
    public static final int DEFAULT_WAIT_DURATION_IN_OPEN_STATE_SECONDS = 10;
    public static final long DEFAULT_MAX_SPOOL_BYTES = 1L << 30;
    public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
    /** 0: a slow delivery never switches to spooling (the product sets {@code binance.sink.slow-delivery}). */
    public static final long DEFAULT_SLOW_DELIVERY_MILLIS = 0;
    /** Longest pause the drainer takes while the breaker refuses calls. */
    static final long MAX_POLL_MILLIS = 1000;
    /** Shortest pause the drainer takes while the breaker refuses calls. */
    static final long MIN_POLL_MILLIS = 20;

    /** @throws IllegalArgumentException naming the first value out of range */
    public SpoolSettings {
        check(maxRedeliveries >= 0, "maxRedeliveries must be 0 or more, was " + maxRedeliveries);
        check(redeliveryDelayMillis >= 0, "redeliveryDelay must be 0 or more, was " + redeliveryDelayMillis);
        check(failureRateThreshold > 0 && failureRateThreshold <= 100,
                "failureRateThreshold must be above 0 and at most 100, was " + failureRateThreshold);
        check(minimumCalls >= 1, "minimumCalls must be at least 1, was " + minimumCalls);
        check(slidingWindowSize >= minimumCalls, "slidingWindowSize (" + slidingWindowSize
                + ") must be at least minimumCalls (" + minimumCalls + ")");
        check(!waitDurationInOpenState.isNegative() && !waitDurationInOpenState.isZero(),
                "waitDurationInOpenState must be positive, was " + waitDurationInOpenState);
        check(maxSpoolBytes >= SpoolStore.minimumBytes(),
                "maxSpoolBytes must be at least " + SpoolStore.minimumBytes() + ", was " + maxSpoolBytes);
        check(segmentBytes >= SpoolStore.minimumBytes(),
                "segmentBytes must be at least " + SpoolStore.minimumBytes() + ", was " + segmentBytes);
        check(slowDeliveryMillis >= 0, "slowDelivery must be 0 (never) or more ms, was " + slowDeliveryMillis);
    }

    /**
     * The defaults: 3 retries 200 ms apart; breaker opens at 50 % of 10 calls (5 at least), probes after 10 s; no
     * delivery counts as slow.
     */
    public static SpoolSettings defaults() {
        return new SpoolSettings(DEFAULT_MAX_REDELIVERIES, DEFAULT_REDELIVERY_DELAY_MILLIS,
                DEFAULT_FAILURE_RATE_THRESHOLD, DEFAULT_MINIMUM_CALLS, DEFAULT_SLIDING_WINDOW_SIZE,
                Duration.ofSeconds(DEFAULT_WAIT_DURATION_IN_OPEN_STATE_SECONDS), DEFAULT_MAX_SPOOL_BYTES,
                DEFAULT_SEGMENT_BYTES, false, DEFAULT_SLOW_DELIVERY_MILLIS);
    }

    /**
     * The breaker: count-based window, one probe call when half-open (the drainer's, in spool order), and
     * {@link MessageRejectedException} ignored, because a sink refusing one message is not a sink failing.
     */
    public CircuitBreakerConfig circuitBreakerConfig() {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(slidingWindowSize)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRateThreshold)
                .waitDurationInOpenState(waitDurationInOpenState)
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreException(MessageRejectedException.class::isInstance)
                .writableStackTraceEnabled(false)
                .build();
    }

    /** How long the drainer waits before asking a refusing breaker again. */
    long pollMillis() {
        return Math.min(Math.max(redeliveryDelayMillis, MIN_POLL_MILLIS), MAX_POLL_MILLIS);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
