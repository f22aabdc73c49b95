package io.binancedata.spool;

import io.binancedata.stream.StreamHeaders;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/** Numbered messages of named streams, with every stream header a stream route sets, typed as it sets them. */
final class TestMessages {
    static final int BODY_LENGTH = 64;
    static final long EPOCH_MICROS = 1_723_161_255_343_000L;

    private TestMessages() {
    }

    /** A body starting with the message number, then bytes that depend on it. */
    static byte[] body(long seq) {
        ByteBuffer body = ByteBuffer.allocate(BODY_LENGTH).putLong(seq);
        while (body.hasRemaining()) {
            body.put((byte) (seq * 31 + body.position()));
        }
        return body.array();
    }

    /** The number a {@link #body(long)} starts with. */
    static long seq(byte[] body) {
        return ByteBuffer.wrap(body).getLong();
    }

    /** Headers of trade message {@code seq} of stream {@code trade-<symbol>}. */
    static Map<String, Object> headers(String symbol, long seq) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(StreamHeaders.STREAM, symbol.toLowerCase() + "@trade");
        headers.put(StreamHeaders.STREAM_ID, "trade-" + symbol.toLowerCase());
        headers.put(StreamHeaders.SYMBOL, symbol);
        headers.put(StreamHeaders.KIND, "trade");
        headers.put(StreamHeaders.EVENT_TIME, EPOCH_MICROS + seq);
        headers.put(StreamHeaders.RECEIVE_TIME, EPOCH_MICROS + seq + 1_250);
        headers.put(StreamHeaders.TEMPLATE_ID, 1);
        return headers;
    }

    /** Headers of kline message {@code seq}, which also carries an interval. */
    static Map<String, Object> klineHeaders(String symbol, String interval, long seq) {
        Map<String, Object> headers = headers(symbol, seq);
        headers.put(StreamHeaders.STREAM, symbol.toLowerCase() + "@kline_" + interval);
        headers.put(StreamHeaders.STREAM_ID, "kline-" + symbol.toLowerCase() + "-" + interval);
        headers.put(StreamHeaders.KIND, "kline");
        headers.put(StreamHeaders.INTERVAL, interval);
        headers.put(StreamHeaders.TEMPLATE_ID, 2);
        return headers;
    }
}
