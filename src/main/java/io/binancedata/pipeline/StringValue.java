package io.binancedata.pipeline;

import io.binancedata.codec.DecimalParser;
import io.binancedata.codec.InvalidFieldException;
import io.binancedata.sbe.DecimalEncoder;

/**
 * Where a JSON string value of the frame its {@link JsonCursor} reads is: its decoded characters (in the frame
 * itself when the string has no escape, otherwise in the cursor's scratch array) and its raw JSON text in the frame,
 * quotes included, for reasons. One instance per field per decoder, overwritten by every frame.
 * <p>
 * Only indexes are stored per frame, no array reference: a reference store costs a GC write barrier each time.
 */
final class StringValue {
    private final JsonCursor json;
    private boolean inScratch;
    private int start;
    private int end;
    private int rawStart;
    private int rawEnd;

    StringValue(final JsonCursor json) {
        this.json = json;
    }

    void set(final boolean inScratch, final int start, final int end, final int rawStart, final int rawEnd) {
        this.inScratch = inScratch;
        this.start = start;
        this.end = end;
        this.rawStart = rawStart;
        this.rawEnd = rawEnd;
    }

    /** Whether the decoded value is exactly {@code expected}. */
    boolean contentEquals(final char[] expected) {
        final int length = end - start;
        if (length != expected.length) {
            return false;
        }
        final char[] chars = chars();
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
        return InvalidFrameException.quote(chars(), start, end);
    }

    /** The decoded value, whole (allocates: error path only). */
    String fullText() {
        return new String(chars(), start, end - start);
    }

    /** The value as written in the frame, quotes and escapes included, cut for a reason (error path only). */
    String raw() {
        return InvalidFrameException.quote(json.frame(), rawStart, rawEnd);
    }

    /** Where the value starts, relative to the frame's first character. */
    int offset() {
        return rawStart - json.frameStart();
    }

    /**
     * Parses the value as a decimal into {@code target} with the rules of {@link DecimalParser}.
     *
     * @throws InvalidFrameException naming {@code field} and the value if it is not a fitting plain decimal.
     */
    void parseDecimal(final String field, final DecimalEncoder target) {
        if (end > start && chars()[start] == '-') {
            throw invalid(field, "negative (Binance's prices, quantities and volumes are not)");
        }
        try {
            DecimalParser.parse(chars(), start, end, field, target);
        } catch (final InvalidFieldException e) {
            throw new InvalidFrameException(e.getMessage(), field, offset(), e);
        }
    }

    InvalidFrameException invalid(final String field, final String problem) {
        return InvalidFrameException.invalidField(field, raw(), offset(), problem);
    }

    private char[] chars() {
        return inScratch ? json.scratch() : json.frame();
    }
}
