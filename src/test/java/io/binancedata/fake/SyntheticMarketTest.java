package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A synthetic market of many symbols: its exchangeInfo, and trades and klines known in advance. */
class SyntheticMarketTest {
    private static final int BUNDLED_SYMBOLS = 16;
    private static final int BUNDLED_TRADING = 10;

    @Test
    void shouldList1500TradingSymbolsByQuoteAssetAnd150DelistedOnes() throws Exception {
        SyntheticMarket market = SyntheticMarket.of(1_500, 100, 3_000);
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(market))) {
            JsonNode info = RestTestClient.getJson(exchange.restUrl() + "/api/v3/exchangeInfo");
            JsonNode trading = RestTestClient.getJson(exchange.restUrl() + "/api/v3/exchangeInfo?symbolStatus=TRADING");

            assertThat(info.get("symbols")).hasSize(BUNDLED_SYMBOLS + 1_650);
            assertThat(syntheticCounts(info)).isEqualTo(Map.of("BTC BREAK", 30L, "BTC TRADING", 300L,
                    "FDUSD BREAK", 30L, "FDUSD TRADING", 300L, "USDT BREAK", 90L, "USDT TRADING", 900L));
            assertThat(trading.get("symbols")).hasSize(BUNDLED_TRADING + 1_500);
            assertThat(market.tradingSymbols()).hasSize(1_500).startsWith("S0001USDT", "S0002USDT", "S0003USDT",
                    "S0004USDT", "S0005USDT", "S0006USDT", "S0007FDUSD", "S0008FDUSD", "S0009BTC", "S0010BTC");
            assertThat(market.delistedSymbols()).hasSize(150).startsWith("S1501USDT").endsWith("S1650BTC");
            JsonNode entry = info.get("symbols").get(BUNDLED_SYMBOLS + 6);
            assertThat(entry.get("symbol").asText()).isEqualTo("S0007FDUSD");
            assertThat(entry.get("baseAsset").asText()).isEqualTo("S0007");
            assertThat(entry.get("quoteAsset").asText()).isEqualTo("FDUSD");
        }
    }

    @Test
    void shouldSendEverySymbolsTradesOnceWithConsecutiveIdsAndTheirKlinesToALateSubscriber() throws Exception {
        int trades = 50;
        SyntheticMarket market = SyntheticMarket.of(30, trades, 3_000);
        List<String> streams = List.of("s0001usdt@trade", "s0007fdusd@trade", "s0009btc@trade", "s0001usdt@kline_1m");
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(market));
             WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/stream")) {
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"" + String.join("\",\"", streams) + "\"],\"id\":1}");
            await().atMost(Duration.ofSeconds(20)).until(() -> exchange.stats().framesSent("s0009btc@trade") == trades
                    && exchange.stats().framesSent("s0001usdt@trade") == trades
                    && exchange.stats().framesSent("s0007fdusd@trade") == trades);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count() == 1 + 3 * trades
                    + exchange.stats().framesSent("s0001usdt@kline_1m"));

            List<String> messages = client.messages();
            assertThat(messages.get(0)).isEqualTo("{\"result\":null,\"id\":1}");
            for (String symbol : List.of("S0001USDT", "S0007FDUSD", "S0009BTC")) {
                assertThat(data(messages, symbol.toLowerCase() + "@trade")).as(symbol)
                        .isEqualTo(expectedTrades(symbol, trades));
            }
            List<String> klines = data(messages, "s0001usdt@kline_1m");
            JsonNode last = RestTestClient.json(klines.get(klines.size() - 1)).get("k");
            TradeTape tape = TradeTape.bundledBtcusdt();
            assertThat(last.get("s").asText()).isEqualTo("S0001USDT");
            assertThat(last.get("f").asLong()).isEqualTo(SyntheticMarket.firstTradeId());
            assertThat(last.get("L").asLong()).isEqualTo(SyntheticMarket.firstTradeId() + trades - 1);
            assertThat(last.get("n").asLong()).isEqualTo(trades);
            assertThat(last.get("o").asText()).isEqualTo(tape.trade(0).price());
            assertThat(last.get("c").asText()).isEqualTo(tape.trade(trades - 1).price());
            assertThat(exchange.burst().symbols()).isEqualTo(market.tradingSymbols());
        }
    }

    @Test
    void shouldRefuseABurstAndASyntheticMarketTogether() {
        assertThatThrownBy(() -> FakeExchange.start(FakeExchangeOptions.defaults().burst(BurstPlan.of(1, 1))
                .syntheticMarket(SyntheticMarket.of(1, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a burst and a synthetic market exclude each other");
    }

    /** The first {@code n} trades of every synthetic symbol: the bundled BTCUSDT trades under its name. */
    private static List<String> expectedTrades(String symbol, int n) {
        TradeTape tape = TradeTape.bundledBtcusdt();
        return IntStream.range(0, n).mapToObj(i -> tape.trade(i).eventJson("\"" + symbol + "\"")).toList();
    }

    /** The events of {@code stream} among the wrapped messages, unwrapped. */
    private static List<String> data(List<String> messages, String stream) {
        String prefix = "{\"stream\":\"" + stream + "\",\"data\":";
        List<String> data = new ArrayList<>();
        for (String message : messages) {
            if (message.startsWith(prefix)) {
                data.add(message.substring(prefix.length(), message.length() - 1));
            }
        }
        return data;
    }

    /** Synthetic symbols ({@code S0001…}) counted by "quoteAsset status". */
    private static Map<String, Long> syntheticCounts(JsonNode info) {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode entry : info.get("symbols")) {
            if (entry.get("symbol").asText().matches("S\\d{4}[A-Z]+")) {
                counts.merge(entry.get("quoteAsset").asText() + " " + entry.get("status").asText(), 1L, Long::sum);
            }
        }
        return counts;
    }
}
