package io.binancedata.fake;

import io.binancedata.codec.KlineIntervals;
import io.binancedata.sbe.KlineInterval;

/**
 * The {@code <symbol>@kline_<interval>} stream derived from the trades, in exchange time: every
 * {@link #updateEveryMillis} (ticks phased from the first trade, as Binance's timer is not aligned
 * to the candles) the open candle is repeated with {@code x:false} and {@code E} = the tick; when the clock reaches the bucket's end the final candle is sent once
 * with {@code x:true} and {@code E} = the boundary + {@value #FINAL_DELAY_MILLIS} ms. Buckets without trades are
 * skipped. When a finite tape ends, one last {@code x:false} update of the open candle is sent and the stream
 * ends. Frames that are not trades are skipped.
 */
final class KlineFrameSource implements FrameSource {
    static final long FINAL_DELAY_MILLIS = 1;

    private final String stream;
    private final String quotedSymbol;
    private final TradeSequence sequence;
    private final KlineInterval interval;
    private final long step;
    private final KlineAggregator aggregator;
    private long seq;
    private long nextTick;
    private long phase = Long.MIN_VALUE;
    private boolean ended;
    private Frame next;

    KlineFrameSource(String stream, SymbolMarket market, KlineInterval interval, long startSeq) {
        this.stream = stream;
        this.quotedSymbol = market.quotedSymbol();
        this.sequence = market.sequence();
        this.interval = interval;
        this.step = updateEveryMillis(interval);
        this.aggregator = new KlineAggregator(interval);
        this.seq = startSeq;
    }

    @Override
    public Frame peek() {
        if (next == null && !ended) {
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
                consume(trade);
                phase = phase == Long.MIN_VALUE ? trade.tradeTime() : phase;
                nextTick = phase + (Math.floorDiv(trade.tradeTime() - phase, step) + 1) * step;
                continue;
            }
            long boundary = KlineIntervals.closeTime(interval, aggregator.openTime()) + 1;
            if (trade != null && trade.tradeTime() < boundary && trade.tradeTime() <= nextTick) {
                consume(trade);
                continue;
            }
            if (trade == null) {
                ended = true;
                return frame(Math.min(nextTick, boundary - 1), aggregator.current(), false);
            }
            if (nextTick < boundary) {
                Frame update = frame(nextTick, aggregator.current(), false);
                nextTick += step;
                return update;
            }
            return frame(boundary + FINAL_DELAY_MILLIS, aggregator.finish(), true);
        }
    }

    private void consume(TapeTrade trade) {
        aggregator.add(trade);
        seq++;
    }

    private TapeTrade nextTrade() {
        long found = sequence.nextTradeSeq(seq, Long.MAX_VALUE);
        if (found < 0) {
            return null;
        }
        seq = found;
        return sequence.trade(seq);
    }

    private Frame frame(long eventTime, Kline kline, boolean isFinal) {
        return new Frame(stream, eventTime, kline.eventJson(quotedSymbol, eventTime, isFinal));
    }

    /** How often a kline stream repeats the open candle, in exchange time: 1 s for {@code 1s}, else 2 s. */
    static long updateEveryMillis(KlineInterval interval) {
        return interval == KlineInterval.SECOND_1 ? 1_000L : 2_000L;
    }
}
