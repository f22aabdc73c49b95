package io.binancedata.pipeline;

import io.binancedata.codec.EventTimes;
import io.binancedata.sbe.BooleanType;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.sbe.MessageHeaderEncoder;
import io.binancedata.sbe.TradeEncoder;
import io.binancedata.sbe.Source;
import io.binancedata.sequence.SequenceFields;
import org.agrona.MutableDirectBuffer;

/**
 * Decodes one {@code <symbol>@trade} frame straight into an SBE {@code Trade} message (message header included):
 * <pre>{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000","q":"0.02000000",
 * "T":1723161255342,"m":true,"M":true}</pre>
 * No object, no {@code String} per frame: the fields are read from the characters as received, the decimals parsed
 * into mantissa and exponent, the symbol's UTF-8 bytes computed once. One per stream, reused; not thread-safe.
 * <p>
 * As strict as the Jackson path it replaced (kept in the tests as the reference: {@code codec.EventMapper}, {@code TradeEvent},
 * {@code TradeEventEncoder} and the stream's symbol check): the frame is one JSON object and nothing else; unknown
 * fields ({@code M}, the old {@code b} and {@code a}, ...) are skipped but must be valid JSON; every mapped field is
 * required, not null, not duplicated, of its JSON type without coercion ({@code E}, {@code T}, {@code t} integers,
 * {@code p}, {@code q} strings, {@code m} a boolean); {@code e} is {@code trade}, {@code s} the stream's symbol;
 * times become microseconds and must fit, the trade id is at least 0; decimals follow
 * {@link io.binancedata.codec.DecimalParser}. Checks run in this order: JSON, types and integer ranges while
 * reading, then missing fields, {@code e}, {@code s}, then the decimals while writing. Fields are written in schema
 * order.
 * <p>
 * A frame built from a REST row to fill a gap ({@link Source#BACKFILL}) is read by the same rules, {@code E}
 * included, but its {@code E} is not written: REST has no event time, so the message's {@code eventTime} is the SBE
 * null value ({@link EventTimes#NULL}) and its {@code source} BACKFILL.
 */
public final class TradeFrameDecoder implements FrameDecoder {
    /** Upper bound of {@link #decode}'s result, for sizing buffers. */
    public static final int MAX_ENCODED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + TradeEncoder.BLOCK_LENGTH
        + TradeEncoder.symbolHeaderLength() + StreamSymbol.MAX_UTF8_LENGTH;

    private static final char[] EVENT_TYPE = "trade".toCharArray();
    /** The mapped keys, in the order a missing one is reported. */
    private static final String KEYS = "eEstpqTm";
    private static final long REQUIRED = FrameFields.bits(KEYS);

    private final StreamSymbol symbol;
    private final JsonCursor json = new JsonCursor();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final StringValue eventType = new StringValue(json);
    private final StringValue frameSymbol = new StringValue(json);
    private final StringValue price = new StringValue(json);
    private final StringValue quantity = new StringValue(json);
    private long frameEventTime;
    private long frameTradeTime;
    private long frameTradeId;
    private boolean frameBuyerIsMaker;
    private long eventTimeMicros = Long.MIN_VALUE;
    private long exchangeTimeMicros = Long.MIN_VALUE;
    private long tradeId = Long.MIN_VALUE;

    /**
     * @param symbol the stream's symbol as Binance writes it (upper case, may be non-ASCII); frames of another
     *               symbol are rejected.
     * @throws IllegalArgumentException if the symbol is empty, not valid Unicode or over 1024 bytes in UTF-8.
     */
    public TradeFrameDecoder(final String symbol) {
        this.symbol = new StreamSymbol(symbol);
    }

    /** {@link #decode(char[], int, int, long, Source, MutableDirectBuffer, int)} of a live frame. */
    public int decode(final char[] chars, final int start, final int end, final long receiveTimeMicros,
        final MutableDirectBuffer buffer, final int offset) {
        return decode(chars, start, end, receiveTimeMicros, Source.LIVE, buffer, offset);
    }

    /**
     * Decodes {@code chars[start, end)} and writes the Trade message at {@code buffer[offset..]}.
     *
     * @param chars             holds the frame.
     * @param start             index of the frame's first character.
     * @param end               index after its last character.
     * @param receiveTimeMicros when this process read the frame, microseconds since the epoch.
     * @param source            LIVE, or BACKFILL for a frame built from a REST row (its eventTime is written null).
     * @param buffer            destination, with at least {@link #MAX_ENCODED_LENGTH} bytes from {@code offset}.
     * @param offset            where the message header starts.
     * @return bytes written: header, root block and symbol.
     * @throws InvalidFrameException     with a reason naming the field or offset; the buffer content is then
     *                                   unspecified, the decoder stays usable.
     * @throws IndexOutOfBoundsException if {@code [start, end)} is not a range of {@code chars} (a caller's bug, not a
     *                                   bad frame).
     */
    @Override
    public int decode(final char[] chars, final int start, final int end, final long receiveTimeMicros,
        final Source source, final MutableDirectBuffer buffer, final int offset) {
        read(chars, start, end);
        if (!eventType.contentEquals(EVENT_TYPE)) {
            throw eventType.invalid("e", "expected event type 'trade'");
        }
        symbol.requireSymbol(frameSymbol);
        final long eventTime = source == Source.LIVE ? frameEventTime * 1000 : EventTimes.NULL;
        final int length = encode(receiveTimeMicros, eventTime, source, buffer, offset);
        eventTimeMicros = eventTime;
        exchangeTimeMicros = EventTimes.tradeExchangeTime(eventTime, frameTradeTime * 1000);
        tradeId = frameTradeId;
        return length;
    }

    private int encode(final long receiveTimeMicros, final long eventTime, final Source source,
        final MutableDirectBuffer buffer, final int offset) {
        trade.wrapAndApplyHeader(buffer, offset, header)
            .eventTime(eventTime)
            .tradeTime(frameTradeTime * 1000)
            .receiveTime(receiveTimeMicros)
            .tradeId(frameTradeId);
        price.parseDecimal("p", trade.price());
        quantity.parseDecimal("q", trade.quantity());
        final byte[] symbolBytes = symbol.utf8();
        trade.buyerIsMaker(frameBuyerIsMaker ? BooleanType.TRUE : BooleanType.FALSE)
            .source(source)
            .putSymbol(symbolBytes, 0, symbolBytes.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength();
    }

    /**
     * @return the event time written by the last successful {@link #decode}: {@code E} in microseconds, or
     *         {@link EventTimes#NULL} for a backfilled frame; {@link Long#MIN_VALUE} before the first.
     */
    @Override
    public long eventTimeMicros() {
        return eventTimeMicros;
    }

    /**
     * @return the {@link EventTimes exchange time} of the last successful {@link #decode} in microseconds: its event
     *         time, or for a backfilled frame its trade time; {@link Long#MIN_VALUE} before the first.
     */
    @Override
    public long exchangeTimeMicros() {
        return exchangeTimeMicros;
    }

    /**
     * @return the trade id ({@code t}) of the last successful {@link #decode}, or {@link Long#MIN_VALUE} before the
     *         first.
     */
    public long tradeId() {
        return tradeId;
    }

    private void read(final char[] chars, final int start, final int end) {
        json.reset(chars, start, end);
        long seen = 0;
        if (json.beginObject()) {
            do {
                final int key = json.key("");
                switch (key) {
                    case 'e' -> json.stringValue("e", eventType);
                    case 'E' -> frameEventTime = FrameFields.millis(json, "E");
                    case 's' -> json.stringValue("s", frameSymbol);
                    case 't' -> frameTradeId = FrameFields.atLeast(json, "t", 0);
                    case 'p' -> json.stringValue("p", price);
                    case 'q' -> json.stringValue("q", quantity);
                    case 'T' -> frameTradeTime = FrameFields.millis(json, "T");
                    case 'm' -> frameBuyerIsMaker = json.booleanValue("m");
                    default -> json.skipValue();
                }
                seen |= FrameFields.bit(key);
            } while (json.nextMember());
        }
        json.endDocument();
        FrameFields.requireAll(seen, REQUIRED, KEYS, "");
    }

    @Override
    public int templateId() {
        return TradeDecoder.TEMPLATE_ID;
    }

    @Override
    public int maxEncodedLength() {
        return MAX_ENCODED_LENGTH;
    }

    /** {@link FrameDecoder#sequence()}: the trade id. */
    @Override
    public long sequence() {
        return tradeId;
    }

    @Override
    public void sequenceFields(final SequenceFields into) {
        into.trade(tradeId);
    }

    /** {@link FrameDecoder#isFinal()}: always, a trade is never revised. */
    @Override
    public boolean isFinal() {
        return true;
    }
}
