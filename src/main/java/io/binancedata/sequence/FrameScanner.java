package io.binancedata.sequence;

/**
 * Reads the few fields sequencing needs straight from a raw frame, without parsing it or allocating: the first
 * occurrence of a key is the one wanted ({@code "t"} is the trade id of a trade and the open time of a kline, whose
 * only earlier keys are {@code e}, {@code E} and {@code s}). A frame where a field is missing or malformed yields
 * {@link #ABSENT}; such frames are left to the route, which dead-letters them.
 */
public final class FrameScanner {
    /** Returned when a field is missing or is not a plain integer. */
    public static final long ABSENT = Long.MIN_VALUE;

    private FrameScanner() {
    }

    /** The integer value of the first {@code "key":} in the frame, or {@link #ABSENT}. */
    public static long longField(CharSequence frame, String key) {
        int at = valueStart(frame, key);
        if (at < 0) {
            return ABSENT;
        }
        boolean negative = at < frame.length() && frame.charAt(at) == '-';
        int i = negative ? at + 1 : at;
        long value = 0;
        int digits = 0;
        while (i < frame.length()) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            if (digits++ == 18) {
                return ABSENT;
            }
            value = value * 10 + (c - '0');
            i++;
        }
        if (digits == 0 || i < frame.length() && frame.charAt(i) == '.') {
            return ABSENT;
        }
        return negative ? -value : value;
    }

    /** 1 for {@code true}, 0 for {@code false}, -1 when the first {@code "key":} is missing or not a boolean. */
    public static int booleanField(CharSequence frame, String key) {
        int at = valueStart(frame, key);
        if (at < 0) {
            return -1;
        }
        if (startsWith(frame, at, "true")) {
            return 1;
        }
        return startsWith(frame, at, "false") ? 0 : -1;
    }

    /** Whether the frame is an event of this type: its first {@code "e"} field has this string value. */
    public static boolean isEvent(CharSequence frame, String type) {
        int at = valueStart(frame, "e");
        return at >= 0 && frame.length() > at + type.length() + 1 && frame.charAt(at) == '"'
                && startsWith(frame, at + 1, type) && frame.charAt(at + 1 + type.length()) == '"';
    }

    private static int valueStart(CharSequence frame, String key) {
        int keyLength = key.length() + 3;
        for (int i = 0, end = frame.length() - keyLength; i <= end; i++) {
            if (frame.charAt(i) == '"' && frame.charAt(i + key.length() + 1) == '"'
                    && frame.charAt(i + key.length() + 2) == ':' && startsWith(frame, i + 1, key)) {
                int at = i + keyLength;
                while (at < frame.length() && frame.charAt(at) == ' ') {
                    at++;
                }
                return at;
            }
        }
        return -1;
    }

    private static boolean startsWith(CharSequence text, int at, String prefix) {
        if (at + prefix.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (text.charAt(at + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
