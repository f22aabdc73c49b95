package io.binancedata.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.api.RateLimitedException;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.sequence.GapFiller;
import io.binancedata.support.ManualClock;
import io.github.resilience4j.core.IntervalFunction;
import org.junit.jupiter.api.Test;

/**
 * Which failed gap fills are fetched again, after how long: the backoff, a 429/418 block's end, the give-up after
 * {@code retry-for}; on a manual clock, nothing waits. The failures are the real REST stack's, against the fake
 * exchange.
 */
class BackfillRetryTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final long TEN_MINUTES_NANOS = TEN_MINUTES.toNanos();

    private final ManualClock clock = new ManualClock(RestFixture.START);
    /** Without jitter: 1 s doubling up to 30 s, the values the product's backoff varies around. */
    private final BackfillRetry exact = new BackfillRetry(TEN_MINUTES,
            IntervalFunction.ofExponentialBackoff(1000, 2.0, 30_000), clock);
    private final ExchangeUnavailableException timeout =
            new ExchangeUnavailableException("GET http://x/api/v3/historicalTrades timed out after 10000 ms");

    private static FakeExchangeOptions btcusdt() {
        return FakeExchangeOptions.defaults().maxSpeed().loop(false).tape(Tapes.btcusdt());
    }

    @Test
    void shouldWaitOneSecondDoublingUpToThirtySeconds() {
        List<Long> waits = new ArrayList<>();
        for (int failures = 1; failures <= 8; failures++) {
            waits.add(exact.afterNanos(timeout, failures, 0));
        }
        assertThat(waits).containsExactly(SECOND, 2 * SECOND, 4 * SECOND, 8 * SECOND, 16 * SECOND, 30 * SECOND,
                30 * SECOND, 30 * SECOND);
    }

    @Test
    void shouldJitterEachWaitByHalfAroundTheBackoffAndCapItAtThirtySeconds() {
        BackfillRetry retry = new BackfillRetry(TEN_MINUTES, clock);
        Set<Long> firsts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long first = retry.afterNanos(timeout, 1, 0);
            long second = retry.afterNanos(timeout, 2, 0);
            assertThat(first).isBetween(SECOND / 2, SECOND * 3 / 2);
            assertThat(second).isBetween(SECOND, 3 * SECOND);
            assertThat(retry.afterNanos(timeout, 10, 0)).isEqualTo(30 * SECOND);
            firsts.add(first);
        }
        assertThat(firsts).as("jittered, so that streams failing together do not retry together").hasSizeGreaterThan(100);
    }

    @Test
    void shouldWaitUntilARateLimitBlockEndsNeverLess() {
        RateLimitedException blocked = new RateLimitedException("api.binance.com",
                RestFixture.START.plusSeconds(90), "the host answered 429/418 with Retry-After");
        RateLimitedException almostOver = new RateLimitedException("api.binance.com",
                RestFixture.START.plusMillis(200), "the budget of 3000 weight per minute is used up");

        assertThat(exact.afterNanos(blocked, 1, 0)).isEqualTo(90 * SECOND);
        assertThat(exact.afterNanos(blocked, 7, 0)).as("longer than the backoff's cap too").isEqualTo(90 * SECOND);
        assertThat(exact.afterNanos(almostOver, 1, 0)).as("the backoff, when longer").isEqualTo(SECOND);
        clock.advance(Duration.ofSeconds(60));
        assertThat(exact.afterNanos(blocked, 2, 60 * SECOND)).isEqualTo(30 * SECOND);
    }

    @Test
    void shouldGiveUpWhenTheNextAttemptWouldStartAfterRetryFor() {
        assertThat(exact.afterNanos(timeout, 20, TEN_MINUTES_NANOS - 30 * SECOND)).isEqualTo(30 * SECOND);
        assertThat(exact.afterNanos(timeout, 20, TEN_MINUTES_NANOS - 30 * SECOND + 1)).isEqualTo(GapFiller.GIVE_UP);
        assertThat(exact.afterNanos(timeout, 21, TEN_MINUTES_NANOS + SECOND)).isEqualTo(GapFiller.GIVE_UP);
        RateLimitedException banned = new RateLimitedException("api.binance.com",
                RestFixture.START.plus(TEN_MINUTES).plusSeconds(1), "the host answered 429/418 with Retry-After");
        assertThat(exact.afterNanos(banned, 1, 0)).as("a ban outlasting retry-for").isEqualTo(GapFiller.GIVE_UP);
        assertThat(new BackfillRetry(Duration.ZERO, clock).afterNanos(timeout, 1, 0)).isEqualTo(GapFiller.GIVE_UP);
        assertThat(BackfillRetry.NEVER.afterNanos(timeout, 1, 0)).isEqualTo(GapFiller.GIVE_UP);
    }

    @Test
    void shouldTryAgainAfter5xxTimeoutsAndRateLimitsOfTheRealRestStack() {
        try (RestFixture rest = new RestFixture(btcusdt(), 3000, Duration.ofMillis(300), Duration.ofSeconds(30))) {
            RestGapFiller filler = new RestGapFiller(new Backfill(rest.client), clock::millis, 1000, exact);
            long from = Tapes.BTC_FIRST_ID;

            rest.exchange.faults().rejectRest("/api/v3/historicalTrades", 1, 503, null);
            RuntimeException unavailable = catchRuntimeException(() -> filler.trades("BTCUSDT", from, from + 9));
            rest.exchange.faults().delayRest("/api/v3/historicalTrades", 1, Duration.ofSeconds(5));
            RuntimeException timedOut = catchRuntimeException(() -> filler.trades("BTCUSDT", from, from + 9));
            rest.exchange.faults().rejectRest("/api/v3/historicalTrades", 1, 418, Duration.ofSeconds(120));
            RuntimeException banned = catchRuntimeException(() -> filler.trades("BTCUSDT", from, from + 9));

            assertThat(unavailable).isInstanceOf(RestAnswerException.class).hasMessageContaining("answered HTTP 503");
            assertThat(filler.retryAfterNanos(unavailable, 1, 0)).isEqualTo(SECOND);
            assertThat(timedOut).isExactlyInstanceOf(ExchangeUnavailableException.class)
                    .hasMessageEndingWith("timed out after 300 ms");
            assertThat(filler.retryAfterNanos(timedOut, 2, 0)).isEqualTo(2 * SECOND);
            assertThat(banned).isInstanceOf(RateLimitedException.class);
            assertThat(filler.retryAfterNanos(banned, 3, 0)).as("until the ban's end").isEqualTo(120 * SECOND);
            rest.clock.advance(Duration.ofSeconds(120));
            assertThat(filler.trades("BTCUSDT", from, from + 9)).hasSize(10);
        }
    }

    @Test
    void shouldGiveUpAtOnceWhenTryingAgainCannotHelp() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            RestGapFiller filler = new RestGapFiller(new Backfill(rest.client), clock::millis, 100, exact);
            long last = Tapes.BTC_FIRST_ID + Tapes.btcusdt().size() - 1;

            RuntimeException tooLarge = catchRuntimeException(() -> filler.trades("BTCUSDT", 1, 101));
            RuntimeException notYet = catchRuntimeException(() -> filler.trades("BTCUSDT", last + 1, last + 5));
            RuntimeException unknown = catchRuntimeException(() -> filler.trades("NOPEUSDT", 1, 5));
            rest.exchange.faults().rejectRest("/api/v3/historicalTrades", 1, 400, null);
            RuntimeException badRequest = catchRuntimeException(() -> filler.trades("BTCUSDT", 1, 5));

            assertThat(tooLarge).isInstanceOf(BackfillException.class)
                    .hasMessage("the gap of 101 trades exceeds binance.backfill.max-trades=100");
            assertThat(notYet).isInstanceOf(BackfillException.class).hasMessageStartingWith("No trades of BTCUSDT");
            assertThat(unknown).isInstanceOf(InvalidSymbolException.class);
            assertThat(badRequest).isInstanceOfSatisfying(RestAnswerException.class,
                    e -> assertThat(e.status()).isEqualTo(400));
            for (RuntimeException failure : List.of(tooLarge, notYet, unknown, badRequest)) {
                assertThat(filler.retryAfterNanos(failure, 1, 0)).as(failure.toString()).isEqualTo(GapFiller.GIVE_UP);
            }
        }
    }

    @Test
    void shouldTellTransientAnswersByTheirStatus() {
        for (int status : new int[] {500, 502, 503, 504, 408, 403}) {
            assertThat(BackfillRetry.isTransient(new RestAnswerException(status, "HTTP " + status))).as("" + status)
                    .isTrue();
        }
        for (int status : new int[] {200, 400, 401, 404, 405}) {
            assertThat(BackfillRetry.isTransient(new RestAnswerException(status, "HTTP " + status))).as("" + status)
                    .isFalse();
        }
        assertThat(BackfillRetry.isTransient(new IllegalArgumentException("bad trade id range"))).isFalse();
    }

    @Test
    void shouldGiveUpOnceTheThreadIsInterrupted() {
        Thread.currentThread().interrupt();
        try {
            assertThat(exact.afterNanos(timeout, 1, 0)).isEqualTo(GapFiller.GIVE_UP);
        } finally {
            assertThat(Thread.interrupted()).as("the flag is left as it was").isTrue();
        }
    }
}
