package io.binancedata.codec;

import io.binancedata.sbe.KlineInterval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KlineIntervalsTest {
    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
        "1s, SECOND_1, 1000", "1m, MINUTE_1, 60000", "3m, MINUTE_3, 180000", "5m, MINUTE_5, 300000",
        "15m, MINUTE_15, 900000", "30m, MINUTE_30, 1800000", "1h, HOUR_1, 3600000", "2h, HOUR_2, 7200000",
        "4h, HOUR_4, 14400000", "6h, HOUR_6, 21600000", "8h, HOUR_8, 28800000", "12h, HOUR_12, 43200000",
        "1d, DAY_1, 86400000", "3d, DAY_3, 259200000", "1w, WEEK_1, 604800000",
    })
    void shouldMapFixedIntervalsBothWays(final String code, final KlineInterval interval, final long millis) {
        assertThat(KlineIntervals.parse(code)).isEqualTo(interval);
        assertThat(KlineIntervals.lookup(code)).isEqualTo(interval);
        assertThat(KlineIntervals.code(interval)).isEqualTo(code);
        assertThat(KlineIntervals.nominalMillis(interval)).isEqualTo(millis);
    }

    @Test
    void shouldTellMonthFromMinute() {
        assertThat(KlineIntervals.parse("1M")).isEqualTo(KlineInterval.MONTH_1);
        assertThat(KlineIntervals.parse("1m")).isEqualTo(KlineInterval.MINUTE_1);
        assertThat(KlineIntervals.code(KlineInterval.MONTH_1)).isEqualTo("1M");
        assertThat(KlineIntervals.nominalMillis(KlineInterval.MONTH_1)).as("an upper bound: 31 days")
            .isEqualTo(2_678_400_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1H", "1D", "1W", "2m", "1min", " 1m", "1m ", "60s", "kline_1m"})
    void shouldRejectUnknownCodeListingValidOnes(final String code) {
        assertThat(KlineIntervals.lookup(code)).isEqualTo(KlineInterval.NULL_VAL);
        assertThatThrownBy(() -> KlineIntervals.parse(code))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("unknown kline interval '" + code + "', valid (case-sensitive): "
                + "1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M");
    }

    @Test
    void shouldRejectNullAndNullValue() {
        assertThat(KlineIntervals.lookup(null)).isEqualTo(KlineInterval.NULL_VAL);
        assertThatThrownBy(() -> KlineIntervals.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KlineIntervals.code(KlineInterval.NULL_VAL))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAgreeWithSchemaDescriptions() throws Exception {
        final String schema = Files.readString(Path.of("sbe/binance-market-data.xml"));
        final Matcher m = Pattern.compile("<validValue name=\"(\\w+)\" description=\"(\\w+)\">").matcher(schema);
        final List<String> codes = new ArrayList<>();
        while (m.find()) {
            assertThat(KlineIntervals.code(KlineInterval.valueOf(m.group(1)))).isEqualTo(m.group(2));
            codes.add(m.group(2));
        }
        assertThat(codes).isEqualTo(KlineIntervals.codes()).hasSize(16);
    }

    private static long at(final String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void shouldAlignFixedIntervalsToTheEpoch() {
        final long t = at("2024-08-08T23:55:31.123Z");
        assertThat(KlineIntervals.openTime(KlineInterval.SECOND_1, t)).isEqualTo(at("2024-08-08T23:55:31Z"));
        assertThat(KlineIntervals.openTime(KlineInterval.MINUTE_1, t)).isEqualTo(at("2024-08-08T23:55:00Z"));
        assertThat(KlineIntervals.closeTime(KlineInterval.MINUTE_1, at("2024-08-08T23:55:00Z")))
            .isEqualTo(at("2024-08-08T23:55:59.999Z"));
        assertThat(KlineIntervals.openTime(KlineInterval.MINUTE_15, t)).isEqualTo(at("2024-08-08T23:45:00Z"));
        assertThat(KlineIntervals.openTime(KlineInterval.HOUR_4, t)).isEqualTo(at("2024-08-08T20:00:00Z"));
        assertThat(KlineIntervals.openTime(KlineInterval.DAY_1, t)).isEqualTo(at("2024-08-08T00:00:00Z"));
        // 2024-08-08 is day 19943 since the epoch; 19941 = 3 × 6647
        assertThat(KlineIntervals.openTime(KlineInterval.DAY_3, t)).isEqualTo(at("2024-08-06T00:00:00Z"));
    }

    @Test
    void shouldAlignWeeksToMondayAndMonthsToTheCalendar() {
        final long thursday = at("2024-08-08T23:55:31Z");
        assertThat(KlineIntervals.openTime(KlineInterval.WEEK_1, thursday)).isEqualTo(at("2024-08-05T00:00:00Z"));
        assertThat(KlineIntervals.closeTime(KlineInterval.WEEK_1, at("2024-08-05T00:00:00Z")))
            .isEqualTo(at("2024-08-11T23:59:59.999Z"));
        assertThat(KlineIntervals.openTime(KlineInterval.WEEK_1, at("2024-08-05T00:00:00Z")))
            .isEqualTo(at("2024-08-05T00:00:00Z"));
        assertThat(KlineIntervals.openTime(KlineInterval.MONTH_1, thursday)).isEqualTo(at("2024-08-01T00:00:00Z"));
        assertThat(KlineIntervals.closeTime(KlineInterval.MONTH_1, at("2024-02-01T00:00:00Z")))
            .isEqualTo(at("2024-02-29T23:59:59.999Z"));
    }
}
