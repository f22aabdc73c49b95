package io.binancedata.pipeline;

/**
 * The lexical rules of JSON strings and numbers (RFC 8259) for the {@link JsonCursor}, as functions of the frame's
 * characters: where a string or number ends (checking it), decoding escapes, reasons for unexpected characters.
 * Offsets in reasons count from {@code frameStart}, the frame's first character.
 */
final class JsonText {
    /** Most digits in a number (Jackson's {@code StreamReadConstraints} default, counted as Jackson 2.19 does). */
    static final int MAX_NUMBER_LENGTH = 1000;

    private static final long MIN_DIV_10 = Long.MIN_VALUE / 10;

    private JsonText() {
    }

    /**
     * @return the index of the closing quote of the string whose opening quote is at {@code chars[opening]}.
     * @throws InvalidFrameException if the string is not terminated, has an invalid escape or an unescaped control
     *                               character.
     */
    static int closingQuote(final char[] chars, final int opening, final int end, final int frameStart) {
        int i = opening + 1;
        while (true) {
            if (i >= end) {
                throw InvalidFrameException.malformed(opening - frameStart, "string not terminated");
            }
            final char c = chars[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                i = afterEscape(chars, i, end, frameStart);
            } else if (c < 0x20) {
                throw InvalidFrameException.malformed(i - frameStart,
                    "control character " + describe(c) + " in a string must be escaped");
            } else {
                i++;
            }
        }
    }

    /** Whether the string content {@code chars[from, to)} has an escape. */
    static boolean hasEscape(final char[] chars, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (chars[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes the string content {@code chars[from, to)}, already checked by {@link #closingQuote}, into
     * {@code out} from {@code at}, which must have room for {@code to - from} characters.
     *
     * @return the index in {@code out} after the decoded characters.
     */
    static int decode(final char[] chars, final int from, final int to, final char[] out, final int at) {
        int o = at;
        for (int i = from; i < to; o++) {
            final char c = chars[i];
            if (c != '\\') {
                out[o] = c;
                i++;
                continue;
            }
            final char e = chars[i + 1];
            switch (e) {
                case 'b' -> out[o] = '\b';
                case 'f' -> out[o] = '\f';
                case 'n' -> out[o] = '\n';
                case 'r' -> out[o] = '\r';
                case 't' -> out[o] = '\t';
                case 'u' -> out[o] = (char)(hexValue(chars[i + 2]) << 12 | hexValue(chars[i + 3]) << 8
                    | hexValue(chars[i + 4]) << 4 | hexValue(chars[i + 5]));
                default -> out[o] = e;
            }
            i += e == 'u' ? 6 : 2;
        }
        return o;
    }

    /**
     * Checks the JSON number at {@code chars[start]} (which holds any character but a quote, brace, bracket or
     * literal's first letter): its syntax and its length, at most {@value #MAX_NUMBER_LENGTH} digits counted as
     * Jackson 2.19 counts them (integer, fraction and exponent digits; a lone 0 before the point only when an
     * exponent follows the fraction).
     *
     * @return the index after the number.
     */
    static int numberEnd(final char[] chars, final int start, final int end, final int frameStart) {
        int i = start;
        final boolean negative = chars[i] == '-';
        if (negative) {
            i++;
        }
        final boolean zero = i < end && chars[i] == '0';
        int digits;
        if (zero) {
            i++;
            if (i < end && isDigit(chars[i])) {
                throw InvalidFrameException.malformed(i - frameStart, "leading zero in a number");
            }
            digits = 1;
        } else {
            digits = digits(chars, i, end, frameStart, negative ? "a digit" : "a value");
            i += digits;
        }
        int fractionDigits = -1;
        if (i < end && chars[i] == '.') {
            fractionDigits = digits(chars, ++i, end, frameStart, "a digit after '.'");
            i += fractionDigits;
        }
        int exponentDigits = -1;
        if (i < end && (chars[i] == 'e' || chars[i] == 'E')) {
            i++;
            if (i < end && (chars[i] == '+' || chars[i] == '-')) {
                i++;
            }
            exponentDigits = digits(chars, i, end, frameStart, "a digit in the exponent");
            i += exponentDigits;
        }
        if (fractionDigits >= 0 || exponentDigits >= 0) {
            digits = zero && (fractionDigits < 0 || exponentDigits < 0) ? 0 : digits;
            digits += Math.max(fractionDigits, 0) + Math.max(exponentDigits, 0);
        }
        if (digits > MAX_NUMBER_LENGTH) {
            throw InvalidFrameException.malformed(start - frameStart,
                "number of " + digits + " digits, more than " + MAX_NUMBER_LENGTH);
        }
        return i;
    }

    /** Whether the digits {@code chars[from, to)}, negated if {@code negative}, lie outside the int64 range. */
    static boolean overflows(final char[] chars, final int from, final int to, final boolean negative) {
        long negated = 0;
        for (int i = from; i < to; i++) {
            final int digit = chars[i] - '0';
            if (negated < MIN_DIV_10 || negated == MIN_DIV_10 && digit > 8) {
                return true;
            }
            negated = negated * 10 - digit;
        }
        return !negative && negated == Long.MIN_VALUE;
    }

    /** The reason for {@code chars[at]} (or the frame's end) not being what is {@code expected}. */
    static InvalidFrameException unexpected(final char[] chars, final int at, final int end, final int frameStart,
        final String expected) {
        return InvalidFrameException.malformed(at - frameStart,
            "expected " + expected + ", found " + (at < end ? describe(chars[at]) : "the end of the frame"));
    }

    static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    /** Counts the digits from {@code chars[from]}: at least one. */
    private static int digits(final char[] chars, final int from, final int end, final int frameStart,
        final String expected) {
        int i = from;
        while (i < end && isDigit(chars[i])) {
            i++;
        }
        if (i == from) {
            throw unexpected(chars, from, end, frameStart, expected);
        }
        return i - from;
    }

    /** Checks the escape sequence at {@code chars[backslash]}; returns the index after it. */
    private static int afterEscape(final char[] chars, final int backslash, final int end, final int frameStart) {
        final int next = backslash + 1;
        final char c = next < end ? chars[next] : 0;
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return next + 1;
            }
            case 'u' -> {
                for (int i = next + 1; i < next + 5; i++) {
                    if (i >= end || hexValue(chars[i]) < 0) {
                        throw InvalidFrameException.malformed(backslash - frameStart,
                            "invalid escape, expected 4 hex digits after \\u");
                    }
                }
                return next + 5;
            }
            default -> throw InvalidFrameException.malformed(backslash - frameStart,
                "invalid escape " + (next < end ? "'\\" + c + "'" : "at the end of the frame"));
        }
    }

    private static int hexValue(final char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String describe(final char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int)c);
    }
}
