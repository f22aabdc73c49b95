package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * in its files once, exact, in order.
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
        for (String symbol : chosen) {
            List<JsonNode> decoded = SbeFiles.decodeDays(dir.resolve("trade").resolve(symbol));
            assertThat(decoded).as(symbol).hasSize(TRADES);
            for (int k = 0; k < TRADES; k++) {
                TapeTrade expected = SyntheticMarket.trade(k);
                JsonNode actual = decoded.get(k);
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
