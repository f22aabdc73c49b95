package io.binancedata.sequence;

import java.util.List;

/** Fetches what a stream missed, as raw frames the live stream would have carried, oldest first. */
public interface GapFiller {
    /** Trades with ids {@code fromId..toId} (inclusive). */
    List<String> trades(String symbol, long fromId, long toId);

    /**
     * Closed klines whose open time lies in {@code [fromOpenTime, toOpenTime)}.
     *
     * @param firstTradeId id of the first trade of the first of them (trade ids run on from candle to candle), or
     *                     -1 when unknown
     */
    List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime, long firstTradeId);

    /** A filler that fills nothing: gaps are only reported. */
    GapFiller NONE = new GapFiller() {
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
