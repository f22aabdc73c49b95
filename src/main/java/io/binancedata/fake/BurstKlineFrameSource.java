package io.binancedata.fake;

/**
 * A kline stream of a synthetic market ({@link SyntheticMarket}): the candles of {@link KlineFrameSource} over the
 * symbol's trades, from its first trade, each due when the trade that completes it is due on the burst's plan (an
 * update when the first trade after its tick is due, the final candle when the first trade of the next candle is;
 * the last update when the last trade is). So candles and trades share one clock, and a subscription made late gets
 * the overdue candles at once. Candle times are the trades' own times ({@code T}), not the wall clock. Nothing is due
 * before the burst is released.
 */
final class BurstKlineFrameSource implements FrameSource {
    private final KlineFrameSource candles;
    private final int index;
    private final Burst burst;
    private final long lastSeq;
    private Frame next;

    BurstKlineFrameSource(StreamName name, int index, SymbolMarket market, Burst burst) {
        this.candles = new KlineFrameSource(name.name(), market, name.interval(), 0);
        this.index = index;
        this.burst = burst;
        this.lastSeq = burst.plan().tradesSentPerStream() - 1L;
    }

    @Override
    public Frame peek() {
        if (next == null && burst.mayAdvanceTo(Long.MAX_VALUE)) {
            Frame candle = candles.peek();
            if (candle != null) {
                long due = burst.plan().dueMillis(index, Math.min(candles.nextSeq(), lastSeq));
                next = new Frame(candle.stream(), due, candle.text());
            }
        }
        return next;
    }

    @Override
    public void advance() {
        candles.advance();
        next = null;
    }
}
