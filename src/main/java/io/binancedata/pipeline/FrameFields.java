package io.binancedata.pipeline;

/**
 * Range checks of the integer fields and the check that every mapped field was present: the rules of
 * {@code codec.Fields} and of the strict {@code EventMapper}, for the frame decoders. Allocates only on failure.
 */
final class FrameFields {
    /** Largest millisecond time whose microsecond value fits an int64. */
    static final long MAX_MILLIS = Long.MAX_VALUE / 1000;

    private FrameFields() {
    }

    /** A time in ms: a JSON integer in [0, {@link #MAX_MILLIS}]. */
    static long millis(final JsonCursor json, final String field) {
        final long millis = json.longValue(field);
        if (millis < 0 || millis > MAX_MILLIS) {
            throw json.invalidValue(field, "time outside [0, " + MAX_MILLIS + "] ms");
        }
        return millis;
    }

    /** An id or count: a JSON integer of at least {@code min} (0, or -1 where Binance means "no trade"). */
    static long atLeast(final JsonCursor json, final String field, final long min) {
        final long value = json.longValue(field);
        if (value < min) {
            throw json.invalidValue(field, "must be at least " + min);
        }
        return value;
    }

    /** The bit of a single-letter key in a set of seen fields; 0 for any other key. */
    static long bit(final int key) {
        return key >= 'A' && key <= 'z' ? 1L << (key - 'A') : 0;
    }

    /** The set of the single-letter keys in {@code keys}. */
    static long bits(final String keys) {
        long bits = 0;
        for (int i = 0; i < keys.length(); i++) {
            bits |= bit(keys.charAt(i));
        }
        return bits;
    }

    /**
     * @param seen     the keys read from an object.
     * @param required {@link #bits} of {@code keys}.
     * @param keys     its mapped keys, in the order a missing one is reported.
     * @param path     prefix of its fields in reasons, e.g. {@code "k."}.
     * @throws InvalidFrameException naming the first missing key.
     */
    static void requireAll(final long seen, final long required, final String keys, final String path) {
        if ((seen & required) != required) {
            for (int i = 0; i < keys.length(); i++) {
                if ((seen & bit(keys.charAt(i))) == 0) {
                    throw InvalidFrameException.missing(path + keys.charAt(i));
                }
            }
        }
    }
}
