package io.binancedata.fake;

import io.binancedata.codec.KlineIntervals;
import io.binancedata.sbe.KlineInterval;

/**
 * A kline stream of a synthetic market ({@link SyntheticMarket}): the candles of the symbol's trades, from its first
 * trade, on the burst's plan — the market's own clock, which plays the tape at the plan's rate, not at the recorded
 * one. As on Binance, the open candle is sent with {@code x:false} every {@link KlineFrameSource#updateEveryMillis}
 * of that clock (the first one that long after the candle's first trade is due) when it changed since its last
 * frame, holding the trades due by then; the final candle ({@code x:true}, {@code E} = the bucket's end +
 * {@value KlineFrameSource#FINAL_DELAY_MILLIS} ms) is due with the first trade of a later bucket, and a last update
 * with the last trade. So a stream is never silent for longer than the update period while its symbol trades,
 * however slowly the market plays the tape, and a subscription made late gets the overdue candles at once. Candle
 * times are the trades' own times ({@code T}); an update's {@code E} is its last trade's time, or 1 ms after the
 * update before when that is later (never the bucket's end or after). Nothing is due before the burst is released.
 */
final class BurstKlineFrameSource implements FrameSource {
    private final String stream;
    private final String quotedSymbol;
    private final TradeSequence sequence;
    private final KlineInterval interval;
    private final long step;
    private final KlineAggregator aggregator;
    private final int index;
    private final Burst burst;
    private final long lastSeq;
    /** The trade not yet aggregated. */
    private long seq;
    /** Plan time (ms after the release) of the open candle's next update. */
    private long nextUpdate;
    private long lastTradeTime;
    private long lastEventTime = Long.MIN_VALUE;
    /** A trade was aggregated since the open candle's last frame. */
    private boolean changed;
    private boolean ended;
    private Frame next;

    BurstKlineFrameSource(StreamName name, int index, SymbolMarket market, Burst burst) {
        this.stream = name.name();
        this.quotedSymbol = market.quotedSymbol();
        this.sequence = market.sequence();
        this.interval = name.interval();
        this.step = KlineFrameSource.updateEveryMillis(interval);
        this.aggregator = new KlineAggregator(interval);
        this.index = index;
        this.burst = burst;
        this.lastSeq = burst.plan().tradesSentPerStream() - 1L;
    }

    @Override
    public Frame peek() {
        if (next == null && !ended && burst.mayAdvanceTo(Long.MAX_VALUE)) {
            next = compute();
        }
        return next;
    }

    @Override
    public void advance() {
        next = null;
    }

    private Frame compute() {
        while (true) {
            TapeTrade trade = nextTrade();
            if (aggregator.isEmpty()) {
                if (trade == null) {
                    ended = true;
                    return null;
                }
                nextUpdate = due(seq) + step;
                consume(trade);
                continue;
            }
            if (trade == null) {
                ended = true;
                return update(due(lastSeq));
            }
            long boundary = KlineIntervals.closeTime(interval, aggregator.openTime()) + 1;
            long tradeDue = due(seq);
            if (tradeDue > nextUpdate) {
                Frame update = update(nextUpdate);
                nextUpdate += step;
                if (update != null) {
                    return update;
                }
                continue;
            }
            if (trade.tradeTime() >= boundary) {
                long eventTime = boundary + KlineFrameSource.FINAL_DELAY_MILLIS;
                lastEventTime = eventTime;
                return frame(tradeDue, eventTime, aggregator.finish(), true);
            }
            consume(trade);
        }
    }

    /**
     * An update of the open candle due at {@code dueMillis}; null when it has not changed since its last frame (as on
     * Binance, which sends an update only when the candle changed) or its event time would reach the bucket's end.
     */
    private Frame update(long dueMillis) {
        long boundary = KlineIntervals.closeTime(interval, aggregator.openTime()) + 1;
        long eventTime = lastEventTime == Long.MIN_VALUE ? lastTradeTime : Math.max(lastEventTime + 1, lastTradeTime);
        if (!changed || eventTime >= boundary) {
            return null;
        }
        lastEventTime = eventTime;
        changed = false;
        return frame(dueMillis, eventTime, aggregator.current(), false);
    }

    private void consume(TapeTrade trade) {
        aggregator.add(trade);
        lastTradeTime = trade.tradeTime();
        changed = true;
        seq++;
    }

    private TapeTrade nextTrade() {
        long found = sequence.nextTradeSeq(seq, lastSeq);
        if (found < 0) {
            return null;
        }
        seq = found;
        return sequence.trade(seq);
    }

    private long due(long tradeSeq) {
        return burst.plan().dueMillis(index, Math.min(tradeSeq, lastSeq));
    }

    private Frame frame(long dueMillis, long eventTime, Kline kline, boolean isFinal) {
        return new Frame(stream, dueMillis, kline.eventJson(quotedSymbol, eventTime, isFinal));
    }
}
