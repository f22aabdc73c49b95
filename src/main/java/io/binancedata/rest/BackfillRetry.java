package io.binancedata.rest;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.api.RateLimitedException;
import io.binancedata.sequence.GapFiller;
import io.github.resilience4j.core.IntervalFunction;

/**
 * When a failed gap fill is worth fetching again, and after how long ({@code binance.backfill.retry-for}).
 * <ul>
 * <li>Tried again: the exchange gave no answer (timeout, connection refused or reset), answered 5xx, 408 or 403
 * (Binance's web application firewall), or the host is blocked after a 429/418 or the weight budget is used up
 * ({@link RateLimitedException}).</li>
 * <li>Given up at once: an answer that will not change — a {@link BackfillException} (a hole in the exchange's trade
 * ids, no trades where some must be, a gap larger than {@code binance.backfill.max-trades}), any other 4xx, a body
 * that cannot be read, an unknown symbol — and any failure once the thread is interrupted.</li>
 * </ul>
 * The waits grow exponentially with jitter (Resilience4j {@link IntervalFunction}, as the WebSocket reconnects):
 * {@link #FIRST_WAIT} ±50 %, doubling, up to {@link #MAX_WAIT}. After a 429/418 the wait lasts at least until the
 * block ends ({@link RateLimitedException#until()}), never less. No attempt is started later than {@code retryFor}
 * after the gap's first failure: a wait that would end later gives the gap up now. Stateless and thread-safe.
 */
public final class BackfillRetry {
    /** The wait after the first failure, before jitter. */
    public static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    /** The longest wait between two attempts (except until a 429/418 block ends). */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** Never tries again: every failure gives the gap up. */
    public static final BackfillRetry NEVER = new BackfillRetry(Duration.ZERO, Clock.systemUTC());

    private final long retryForNanos;
    private final IntervalFunction backoff;
    private final Clock clock;

    /**
     * @param retryFor how long after a gap's first failure an attempt may still start; zero: never try again
     * @param clock    wall clock, to tell how long a 429/418 block still lasts
     */
    public BackfillRetry(Duration retryFor, Clock clock) {
        this(retryFor, IntervalFunction.ofExponentialRandomBackoff(FIRST_WAIT.toMillis(), 2.0, 0.5,
                MAX_WAIT.toMillis()), clock);
    }

    /** As above with another backoff (milliseconds by attempt, from 1), e.g. one without jitter. */
    public BackfillRetry(Duration retryFor, IntervalFunction backoff, Clock clock) {
        if (retryFor.isNegative()) {
            throw new IllegalArgumentException("retryFor must not be negative: " + retryFor);
        }
        this.retryForNanos = saturatedNanos(retryFor);
        this.backoff = backoff;
        this.clock = clock;
    }

    /**
     * The wait before fetching a gap again, as {@link GapFiller#retryAfterNanos} wants it.
     *
     * @param failure                what the last attempt threw
     * @param failures               the gap's failed attempts so far, this one included (1 after the first)
     * @param sinceFirstFailureNanos how long ago the gap's first attempt failed (0 at the first failure)
     * @return nanoseconds to wait, or {@link GapFiller#GIVE_UP}
     */
    public long afterNanos(RuntimeException failure, int failures, long sinceFirstFailureNanos) {
        if (retryForNanos == 0 || !isTransient(failure)) {
            return GapFiller.GIVE_UP;
        }
        long wait = TimeUnit.MILLISECONDS.toNanos(backoff.apply(Math.max(1, failures)));
        if (failure instanceof RateLimitedException limited) {
            wait = Math.max(wait, saturatedNanos(Duration.between(clock.instant(), limited.until())));
        }
        return wait > retryForNanos - sinceFirstFailureNanos ? GapFiller.GIVE_UP : wait;
    }

    /** Whether a failed fill may succeed if tried again later (see the class comment). */
    public static boolean isTransient(RuntimeException failure) {
        if (Thread.currentThread().isInterrupted() || failure instanceof BackfillException) {
            return false;
        }
        if (failure instanceof RestAnswerException answer) {
            int status = answer.status();
            return status >= 500 || status == 408 || status == 403;
        }
        return failure instanceof ExchangeUnavailableException;
    }

    private static long saturatedNanos(Duration duration) {
        if (duration.isNegative()) {
            return 0;
        }
        return duration.compareTo(Duration.ofDays(365)) > 0 ? TimeUnit.DAYS.toNanos(365) : duration.toNanos();
    }
}
