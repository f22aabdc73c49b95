package io.binancedata.pipeline;

import io.binancedata.codec.DecimalParser;
import io.binancedata.codec.InvalidFieldException;
import io.binancedata.sbe.DecimalEncoder;

/**
 * Where a JSON string value of the current frame is: its decoded characters ({@code chars[start, end)}, the frame
 * itself when the string has no escape, otherwise a scratch array of the {@link JsonCursor}) and its raw JSON text
 * in the frame, quotes included, for reasons. One instance per field per decoder, overwritten by every frame.
 */
final class StringValue {
    private char[] chars;
    private int start;
    private int end;
    private char[] frame;
    private int rawStart;
    private int rawEnd;
    private int frameStart;

    void set(final char[] chars, final int start, final int end, final char[] frame, final int rawStart,
        final int rawEnd, final int frameStart) {
        this.chars = chars;
        this.start = start;
        this.end = end;
        this.frame = frame;
        this.rawStart = rawStart;
        this.rawEnd = rawEnd;
        this.frameStart = frameStart;
    }

    /** Whether the decoded value is exactly {@code expected}. */
    boolean contentEquals(final char[] expected) {
        final int length = end - start;
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (chars[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    boolean isEmpty() {
        return end == start;
    }

    /** The decoded value, cut for a reason (allocates: error path only). */
    String text() {
        return InvalidFrameException.quote(chars, start, end);
    }

    /** The decoded value, whole (allocates: error path only). */
    String fullText() {
        return new String(chars, start, end - start);
    }

    /** The value as written in the frame, quotes and escapes included, cut for a reason (error path only). */
    String raw() {
        return InvalidFrameException.quote(frame, rawStart, rawEnd);
    }

    /** Where the value starts, relative to the frame's first character. */
    int offset() {
        return rawStart - frameStart;
    }

    /**
     * Parses the value as a decimal into {@code target} with the rules of {@link DecimalParser}.
     *
     * @throws InvalidFrameException naming {@code field} and the value if it is not a fitting plain decimal.
     */
    void parseDecimal(final String field, final DecimalEncoder target) {
        try {
            DecimalParser.parse(chars, start, end, field, target);
        } catch (final InvalidFieldException e) {
            throw new InvalidFrameException(e.getMessage(), field, offset(), e);
        }
    }

    InvalidFrameException invalid(final String field, final String problem) {
        return InvalidFrameException.invalidField(field, raw(), offset(), problem);
    }
}
