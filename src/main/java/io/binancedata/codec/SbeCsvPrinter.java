package io.binancedata.codec;

import org.agrona.DirectBuffer;

/**
 * Renders SBE {@code Trade} and {@code Kline} messages as CSV rows (RFC 4180, comma-separated), with the same fields,
 * in the same order and with the same values as {@link SbeJsonPrinter}'s JSON lines, without the type: times as
 * integers (microseconds), decimals as exact plain text ({@code 61837.63}), booleans {@code true}/{@code false}.
 * A field without a value — the event time of a backfilled message, the source of a schema-version-1 message — is
 * an empty field, never 0. A value holding a comma, a double quote, a carriage return or a line feed is quoted,
 * its quotes doubled. {@link #header()} gives the field names of the last message's type, e.g. for a trade:
 * <pre>eventTime,tradeTime,receiveTime,tradeId,price,quantity,buyerIsMaker,source,symbol</pre>
 * What is read and checked, and how a bad message is reported: {@link SbeMessageWalker}. Not thread-safe.
 */
public final class SbeCsvPrinter implements SbeLineFormat {
    private final SbeMessageWalker walker = new SbeMessageWalker();
    private final StringBuilder row = new StringBuilder(512);
    private final StringBuilder header = new StringBuilder(256);

    /**
     * @param buffer holding the message.
     * @param offset where its SBE message header starts.
     * @param length bytes of the message (frame length minus framing header).
     * @return the message as one CSV row, without line terminator.
     * @throws IllegalArgumentException if the bytes are not a complete Trade or Kline of schema 7201.
     */
    public String toCsv(final DirectBuffer buffer, final int offset, final int length) {
        walker.walk(buffer, offset, length, this);
        return row.toString();
    }

    @Override
    public CharSequence line() {
        return row;
    }

    @Override
    public boolean hasHeader() {
        return true;
    }

    @Override
    public CharSequence header() {
        return header;
    }

    @Override
    public void onMessage(final String type) {
        row.setLength(0);
        header.setLength(0);
    }

    @Override
    public void onNumber(final String name, final long value) {
        field(name).append(value);
    }

    @Override
    public void onNull(final String name) {
        field(name);
    }

    @Override
    public void onAbsent(final String name) {
        field(name);
    }

    @Override
    public void onDecimal(final String name, final long mantissa, final byte exponent) {
        DecimalParser.appendTo(field(name), mantissa, exponent);
    }

    @Override
    public void onBoolean(final String name, final boolean value) {
        field(name).append(value);
    }

    @Override
    public void onText(final String name, final CharSequence value) {
        field(name);
        if (!needsQuotes(value)) {
            row.append(value);
            return;
        }
        row.append('"');
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            row.append(c);
            if (c == '"') {
                row.append('"');
            }
        }
        row.append('"');
    }

    @Override
    public void onEnd() {
    }

    /** Starts a field: a separator unless it is the first; its name to the header. */
    private StringBuilder field(final String name) {
        if (!header.isEmpty()) {
            header.append(',');
            row.append(',');
        }
        header.append(name);
        return row;
    }

    private static boolean needsQuotes(final CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
