package io.binancedata.codec;

import io.binancedata.sbe.BooleanType;
import io.binancedata.sbe.MessageHeaderEncoder;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes {@link TradeEvent}s as SBE {@code Trade} messages (message header included). Create one per stream
 * and reuse it for every message: encoding allocates nothing once the symbol has been seen. Not thread-safe.
 * <p>
 * Times become microseconds (Binance ms &times; 1000), decimals go through {@link DecimalParser}. Input the
 * schema cannot represent exactly is rejected with {@link InvalidFieldException}: negative or overflowing
 * times, a negative trade id, a malformed or oversized decimal, an empty or oversized symbol. After a failed
 * encode the buffer content is unspecified; the encoder stays usable.
 */
public final class TradeEventEncoder {
    /** Upper bound of {@link #encode}'s result, for sizing buffers. */
    public static final int MAX_ENCODED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + TradeEncoder.BLOCK_LENGTH
        + TradeEncoder.symbolHeaderLength() + SymbolCache.MAX_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final SymbolCache symbol = new SymbolCache();

    /**
     * @param event             the trade as received.
     * @param receiveTimeMicros when this process read the frame, microseconds since the epoch.
     * @param buffer            destination, with at least {@link #MAX_ENCODED_LENGTH} bytes from {@code offset}.
     * @param offset            where the message header starts.
     * @return bytes written: header, root block and symbol.
     * @throws InvalidFieldException if a field cannot be represented exactly, or the event is {@code null}.
     */
    public int encode(final TradeEvent event, final long receiveTimeMicros, final MutableDirectBuffer buffer,
        final int offset) {
        if (event == null) {
            throw new InvalidFieldException("trade", null, "missing");
        }
        final byte[] symbolBytes = symbol.utf8(event.symbol());
        trade.wrapAndApplyHeader(buffer, offset, header)
            .eventTime(Fields.micros("E", event.eventTimeMillis()))
            .tradeTime(Fields.micros("T", event.tradeTimeMillis()))
            .receiveTime(receiveTimeMicros)
            .tradeId(Fields.atLeast("t", event.tradeId(), 0));
        DecimalParser.parse(event.price(), "p", trade.price());
        DecimalParser.parse(event.quantity(), "q", trade.quantity());
        trade.buyerIsMaker(event.buyerIsMaker() ? BooleanType.TRUE : BooleanType.FALSE)
            .source(Source.LIVE)
            .putSymbol(symbolBytes, 0, symbolBytes.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength();
    }
}
