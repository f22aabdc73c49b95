package io.binancedata.pipeline;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reads one JSON object from {@code chars[start, end)} token by token, strictly (RFC 8259, no extension: no
 * comments, quotes other than {@code "}, leading zeros, {@code NaN}, unescaped control characters, trailing commas
 * or trailing content) and without allocating: the frame decoders pull the members they map and {@link #skipValue()}
 * the others, which are checked as thoroughly. Duplicate keys are rejected in every object, mapped or not.
 * <p>
 * The limits of Jackson's default {@code StreamReadConstraints} apply as well: nesting depth, field name length,
 * number length; not its string length limit (20 M characters).
 * <p>
 * Strings are decoded only when their value matters and they contain an escape; then into a scratch array that is
 * reused for every frame (and grows if a frame needs more). Errors are {@link InvalidFrameException}s whose offsets
 * count from the frame's first character. One per decoder; not thread-safe.
 */
final class JsonCursor {
    /** What {@link #key(String)} returns for a key that is not a single ASCII character. */
    static final int OTHER_KEY = -1;

    /** Longest field name accepted, in decoded characters (Jackson's {@code StreamReadConstraints} default). */
    static final int MAX_NAME_LENGTH = 50_000;

    private final NestingStack nesting = new NestingStack();
    private char[] chars;
    private int frameStart;
    private int end;
    private int pos;
    private int valueStart;
    private int stringContentEnd;
    private char[] scratch = new char[64];
    private int scratchUsed;

    /** Starts reading a frame. */
    void reset(final char[] chars, final int start, final int end) {
        Objects.checkFromToIndex(start, end, chars.length);
        this.chars = chars;
        this.frameStart = start;
        this.end = end;
        this.pos = start;
        this.scratchUsed = 0;
        nesting.reset();
    }

    /** The array holding the frame being read. */
    char[] frame() {
        return chars;
    }

    /** Index of the frame's first character in {@link #frame()}. */
    int frameStart() {
        return frameStart;
    }

    /** Where strings with escapes are decoded; may be replaced by a larger copy while a frame is read. */
    char[] scratch() {
        return scratch;
    }

    /**
     * Reads the opening brace of the frame's object.
     *
     * @return true if the object has a member (the cursor is at its key), false if it is empty (and closed).
     */
    boolean beginObject() {
        skipWhitespace();
        if (pos >= end || chars[pos] != '{') {
            throw unexpected("'{'");
        }
        return openObject();
    }

    /**
     * Reads the key of a member of the innermost object, the colon and whitespace after it.
     *
     * @param path prefix of the object's fields in reasons, e.g. {@code "k."}, or {@code ""}.
     * @return the key if it is a single ASCII character (all keys Binance sends are), otherwise {@link #OTHER_KEY}.
     * @throws InvalidFrameException if the object already has this key, or on malformed JSON.
     */
    int key(final String path) {
        final int p = pos;
        if (p + 3 < end && chars[p] == '"' && chars[p + 2] == '"' && chars[p + 3] == ':') {
            final char c = chars[p + 1];
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                if (!nesting.addAscii(c)) {
                    throw InvalidFrameException.duplicate(path + c, p - frameStart);
                }
                pos = p + 4;
                if (pos < end && chars[pos] <= ' ') {
                    skipWhitespace();
                }
                return c;
            }
        }
        return anyKey(path);
    }

    /** {@link #key} for keys with escapes, of other lengths, or followed by whitespace. */
    private int anyKey(final String path) {
        if (pos >= end || chars[pos] != '"') {
            throw unexpected("'\"' (a field name)");
        }
        final int rawStart = pos;
        scanString();
        char[] source = chars;
        int from = rawStart + 1;
        int to = stringContentEnd;
        if (JsonText.hasEscape(chars, from, to)) {
            from = decode(from, to);
            source = scratch;
            to = scratchUsed;
        }
        if (to - from > MAX_NAME_LENGTH) {
            throw InvalidFrameException.malformed(rawStart - frameStart,
                "field name of " + (to - from) + " characters, longer than " + MAX_NAME_LENGTH);
        }
        if (!nesting.add(source, from, to - from)) {
            throw InvalidFrameException.duplicate(path + InvalidFrameException.quote(source, from, to),
                rawStart - frameStart);
        }
        skipWhitespace();
        if (pos >= end || chars[pos] != ':') {
            throw unexpected("':'");
        }
        pos++;
        skipWhitespace();
        return to - from == 1 && source[from] < 128 ? source[from] : OTHER_KEY;
    }

    /**
     * Reads what follows a member's value.
     *
     * @return true after a comma (the cursor is then at the next key), false after the closing brace.
     */
    boolean nextMember() {
        final int p = pos;
        if (p < end) {
            final char c = chars[p];
            if (c == ',') {
                pos = p + 1;
                if (pos < end && chars[pos] <= ' ') {
                    skipWhitespace();
                }
                return true;
            }
            if (c == '}') {
                pos = p + 1;
                nesting.pop();
                return false;
            }
        }
        return nextMemberAfterWhitespace();
    }

    private boolean nextMemberAfterWhitespace() {
        skipWhitespace();
        if (pos < end) {
            final char c = chars[pos];
            if (c == ',') {
                pos++;
                skipWhitespace();
                return true;
            }
            if (c == '}') {
                pos++;
                nesting.pop();
                return false;
            }
        }
        throw unexpected("',' or '}'");
    }

    /** Checks that nothing but whitespace follows the frame's object. */
    void endDocument() {
        skipWhitespace();
        if (pos != end) {
            throw unexpected("the end of the frame after the object");
        }
    }

    /**
     * @return the value, a JSON integer within the int64 range.
     * @throws InvalidFrameException naming {@code field} if the value is null, another type, a number with a
     *                               fraction or exponent, or too large.
     */
    long longValue(final String field) {
        valueStart = pos;
        if (pos < end) {
            final char c = chars[pos];
            if (c == '-' || c >= '0' && c <= '9') {
                return integer(field);
            }
        }
        throw notA(field, "a JSON integer");
    }

    /**
     * @return the value, a JSON boolean.
     * @throws InvalidFrameException naming {@code field} if the value is null or of another type.
     */
    boolean booleanValue(final String field) {
        final int p = pos;
        valueStart = p;
        if (p + 3 < end && chars[p] == 't' && chars[p + 1] == 'r' && chars[p + 2] == 'u' && chars[p + 3] == 'e') {
            pos = p + 4;
            return true;
        }
        if (p + 4 < end && chars[p] == 'f' && chars[p + 1] == 'a' && chars[p + 2] == 'l' && chars[p + 3] == 's'
            && chars[p + 4] == 'e') {
            pos = p + 5;
            return false;
        }
        throw notA(field, "a JSON boolean");
    }

    /**
     * Reads a JSON string into {@code target} (decoded if it has escapes).
     *
     * @throws InvalidFrameException naming {@code field} if the value is null or of another type.
     */
    void stringValue(final String field, final StringValue target) {
        final int opening = pos;
        valueStart = opening;
        if (opening >= end || chars[opening] != '"') {
            throw notA(field, "a JSON string");
        }
        for (int i = opening + 1; i < end; i++) {
            final char c = chars[i];
            if (c == '"') {
                pos = i + 1;
                target.set(false, opening + 1, i, opening, pos);
                return;
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
        }
        scanString();
        if (JsonText.hasEscape(chars, valueStart + 1, stringContentEnd)) {
            final int from = decode(valueStart + 1, stringContentEnd);
            target.set(true, from, scratchUsed, valueStart, pos);
        } else {
            target.set(false, valueStart + 1, stringContentEnd, valueStart, pos);
        }
    }

    /**
     * Reads the opening brace of an object value.
     *
     * @return true if the object has a member (the cursor is at its key), false if it is empty (and closed).
     * @throws InvalidFrameException naming {@code field} if the value is null or of another type.
     */
    boolean objectValue(final String field) {
        valueStart = pos;
        if (pos >= end || chars[pos] != '{') {
            throw notA(field, "a JSON object");
        }
        return openObject();
    }

    /** Skips a value of any type, checking it as strictly as a read one (its objects for duplicate keys too). */
    void skipValue() {
        final int outside = nesting.depth();
        while (true) {
            if (pos >= end) {
                throw unexpected("a value");
            }
            switch (chars[pos]) {
                case '{' -> {
                    if (openObject()) {
                        key("");
                        continue;
                    }
                }
                case '[' -> {
                    if (openArray()) {
                        continue;
                    }
                }
                case '"' -> scanString();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> pos = JsonText.numberEnd(chars, pos, end, frameStart);
            }
            if (closeContainers(outside)) {
                return;
            }
        }
    }

    /** After a value inside a skipped container: closes what ends here; false if another value follows. */
    private boolean closeContainers(final int outside) {
        while (nesting.depth() > outside) {
            skipWhitespace();
            final boolean inObject = nesting.inObject();
            final char c = pos < end ? chars[pos] : 0;
            if (c == ',') {
                pos++;
                skipWhitespace();
                if (inObject) {
                    key("");
                }
                return false;
            }
            if (inObject ? c != '}' : c != ']') {
                throw unexpected(inObject ? "',' or '}'" : "',' or ']'");
            }
            pos++;
            nesting.pop();
        }
        return true;
    }

    /** Where the value just read starts in the frame (0 = its first character). */
    int valueOffset() {
        return valueStart - frameStart;
    }

    /**
     * The reason for the value just read being out of range: names {@code field} and quotes the value.
     */
    InvalidFrameException invalidValue(final String field, final String problem) {
        return InvalidFrameException.invalidField(field, InvalidFrameException.quote(chars, valueStart, pos),
            valueStart - frameStart, problem);
    }

    private boolean openObject() {
        if (!nesting.push(true)) {
            throw InvalidFrameException.malformed(pos - frameStart, "nesting deeper than " + NestingStack.MAX_DEPTH);
        }
        pos++;
        skipWhitespace();
        if (pos < end && chars[pos] == '}') {
            pos++;
            nesting.pop();
            return false;
        }
        return true;
    }

    private boolean openArray() {
        if (!nesting.push(false)) {
            throw InvalidFrameException.malformed(pos - frameStart, "nesting deeper than " + NestingStack.MAX_DEPTH);
        }
        pos++;
        skipWhitespace();
        if (pos < end && chars[pos] == ']') {
            pos++;
            nesting.pop();
            return false;
        }
        return true;
    }

    /**
     * A JSON integer at {@code pos} (which holds '-' or a digit). Up to 18 digits cannot overflow and are read without
     * a check; longer numbers are checked digit by digit (no division).
     */
    private long integer(final String field) {
        int i = pos;
        final boolean negative = chars[i] == '-';
        if (negative) {
            i++;
        }
        final int digits = i;
        long negated = 0;
        for (char c; i < end && (c = chars[i]) >= '0' && c <= '9'; i++) {
            negated = negated * 10 - (c - '0');
        }
        if (i == digits) {
            pos = i;
            throw unexpected("a digit");
        }
        if (i < end && (chars[i] == '.' || chars[i] == 'e' || chars[i] == 'E')
            || chars[digits] == '0' && i - digits > 1) {
            throw notA(field, "a JSON integer");
        }
        pos = i;
        if (i - digits > 18 && JsonText.overflows(chars, digits, i, negative)) {
            throw invalidValue(field, "outside the int64 range");
        }
        return negative ? negated : -negated;
    }

    private void literal(final String word) {
        if (!matches(word)) {
            throw unexpected("'" + word + "'");
        }
        pos += word.length();
    }

    private boolean matches(final String word) {
        final int length = word.length();
        if (pos + length > end) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (chars[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Moves past the string whose opening quote is at {@code pos}; sets {@link #stringContentEnd}. */
    private void scanString() {
        stringContentEnd = JsonText.closingQuote(chars, pos, end, frameStart);
        pos = stringContentEnd + 1;
    }

    /**
     * Decodes the checked string content {@code chars[from, to)} into the scratch array after what it already holds
     * for this frame; returns where it starts, {@link #scratchUsed} is where it ends.
     */
    private int decode(final int from, final int to) {
        final int start = scratchUsed;
        if (start + (to - from) > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(2 * scratch.length, start + (to - from)));
        }
        scratchUsed = JsonText.decode(chars, from, to, scratch, start);
        return start;
    }

    private void skipWhitespace() {
        while (pos < end) {
            final char c = chars[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** Skips the value at {@link #valueStart} and names its type as the wrong one for {@code field}. */
    private InvalidFrameException notA(final String field, final String expected) {
        pos = valueStart;
        if (matches("null")) {
            return InvalidFrameException.nullField(field, valueStart - frameStart);
        }
        skipValue();
        return invalidValue(field, "expected " + expected);
    }

    private InvalidFrameException unexpected(final String expected) {
        return JsonText.unexpected(chars, pos, end, frameStart, expected);
    }
}
