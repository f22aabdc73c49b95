package io.binancedata.fake;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class KlineIntervalTest {
    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void shouldKnowBinancesSixteenIntervalsCaseSensitively() {
        assertThat(KlineInterval.values()).extracting(KlineInterval::code).containsExactly("1s", "1m", "3m", "5m",
                "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M");
        assertThat(KlineInterval.of("1M")).contains(KlineInterval.MONTH1);
        assertThat(KlineInterval.of("1m")).contains(KlineInterval.M1);
        assertThat(KlineInterval.of("1H")).isEmpty();
        assertThat(KlineInterval.of("2m")).isEmpty();
    }

    @Test
    void shouldAlignFixedIntervalsToTheEpoch() {
        long t = at("2024-08-08T23:55:31.123Z");
        assertThat(KlineInterval.S1.openTime(t)).isEqualTo(at("2024-08-08T23:55:31Z"));
        assertThat(KlineInterval.M1.openTime(t)).isEqualTo(at("2024-08-08T23:55:00Z"));
        assertThat(KlineInterval.M1.closeTime(at("2024-08-08T23:55:00Z"))).isEqualTo(at("2024-08-08T23:55:59.999Z"));
        assertThat(KlineInterval.M15.openTime(t)).isEqualTo(at("2024-08-08T23:45:00Z"));
        assertThat(KlineInterval.H4.openTime(t)).isEqualTo(at("2024-08-08T20:00:00Z"));
        assertThat(KlineInterval.D1.openTime(t)).isEqualTo(at("2024-08-08T00:00:00Z"));
        // 2024-08-08 is day 19943 since the epoch; 19941 = 3 × 6647
        assertThat(KlineInterval.D3.openTime(t)).isEqualTo(at("2024-08-06T00:00:00Z"));
    }

    @Test
    void shouldAlignWeeksToMondayAndMonthsToTheCalendar() {
        long thursday = at("2024-08-08T23:55:31Z");
        assertThat(KlineInterval.W1.openTime(thursday)).isEqualTo(at("2024-08-05T00:00:00Z"));
        assertThat(KlineInterval.W1.closeTime(at("2024-08-05T00:00:00Z"))).isEqualTo(at("2024-08-11T23:59:59.999Z"));
        assertThat(KlineInterval.W1.openTime(at("2024-08-05T00:00:00Z"))).isEqualTo(at("2024-08-05T00:00:00Z"));
        assertThat(KlineInterval.MONTH1.openTime(thursday)).isEqualTo(at("2024-08-01T00:00:00Z"));
        assertThat(KlineInterval.MONTH1.closeTime(at("2024-02-01T00:00:00Z"))).isEqualTo(at("2024-02-29T23:59:59.999Z"));
    }
}
