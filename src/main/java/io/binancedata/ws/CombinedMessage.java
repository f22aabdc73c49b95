package io.binancedata.ws;

/**
 * Reads the two kinds of message a combined-stream connection receives, without a general JSON parse and without
 * allocating: data, exactly as Binance writes it, {@code {"stream":"<name>","data":{…}}}, and answers to control
 * requests, {@code {"result":…,"id":N}} or {@code {"error":{…},"id":N}}. Strict: anything else (another key order,
 * white space, an escaped name) is not of either shape, and the caller reports it.
 */
final class CombinedMessage {
    /** What a data message starts with; the stream name follows. */
    static final String STREAM_PREFIX = "{\"stream\":\"";
    /** What comes between the stream name and the data value. */
    static final String DATA_KEY = "\",\"data\":";
    /** The stream Binance announces its maintenance on, on combined connections. */
    static final String SERVER_SHUTDOWN = "!serverShutdown";
    /** {@link #answerId}: the message is not an answer. */
    static final long NOT_AN_ANSWER = -1;
    /** {@link #answerId}: an answer with {@code "id":null} (a request the server could not read). */
    static final long NULL_ID = -2;

    private static final String RESULT_PREFIX = "{\"result\":";
    private static final String ERROR_PREFIX = "{\"error\":";
    private static final String ID_KEY = ",\"id\":";

    private CombinedMessage() {
    }

    /**
     * @return the index of the data value ({@code {}) of a data message, its stream name being
     *         {@code [STREAM_PREFIX.length(), dataStart - DATA_KEY.length())} and the value ending before the
     *         message's last character; -1 when the message is not a data message
     */
    static int dataStart(CharSequence message) {
        int n = message.length();
        if (!startsWith(message, STREAM_PREFIX, 0)) {
            return -1;
        }
        int i = STREAM_PREFIX.length();
        while (i < n && message.charAt(i) != '"') {
            char c = message.charAt(i);
            if (c == '\\' || c < ' ') {
                return -1; // Binance's names need no escapes: one that has them is not Binance's
            }
            i++;
        }
        if (i == STREAM_PREFIX.length() || !startsWith(message, DATA_KEY, i)) {
            return -1;
        }
        int data = i + DATA_KEY.length();
        boolean object = n - data >= 3 && message.charAt(data) == '{' && message.charAt(n - 2) == '}'
                && message.charAt(n - 1) == '}';
        return object ? data : -1;
    }

    /** The end (exclusive) of the stream name of a data message whose value starts at {@code dataStart}. */
    static int nameEnd(int dataStart) {
        return dataStart - DATA_KEY.length();
    }

    /**
     * @return the request id of an answer to a control request, {@link #NULL_ID} for an answer without one, or
     *         {@link #NOT_AN_ANSWER}
     */
    static long answerId(CharSequence message) {
        int n = message.length();
        boolean answer = startsWith(message, RESULT_PREFIX, 0) || startsWith(message, ERROR_PREFIX, 0);
        if (!answer || message.charAt(n - 1) != '}') {
            return NOT_AN_ANSWER;
        }
        int key = lastIndexOf(message, ID_KEY);
        if (key < 0) {
            return NOT_AN_ANSWER;
        }
        int from = key + ID_KEY.length();
        if (n - 1 - from == 4 && startsWith(message, "null", from)) {
            return NULL_ID;
        }
        long id = 0;
        for (int i = from; i < n - 1; i++) {
            int digit = message.charAt(i) - '0';
            if (digit < 0 || digit > 9 || id > (Long.MAX_VALUE - digit) / 10) {
                return NOT_AN_ANSWER;
            }
            id = id * 10 + digit;
        }
        return from < n - 1 ? id : NOT_AN_ANSWER;
    }

    /** Whether an answer reports an error (otherwise its {@code result} is the outcome). */
    static boolean isError(CharSequence answer) {
        return startsWith(answer, ERROR_PREFIX, 0);
    }

    private static boolean startsWith(CharSequence s, String prefix, int at) {
        if (s.length() - at < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (s.charAt(at + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int lastIndexOf(CharSequence s, String key) {
        for (int at = s.length() - key.length(); at >= 0; at--) {
            if (startsWith(s, key, at)) {
                return at;
            }
        }
        return -1;
    }
}
