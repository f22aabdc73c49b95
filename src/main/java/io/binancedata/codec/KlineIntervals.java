package io.binancedata.codec;

import io.binancedata.sbe.KlineInterval;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Maps Binance kline interval codes ({@code 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M}, case-sensitive:
 * {@code 1m} is a minute, {@code 1M} a month) to the generated {@link KlineInterval} enum and back, and gives
 * their buckets' open and close times. The one interval type of the product (the fake exchange's too). Lookups
 * allocate nothing.
 */
public final class KlineIntervals {
    private static final List<String> CODES = List.of(
        "1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M");

    private static final long SECOND = 1000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** 1970-01-05, the first Monday after the epoch: weeks open on Mondays. */
    private static final long FIRST_MONDAY = 4 * DAY;

    private KlineIntervals() {
    }

    /**
     * @return the 16 valid codes in schema order.
     */
    public static List<String> codes() {
        return CODES;
    }

    /**
     * @param code Binance interval code, e.g. {@code 1m}.
     * @return the matching interval.
     * @throws IllegalArgumentException naming the valid codes when {@code code} is not one of them.
     */
    public static KlineInterval parse(final String code) {
        final KlineInterval interval = lookup(code);
        if (interval == KlineInterval.NULL_VAL) {
            throw new IllegalArgumentException(
                "unknown kline interval '" + code + "', valid (case-sensitive): " + String.join(" ", CODES));
        }
        return interval;
    }

    /**
     * Allocation-free variant of {@link #parse(String)} for the hot path.
     *
     * @param code Binance interval code, may be {@code null}.
     * @return the matching interval, or {@link KlineInterval#NULL_VAL} when there is none.
     */
    public static KlineInterval lookup(final String code) {
        if (code == null) {
            return KlineInterval.NULL_VAL;
        }
        return switch (code) {
            case "1s" -> KlineInterval.SECOND_1;
            case "1m" -> KlineInterval.MINUTE_1;
            case "3m" -> KlineInterval.MINUTE_3;
            case "5m" -> KlineInterval.MINUTE_5;
            case "15m" -> KlineInterval.MINUTE_15;
            case "30m" -> KlineInterval.MINUTE_30;
            case "1h" -> KlineInterval.HOUR_1;
            case "2h" -> KlineInterval.HOUR_2;
            case "4h" -> KlineInterval.HOUR_4;
            case "6h" -> KlineInterval.HOUR_6;
            case "8h" -> KlineInterval.HOUR_8;
            case "12h" -> KlineInterval.HOUR_12;
            case "1d" -> KlineInterval.DAY_1;
            case "3d" -> KlineInterval.DAY_3;
            case "1w" -> KlineInterval.WEEK_1;
            case "1M" -> KlineInterval.MONTH_1;
            default -> KlineInterval.NULL_VAL;
        };
    }

    /**
     * @param interval a real interval (not {@link KlineInterval#NULL_VAL}).
     * @return the Binance code, e.g. {@code 1m}.
     * @throws IllegalArgumentException for {@link KlineInterval#NULL_VAL}.
     */
    public static String code(final KlineInterval interval) {
        requireReal(interval);
        return CODES.get(interval.value());
    }

    /**
     * @param interval a real interval.
     * @return bucket length in milliseconds; for {@code 1M}, whose length depends on the month, an upper bound
     *         (31 days).
     */
    public static long nominalMillis(final KlineInterval interval) {
        requireReal(interval);
        return switch (interval) {
            case SECOND_1 -> SECOND;
            case MINUTE_1 -> MINUTE;
            case MINUTE_3 -> 3 * MINUTE;
            case MINUTE_5 -> 5 * MINUTE;
            case MINUTE_15 -> 15 * MINUTE;
            case MINUTE_30 -> 30 * MINUTE;
            case HOUR_1 -> HOUR;
            case HOUR_2 -> 2 * HOUR;
            case HOUR_4 -> 4 * HOUR;
            case HOUR_6 -> 6 * HOUR;
            case HOUR_8 -> 8 * HOUR;
            case HOUR_12 -> 12 * HOUR;
            case DAY_1 -> DAY;
            case DAY_3 -> 3 * DAY;
            case WEEK_1 -> 7 * DAY;
            case MONTH_1 -> 31 * DAY;
            case NULL_VAL -> throw new IllegalArgumentException("not a kline interval: " + interval);
        };
    }

    /**
     * Binance's buckets, all UTC: fixed intervals up to {@code 3d} are aligned to the epoch, {@code 1w} to Monday
     * 00:00, {@code 1M} to the first day of the calendar month.
     *
     * @param interval   a real interval.
     * @param timeMillis a time, milliseconds since the epoch.
     * @return the open time of the bucket that holds {@code timeMillis}.
     */
    public static long openTime(final KlineInterval interval, final long timeMillis) {
        final long length = nominalMillis(interval);
        return switch (interval) {
            case WEEK_1 -> Math.floorDiv(timeMillis - FIRST_MONDAY, length) * length + FIRST_MONDAY;
            case MONTH_1 -> Instant.ofEpochMilli(timeMillis).atZone(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate()
                .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            default -> Math.floorDiv(timeMillis, length) * length;
        };
    }

    /**
     * @param interval       a real interval.
     * @param openTimeMillis open time of a bucket ({@link #openTime}).
     * @return the open time of the bucket after it.
     */
    public static long nextOpenTime(final KlineInterval interval, final long openTimeMillis) {
        if (interval == KlineInterval.MONTH_1) {
            return Instant.ofEpochMilli(openTimeMillis).atZone(ZoneOffset.UTC).plusMonths(1).toInstant().toEpochMilli();
        }
        return openTimeMillis + nominalMillis(interval);
    }

    /**
     * @param interval       a real interval.
     * @param openTimeMillis open time of a bucket ({@link #openTime}).
     * @return its close time, as Binance gives it: the next open time − 1 ms.
     */
    public static long closeTime(final KlineInterval interval, final long openTimeMillis) {
        return nextOpenTime(interval, openTimeMillis) - 1;
    }

    private static void requireReal(final KlineInterval interval) {
        if (interval == null || interval == KlineInterval.NULL_VAL) {
            throw new IllegalArgumentException("not a kline interval: " + interval);
        }
    }
}
