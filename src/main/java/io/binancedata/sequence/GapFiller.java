package io.binancedata.sequence;

import java.util.List;

/** Fetches what a stream missed, as raw frames the live stream would have carried, oldest first. */
public interface GapFiller {
    /** Trades with ids {@code fromId..toId} (inclusive). */
    List<String> trades(String symbol, long fromId, long toId);

    /** Closed klines whose open time lies in {@code [fromOpenTime, toOpenTime)}. */
    List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime);

    /** A filler that fills nothing: gaps are only reported. */
    GapFiller NONE = new GapFiller() {
        @Override
        public List<String> trades(String symbol, long fromId, long toId) {
            return List.of();
        }

        @Override
        public List<String> closedKlines(String symbol, String interval, long fromOpenTime, long toOpenTime) {
            return List.of();
        }
    };
}
