package io.binancedata.fake;

import io.binancedata.codec.KlineIntervals;
import io.binancedata.sbe.KlineInterval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/** The REST backfill queries over what has happened in a market (see {@link SymbolMarket#horizon}). */
final class MarketQueries {
    private MarketQueries() {
    }

    /**
     * Up to {@code limit} trades from id {@code fromId} on (or, with {@code fromId == null}, the most recent
     * {@code limit}), oldest first, only among trades that have happened.
     */
    static List<TapeTrade> historicalTrades(SymbolMarket market, MarketClock clock, Long fromId, int limit) {
        TradeSequence sequence = market.sequence();
        long horizon = market.horizon(clock);
        if (fromId == null) {
            Deque<TapeTrade> latest = new ArrayDeque<>();
            for (long seq = horizon; seq >= 0 && latest.size() < limit; seq--) {
                TapeTrade trade = sequence.trade(seq);
                if (trade != null) {
                    latest.addFirst(trade);
                }
            }
            return new ArrayList<>(latest);
        }
        return forward(sequence, startSeq(sequence, fromId), horizon, limit, trade -> trade.id() >= fromId);
    }

    /**
     * Up to {@code limit} trades whose trade time is at or after {@code startTime}, oldest first, only among trades
     * that have happened.
     */
    static List<TapeTrade> tradesFrom(SymbolMarket market, MarketClock clock, long startTime, int limit) {
        TradeSequence sequence = market.sequence();
        // a trade's time is at most its frame's pacing time, so none at or after startTime lies before this frame
        return forward(sequence, sequence.firstSeqAtOrAfter(startTime), market.horizon(clock), limit,
                trade -> trade.tradeTime() >= startTime);
    }

    /**
     * Up to {@code limit} trades that {@code wanted} takes, from frame {@code start} (none when negative) up to
     * {@code horizon}, in frame order.
     */
    private static List<TapeTrade> forward(TradeSequence sequence, long start, long horizon, int limit,
                                           Predicate<TapeTrade> wanted) {
        List<TapeTrade> trades = new ArrayList<>(Math.min(limit, 1024));
        for (long seq = start; seq >= 0 && seq <= horizon && trades.size() < limit; seq++) {
            TapeTrade trade = sequence.trade(seq);
            if (trade != null && wanted.test(trade)) {
                trades.add(trade);
            }
        }
        return trades;
    }

    private static long startSeq(TradeSequence sequence, long fromId) {
        long seq = sequence.seqOfTradeId(fromId);
        if (seq >= 0) {
            return seq;
        }
        TapeTrade first = firstTrade(sequence);
        return first != null && fromId < first.id() ? 0 : -1;
    }

    private static TapeTrade firstTrade(TradeSequence sequence) {
        for (int i = 0; i < sequence.tape().size(); i++) {
            if (sequence.tape().trade(i) != null) {
                return sequence.tape().trade(i);
            }
        }
        return null;
    }

    /**
     * Candles whose open time lies in [{@code startTime}, {@code endTime}] (either may be null), from trades that
     * have happened, oldest first: the first {@code limit} after {@code startTime} when it is given, else the
     * latest {@code limit}. Buckets without trades are left out; the last candle may still be open.
     */
    static List<Kline> klines(SymbolMarket market, MarketClock clock, KlineInterval interval, Long startTime,
                              Long endTime, int limit) {
        TradeSequence sequence = market.sequence();
        long horizon = market.horizon(clock);
        if (horizon < 0) {
            return List.of();
        }
        long firstOpen;
        if (startTime != null) {
            long open = KlineIntervals.openTime(interval, startTime);
            firstOpen = open == startTime ? open : KlineIntervals.nextOpenTime(interval, open);
        } else {
            long lastTime = lastTradeTime(sequence, horizon);
            long end = endTime == null ? lastTime : Math.min(endTime, lastTime);
            firstOpen = KlineIntervals.openTime(interval, end) - (limit - 1L) * KlineIntervals.nominalMillis(interval);
        }
        long seq = Math.max(0, sequence.firstSeqAtOrAfter(firstOpen));
        Deque<Kline> klines = new ArrayDeque<>();
        KlineAggregator aggregator = new KlineAggregator(interval);
        for (; seq <= horizon && sequence.has(seq); seq++) {
            TapeTrade trade = sequence.trade(seq);
            if (trade == null || trade.tradeTime() < firstOpen) {
                continue;
            }
            if (endTime != null && KlineIntervals.openTime(interval, trade.tradeTime()) > endTime) {
                break;
            }
            Kline finished = aggregator.add(trade);
            if (finished != null && keep(klines, finished, limit, startTime != null)) {
                return new ArrayList<>(klines);
            }
        }
        if (!aggregator.isEmpty()) {
            keep(klines, aggregator.finish(), limit, startTime != null);
        }
        return new ArrayList<>(klines);
    }

    /** Adds a candle; returns true when the list is full and, reading forward, no more are wanted. */
    private static boolean keep(Deque<Kline> klines, Kline kline, int limit, boolean forward) {
        klines.addLast(kline);
        if (klines.size() > limit) {
            klines.removeFirst();
        }
        return forward && klines.size() == limit;
    }

    private static long lastTradeTime(TradeSequence sequence, long horizon) {
        for (long seq = horizon; seq >= 0; seq--) {
            TapeTrade trade = sequence.trade(seq);
            if (trade != null) {
                return trade.tradeTime();
            }
        }
        return 0;
    }
}
