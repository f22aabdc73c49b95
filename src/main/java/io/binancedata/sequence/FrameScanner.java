package io.binancedata.sequence;

/**
 * Reads what the connection must know of a raw frame before it is decoded — whether it is a {@code serverShutdown}
 * event — straight from the received characters, without parsing or allocating: the first occurrence of a key is the
 * one wanted.
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
