package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.SyntheticMarket;
import io.binancedata.fake.TapeTrade;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-exchange configuration at CI size (issue 13's benchmark runs it at 1,500 symbols): a synthetic market of
 * 300 TRADING symbols, {@code binance.trade.symbols = *} for two quote assets (120 symbols), on shared connections of
 * at most 50 streams. Every stream streams, the exchange saw a handful of connections, and every symbol's trades are
 * in its files once, exact, in order — also when every connection is reset at once and every stream fills its gap
 * over REST, within the weight budget.
 */
class WholeExchangeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int TRADES = 20;

    @TempDir
    Path dir;

    @Test
    void shouldStreamEveryTradingSymbolOfTheChosenQuoteAssetsOverAFewSharedConnections() {
        SyntheticMarket market = SyntheticMarket.of(300, TRADES, 2_000);
        List<String> chosen = market.tradingSymbols().stream()
                .filter(s -> s.endsWith("FDUSD") || s.endsWith("BTC")).toList();
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(market))) {
            Map<String, String> settings = Product.settings(exchange, dir);
            settings.put("binance.trade.symbols", "*");
            settings.put("binance.symbols.quote-assets", "FDUSD,BTC");
            settings.put("binance.connection.max-streams", "50");
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
                await().atMost(TIMEOUT).until(() -> chosen.stream().allMatch(s -> messages(binance, s) >= TRADES));
                for (String symbol : chosen) {
                    StreamStatus status = binance.stream(id(symbol)).orElseThrow();
                    assertThat(status.state()).as(symbol).isEqualTo(StreamState.STREAMING);
                    assertThat(status.messages()).as(symbol).isEqualTo(TRADES);
                }
                long streams = binance.streams().size();
                assertThat(exchange.stats().connectionsAccepted()).as("connections for %d streams", streams)
                        .isBetween((streams + 49) / 50, (streams + 49) / 50 + 1);
            }
        }
        assertEveryTradeOnceExactInOrder(chosen, symbol -> 0, TRADES);
    }

    @Test
    void shouldFillEveryStreamsGapWithinTheRestBudgetWhenEveryConnectionResetsAtOnce() {
        int trades = 300; // 10 a second per symbol: the market trades on for half a minute after the reset
        Map<String, Integer> firstTrade = new HashMap<>();
        SyntheticMarket market = SyntheticMarket.of(300, trades, 3_000);
        List<String> chosen = market.tradingSymbols().stream().filter(s -> s.endsWith("BTC")).toList();
        // trades due while a stream is not connected are served over REST only, as on Binance
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(market)
                .burstMarketTradesOn(true))) {
            Map<String, String> settings = Product.settings(exchange, dir);
            settings.put("binance.trade.symbols", "*");
            settings.put("binance.symbols.quote-assets", "BTC");
            settings.put("binance.connection.max-streams", "20");
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
                await().atMost(TIMEOUT).until(() -> chosen.stream().allMatch(s -> messages(binance, s) >= 10));
                // the trades before a stream's first subscription were on the market only: it starts at its first
                for (String symbol : chosen) {
                    long first = SbeFiles.decodeDays(dir.resolve("trade").resolve(symbol)).get(0).get("tradeId")
                            .asLong();
                    firstTrade.put(symbol, Math.toIntExact(first - SyntheticMarket.firstTradeId()));
                }
                assertThat(exchange.resetAllConnections()).as("connections for %d streams", chosen.size())
                        .isBetween(3, 4);
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(chosen.stream()
                        .filter(s -> messages(binance, s) < trades - firstTrade.get(s))
                        .map(s -> s + "=" + messages(binance, s)))
                        .as("streams that have not written every trade yet").isEmpty());
                long backfilled = 0;
                for (String symbol : chosen) {
                    StreamStatus status = binance.stream(id(symbol)).orElseThrow();
                    assertThat(status.messages()).as(symbol).isEqualTo(trades - firstTrade.get(symbol));
                    assertThat(status.reconnects()).as(symbol).isEqualTo(1);
                    assertThat(status.gapsUnfilled()).as(symbol).isZero();
                    backfilled += status.backfilled();
                }
                assertThat(backfilled).as("trades missed while the connections were down, fetched over REST")
                        .isPositive();
            }
            assertThat(exchange.stats().peakRestWeightPerMinute())
                    .as("binance.limits.rest-weight-per-minute").isLessThanOrEqualTo(3_000);
        }
        assertEveryTradeOnceExactInOrder(chosen, firstTrade::get, trades);
    }

    /** Trades {@code first(symbol)} to {@code trades - 1} of each symbol, and only those, in its files. */
    private void assertEveryTradeOnceExactInOrder(List<String> symbols, ToIntFunction<String> first, int trades) {
        for (String symbol : symbols) {
            List<JsonNode> decoded = SbeFiles.decodeDays(dir.resolve("trade").resolve(symbol));
            int from = first.applyAsInt(symbol);
            assertThat(decoded).as(symbol).hasSize(trades - from);
            for (int k = from; k < trades; k++) {
                TapeTrade expected = SyntheticMarket.trade(k);
                JsonNode actual = decoded.get(k - from);
                assertThat(actual.get("tradeId").asLong()).as("%s trade %d", symbol, k).isEqualTo(expected.id());
                assertThat(actual.get("price").asText()).as("%s trade %d", symbol, k)
                        .isEqualTo(SbeFiles.exact(expected.price()));
                assertThat(actual.get("quantity").asText()).as("%s trade %d", symbol, k)
                        .isEqualTo(SbeFiles.exact(expected.qty()));
            }
        }
    }

    private static long messages(BinanceData binance, String symbol) {
        return binance.stream(id(symbol)).map(StreamStatus::messages).orElse(0L);
    }

    private static String id(String symbol) {
        return "trade-" + symbol.toLowerCase(Locale.ROOT);
    }
}
