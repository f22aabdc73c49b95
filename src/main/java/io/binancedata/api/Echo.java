package io.binancedata.api;

/**
 * How a caller's input is shown back in an error message or a log line: control and format characters escaped
 * ({@code \u0000}), at most {@link #MAX_CODE_POINTS} code points, then an ellipsis. A 30,000-character symbol is
 * never echoed in full.
 */
public final class Echo {
    /** Code points of an input shown before the ellipsis. */
    public static final int MAX_CODE_POINTS = 64;
    /** Longest whole message built from echoed inputs (a list of many symbols, say). */
    public static final int MAX_MESSAGE_CHARS = 1024;
    private static final String ELLIPSIS = "…";

    private Echo() {
    }

    /** The input as it may be shown: {@code null} as {@code null}, escaped, truncated. */
    public static String of(String input) {
        if (input == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder(Math.min(input.length(), MAX_CODE_POINTS + 8));
        int count = 0;
        for (int i = 0; i < input.length(); ) {
            int cp = input.codePointAt(i);
            if (count == MAX_CODE_POINTS) {
                return shown.append(ELLIPSIS).toString();
            }
            if (Character.getType(cp) == Character.CONTROL || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.SURROGATE) {
                shown.append(String.format("\\u%04x", cp));
            } else {
                shown.appendCodePoint(cp);
            }
            count++;
            i += Character.charCount(cp);
        }
        return shown.toString();
    }

    /** A whole message cut to {@link #MAX_MESSAGE_CHARS} characters (an ellipsis marks the cut). */
    public static String message(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        int end = MAX_MESSAGE_CHARS - 1;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end) + ELLIPSIS;
    }
}
