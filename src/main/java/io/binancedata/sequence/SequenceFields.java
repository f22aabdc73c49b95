package io.binancedata.sequence;

import io.binancedata.stream.StreamKind;

/**
 * The fields that place one event in its stream's order, as the {@link SequenceGuard} reads them: a trade's id; a
 * kline's open, event and close time, whether it is closed, and its first and last trade id (times in milliseconds,
 * as Binance writes them). Filled from a decoded event by its decoder — the guard then costs no second pass over the
 * frame — or {@linkplain #scan scanned} from a raw frame that did not decode. One per stream, reused; not thread-safe.
 */
public final class SequenceFields {
    long tradeId = FrameScanner.ABSENT;
    long openTime = FrameScanner.ABSENT;
    long eventTime = FrameScanner.ABSENT;
    long closeTime = FrameScanner.ABSENT;
    boolean closed;
    long firstTradeId = FrameScanner.ABSENT;
    long lastTradeId = FrameScanner.ABSENT;

    /** A trade with this id. */
    public SequenceFields trade(long id) {
        tradeId = id;
        return this;
    }

    /** A kline update ({@code firstTradeId} and {@code lastTradeId} -1 when the candle has no trade yet). */
    public SequenceFields kline(long openTime, long eventTime, long closeTime, boolean closed, long firstTradeId,
                                long lastTradeId) {
        this.openTime = openTime;
        this.eventTime = eventTime;
        this.closeTime = closeTime;
        this.closed = closed;
        this.firstTradeId = firstTradeId;
        this.lastTradeId = lastTradeId;
        return this;
    }

    /**
     * Reads the fields of a {@code kind} event straight from a raw frame ({@link FrameScanner}).
     *
     * @return false when a field the guard needs is missing or malformed (the frame then bypasses the guard)
     */
    public boolean scan(CharSequence frame, StreamKind kind) {
        if (kind == StreamKind.TRADE) {
            tradeId = FrameScanner.longField(frame, "t");
            return tradeId != FrameScanner.ABSENT;
        }
        long open = FrameScanner.longField(frame, "t");
        long event = FrameScanner.longField(frame, "E");
        long close = FrameScanner.longField(frame, "T");
        int isClosed = FrameScanner.booleanField(frame, "x");
        if (open == FrameScanner.ABSENT || event == FrameScanner.ABSENT || close == FrameScanner.ABSENT
                || isClosed < 0) {
            return false;
        }
        kline(open, event, close, isClosed == 1, FrameScanner.longField(frame, "f"),
                FrameScanner.longField(frame, "L"));
        return true;
    }
}
