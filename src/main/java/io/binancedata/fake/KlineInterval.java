package io.binancedata.fake;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Binance's 16 kline intervals with their bucket arithmetic (all UTC): fixed intervals up to {@code 3d} are
 * aligned to the epoch, {@code 1w} to Monday 00:00, {@code 1M} to the first day of the calendar month.
 */
public enum KlineInterval {
    S1("1s", 1_000L),
    M1("1m", 60_000L),
    M3("3m", 3 * 60_000L),
    M5("5m", 5 * 60_000L),
    M15("15m", 15 * 60_000L),
    M30("30m", 30 * 60_000L),
    H1("1h", 3_600_000L),
    H2("2h", 2 * 3_600_000L),
    H4("4h", 4 * 3_600_000L),
    H6("6h", 6 * 3_600_000L),
    H8("8h", 8 * 3_600_000L),
    H12("12h", 12 * 3_600_000L),
    D1("1d", 86_400_000L),
    D3("3d", 3 * 86_400_000L),
    W1("1w", 7 * 86_400_000L),
    MONTH1("1M", 31 * 86_400_000L);

    /** 1970-01-05, the first Monday after the epoch. */
    private static final long FIRST_MONDAY = 4 * 86_400_000L;

    private final String code;
    private final long nominalMillis;

    KlineInterval(String code, long nominalMillis) {
        this.code = code;
        this.nominalMillis = nominalMillis;
    }

    /** The interval Binance writes as {@code code} (case-sensitive: {@code 1m} is a minute, {@code 1M} a month). */
    public static Optional<KlineInterval> of(String code) {
        for (KlineInterval interval : values()) {
            if (interval.code.equals(code)) {
                return Optional.of(interval);
            }
        }
        return Optional.empty();
    }

    public String code() {
        return code;
    }

    /** Length in ms; for {@code 1M} an upper bound (31 days). */
    public long nominalMillis() {
        return nominalMillis;
    }

    /** How often a kline stream repeats the open candle, in exchange time: 1 s for {@code 1s}, else 2 s. */
    public long updateEveryMillis() {
        return this == S1 ? 1_000L : 2_000L;
    }

    /** Open time of the bucket that holds {@code time}. */
    public long openTime(long time) {
        switch (this) {
            case W1:
                return Math.floorDiv(time - FIRST_MONDAY, nominalMillis) * nominalMillis + FIRST_MONDAY;
            case MONTH1:
                ZonedDateTime utc = Instant.ofEpochMilli(time).atZone(ZoneOffset.UTC);
                return utc.withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            default:
                return Math.floorDiv(time, nominalMillis) * nominalMillis;
        }
    }

    /** Open time of the bucket after the one opening at {@code openTime}. */
    public long nextOpenTime(long openTime) {
        if (this == MONTH1) {
            return Instant.ofEpochMilli(openTime).atZone(ZoneOffset.UTC).plusMonths(1).toInstant().toEpochMilli();
        }
        return openTime + nominalMillis;
    }

    /** Close time of the bucket opening at {@code openTime}: the next open time − 1 ms. */
    public long closeTime(long openTime) {
        return nextOpenTime(openTime) - 1;
    }

    @Override
    public String toString() {
        return code;
    }
}
