package io.binancedata.codec;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;

/**
 * Walks a stream of framed SBE messages (see {@link SbeFraming}) one frame at a time, reusing one buffer.
 * <pre>{@code
 * SbeFrameReader reader = new SbeFrameReader(in);
 * while (reader.next()) {
 *     handle(reader.buffer(), 0, reader.messageLength());
 * }
 * }</pre>
 * A stream ending exactly after a frame ends cleanly; anything else (a partial header or message, an
 * encoding type other than {@code 0xEB50}, a frame length below 6 or above the limit) raises
 * {@link FramingException} with the byte offset of the frame. Not thread-safe; the caller closes the stream.
 */
public final class SbeFrameReader {
    /** Default upper bound of a frame, far above any message of this schema, to catch corrupt lengths. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 64 * 1024;

    private final InputStream in;
    private final int maxFrameLength;
    private final byte[] header = new byte[SbeFraming.HEADER_LENGTH];
    private final UnsafeBuffer headerBuffer = new UnsafeBuffer(header);
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[0]);
    private byte[] bytes = new byte[1024];
    private long position;
    private long frameOffset = -1;
    private int messageLength;

    /**
     * @param in framed stream, read from its current position (counted as offset 0).
     */
    public SbeFrameReader(final InputStream in) {
        this(in, DEFAULT_MAX_FRAME_LENGTH);
    }

    /**
     * @param in             framed stream, read from its current position (counted as offset 0).
     * @param maxFrameLength largest frame accepted, header included.
     */
    public SbeFrameReader(final InputStream in, final int maxFrameLength) {
        if (maxFrameLength < SbeFraming.HEADER_LENGTH) {
            throw new IllegalArgumentException("maxFrameLength below header length: " + maxFrameLength);
        }
        this.in = in;
        this.maxFrameLength = maxFrameLength;
    }

    /**
     * Reads the next frame.
     *
     * @return true if a whole frame was read, false at a clean end of stream.
     * @throws FramingException if the stream is truncated or not framed as expected.
     * @throws IOException      if reading fails.
     */
    public boolean next() throws IOException {
        frameOffset = position;
        final int headerRead = in.readNBytes(header, 0, header.length);
        position += headerRead;
        if (headerRead == 0) {
            messageLength = 0;
            return false;
        }
        if (headerRead < header.length) {
            throw new FramingException(frameOffset,
                "truncated framing header: " + headerRead + " of " + header.length + " bytes");
        }
        final int encodingType = SbeFraming.encodingType(headerBuffer, 0);
        if (encodingType != SbeFraming.SBE_LE_ENCODING) {
            throw new FramingException(frameOffset,
                String.format("encoding type 0x%04X, expected 0x%04X", encodingType, SbeFraming.SBE_LE_ENCODING));
        }
        final long frameLength = SbeFraming.frameLength(headerBuffer, 0);
        if (frameLength < SbeFraming.HEADER_LENGTH || frameLength > maxFrameLength) {
            throw new FramingException(frameOffset, "frame length " + frameLength + " outside ["
                + SbeFraming.HEADER_LENGTH + ", " + maxFrameLength + "]");
        }
        final int length = (int)frameLength - SbeFraming.HEADER_LENGTH;
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, bytes.length * 2)];
        }
        final int read = in.readNBytes(bytes, 0, length);
        position += read;
        if (read < length) {
            throw new FramingException(frameOffset,
                "truncated frame: " + (SbeFraming.HEADER_LENGTH + read) + " of " + frameLength + " bytes");
        }
        message.wrap(bytes, 0, length);
        messageLength = length;
        return true;
    }

    /**
     * @return the last SBE message read, starting at index 0 and exactly {@link #messageLength()} long.
     */
    public DirectBuffer buffer() {
        return message;
    }

    /**
     * @return length of the last SBE message read (frame length minus the framing header).
     */
    public int messageLength() {
        return messageLength;
    }

    /**
     * @return byte offset of the last frame's header in the stream.
     */
    public long frameOffset() {
        return frameOffset;
    }

    /**
     * @return bytes consumed from the stream so far.
     */
    public long position() {
        return position;
    }
}
