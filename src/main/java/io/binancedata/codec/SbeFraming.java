package io.binancedata.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The Simple Open Framing Header that precedes every SBE message in files: 6 bytes, a uint32 big-endian
 * frame length <em>including</em> these 6 bytes, then the uint16 big-endian encoding type {@code 0xEB50}
 * (SBE version 1.0, little-endian). Read framed streams with {@link SbeFrameReader}.
 * <pre>{@code
 * int sbeLength = encoder.encode(event, receiveTimeMicros, buffer, SbeFraming.HEADER_LENGTH);
 * int frameLength = SbeFraming.writeHeader(buffer, 0, sbeLength); // write frameLength bytes from 0
 * }</pre>
 */
public final class SbeFraming {
    /** Bytes of the framing header. */
    public static final int HEADER_LENGTH = 6;
    /** Encoding type of SBE 1.0 little-endian messages. */
    public static final int SBE_LE_ENCODING = 0xEB50;

    private static final int ENCODING_TYPE_OFFSET = 4;

    private SbeFraming() {
    }

    /**
     * Writes a framing header for the SBE message of {@code sbeMessageLength} bytes that follows it.
     *
     * @param buffer           destination.
     * @param offset           where the 6-byte header goes; the SBE message starts at offset + 6.
     * @param sbeMessageLength length of the SBE message alone (message header included, framing excluded).
     * @return the frame length written into the header: {@code sbeMessageLength + 6}.
     * @throws IllegalArgumentException if the length is negative or the frame would not fit a uint32 as int.
     */
    public static int writeHeader(final MutableDirectBuffer buffer, final int offset, final int sbeMessageLength) {
        if (sbeMessageLength < 0 || sbeMessageLength > Integer.MAX_VALUE - HEADER_LENGTH) {
            throw new IllegalArgumentException("invalid SBE message length: " + sbeMessageLength);
        }
        final int frameLength = HEADER_LENGTH + sbeMessageLength;
        buffer.putInt(offset, frameLength, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + ENCODING_TYPE_OFFSET, (short)SBE_LE_ENCODING, ByteOrder.BIG_ENDIAN);
        return frameLength;
    }

    /**
     * @param buffer holding a framing header.
     * @param offset of the header.
     * @return the frame length field (uint32, header included).
     */
    public static long frameLength(final DirectBuffer buffer, final int offset) {
        return buffer.getInt(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    /**
     * @param buffer holding a framing header.
     * @param offset of the header.
     * @return the encoding type field (uint16); {@link #SBE_LE_ENCODING} for this product's messages.
     */
    public static int encodingType(final DirectBuffer buffer, final int offset) {
        return buffer.getShort(offset + ENCODING_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * The length of the frame at {@code offset} of a batch of frames back to back, {@code batchLength} bytes long.
     *
     * @param buffer      holding the batch from offset 0.
     * @param offset      where the frame's header starts.
     * @param batchLength bytes of the batch.
     * @return the frame's length, header included: at least {@link #HEADER_LENGTH}, at most what the batch has left.
     * @throws IllegalArgumentException when no whole frame starts at {@code offset}.
     */
    public static int wholeFrameLength(final DirectBuffer buffer, final int offset, final int batchLength) {
        final long length = batchLength - offset < HEADER_LENGTH ? -1 : frameLength(buffer, offset);
        if (length < HEADER_LENGTH || length > batchLength - offset) {
            throw new IllegalArgumentException("framed batch of " + batchLength + " bytes: no whole frame at "
                    + offset);
        }
        return (int) length;
    }
}
