package io.binancedata.rest;

import java.util.ArrayList;
import java.util.List;

import io.binancedata.api.ExchangeUnavailableException;

/**
 * Paging over {@link MarketDataClient} to fill a gap: trades by id range, closed klines by open-time range.
 * All or nothing: a backfill either returns the complete range or throws. Thread-safe (no state of its own).
 */
public final class Backfill {
    private final MarketDataClient client;
    private final int pageSize;

    /** Pages of {@link MarketDataClient#MAX_LIMIT} rows, the fewest calls. */
    public Backfill(MarketDataClient client) {
        this(client, MarketDataClient.MAX_LIMIT);
    }

    /** Pages of at most {@code pageSize} rows (1..1000). */
    public Backfill(MarketDataClient client, int pageSize) {
        if (pageSize < 1 || pageSize > MarketDataClient.MAX_LIMIT) {
            throw new IllegalArgumentException("pageSize must be 1.." + MarketDataClient.MAX_LIMIT + ": " + pageSize);
        }
        this.client = client;
        this.pageSize = pageSize;
    }

    /** How long the first call of a trade ({@code trades}) or kline backfill would wait for the limits if sent now. */
    public long readyInNanos(boolean trades) {
        return client.readyInNanos(trades ? MarketDataClient.HISTORICAL_TRADES_WEIGHT : MarketDataClient.KLINES_WEIGHT);
    }

    /**
     * Every trade with id {@code fromId..toIdInclusive}, in id order: ⌈n / pageSize⌉ calls of weight 25.
     *
     * @throws BackfillException            when the exchange skips an id or has no trades where the range needs
     *                                      some (not happened yet, or no longer kept)
     * @throws ExchangeUnavailableException when a call fails (see {@link MarketDataClient#historicalTrades})
     */
    public List<RestTrade> trades(String symbol, long fromId, long toIdInclusive) {
        if (fromId < 0 || toIdInclusive < fromId) {
            throw new IllegalArgumentException("bad trade id range " + fromId + ".." + toIdInclusive);
        }
        List<RestTrade> trades = new ArrayList<>((int) Math.min(toIdInclusive - fromId + 1, 100_000));
        long next = fromId;
        while (next <= toIdInclusive) {
            int limit = (int) Math.min(pageSize, toIdInclusive - next + 1);
            List<RestTrade> page = client.historicalTrades(symbol, next, limit);
            if (page.isEmpty()) {
                throw new BackfillException("No trades of " + symbol + " from id " + next + " on (wanted up to "
                        + toIdInclusive + "): the exchange returned none");
            }
            for (RestTrade trade : page) {
                if (trade.id() != next) {
                    throw new BackfillException("Hole in the trades of " + symbol + ": expected id " + next
                            + ", the exchange returned " + trade.id() + " (page from " + page.get(0).id() + ")");
                }
                trades.add(trade);
                if (++next > toIdInclusive) {
                    break;
                }
            }
        }
        return trades;
    }

    /**
     * The closed candles whose open time lies in [{@code fromOpenTime}, {@code toOpenTimeExclusive}), oldest first,
     * paging by start time. Rows outside the range are dropped, and so is a candle still open at {@code nowMillis}
     * (close time ≥ now) and everything after it. Buckets without trades may be absent (Binance lists them with
     * {@code n = 0}; the fake exchange leaves them out).
     *
     * @param interval  Binance's code ({@code 1m}, ...)
     * @param nowMillis the exchange time now (ms)
     * @throws BackfillException            when a page is not in increasing open-time order
     * @throws ExchangeUnavailableException when a call fails (see {@link MarketDataClient#klines})
     */
    public List<RestKline> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTimeExclusive,
                                        long nowMillis) {
        List<RestKline> klines = new ArrayList<>();
        long start = fromOpenTime;
        while (start < toOpenTimeExclusive) {
            List<RestKline> page = client.klines(symbol, interval, start, toOpenTimeExclusive - 1, pageSize);
            long last = Long.MIN_VALUE;
            for (RestKline kline : page) {
                if (kline.openTime() <= last) {
                    throw new BackfillException("Klines of " + symbol + " " + interval + " out of order: open time "
                            + kline.openTime() + " after " + last);
                }
                last = kline.openTime();
                if (kline.closeTime() >= nowMillis) {
                    return klines;
                }
                if (kline.openTime() >= fromOpenTime && kline.openTime() < toOpenTimeExclusive) {
                    klines.add(kline);
                }
            }
            if (page.size() < pageSize || last < start) {
                break;
            }
            start = last + 1;
        }
        return klines;
    }
}
