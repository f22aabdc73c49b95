package io.binancedata.codec;

import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.MessageHeaderDecoder;
import io.binancedata.sbe.TradeDecoder;
import org.agrona.DirectBuffer;

/**
 * The times that place an event, in one place.
 * <ul>
 * <li><b>Event time</b> ({@code eventTime} in the contract): when the exchange sent the event. A live event has one;
 * a backfilled event (fetched over REST to fill a gap) has none — REST does not say — so its {@code eventTime} is
 * {@link #NULL}, the SBE null value, never a value made up from another field.</li>
 * <li><b>Exchange time</b>: the time that dates an event (the file sink files its message under this time's UTC day):
 * its event time; without one, a trade's trade time, and a candle's close time + 1 ms — the moment the candle
 * became final, when Binance sends its final version (a live final candle is dated a few ms after that, so a
 * backfilled candle lands in the same day file a live one would).</li>
 * </ul>
 */
public final class EventTimes {
    /** {@code eventTime} of an event without one (backfilled): the SBE null value of int64, {@link Long#MIN_VALUE}. */
    public static final long NULL = TradeDecoder.eventTimeNullValue();

    private static final long MICROS_PER_MILLI = 1000;

    private EventTimes() {
    }

    public static boolean isNull(final long eventTimeMicros) {
        return eventTimeMicros == NULL;
    }

    /** The exchange time of a trade, µs: its event time, or its trade time when it has none. */
    public static long tradeExchangeTime(final long eventTimeMicros, final long tradeTimeMicros) {
        return isNull(eventTimeMicros) ? tradeTimeMicros : eventTimeMicros;
    }

    /** The exchange time of a kline, µs: its event time, or its close time + 1 ms when it has none. */
    public static long klineExchangeTime(final long eventTimeMicros, final long closeTimeMicros) {
        return isNull(eventTimeMicros) ? closeTimeMicros + MICROS_PER_MILLI : eventTimeMicros;
    }

    /**
     * The exchange time of one SBE {@code Trade} or {@code Kline} message (any released schema version).
     *
     * @param buffer holds the message.
     * @param offset where its SBE message header starts.
     * @param length bytes of the message.
     * @throws IllegalArgumentException if the message is not a Trade or Kline of this schema, or too short to hold
     *                                  the times.
     */
    public static long exchangeTime(final DirectBuffer buffer, final int offset, final int length) {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH) {
            throw new IllegalArgumentException("message of " + length + " bytes is shorter than the "
                + MessageHeaderDecoder.ENCODED_LENGTH + "-byte SBE message header");
        }
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        if (header.schemaId() != TradeDecoder.SCHEMA_ID) {
            throw new IllegalArgumentException(
                "schemaId " + header.schemaId() + ", expected " + TradeDecoder.SCHEMA_ID);
        }
        final int root = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int rootLength = Math.min(header.blockLength(), length - MessageHeaderDecoder.ENCODED_LENGTH);
        switch (header.templateId()) {
            case TradeDecoder.TEMPLATE_ID -> {
                requireRoot(rootLength, TradeDecoder.tradeTimeEncodingOffset() + Long.BYTES, "Trade");
                return tradeExchangeTime(
                    buffer.getLong(root + TradeDecoder.eventTimeEncodingOffset(), TradeDecoder.BYTE_ORDER),
                    buffer.getLong(root + TradeDecoder.tradeTimeEncodingOffset(), TradeDecoder.BYTE_ORDER));
            }
            case KlineDecoder.TEMPLATE_ID -> {
                requireRoot(rootLength, KlineDecoder.closeTimeEncodingOffset() + Long.BYTES, "Kline");
                return klineExchangeTime(
                    buffer.getLong(root + KlineDecoder.eventTimeEncodingOffset(), KlineDecoder.BYTE_ORDER),
                    buffer.getLong(root + KlineDecoder.closeTimeEncodingOffset(), KlineDecoder.BYTE_ORDER));
            }
            default -> throw new IllegalArgumentException("unknown templateId " + header.templateId());
        }
    }

    private static void requireRoot(final int rootLength, final int needed, final String name) {
        if (rootLength < needed) {
            throw new IllegalArgumentException(name + " root block of " + rootLength + " bytes holds no times");
        }
    }
}
