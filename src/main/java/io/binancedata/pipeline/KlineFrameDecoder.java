package io.binancedata.pipeline;

import io.binancedata.codec.EventTimes;
import io.binancedata.codec.KlineIntervals;
import io.binancedata.sbe.BooleanType;
import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.KlineEncoder;
import io.binancedata.sbe.KlineInterval;
import io.binancedata.sbe.MessageHeaderEncoder;
import io.binancedata.sbe.Source;
import io.binancedata.sequence.SequenceFields;
import org.agrona.MutableDirectBuffer;

/**
 * Decodes one {@code <symbol>@kline_<interval>} frame straight into an SBE {@code Kline} message (message header
 * included):
 * <pre>{"e":"kline","E":1617566640068,"s":"BTCUSDT","k":{"t":1617566580000,"T":1617566639999,"s":"BTCUSDT",
 * "i":"1m","f":745522651,"L":745523670,"o":"57994.60000000","c":"57999.99000000","h":"58018.03000000",
 * "l":"57974.41000000","v":"23.06712200","n":1020,"x":true,"q":"1337913.58654308","V":"11.41334700",
 * "Q":"661954.86510045","B":"0"}}</pre>
 * No object, no {@code String} per frame; one per stream, reused; not thread-safe.
 * <p>
 * As strict as the Jackson path it replaced (kept in the tests as the reference: {@code codec.EventMapper}, {@code KlineEvent},
 * {@code KlineEventEncoder} and the stream's symbol check), with the rules of {@link TradeFrameDecoder} for JSON,
 * unknown fields ({@code B}, ...), required, null, duplicate and wrongly typed fields; in addition {@code e} is
 * {@code kline}, {@code k} an object, {@code k.s} equal to {@code s}, {@code k.i} a known interval code and the
 * stream's; times ({@code E}, {@code k.t}, {@code k.T}) become microseconds and must fit, {@code k.f} and
 * {@code k.L} are at least -1 (no trade), {@code k.n} at least 0. Reasons name the fields of {@code k} as
 * {@code k.o} etc. Checks run while reading (JSON, types, ranges), then for missing fields, {@code e}, {@code s},
 * {@code k.s}, {@code k.i}, then the decimals while writing. Fields are written in schema order.
 * <p>
 * A frame built from a REST row to fill a gap ({@link Source#BACKFILL}) is read by the same rules, {@code E}
 * included, but its {@code E} is not written: REST has no event time, so the message's {@code eventTime} is the SBE
 * null value ({@link EventTimes#NULL}) and its {@code source} BACKFILL.
 */
public final class KlineFrameDecoder implements FrameDecoder {
    /** Upper bound of {@link #decode}'s result, for sizing buffers. */
    public static final int MAX_ENCODED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + KlineEncoder.BLOCK_LENGTH
        + KlineEncoder.symbolHeaderLength() + StreamSymbol.MAX_UTF8_LENGTH;

    private static final char[] EVENT_TYPE = "kline".toCharArray();
    private static final String KEYS = "eEsk";
    private static final long REQUIRED = FrameFields.bits(KEYS);
    private static final String KLINE_KEYS = "tTsifLochlvnxqVQ";
    private static final long KLINE_REQUIRED = FrameFields.bits(KLINE_KEYS);

    private static final int OPEN = 0;
    private static final int HIGH = 1;
    private static final int LOW = 2;
    private static final int CLOSE = 3;
    private static final int VOLUME = 4;
    private static final int QUOTE_VOLUME = 5;
    private static final int TAKER_BUY_VOLUME = 6;
    private static final int TAKER_BUY_QUOTE_VOLUME = 7;
    /** Reason names of the decimals, by the indexes above (schema order). */
    private static final String[] DECIMAL_FIELDS = {"k.o", "k.h", "k.l", "k.c", "k.v", "k.q", "k.V", "k.Q"};

    private final StreamSymbol symbol;
    private final String intervalCode;
    private final char[] intervalChars;
    private final KlineInterval interval;
    private final JsonCursor json = new JsonCursor();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final KlineEncoder kline = new KlineEncoder();
    private final StringValue eventType = new StringValue(json);
    private final StringValue frameSymbol = new StringValue(json);
    private final StringValue klineSymbol = new StringValue(json);
    private final StringValue frameInterval = new StringValue(json);
    private final StringValue[] decimals = new StringValue[DECIMAL_FIELDS.length];
    private long frameEventTime;
    private long frameOpenTime;
    private long frameCloseTime;
    private long frameFirstTradeId;
    private long frameLastTradeId;
    private long frameTradeCount;
    private boolean frameClosed;
    /** Where {@code k.t}, {@code k.T}, {@code k.L} and {@code k.n} start in the frame, for the checks' reasons. */
    private int openTimeOffset;
    private int closeTimeOffset;
    private int lastTradeIdOffset;
    private int tradeCountOffset;
    private long eventTimeMicros = Long.MIN_VALUE;
    private long exchangeTimeMicros = Long.MIN_VALUE;
    private long openTimeMicros = Long.MIN_VALUE;
    private boolean closed;

    /**
     * @param symbol   the stream's symbol as Binance writes it (upper case, may be non-ASCII); frames of another
     *                 symbol are rejected.
     * @param interval the stream's interval code ({@code 1s}, {@code 1m}, ... {@code 1M}); frames of another
     *                 interval are rejected.
     * @throws IllegalArgumentException if the symbol is empty, not valid Unicode or over 1024 bytes in UTF-8, or
     *                                  the interval is not a Binance interval code.
     */
    public KlineFrameDecoder(final String symbol, final String interval) {
        this.symbol = new StreamSymbol(symbol);
        this.interval = KlineIntervals.parse(interval);
        this.intervalCode = interval;
        this.intervalChars = interval.toCharArray();
        for (int i = 0; i < decimals.length; i++) {
            decimals[i] = new StringValue(json);
        }
    }

    /** {@link #decode(char[], int, int, long, Source, MutableDirectBuffer, int)} of a live frame. */
    public int decode(final char[] chars, final int start, final int end, final long receiveTimeMicros,
        final MutableDirectBuffer buffer, final int offset) {
        return decode(chars, start, end, receiveTimeMicros, Source.LIVE, buffer, offset);
    }

    /**
     * Decodes {@code chars[start, end)} and writes the Kline message at {@code buffer[offset..]}.
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
            throw eventType.invalid("e", "expected event type 'kline'");
        }
        symbol.requireSymbol(frameSymbol);
        symbol.requireKlineSymbol(klineSymbol);
        requireInterval();
        requireBucket();
        requireTradeIds();
        final long eventTime = source == Source.LIVE ? frameEventTime * 1000 : EventTimes.NULL;
        final int length = encode(receiveTimeMicros, eventTime, source, buffer, offset);
        eventTimeMicros = eventTime;
        exchangeTimeMicros = EventTimes.klineExchangeTime(eventTime, frameCloseTime * 1000);
        openTimeMicros = frameOpenTime * 1000;
        closed = frameClosed;
        return length;
    }

    private int encode(final long receiveTimeMicros, final long eventTime, final Source source,
        final MutableDirectBuffer buffer, final int offset) {
        kline.wrapAndApplyHeader(buffer, offset, header)
            .eventTime(eventTime)
            .openTime(frameOpenTime * 1000)
            .closeTime(frameCloseTime * 1000)
            .receiveTime(receiveTimeMicros)
            .interval(interval)
            .firstTradeId(frameFirstTradeId)
            .lastTradeId(frameLastTradeId)
            .tradeCount(frameTradeCount);
        decimals[OPEN].parseDecimal(DECIMAL_FIELDS[OPEN], kline.open());
        decimals[HIGH].parseDecimal(DECIMAL_FIELDS[HIGH], kline.high());
        decimals[LOW].parseDecimal(DECIMAL_FIELDS[LOW], kline.low());
        decimals[CLOSE].parseDecimal(DECIMAL_FIELDS[CLOSE], kline.close());
        decimals[VOLUME].parseDecimal(DECIMAL_FIELDS[VOLUME], kline.volume());
        decimals[QUOTE_VOLUME].parseDecimal(DECIMAL_FIELDS[QUOTE_VOLUME], kline.quoteVolume());
        decimals[TAKER_BUY_VOLUME].parseDecimal(DECIMAL_FIELDS[TAKER_BUY_VOLUME], kline.takerBuyVolume());
        decimals[TAKER_BUY_QUOTE_VOLUME].parseDecimal(DECIMAL_FIELDS[TAKER_BUY_QUOTE_VOLUME],
            kline.takerBuyQuoteVolume());
        final byte[] symbolBytes = symbol.utf8();
        kline.closed(frameClosed ? BooleanType.TRUE : BooleanType.FALSE)
            .source(source)
            .putSymbol(symbolBytes, 0, symbolBytes.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + kline.encodedLength();
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
     *         time, or for a backfilled frame its close time + 1 ms; {@link Long#MIN_VALUE} before the first.
     */
    @Override
    public long exchangeTimeMicros() {
        return exchangeTimeMicros;
    }

    /**
     * @return the candle's open time ({@code k.t}) of the last successful {@link #decode} in microseconds, or
     *         {@link Long#MIN_VALUE} before the first.
     */
    public long openTimeMicros() {
        return openTimeMicros;
    }

    /**
     * @return {@code k.x} of the last successful {@link #decode}: the candle is closed and this is its final
     *         version; false before the first.
     */
    public boolean closed() {
        return closed;
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
                    case 'k' -> readKline();
                    default -> json.skipValue();
                }
                seen |= FrameFields.bit(key);
            } while (json.nextMember());
        }
        json.endDocument();
        FrameFields.requireAll(seen, REQUIRED, KEYS, "");
    }

    private void readKline() {
        long seen = 0;
        if (json.objectValue("k")) {
            do {
                final int key = json.key("k.");
                switch (key) {
                    case 't' -> {
                        frameOpenTime = FrameFields.millis(json, "k.t");
                        openTimeOffset = json.valueOffset();
                    }
                    case 'T' -> {
                        frameCloseTime = FrameFields.millis(json, "k.T");
                        closeTimeOffset = json.valueOffset();
                    }
                    case 's' -> json.stringValue("k.s", klineSymbol);
                    case 'i' -> json.stringValue("k.i", frameInterval);
                    case 'f' -> frameFirstTradeId = FrameFields.atLeast(json, "k.f", -1);
                    case 'L' -> {
                        frameLastTradeId = FrameFields.atLeast(json, "k.L", -1);
                        lastTradeIdOffset = json.valueOffset();
                    }
                    case 'o' -> json.stringValue("k.o", decimals[OPEN]);
                    case 'c' -> json.stringValue("k.c", decimals[CLOSE]);
                    case 'h' -> json.stringValue("k.h", decimals[HIGH]);
                    case 'l' -> json.stringValue("k.l", decimals[LOW]);
                    case 'v' -> json.stringValue("k.v", decimals[VOLUME]);
                    case 'n' -> {
                        frameTradeCount = FrameFields.atLeast(json, "k.n", 0);
                        tradeCountOffset = json.valueOffset();
                    }
                    case 'x' -> frameClosed = json.booleanValue("k.x");
                    case 'q' -> json.stringValue("k.q", decimals[QUOTE_VOLUME]);
                    case 'V' -> json.stringValue("k.V", decimals[TAKER_BUY_VOLUME]);
                    case 'Q' -> json.stringValue("k.Q", decimals[TAKER_BUY_QUOTE_VOLUME]);
                    default -> json.skipValue();
                }
                seen |= FrameFields.bit(key);
            } while (json.nextMember());
        }
        FrameFields.requireAll(seen, KLINE_REQUIRED, KLINE_KEYS, "k.");
    }

    /**
     * The candle is one of the stream's buckets: {@code k.t} opens one (Binance's alignment, {@link KlineIntervals};
     * not checked for {@code 3d}, whose alignment no recorded frame confirms) and {@code k.T} is that bucket's close
     * time. The sequence guard orders candles and finds missed ones by these times: a shifted close time would hide a
     * gap, or fetch a candle already written.
     */
    private void requireBucket() {
        if (interval != KlineInterval.DAY_3 && KlineIntervals.openTime(interval, frameOpenTime) != frameOpenTime) {
            throw InvalidFrameException.invalidField("k.t", Long.toString(frameOpenTime), openTimeOffset,
                "not the open time of a " + intervalCode + " candle");
        }
        final long closeTime = KlineIntervals.closeTime(interval, frameOpenTime);
        if (frameCloseTime != closeTime) {
            throw InvalidFrameException.invalidField("k.T", Long.toString(frameCloseTime), closeTimeOffset,
                "the " + intervalCode + " candle opening at " + frameOpenTime + " closes at " + closeTime);
        }
    }

    /**
     * {@code k.f}, {@code k.L} and {@code k.n} agree: a candle without trades has -1, -1 and 0; one with trades ids
     * {@code f <= L} and a count of at least 1. A backfill numbers its candles' trades on from the last {@code L}.
     */
    private void requireTradeIds() {
        final boolean none = frameFirstTradeId == -1;
        if (none != (frameLastTradeId == -1) || frameLastTradeId < frameFirstTradeId) {
            throw InvalidFrameException.invalidField("k.L", Long.toString(frameLastTradeId), lastTradeIdOffset,
                "must be -1 when k.f is (no trade), else at least k.f = " + frameFirstTradeId);
        }
        if (none != (frameTradeCount == 0)) {
            throw InvalidFrameException.invalidField("k.n", Long.toString(frameTradeCount), tradeCountOffset,
                none ? "a candle without trades (k.f and k.L -1) counts 0" : "a candle with trades (k.f "
                    + frameFirstTradeId + " to k.L " + frameLastTradeId + ") counts at least 1");
        }
    }

    private void requireInterval() {
        if (!frameInterval.contentEquals(intervalChars)) {
            if (KlineIntervals.lookup(frameInterval.fullText()) == KlineInterval.NULL_VAL) {
                throw frameInterval.invalid("k.i",
                    "unknown interval, valid (case-sensitive): " + String.join(" ", KlineIntervals.codes()));
            }
            throw frameInterval.invalid("k.i", "frame for interval " + frameInterval.text() + " on stream of "
                + intervalCode);
        }
    }

    @Override
    public int templateId() {
        return KlineDecoder.TEMPLATE_ID;
    }

    @Override
    public int maxEncodedLength() {
        return MAX_ENCODED_LENGTH;
    }

    /** {@link FrameDecoder#sequence()}: the candle's open time in microseconds. */
    @Override
    public long sequence() {
        return openTimeMicros;
    }

    @Override
    public void sequenceFields(final SequenceFields into) {
        into.kline(frameOpenTime, frameEventTime, frameCloseTime, frameClosed, frameFirstTradeId, frameLastTradeId);
    }

    /** {@link FrameDecoder#isFinal()}: whether the candle is closed. */
    @Override
    public boolean isFinal() {
        return closed;
    }
}
