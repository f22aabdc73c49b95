package io.binancedata.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.binancedata.support.LogCapture;
import io.binancedata.support.ManualClock;
import org.junit.jupiter.api.Test;

class HostGateTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final Instant START = Instant.parse("2024-08-08T23:54:15.250Z");

    private final ManualClock clock = new ManualClock(START);
    private final HostGate gate = new HostGate("api.binance.com", 100, clock);

    private static Optional<String> header(String value) {
        return Optional.of(value);
    }

    @Test
    void shouldAdmitWithinTheBudgetAndWaitForTheNextMinuteBeyondIt() {
        assertThat(gate.admit(25)).isZero();
        assertThat(gate.admit(25)).isZero();
        assertThat(gate.admit(50)).isZero();
        assertThat(gate.usedWeight()).isEqualTo(100);

        // 23:54:15.250 → 23:55:00.000
        assertThat(gate.admit(1)).isEqualTo(44_750 * MS);
        assertThat(gate.admit(0)).isZero();
        assertThat(gate.usedWeight()).as("a refused call reserves nothing").isEqualTo(100);
        clock.advance(Duration.ofMillis(44_749));
        assertThat(gate.admit(1)).isEqualTo(MS);
        clock.advance(Duration.ofMillis(1));
        assertThat(gate.admit(25)).isZero();
        assertThat(gate.usedWeight()).isEqualTo(25);
    }

    @Test
    void shouldTakeTheServersCountOverItsOwnEstimate() {
        gate.admit(25);
        gate.onResponse(25, 200, header("95"), Optional.empty());
        assertThat(gate.usedWeight()).as("other processes on the same IP count too").isEqualTo(95);
        assertThat(gate.admit(25)).isEqualTo(44_750 * MS);

        gate.onResponse(200, header("20"), Optional.empty());
        assertThat(gate.usedWeight()).as("lower too: the server knows").isEqualTo(20);
        assertThat(gate.admit(25)).isZero();
        assertThat(gate.usedWeight()).isEqualTo(45);
    }

    /** The server's count holds the calls it answered, not those still on their way: they count on top of it. */
    @Test
    void shouldAddTheCallsStillInFlightToTheServersCount() {
        assertThat(gate.admit(50)).isZero();
        assertThat(gate.admit(50)).isZero();
        gate.onResponse(50, 200, header("50"), Optional.empty());
        assertThat(gate.usedWeight()).as("the other call of 50 still in flight").isEqualTo(100);
        assertThat(gate.admit(50)).isEqualTo(44_750 * MS);

        gate.onNoResponse(50); // it timed out
        gate.onResponse(0, 200, header("50"), Optional.empty());
        assertThat(gate.usedWeight()).isEqualTo(50);
    }

    /** A wall clock stepped back (NTP, a VM resumed) gives no second budget for the minute it counted. */
    @Test
    void shouldNotStartTheMinuteAfreshWhenTheClockStepsBack() {
        assertThat(gate.admit(100)).isZero();
        clock.advance(Duration.ofMinutes(-1));
        assertThat(gate.admit(1)).isPositive();
        clock.advance(Duration.ofMinutes(1));
        assertThat(gate.admit(1)).isEqualTo(44_750 * MS);
    }

    /** A Retry-After too large to add to the clock (a broken proxy) blocks for the longest ban, not never. */
    @Test
    void shouldBlockForTheLongestBanOnAHugeRetryAfter() {
        gate.onResponse(429, Optional.empty(), header("9223372036854775807"));
        assertThat(gate.blockedUntil()).contains(START.plus(HostGate.MAX_BLOCK));
        assertThat(gate.admit(1)).isEqualTo(HostGate.MAX_BLOCK.toNanos());
    }

    @Test
    void shouldIgnoreAnUnreadableWeightHeaderKeepingItsEstimate() {
        gate.admit(25);
        gate.onResponse(200, header("lots"), Optional.empty());
        gate.onResponse(200, header("-3"), Optional.empty());
        gate.onResponse(200, Optional.empty(), Optional.empty());
        assertThat(gate.usedWeight()).isEqualTo(25);
    }

    @Test
    void shouldBlockTheHostAfter429UntilRetryAfterHasPassed() {
        gate.onResponse(429, header("101"), header("1"));

        assertThat(gate.blockedUntil()).contains(START.plusSeconds(1));
        assertThat(gate.admit(2)).isEqualTo(SECOND);
        clock.advance(Duration.ofMillis(999));
        assertThat(gate.admit(2)).isEqualTo(MS);
        clock.advance(Duration.ofMillis(1));
        assertThat(gate.blockedUntil()).isEmpty();
        // still the same minute and the server counted 101: wait for the next minute
        assertThat(gate.admit(2)).isEqualTo(43_750 * MS);
    }

    @Test
    void shouldBlockForSafeDefaultsWithoutRetryAfter() {
        gate.onResponse(429, Optional.empty(), Optional.empty());
        assertThat(gate.blockedUntil()).contains(START.plusSeconds(60));

        HostGate banned = new HostGate("api.binance.com", 100, clock);
        banned.onResponse(418, Optional.empty(), header("soon"));
        assertThat(banned.blockedUntil()).contains(START.plus(Duration.ofMinutes(5)));
        assertThat(banned.admit(1)).isEqualTo(300 * SECOND);
    }

    @Test
    void shouldHonourA418BanAndNeverShortenABlock() {
        gate.onResponse(418, Optional.empty(), header("3600"));
        gate.onResponse(429, Optional.empty(), header("1"));

        assertThat(gate.blockedUntil()).contains(START.plusSeconds(3600));
        assertThat(gate.admit(1)).isEqualTo(3600 * SECOND);
    }

    @Test
    void shouldReadRetryAfterAsAnHttpDateAndWaitAtLeastASecond() {
        gate.onResponse(429, Optional.empty(), header("Thu, 08 Aug 2024 23:54:45 GMT"));
        assertThat(gate.blockedUntil()).contains(Instant.parse("2024-08-08T23:54:45Z"));

        HostGate other = new HostGate("api.binance.com", 100, clock);
        other.onResponse(429, Optional.empty(), header("0"));
        assertThat(other.blockedUntil()).contains(START.plusSeconds(1));
    }

    @Test
    void shouldNotBlockOnOtherStatuses() {
        for (int status : new int[] {200, 400, 403, 500, 503}) {
            gate.onResponse(status, Optional.empty(), header("30"));
        }
        assertThat(gate.blockedUntil()).isEmpty();
        assertThat(gate.admit(1)).isZero();
    }

    @Test
    void shouldWarnOnceWhenBlockedAndSayWhenFreeAgain() {
        try (LogCapture log = new LogCapture(HostGate.class)) {
            gate.onResponse(429, Optional.empty(), header("2"));
            gate.onResponse(429, Optional.empty(), header("2"));
            gate.admit(1);
            clock.advance(Duration.ofSeconds(2));
            gate.admit(1);
            gate.admit(1);

            assertThat(log.events()).containsExactly(
                    "WARN REST host api.binance.com answered HTTP 429 (too many requests): no calls until "
                            + "2024-08-08T23:54:17.250Z",
                    "INFO REST host api.binance.com is free again (blocked until 2024-08-08T23:54:17.250Z)");
        }
    }

    @Test
    void shouldRefuseAWeightThatCouldNeverBeAdmitted() {
        assertThatThrownBy(() -> gate.admit(101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight 101 outside 0..100 for api.binance.com");
        assertThatThrownBy(() -> new HostGate("h", 0, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
