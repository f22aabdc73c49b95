package io.binancedata.fake;

import io.binancedata.codec.KlineIntervals;
import io.binancedata.sbe.KlineInterval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds candles from trades in time order the way Binance does: a trade belongs to the bucket holding its trade
 * time {@code T}; o/c are the first/last price, h/l the extremes, v = Σq, q = Σ(p×q), n the count, f/L the first
 * and last trade id, V/Q the same sums over trades whose buyer is the taker. Exact decimal arithmetic.
 */
public final class KlineAggregator {
    private final KlineInterval interval;
    private long openTime;
    private long firstId;
    private long lastId;
    private long count;
    private BigDecimal open;
    private BigDecimal high;
    private BigDecimal low;
    private BigDecimal close;
    private BigDecimal volume;
    private BigDecimal quoteVolume;
    private BigDecimal takerVolume;
    private BigDecimal takerQuoteVolume;

    public KlineAggregator(KlineInterval interval) {
        this.interval = interval;
    }

    /** Candles of every bucket that has trades, in order; the last one may be incomplete. */
    public static List<Kline> aggregate(Iterable<TapeTrade> trades, KlineInterval interval) {
        KlineAggregator aggregator = new KlineAggregator(interval);
        List<Kline> klines = new ArrayList<>();
        for (TapeTrade trade : trades) {
            Kline closed = aggregator.add(trade);
            if (closed != null) {
                klines.add(closed);
            }
        }
        if (!aggregator.isEmpty()) {
            klines.add(aggregator.finish());
        }
        return klines;
    }

    /**
     * Adds a trade. When it falls into a later bucket than the open one, the open one is finished first and
     * returned; otherwise returns {@code null}.
     */
    public Kline add(TapeTrade trade) {
        Kline finished = null;
        if (count > 0 && KlineIntervals.openTime(interval, trade.tradeTime()) != openTime) {
            finished = finish();
        }
        BigDecimal price = trade.priceValue();
        BigDecimal qty = trade.qtyValue();
        BigDecimal quote = price.multiply(qty);
        if (count == 0) {
            openTime = KlineIntervals.openTime(interval, trade.tradeTime());
            firstId = trade.id();
            open = price;
            high = price;
            low = price;
            volume = BigDecimal.ZERO;
            quoteVolume = BigDecimal.ZERO;
            takerVolume = BigDecimal.ZERO;
            takerQuoteVolume = BigDecimal.ZERO;
        }
        lastId = trade.id();
        close = price;
        high = high.max(price);
        low = low.min(price);
        volume = volume.add(qty);
        quoteVolume = quoteVolume.add(quote);
        if (!trade.buyerMaker()) {
            takerVolume = takerVolume.add(qty);
            takerQuoteVolume = takerQuoteVolume.add(quote);
        }
        count++;
        return finished;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Open time of the open bucket; only meaningful when not {@link #isEmpty()}. */
    public long openTime() {
        return openTime;
    }

    /** The open bucket as it stands, or {@code null} when no trade was added since the last {@link #finish()}. */
    public Kline current() {
        if (count == 0) {
            return null;
        }
        return new Kline(interval, openTime, KlineIntervals.closeTime(interval, openTime), firstId, lastId, open, high,
                low, close, volume, quoteVolume, count, takerVolume, takerQuoteVolume);
    }

    /** Returns the open bucket ({@code null} if none) and starts afresh. */
    public Kline finish() {
        Kline kline = current();
        count = 0;
        return kline;
    }
}
