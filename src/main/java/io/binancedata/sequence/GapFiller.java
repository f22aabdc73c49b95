package io.binancedata.sequence;

import java.util.List;

import io.binancedata.stream.StreamKind;

/**
 * Fetches what a stream missed, as raw frames the live stream would have carried, oldest first; and says which of its
 * failures are worth fetching again, after how long.
 */
public interface GapFiller {
    /** {@link #retryAfterNanos}: the gap is given up. */
    long GIVE_UP = -1;

    /** Trades with ids {@code fromId..toId} (inclusive). */
    List<String> trades(String symbol, long fromId, long toId);

    /**
     * Closed klines whose open time lies in {@code [fromOpenTime, toOpenTime)}.
     *
     * @param firstTradeId id of the first trade of the first of them (trade ids run on from candle to candle), or
     *                     -1 when unknown
     */
    List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime, long firstTradeId);

    /**
     * As {@link #closedKlines(String, String, long, long, long)}, also given {@code nextTradeId}: the first trade id of
     * the candle opening at {@code toOpenTime} (the live candle that showed the gap), -1 when it had none. The gap's
     * trades end right before it, so their ids can be numbered back from it whatever was known before the gap. By
     * default {@code nextTradeId} is not used.
     */
    default List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime,
                                      long firstTradeId, long nextTradeId) {
        return closedKlines(symbol, interval, fromOpenTime, toOpenTime, firstTradeId);
    }

    /**
     * How long a fetch of a {@code kind} gap would wait for the exchange's limits (its REST weight budget, a block after
     * 429/418) if it started now; 0 when it would be sent at once. Nothing is reserved: the {@link GapFetcher} waits
     * this long before it starts the fetch, where a stream's stop can still give the gap up. By default 0.
     */
    default long readyInNanos(StreamKind kind) {
        return 0;
    }

    /**
     * After a fetch of this filler failed: how long to wait before fetching the same gap again, or {@link #GIVE_UP}
     * when trying again cannot help (the exchange's data has a hole, the gap is too large) or the gap has been tried
     * for long enough. By default every failure gives the gap up.
     *
     * @param failure                what the fetch threw
     * @param failures               the gap's failed fetches so far, this one included (1 after the first)
     * @param sinceFirstFailureNanos how long ago the gap's first fetch failed (0 at the first failure)
     */
    default long retryAfterNanos(RuntimeException failure, int failures, long sinceFirstFailureNanos) {
        return GIVE_UP;
    }

    /** Whether this filler fetches gaps at all ({@link #NONE} does not: its gaps are only counted and reported). */
    default boolean fills() {
        return true;
    }

    /** A filler that fills nothing (binance.backfill.enabled=false): gaps are only counted and reported. */
    GapFiller NONE = new GapFiller() {
        @Override
        public boolean fills() {
            return false;
        }

        @Override
        public List<String> trades(String symbol, long fromId, long toId) {
            return List.of();
        }

        @Override
        public List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime,
                                         long firstTradeId) {
            return List.of();
        }
    };
}
