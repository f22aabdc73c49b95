package io.binancedata.codec;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.agrona.DirectBuffer;

/**
 * Renders one SBE {@code Trade} or {@code Kline} message as a single-line JSON object, for people and
 * scripts: times as integers (microseconds), decimals as exact plain strings, the interval as its Binance
 * code, the symbol as a JSON string (UTF-8, escaped where JSON requires), the source as its name. For example:
 * <pre>{"type":"Trade","eventTime":1723161255343000,"tradeTime":1723161255342000,"receiveTime":1723161254087896,
 * "tradeId":3735683259,"price":"61837.63","quantity":"0.02","buyerIsMaker":true,"source":"LIVE",
 * "symbol":"BTCUSDT"}</pre>
 * A backfilled message has no event time: {@code "eventTime":null}, {@code "source":"BACKFILL"}. Messages of
 * schema version 1 (files written before version 2) have no source: the key is left out. What is read and checked,
 * and how a bad message is reported: {@link SbeMessageWalker}. Reuses its decoders; not thread-safe.
 */
public final class SbeJsonPrinter implements SbeLineFormat {
    private final SbeMessageWalker walker = new SbeMessageWalker();
    private final StringBuilder json = new StringBuilder(512);

    /**
     * @param buffer holding the message.
     * @param offset where its SBE message header starts.
     * @param length bytes of the message (frame length minus framing header).
     * @return the message as one JSON object, without line terminator.
     * @throws IllegalArgumentException if the bytes are not a complete Trade or Kline of schema 7201.
     */
    public String toJson(final DirectBuffer buffer, final int offset, final int length) {
        walker.walk(buffer, offset, length, this);
        return json.toString();
    }

    @Override
    public CharSequence line() {
        return json;
    }

    @Override
    public boolean hasHeader() {
        return false;
    }

    /** JSON lines have no header: empty. */
    @Override
    public CharSequence header() {
        return "";
    }

    @Override
    public void onMessage(final String type) {
        json.setLength(0);
        json.append("{\"type\":\"").append(type).append('"');
    }

    @Override
    public void onNumber(final String name, final long value) {
        field(name).append(value);
    }

    @Override
    public void onNull(final String name) {
        field(name).append("null");
    }

    /** A field the message's version does not have is left out. */
    @Override
    public void onAbsent(final String name) {
    }

    @Override
    public void onDecimal(final String name, final long mantissa, final byte exponent) {
        DecimalParser.appendTo(field(name).append('"'), mantissa, exponent).append('"');
    }

    @Override
    public void onBoolean(final String name, final boolean value) {
        field(name).append(value);
    }

    @Override
    public void onText(final String name, final CharSequence value) {
        field(name).append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, json);
        json.append('"');
    }

    @Override
    public void onEnd() {
        json.append('}');
    }

    private StringBuilder field(final String name) {
        return json.append(",\"").append(name).append("\":");
    }
}
