package io.binancedata.cluster;

import java.util.List;
import java.util.Optional;

import io.binancedata.rest.MarketDataClient;
import io.binancedata.rest.RestTrade;

/**
 * Where a quiet trade stream's writes ended when its last record lies further back in the Kafka topic than a
 * take-over reads ({@code KafkaPositions#olderThanLimit}): none of its trades at or after a known time was written, so
 * it continues from the trade before the exchange's first trade at or after that time. Asks the exchange for the
 * latest trade (weight 25): when that is older, the stream continues after it (the usual case: a quiet symbol); else
 * walks back over {@code historicalTrades} pages of {@link MarketDataClient#MAX_LIMIT} until the first trade at or after the time.
 */
final class QuietStreamPositions {
    static final int PAGE = MarketDataClient.MAX_LIMIT;
    /** Pages walked back at most: a symbol that traded more than this since is left to start from its first trade. */
    static final int MAX_PAGES = 5;

    private QuietStreamPositions() {
    }

    /**
     * The position ({@code trade <id>}) of a trade stream none of whose trades at or after {@code sinceMillis} was
     * written; empty when the symbol has never traded, or traded more than {@value #MAX_PAGES} pages since.
     */
    static Optional<String> before(MarketDataClient rest, String symbol, long sinceMillis) {
        Optional<RestTrade> latest = rest.latestTrade(symbol);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        if (latest.get().time() < sinceMillis) {
            return Optional.of("trade " + latest.get().id());
        }
        long firstSince = latest.get().id(); // the earliest trade known to be at or after sinceMillis
        for (int page = 0; page < MAX_PAGES && firstSince > 0; page++) {
            long from = Math.max(0, firstSince - PAGE);
            List<RestTrade> trades = rest.historicalTrades(symbol, from, (int) (firstSince - from));
            boolean olderSeen = false;
            for (RestTrade trade : trades) { // ascending ids, so ascending times
                if (trade.id() >= firstSince) {
                    break;
                }
                if (trade.time() < sinceMillis) {
                    olderSeen = true;
                } else {
                    firstSince = trade.id();
                    break;
                }
            }
            if (olderSeen || from == 0) {
                return firstSince > 0 ? Optional.of("trade " + (firstSince - 1)) : Optional.empty();
            }
            if (trades.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
