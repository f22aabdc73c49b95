package io.binancedata.sink;

/**
 * Constants of the Simple Open Framing Header (FIX SOFH) that precedes every SBE message in the files written by
 * the {@code sbe-file} sink: a uint32 big-endian frame length that includes the header itself, then a uint16
 * big-endian encoding type.
 */
public final class SimpleOpenFraming {
    /** Bytes in the header: 4 (length) + 2 (encoding type). */
    public static final int HEADER_LENGTH = 6;
    /** Encoding type of SBE 1.0 little-endian messages. */
    public static final int SBE_LITTLE_ENDIAN = 0xEB50;

    private SimpleOpenFraming() {
    }
}
