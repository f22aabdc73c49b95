package io.binancedata.api;

import org.agrona.DirectBuffer;

/**
 * Receives each SBE message of the streams it was started with, on the stream's thread, in stream order. The buffer
 * holds one message (SBE message header first) and is only valid during the call: copy what you keep.
 */
@FunctionalInterface
public interface EventProcessor {
    /**
     * @param streamId id of the stream, e.g. {@code trade-btcusdt}
     * @param buffer   the message
     * @param offset   where it starts
     * @param length   its length in bytes
     */
    void onMessage(String streamId, DirectBuffer buffer, int offset, int length);
}
