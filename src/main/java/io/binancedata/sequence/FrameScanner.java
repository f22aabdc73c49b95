package io.binancedata.sequence;

/**
 * Reads what must be known of a raw frame before (or without) decoding it — whether it is a {@code serverShutdown}
 * event, the {@code L} of a filled candle — straight from the characters, without parsing or allocating: the first
 * occurrence of a key is the one wanted.
 */
public final class FrameScanner {
    /** A sequence value not known yet: the position before the first event (a trade id, a time). */
    public static final long ABSENT = Long.MIN_VALUE;

    private FrameScanner() {
    }

    /** Whether the frame is an event of this type: its first {@code "e"} field has this string value. */
    public static boolean isEvent(CharSequence frame, String type) {
        int at = valueStart(frame, "e");
        return at >= 0 && frame.length() > at + type.length() + 1 && frame.charAt(at) == '"'
                && startsWith(frame, at + 1, type) && frame.charAt(at + 1 + type.length()) == '"';
    }

    /**
     * The integer value of the first {@code key} field (an optional minus sign and digits), or {@link #ABSENT} when
     * there is none or it is not an integer that fits a long.
     */
    public static long longValue(CharSequence frame, String key) {
        int at = valueStart(frame, key);
        if (at < 0) {
            return ABSENT;
        }
        int end = at < frame.length() && frame.charAt(at) == '-' ? at + 1 : at;
        int digits = end;
        while (end < frame.length() && frame.charAt(end) >= '0' && frame.charAt(end) <= '9') {
            end++;
        }
        if (end == digits || end - digits > 18) {
            return ABSENT;
        }
        return Long.parseLong(frame, at, end, 10);
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
