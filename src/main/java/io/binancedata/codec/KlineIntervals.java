package io.binancedata.codec;

import io.binancedata.sbe.KlineInterval;

import java.util.List;

/**
 * Maps Binance kline interval codes ({@code 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M}, case-sensitive:
 * {@code 1m} is a minute, {@code 1M} a month) to the generated {@link KlineInterval} enum and back, and gives
 * the length of the fixed-length intervals. Lookups allocate nothing.
 */
public final class KlineIntervals {
    private static final List<String> CODES = List.of(
        "1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M");

    private static final long SECOND = 1000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

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
     * @return whether every bucket has the same length; false only for {@code 1M} (calendar month).
     */
    public static boolean hasFixedDuration(final KlineInterval interval) {
        requireReal(interval);
        return interval != KlineInterval.MONTH_1;
    }

    /**
     * @param interval a fixed-length interval, see {@link #hasFixedDuration(KlineInterval)}.
     * @return bucket length in milliseconds (close time = open time + length - 1).
     * @throws IllegalArgumentException for {@code 1M}, whose length depends on the month, and for NULL_VAL.
     */
    public static long durationMillis(final KlineInterval interval) {
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
            case MONTH_1, NULL_VAL -> throw new IllegalArgumentException("1M (calendar month) has no fixed duration");
        };
    }

    private static void requireReal(final KlineInterval interval) {
        if (interval == null || interval == KlineInterval.NULL_VAL) {
            throw new IllegalArgumentException("not a kline interval: " + interval);
        }
    }
}
