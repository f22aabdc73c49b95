package io.binancedata.codec;

import io.binancedata.sbe.BooleanType;
import io.binancedata.sbe.KlineEncoder;
import io.binancedata.sbe.KlineInterval;
import io.binancedata.sbe.MessageHeaderEncoder;
import io.binancedata.sbe.Source;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes {@link KlineEvent}s as SBE {@code Kline} messages (message header included). Create one per stream
 * and reuse it for every message: encoding allocates nothing once the symbol has been seen. Not thread-safe.
 * <p>
 * Times become microseconds (Binance ms &times; 1000), decimals go through {@link DecimalParser}, the interval
 * through {@link KlineIntervals}. Input the schema cannot represent exactly is rejected with
 * {@link InvalidFieldException}: negative or overflowing times, trade ids below -1 (Binance's "no trade"), a
 * negative trade count, an unknown interval, a malformed or oversized decimal, an empty or oversized symbol.
 * After a failed encode the buffer content is unspecified; the encoder stays usable.
 */
public final class KlineEventEncoder {
    /** Upper bound of {@link #encode}'s result, for sizing buffers. */
    public static final int MAX_ENCODED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + KlineEncoder.BLOCK_LENGTH
        + KlineEncoder.symbolHeaderLength() + SymbolCache.MAX_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final KlineEncoder encoder = new KlineEncoder();
    private final SymbolCache symbol = new SymbolCache();

    /**
     * @param event             the kline update as received.
     * @param receiveTimeMicros when this process read the frame, microseconds since the epoch.
     * @param buffer            destination, with at least {@link #MAX_ENCODED_LENGTH} bytes from {@code offset}.
     * @param offset            where the message header starts.
     * @return bytes written: header, root block and symbol.
     * @throws InvalidFieldException if a field cannot be represented exactly, or the event is {@code null}.
     */
    public int encode(final KlineEvent event, final long receiveTimeMicros, final MutableDirectBuffer buffer,
        final int offset) {
        if (event == null) {
            throw new InvalidFieldException("kline", null, "missing");
        }
        final KlineEvent.Kline k = event.kline();
        final KlineInterval interval = KlineIntervals.lookup(k.interval());
        if (interval == KlineInterval.NULL_VAL) {
            throw new InvalidFieldException("k.i", k.interval(),
                "unknown interval, valid (case-sensitive): " + String.join(" ", KlineIntervals.codes()));
        }
        final byte[] symbolBytes = symbol.utf8(event.symbol());
        encoder.wrapAndApplyHeader(buffer, offset, header)
            .eventTime(Fields.micros("E", event.eventTimeMillis()))
            .openTime(Fields.micros("k.t", k.openTimeMillis()))
            .closeTime(Fields.micros("k.T", k.closeTimeMillis()))
            .receiveTime(receiveTimeMicros)
            .interval(interval)
            .firstTradeId(Fields.atLeast("k.f", k.firstTradeId(), -1))
            .lastTradeId(Fields.atLeast("k.L", k.lastTradeId(), -1))
            .tradeCount(Fields.atLeast("k.n", k.tradeCount(), 0));
        DecimalParser.parse(k.open(), "k.o", encoder.open());
        DecimalParser.parse(k.high(), "k.h", encoder.high());
        DecimalParser.parse(k.low(), "k.l", encoder.low());
        DecimalParser.parse(k.close(), "k.c", encoder.close());
        DecimalParser.parse(k.volume(), "k.v", encoder.volume());
        DecimalParser.parse(k.quoteVolume(), "k.q", encoder.quoteVolume());
        DecimalParser.parse(k.takerBuyVolume(), "k.V", encoder.takerBuyVolume());
        DecimalParser.parse(k.takerBuyQuoteVolume(), "k.Q", encoder.takerBuyQuoteVolume());
        encoder.closed(k.closed() ? BooleanType.TRUE : BooleanType.FALSE)
            .source(Source.LIVE)
            .putSymbol(symbolBytes, 0, symbolBytes.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
