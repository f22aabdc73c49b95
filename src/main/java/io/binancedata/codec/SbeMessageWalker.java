package io.binancedata.codec;

import io.binancedata.sbe.BooleanType;
import io.binancedata.sbe.DecimalDecoder;
import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.KlineInterval;
import io.binancedata.sbe.MessageHeaderDecoder;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one SBE {@code Trade} or {@code Kline} message field by field, in the order of the contract, checking each
 * value, and hands every field to a {@link Fields} — the one reader behind the people-facing formats
 * ({@link SbeJsonPrinter}, {@link SbeCsvPrinter}), so JSON lines and CSV show the same fields with the same checks.
 * <p>
 * Times are integers (microseconds), decimals mantissa and exponent, the interval its Binance code, the symbol and the
 * source text. A backfilled message's {@code eventTime} is {@link Fields#onNull null}; the {@code source} of a message
 * of schema version 1 (written before version 2) is {@link Fields#onAbsent absent}. Messages of later schema versions
 * are read by their header's block length (their extra fields are not shown). Anything that is not a complete, valid
 * message of this schema is reported with {@link IllegalArgumentException} saying what is wrong (fields before the
 * wrong one may already have been handed over). Reuses its decoders; not thread-safe.
 */
public final class SbeMessageWalker {
    /** Receives the fields of one message, in order: {@code onMessage}, one call per field, {@code onEnd}. */
    public interface Fields {
        /** A message starts: {@code Trade} or {@code Kline}. */
        void onMessage(String type);

        /** An integer field: a time (µs since the epoch), an id or a count. */
        void onNumber(String name, long value);

        /** A field of the message's version that holds no value (the event time of a backfilled message). */
        void onNull(String name);

        /** A field the message's schema version does not have (the source of a version-1 message). */
        void onAbsent(String name);

        /** An exact decimal: {@code mantissa × 10^exponent}. */
        void onDecimal(String name, long mantissa, byte exponent);

        void onBoolean(String name, boolean value);

        /** A text field: the interval code, the source name, the symbol. */
        void onText(String name, CharSequence value);

        /** The message ends; every field was valid. */
        void onEnd();
    }

    private static final int SYMBOL_HEADER_LENGTH = 2;
    /** The first schema version; messages of versions below it were never written. */
    private static final int FIRST_VERSION = 1;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final KlineDecoder kline = new KlineDecoder();
    private long eventTime;
    private long tradeTime;
    private long openTime;

    /**
     * @param buffer holding the message.
     * @param offset where its SBE message header starts.
     * @param length bytes of the message (frame length minus framing header).
     * @param fields receives the fields.
     * @return the message's template id: {@link TradeDecoder#TEMPLATE_ID} or {@link KlineDecoder#TEMPLATE_ID}.
     * @throws IllegalArgumentException if the bytes are not a complete Trade or Kline of schema 7201.
     */
    public int walk(final DirectBuffer buffer, final int offset, final int length, final Fields fields) {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH) {
            throw new IllegalArgumentException("message of " + length + " bytes is shorter than the "
                + MessageHeaderDecoder.ENCODED_LENGTH + "-byte SBE message header");
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != TradeDecoder.SCHEMA_ID) {
            throw new IllegalArgumentException(
                "schemaId " + header.schemaId() + ", expected " + TradeDecoder.SCHEMA_ID);
        }
        if (header.version() < FIRST_VERSION) {
            throw new IllegalArgumentException("schema version " + header.version() + " is not a released version");
        }
        eventTime = EventTimes.NULL;
        tradeTime = EventTimes.NULL;
        openTime = EventTimes.NULL;
        final int templateId = header.templateId();
        switch (templateId) {
            case TradeDecoder.TEMPLATE_ID -> walkTrade(buffer, offset, length, fields);
            case KlineDecoder.TEMPLATE_ID -> walkKline(buffer, offset, length, fields);
            default -> throw new IllegalArgumentException("unknown templateId " + templateId
                + " (known: Trade=" + TradeDecoder.TEMPLATE_ID + ", Kline=" + KlineDecoder.TEMPLATE_ID + ")");
        }
        return templateId;
    }

    /** The event time of the last message walked, µs; {@link EventTimes#NULL} for a backfilled message. */
    public long eventTime() {
        return eventTime;
    }

    /** The trade time of the last message walked if it was a trade, µs; else {@link EventTimes#NULL}. */
    public long tradeTime() {
        return tradeTime;
    }

    /** The open time of the last message walked if it was a kline, µs; else {@link EventTimes#NULL}. */
    public long openTime() {
        return openTime;
    }

    private void walkTrade(final DirectBuffer buffer, final int offset, final int length, final Fields fields) {
        final int symbolLength = checkLayout(buffer, offset, length, "Trade",
            header.version() < TradeDecoder.sourceSinceVersion() ? TradeDecoder.sourceEncodingOffset()
                : TradeDecoder.BLOCK_LENGTH);
        trade.wrapAndApplyHeader(buffer, offset, header);
        eventTime = trade.eventTime();
        tradeTime = trade.tradeTime();
        fields.onMessage("Trade");
        eventTime(fields, eventTime);
        fields.onNumber("tradeTime", tradeTime);
        fields.onNumber("receiveTime", trade.receiveTime());
        fields.onNumber("tradeId", trade.tradeId());
        decimal(fields, "price", trade.price());
        decimal(fields, "quantity", trade.quantity());
        bool(fields, "buyerIsMaker", trade.buyerIsMakerRaw());
        source(fields, header.version() >= TradeDecoder.sourceSinceVersion(), trade.sourceRaw());
        symbol(fields, buffer, trade.limit(), symbolLength);
        fields.onEnd();
    }

    private void walkKline(final DirectBuffer buffer, final int offset, final int length, final Fields fields) {
        final int symbolLength = checkLayout(buffer, offset, length, "Kline",
            header.version() < KlineDecoder.sourceSinceVersion() ? KlineDecoder.sourceEncodingOffset()
                : KlineDecoder.BLOCK_LENGTH);
        kline.wrapAndApplyHeader(buffer, offset, header);
        eventTime = kline.eventTime();
        openTime = kline.openTime();
        fields.onMessage("Kline");
        eventTime(fields, eventTime);
        fields.onNumber("openTime", openTime);
        fields.onNumber("closeTime", kline.closeTime());
        fields.onNumber("receiveTime", kline.receiveTime());
        fields.onText("interval", intervalCode(kline.intervalRaw()));
        fields.onNumber("firstTradeId", kline.firstTradeId());
        fields.onNumber("lastTradeId", kline.lastTradeId());
        fields.onNumber("tradeCount", kline.tradeCount());
        decimal(fields, "open", kline.open());
        decimal(fields, "high", kline.high());
        decimal(fields, "low", kline.low());
        decimal(fields, "close", kline.close());
        decimal(fields, "volume", kline.volume());
        decimal(fields, "quoteVolume", kline.quoteVolume());
        decimal(fields, "takerBuyVolume", kline.takerBuyVolume());
        decimal(fields, "takerBuyQuoteVolume", kline.takerBuyQuoteVolume());
        bool(fields, "closed", kline.closedRaw());
        source(fields, header.version() >= KlineDecoder.sourceSinceVersion(), kline.sourceRaw());
        symbol(fields, buffer, kline.limit(), symbolLength);
        fields.onEnd();
    }

    /**
     * Checks that root block (at least {@code blockLength}, that of the message's version) and symbol lie within the
     * message; returns the symbol length.
     */
    private int checkLayout(final DirectBuffer buffer, final int offset, final int length, final String name,
        final int blockLength) {
        if (header.blockLength() < blockLength) {
            throw new IllegalArgumentException(name + " blockLength " + header.blockLength()
                + " is shorter than " + blockLength);
        }
        final int symbolHeader = MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength();
        if (symbolHeader + SYMBOL_HEADER_LENGTH > length) {
            throw new IllegalArgumentException(name + " truncated: " + length + " bytes, root block and symbol"
                + " length need " + (symbolHeader + SYMBOL_HEADER_LENGTH));
        }
        final int symbolLength = buffer.getShort(offset + symbolHeader, TradeDecoder.BYTE_ORDER) & 0xFFFF;
        final int end = symbolHeader + SYMBOL_HEADER_LENGTH + symbolLength;
        if (end > length) {
            throw new IllegalArgumentException(name + " truncated: symbol of " + symbolLength + " bytes ends at "
                + end + ", message has " + length);
        }
        if (end < length && header.version() <= TradeDecoder.SCHEMA_VERSION) {
            throw new IllegalArgumentException(name + " has " + (length - end) + " bytes after its symbol");
        }
        return symbolLength;
    }

    private static void eventTime(final Fields fields, final long eventTime) {
        if (EventTimes.isNull(eventTime)) {
            fields.onNull("eventTime");
        } else {
            fields.onNumber("eventTime", eventTime);
        }
    }

    private static void source(final Fields fields, final boolean inVersion, final short raw) {
        if (!inVersion) {
            fields.onAbsent("source");
            return;
        }
        for (final Source source : Source.values()) {
            if (source.value() == raw && source != Source.NULL_VAL) {
                fields.onText("source", source.name());
                return;
            }
        }
        throw new IllegalArgumentException("source has value " + raw + ", not a Source");
    }

    private static void decimal(final Fields fields, final String name, final DecimalDecoder decimal) {
        final long mantissa = decimal.mantissa();
        final byte exponent = decimal.exponent();
        if (mantissa == DecimalDecoder.mantissaNullValue() || exponent == DecimalDecoder.exponentNullValue()) {
            throw new IllegalArgumentException(name + " holds the SBE null value");
        }
        fields.onDecimal(name, mantissa, exponent);
    }

    private static void bool(final Fields fields, final String name, final short raw) {
        if (raw == BooleanType.TRUE.value()) {
            fields.onBoolean(name, true);
        } else if (raw == BooleanType.FALSE.value()) {
            fields.onBoolean(name, false);
        } else {
            throw new IllegalArgumentException(name + " has value " + raw + ", not a BooleanType");
        }
    }

    private static String intervalCode(final short raw) {
        for (final KlineInterval interval : KlineInterval.values()) {
            if (interval.value() == raw && interval != KlineInterval.NULL_VAL) {
                return KlineIntervals.code(interval);
            }
        }
        throw new IllegalArgumentException("interval has value " + raw + ", not a KlineInterval");
    }

    private static void symbol(final Fields fields, final DirectBuffer buffer, final int limit, final int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(limit + SYMBOL_HEADER_LENGTH, bytes);
        final CharSequence text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
        } catch (final CharacterCodingException e) {
            throw new IllegalArgumentException("symbol is not valid UTF-8", e);
        }
        fields.onText("symbol", text);
    }
}
