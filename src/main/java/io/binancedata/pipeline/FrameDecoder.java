package io.binancedata.pipeline;

import io.binancedata.codec.EventTimes;
import io.binancedata.sbe.Source;
import io.binancedata.sequence.SequenceFields;
import io.binancedata.sequence.SequenceGuard;
import org.agrona.MutableDirectBuffer;

/**
 * Decodes one raw JSON frame of a stream straight into its SBE message. One per stream, reused; not thread-safe.
 * The values of the last successful decode stay readable until the next call.
 */
public interface FrameDecoder {
    /** SBE template id of the messages written. */
    int templateId();

    /** Upper bound of {@link #decode}'s result. */
    int maxEncodedLength();

    /**
     * Decodes {@code chars[start, end)} into one SBE message (message header included) at {@code buffer[offset..]}.
     *
     * @param source LIVE, or BACKFILL for a frame built from a REST row to fill a gap: the message says so, and its
     *               eventTime is the SBE null value (REST has no event time)
     * @return the message length
     * @throws InvalidFrameException if the frame is not a valid event of this stream; the decoder stays usable
     */
    int decode(char[] chars, int start, int end, long receiveTimeMicros, Source source, MutableDirectBuffer buffer,
               int offset);

    /** Event time written for the last decoded frame, µs since the epoch; {@link EventTimes#NULL} when backfilled. */
    long eventTimeMicros();

    /** {@link EventTimes Exchange time} of the last decoded frame, µs since the epoch: dates it, never null. */
    long exchangeTimeMicros();

    /** Trade id, or kline open time in µs, of the last decoded frame. */
    long sequence();

    /** Writes the sequence fields of the last decoded frame, for the {@link SequenceGuard} to judge it. */
    void sequenceFields(SequenceFields into);

    /** Whether the last decoded frame is final: every trade; a kline once its candle is closed. */
    boolean isFinal();
}
