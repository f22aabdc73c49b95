package io.binancedata.rest;

import java.util.List;
import java.util.function.LongSupplier;

import io.binancedata.codec.KlineIntervals;
import io.binancedata.sequence.GapFiller;
import io.binancedata.stream.StreamKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills gaps from Binance's REST API: historicalTrades for trades, klines for closed candles. Says which failures are
 * worth fetching again, and when ({@link BackfillRetry}); the stream's sequence guard does the waiting.
 */
public final class RestGapFiller implements GapFiller {
    private static final Logger LOG = LoggerFactory.getLogger(RestGapFiller.class);
    private final Backfill backfill;
    private final LongSupplier nowMillis;
    private final long maxTrades;
    private final long maxKlines;
    private final BackfillRetry retry;

    /** A filler whose failures are never tried again, with no bound on kline gaps. */
    public RestGapFiller(Backfill backfill, LongSupplier nowMillis, long maxTrades) {
        this(backfill, nowMillis, maxTrades, BackfillRetry.NEVER);
    }

    /** As {@link #RestGapFiller(Backfill, LongSupplier, long, long, BackfillRetry)}, no bound on kline gaps. */
    public RestGapFiller(Backfill backfill, LongSupplier nowMillis, long maxTrades, BackfillRetry retry) {
        this(backfill, nowMillis, maxTrades, Long.MAX_VALUE, retry);
    }

    /**
     * @param maxTrades largest trade gap fetched; a larger one is refused (reported, never silently truncated)
     * @param maxKlines largest kline gap fetched, in candles; a larger one is refused (a fill is held in memory whole)
     * @param retry     which failures are fetched again, after how long ({@code binance.backfill.retry-for})
     */
    public RestGapFiller(Backfill backfill, LongSupplier nowMillis, long maxTrades, long maxKlines,
                         BackfillRetry retry) {
        this.backfill = backfill;
        this.nowMillis = nowMillis;
        this.maxTrades = maxTrades;
        this.maxKlines = maxKlines;
        this.retry = retry;
    }

    @Override
    public List<String> trades(String symbol, long fromId, long toId) {
        long count = toId - fromId + 1;
        if (count > maxTrades) {
            throw new BackfillException("the gap of " + count + " trades exceeds binance.backfill.max-trades="
                    + maxTrades);
        }
        return BackfillFrames.trades(symbol, backfill.trades(symbol, fromId, toId));
    }

    @Override
    public List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime,
                                     long firstTradeId) {
        return closedKlines(symbol, interval, fromOpenTime, toOpenTime, firstTradeId, -1);
    }

    /**
     * The candles' trade ids are numbered back from {@code nextTradeId} when it is known — exact, since a candle's
     * trades run on without a break into the next candle's — else on from {@code firstTradeId}.
     *
     * @throws BackfillException when numbering back would go below 0 (when the two disagree, the ids numbered back are
     *                           written, with a WARN)
     */
    @Override
    public List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime,
                                     long firstTradeId, long nextTradeId) {
        long bucket = KlineIntervals.nominalMillis(KlineIntervals.parse(interval)); // 1M: 31 days, counting low
        long candles = Math.max(0, toOpenTime - fromOpenTime + bucket - 1) / bucket;
        if (candles > maxKlines) {
            throw new BackfillException("the gap of " + candles + " " + interval + " candles exceeds "
                    + "binance.backfill.max-klines=" + maxKlines);
        }
        // the live frame of the bucket opening at toOpenTime proves every candle before it closed at the exchange: a
        // local clock behind the exchange's must not cut the fill short (the gap would pass as filled, candles missing)
        long closedBy = Math.max(nowMillis.getAsLong(), toOpenTime);
        List<RestKline> klines = backfill.closedKlines(symbol, interval, fromOpenTime, toOpenTime, closedBy);
        if (nextTradeId < 0) {
            return BackfillFrames.klines(symbol, interval, klines, firstTradeId);
        }
        long first = nextTradeId - BackfillFrames.nextFirstTradeId(klines, 0);
        if (first < 0) {
            throw new BackfillException("the klines opening from " + fromOpenTime + " before " + toOpenTime + " count "
                    + (nextTradeId - first) + " trades, more than the " + nextTradeId + " before the next candle's");
        }
        if (firstTradeId >= 0 && first != firstTradeId) {
            LOG.warn("{} {} klines opening from {} before {}: their trades start at id {} (numbered back from the next "
                    + "candle's {}), not at {} after the candle before them: trades between were in no candle seen",
                    symbol, interval, fromOpenTime, toOpenTime, first, nextTradeId, firstTradeId);
        }
        return BackfillFrames.klines(symbol, interval, klines, first);
    }

    @Override
    public long readyInNanos(StreamKind kind) {
        return backfill.readyInNanos(kind == StreamKind.TRADE);
    }

    @Override
    public long retryAfterNanos(RuntimeException failure, int failures, long sinceFirstFailureNanos) {
        return retry.afterNanos(failure, failures, sinceFirstFailureNanos);
    }
}
