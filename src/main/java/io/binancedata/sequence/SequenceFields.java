package io.binancedata.sequence;

/**
 * The fields that place one event in its stream's order, as the {@link SequenceGuard} reads them: a trade's id; a
 * kline's open, event and close time, whether it is closed, and its first and last trade id (times in milliseconds,
 * as Binance writes them). Filled by the stream's decoder as it decodes, so the guard costs no second pass over the
 * frame. One per stream, reused; not thread-safe.
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
}
