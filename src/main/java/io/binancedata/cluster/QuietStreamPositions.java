package io.binancedata.cluster;

import java.util.Optional;
import java.util.OptionalLong;

import io.binancedata.codec.KlineIntervals;
import io.binancedata.rest.MarketDataClient;
import io.binancedata.rest.RestAggTrade;
import io.binancedata.sbe.KlineInterval;

/**
 * Where a quiet stream's writes ended when its last record lies further back in the Kafka topic than a take-over reads
 * ({@code KafkaPositions.Ends#olderThanLimit}): none of its events at or after a known time was written, so it
 * continues before the exchange's first event since that time. The trade ids come from {@code aggTrades} (weight 4):
 * the first aggregate trade at or after a time, else the most recent one.
 * <ul>
 * <li>A trade stream continues after the last trade before the time.</li>
 * <li>A kline stream continues after the candle closed before the one that holds the time: the candles from that
 * one on are filled from {@code klines} as for any gap, their trade ids counted on from the last trade before its
 * open.</li>
 * </ul>
 */
final class QuietStreamPositions {
    private QuietStreamPositions() {
    }

    /**
     * The position ({@code trade <id>}) of a trade stream none of whose trades at or after {@code sinceMillis} was
     * written: the last trade before that time, {@code -1} when the symbol had not traded before it; empty when the
     * exchange's answers contradict each other (a trade since the time that the first question did not find).
     */
    static Optional<String> tradeBefore(MarketDataClient rest, String symbol, long sinceMillis) {
        OptionalLong last = lastTradeIdBefore(rest, symbol, sinceMillis);
        return last.isPresent() ? Optional.of("trade " + last.getAsLong()) : Optional.empty();
    }

    /**
     * The position ({@code kline <open> <event> <close> true <next f>}) of a kline stream none of whose updates at or
     * after {@code sinceMillis} was written: the candle before the one holding that time, closed, the next candle
     * starting at the trade after the last one before that one's open; empty as for {@link #tradeBefore}.
     *
     * @param interval Binance's code ({@code 1m}, {@code 1M}, ...)
     */
    static Optional<String> klineBefore(MarketDataClient rest, String symbol, String interval, long sinceMillis) {
        KlineInterval bucket = KlineIntervals.parse(interval);
        long open = KlineIntervals.openTime(bucket, sinceMillis);
        long previousOpen = KlineIntervals.openTime(bucket, open - 1);
        OptionalLong last = lastTradeIdBefore(rest, symbol, open);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        long lastTradeId = last.getAsLong();
        return Optional.of("kline " + previousOpen + " " + open + " " + (open - 1) + " true " + (lastTradeId + 1));
    }

    /**
     * Id of the symbol's last trade before {@code timeMillis}: the one before the first trade at or after it, else the
     * most recent; {@code -1} when there is none; empty when the answers contradict each other twice.
     */
    static OptionalLong lastTradeIdBefore(MarketDataClient rest, String symbol, long timeMillis) {
        Optional<RestAggTrade> first = rest.firstAggTradeFrom(symbol, timeMillis);
        if (first.isEmpty()) {
            Optional<RestAggTrade> latest = rest.latestAggTrade(symbol);
            if (latest.isEmpty()) {
                return OptionalLong.of(-1);
            }
            if (latest.get().time() < timeMillis) {
                return OptionalLong.of(latest.get().lastTradeId());
            }
            // traded since the first question: ask it again
            first = rest.firstAggTradeFrom(symbol, timeMillis);
        }
        return first.isPresent() ? OptionalLong.of(first.get().firstTradeId() - 1) : OptionalLong.empty();
    }
}
