package io.binancedata.pipeline;

/** A frame that is not a valid event of its stream; the message says what is wrong, naming the field. */
public class InvalidFrameException extends RuntimeException {
    private final String field;
    private final int offset;

    public InvalidFrameException(String message, String field, int offset) {
        super(message, null, false, false);
        this.field = field;
        this.offset = offset;
    }

    /** The field at fault, e.g. {@code p} or {@code k.o}, or null when the JSON itself is malformed. */
    public String field() {
        return field;
    }

    /** Offset in the frame where the problem was found, or -1. */
    public int offset() {
        return offset;
    }
}
