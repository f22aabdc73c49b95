package io.binancedata.codec;

/**
 * Field checks shared by the event types and encoders. Allocation happens only when a check fails.
 */
final class Fields {
    /** Largest millisecond time whose microsecond value fits an int64. */
    static final long MAX_MILLIS = Long.MAX_VALUE / 1000;

    private Fields() {
    }

    static void requireEventType(final String eventType, final String expected) {
        if (!expected.equals(eventType)) {
            throw new InvalidFieldException("e", eventType, "expected event type '" + expected + "'");
        }
    }

    static void requirePresent(final String field, final String value) {
        if (value == null) {
            throw new InvalidFieldException(field, null, "missing");
        }
    }

    static void requireNonEmpty(final String field, final String value) {
        requirePresent(field, value);
        if (value.isEmpty()) {
            throw new InvalidFieldException(field, value, "empty");
        }
    }

    /** Binance milliseconds to SBE microseconds; negative or overflowing times are rejected. */
    static long micros(final String field, final long millis) {
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new InvalidFieldException(field, Long.toString(millis), "time outside [0, " + MAX_MILLIS + "] ms");
        }
        return millis * 1000;
    }

    /** Ids, counts: at least {@code min} (0, or -1 where Binance uses it for "no trade"). */
    static long atLeast(final String field, final long value, final long min) {
        if (value < min) {
            throw new InvalidFieldException(field, Long.toString(value), "must be at least " + min);
        }
        return value;
    }
}
