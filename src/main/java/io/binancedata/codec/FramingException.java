package io.binancedata.codec;

import java.io.IOException;

/**
 * A framed SBE stream is broken at a known byte offset: truncated header or message, unknown encoding type,
 * or an impossible frame length. Nothing after that offset can be trusted.
 */
public final class FramingException extends IOException {
    private final long offset;

    /**
     * @param offset byte offset of the broken frame in the stream.
     * @param reason what is wrong.
     */
    public FramingException(final long offset, final String reason) {
        super("byte offset " + offset + ": " + reason);
        this.offset = offset;
    }

    /**
     * @return byte offset of the broken frame in the stream.
     */
    public long offset() {
        return offset;
    }
}
