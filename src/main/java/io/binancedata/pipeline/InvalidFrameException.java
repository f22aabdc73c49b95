package io.binancedata.pipeline;

/**
 * A received frame cannot be decoded: it is not JSON, lacks a field, has a field of the wrong JSON type or a value
 * the SBE message cannot hold exactly, or belongs to another stream. The message is the reason, written for the
 * dead-letter record: it names the field ({@code k.o} for a kline's {@code o}) and quotes the offending value as it
 * appears in the frame (JSON text, so a string keeps its quotes), cut after {@value #MAX_VALUE_CHARS} characters.
 * <p>
 * Thrown only on the failure path; building it allocates, decoding a valid frame never does.
 */
public class InvalidFrameException extends RuntimeException {
    /** Longest value quoted in a reason; longer ones are cut and their length given. */
    public static final int MAX_VALUE_CHARS = 64;

    private static final long serialVersionUID = 1L;

    private final String field;
    private final int offset;

    /**
     * @param reason what is wrong, the exception's message.
     * @param field  the field concerned as named in reasons (e.g. {@code p}, {@code k.o}), or null when the frame
     *               is not JSON.
     * @param offset where in the frame (0 = its first character) the problem is, or -1 when it concerns the frame
     *               as a whole (a missing field).
     */
    public InvalidFrameException(final String reason, final String field, final int offset) {
        this(reason, field, offset, null);
    }

    /**
     * @param reason what is wrong, the exception's message.
     * @param field  the field concerned, or null.
     * @param offset where in the frame the problem is, or -1.
     * @param cause  the exception the reason was taken from, or null.
     */
    public InvalidFrameException(final String reason, final String field, final int offset, final Throwable cause) {
        super(reason, cause);
        this.field = field;
        this.offset = offset;
    }

    /**
     * @return the reason, same as {@link #getMessage()}.
     */
    public String reason() {
        return getMessage();
    }

    /**
     * @return the field concerned (e.g. {@code p}, {@code k.o}), or null when the frame is not JSON.
     */
    public String field() {
        return field;
    }

    /**
     * @return where in the frame the problem is (0 = its first character), or -1 for the frame as a whole.
     */
    public int offset() {
        return offset;
    }

    static InvalidFrameException malformed(final int offset, final String problem) {
        return new InvalidFrameException("malformed JSON at offset " + offset + ": " + problem, null, offset);
    }

    static InvalidFrameException invalidField(final String field, final String value, final int offset,
        final String problem) {
        return new InvalidFrameException("invalid field '" + field + "' = " + value + ": " + problem, field, offset);
    }

    static InvalidFrameException missing(final String field) {
        return new InvalidFrameException("missing field '" + field + "'", field, -1);
    }

    static InvalidFrameException nullField(final String field, final int offset) {
        return new InvalidFrameException("field '" + field + "' is null", field, offset);
    }

    static InvalidFrameException duplicate(final String field, final int offset) {
        return new InvalidFrameException("duplicate field '" + field + "' at offset " + offset, field, offset);
    }

    /** The text of {@code chars[from, to)} for a reason, cut after {@value #MAX_VALUE_CHARS} characters. */
    static String quote(final char[] chars, final int from, final int to) {
        final int length = to - from;
        if (length <= MAX_VALUE_CHARS) {
            return new String(chars, from, length);
        }
        return new String(chars, from, MAX_VALUE_CHARS) + "... (" + length + " chars)";
    }
}
