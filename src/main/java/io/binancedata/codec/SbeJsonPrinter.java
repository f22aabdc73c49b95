package io.binancedata.codec;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
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
 * Renders one SBE {@code Trade} or {@code Kline} message as a single-line JSON object, for people and
 * scripts: times as integers (microseconds), decimals as exact plain strings, the interval as its Binance
 * code, the symbol as a JSON string (UTF-8, escaped where JSON requires), the source as its name. For example:
 * <pre>{"type":"Trade","eventTime":1723161255343000,"tradeTime":1723161255342000,"receiveTime":1723161254087896,
 * "tradeId":3735683259,"price":"61837.63","quantity":"0.02","buyerIsMaker":true,"source":"LIVE",
 * "symbol":"BTCUSDT"}</pre>
 * A backfilled message has no event time: {@code "eventTime":null}, {@code "source":"BACKFILL"}. Messages of
 * schema version 1 (files written before version 2) have no source: the key is left out. Messages of later
 * schema versions are read by their header's block length (their extra fields are not shown). Anything that is
 * not a complete, valid message of this schema is reported with {@link IllegalArgumentException} saying what is
 * wrong. Reuses its decoders; not thread-safe.
 */
public final class SbeJsonPrinter {
    private static final int SYMBOL_HEADER_LENGTH = 2;
    /** The first schema version; messages of versions below it were never written. */
    private static final int FIRST_VERSION = 1;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final KlineDecoder kline = new KlineDecoder();
    private final StringBuilder json = new StringBuilder(512);

    /**
     * @param buffer holding the message.
     * @param offset where its SBE message header starts.
     * @param length bytes of the message (frame length minus framing header).
     * @return the message as one JSON object, without line terminator.
     * @throws IllegalArgumentException if the bytes are not a complete Trade or Kline of schema 7201.
     */
    public String toJson(final DirectBuffer buffer, final int offset, final int length) {
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
        json.setLength(0);
        switch (header.templateId()) {
            case TradeDecoder.TEMPLATE_ID -> appendTrade(buffer, offset, length);
            case KlineDecoder.TEMPLATE_ID -> appendKline(buffer, offset, length);
            default -> throw new IllegalArgumentException("unknown templateId " + header.templateId()
                + " (known: Trade=" + TradeDecoder.TEMPLATE_ID + ", Kline=" + KlineDecoder.TEMPLATE_ID + ")");
        }
        return json.toString();
    }

    private void appendTrade(final DirectBuffer buffer, final int offset, final int length) {
        final int symbolLength = checkLayout(buffer, offset, length, "Trade",
            header.version() < TradeDecoder.sourceSinceVersion() ? TradeDecoder.sourceEncodingOffset()
                : TradeDecoder.BLOCK_LENGTH);
        trade.wrapAndApplyHeader(buffer, offset, header);
        json.append("{\"type\":\"Trade\"");
        eventTime(trade.eventTime());
        field("tradeTime").append(trade.tradeTime());
        field("receiveTime").append(trade.receiveTime());
        field("tradeId").append(trade.tradeId());
        decimal("price", trade.price());
        decimal("quantity", trade.quantity());
        bool("buyerIsMaker", trade.buyerIsMakerRaw());
        if (header.version() >= TradeDecoder.sourceSinceVersion()) {
            source(trade.sourceRaw());
        }
        symbol(buffer, trade.limit(), symbolLength);
        json.append('}');
    }

    private void appendKline(final DirectBuffer buffer, final int offset, final int length) {
        final int symbolLength = checkLayout(buffer, offset, length, "Kline",
            header.version() < KlineDecoder.sourceSinceVersion() ? KlineDecoder.sourceEncodingOffset()
                : KlineDecoder.BLOCK_LENGTH);
        kline.wrapAndApplyHeader(buffer, offset, header);
        json.append("{\"type\":\"Kline\"");
        eventTime(kline.eventTime());
        field("openTime").append(kline.openTime());
        field("closeTime").append(kline.closeTime());
        field("receiveTime").append(kline.receiveTime());
        field("interval").append('"').append(intervalCode(kline.intervalRaw())).append('"');
        field("firstTradeId").append(kline.firstTradeId());
        field("lastTradeId").append(kline.lastTradeId());
        field("tradeCount").append(kline.tradeCount());
        decimal("open", kline.open());
        decimal("high", kline.high());
        decimal("low", kline.low());
        decimal("close", kline.close());
        decimal("volume", kline.volume());
        decimal("quoteVolume", kline.quoteVolume());
        decimal("takerBuyVolume", kline.takerBuyVolume());
        decimal("takerBuyQuoteVolume", kline.takerBuyQuoteVolume());
        bool("closed", kline.closedRaw());
        if (header.version() >= KlineDecoder.sourceSinceVersion()) {
            source(kline.sourceRaw());
        }
        symbol(buffer, kline.limit(), symbolLength);
        json.append('}');
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

    private StringBuilder field(final String name) {
        return json.append(",\"").append(name).append("\":");
    }

    private void eventTime(final long eventTime) {
        if (EventTimes.isNull(eventTime)) {
            field("eventTime").append("null");
        } else {
            field("eventTime").append(eventTime);
        }
    }

    private void source(final short raw) {
        for (final Source source : Source.values()) {
            if (source.value() == raw && source != Source.NULL_VAL) {
                field("source").append('"').append(source.name()).append('"');
                return;
            }
        }
        throw new IllegalArgumentException("source has value " + raw + ", not a Source");
    }

    private void decimal(final String name, final DecimalDecoder decimal) {
        final long mantissa = decimal.mantissa();
        final byte exponent = decimal.exponent();
        if (mantissa == DecimalDecoder.mantissaNullValue() || exponent == DecimalDecoder.exponentNullValue()) {
            throw new IllegalArgumentException(name + " holds the SBE null value");
        }
        DecimalParser.appendTo(field(name).append('"'), mantissa, exponent).append('"');
    }

    private void bool(final String name, final short raw) {
        if (raw == BooleanType.TRUE.value()) {
            field(name).append(true);
        } else if (raw == BooleanType.FALSE.value()) {
            field(name).append(false);
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

    private void symbol(final DirectBuffer buffer, final int limit, final int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(limit + SYMBOL_HEADER_LENGTH, bytes);
        final CharSequence text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
        } catch (final CharacterCodingException e) {
            throw new IllegalArgumentException("symbol is not valid UTF-8", e);
        }
        field("symbol").append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, json);
        json.append('"');
    }
}
