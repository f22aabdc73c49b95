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
    /** The trades every synthetic symbol trades (read once: parsing it takes a while). */
    private static final TradeTape TRADES = TradeTape.bundledBtcusdt();

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
            assertThat(last.get("s").asText()).isEqualTo("S0001USDT");
            assertThat(last.get("f").asLong()).isEqualTo(SyntheticMarket.firstTradeId());
            assertThat(last.get("L").asLong()).isEqualTo(SyntheticMarket.firstTradeId() + trades - 1);
            assertThat(last.get("n").asLong()).isEqualTo(trades);
            assertThat(last.get("o").asText()).isEqualTo(TRADES.trade(0).price());
            assertThat(last.get("c").asText()).isEqualTo(TRADES.trade(trades - 1).price());
            assertThat(exchange.burst().symbols()).isEqualTo(market.tradingSymbols());
            assertThat(SyntheticMarket.trade(trades - 1)).isEqualTo(TRADES.trade(trades - 1));
            assertThat(SyntheticMarket.trade(3_000).id()).isEqualTo(SyntheticMarket.firstTradeId() + 3_000);
        }
    }

    @Test
    void shouldServe3000StreamsOf1500SymbolsOverThreeConnectionsSubscribedInBatches() throws Exception {
        int trades = 4;
        SyntheticMarket market = SyntheticMarket.of(1_500, trades, 6_000);
        List<String> streams = new ArrayList<>();
        market.tradingSymbols().forEach(symbol -> {
            streams.add(symbol.toLowerCase() + "@trade");
            streams.add(symbol.toLowerCase() + "@kline_1m");
        });
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(market))) {
            List<WsTestClient> clients = new ArrayList<>();
            try {
                for (int c = 0; c < 3; c++) {
                    WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/stream");
                    clients.add(client);
                    for (int batch = 0; batch < 4; batch++) { // 4 messages: within 5 a second
                        int from = c * 1_000 + batch * 250;
                        client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\""
                                + String.join("\",\"", streams.subList(from, from + 250)) + "\"],\"id\":" + batch + "}");
                    }
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> exchange.burst().isComplete()
                        && clients.stream().mapToLong(SyntheticMarketTest::tradeFrames).sum() == 1_500L * trades);

                List<String> received = new ArrayList<>();
                for (WsTestClient client : clients) {
                    assertThat(client.messages().stream().filter(m -> m.startsWith("{\"result\"")))
                            .as("the answers, among the data of the streams subscribed first").containsExactly("{\"result\":null,\"id\":0}",
                            "{\"result\":null,\"id\":1}", "{\"result\":null,\"id\":2}",
                            "{\"result\":null,\"id\":3}");
                    client.messages().stream().filter(m -> m.contains("@trade\"")).forEach(received::add);
                }
                List<String> expected = new ArrayList<>();
                for (String symbol : market.tradingSymbols()) {
                    expectedTrades(symbol, trades).forEach(data -> expected.add(
                            "{\"stream\":\"" + symbol.toLowerCase() + "@trade\",\"data\":" + data + "}"));
                }
                received.sort(null);
                expected.sort(null);
                assertThat(received).as("every trade of every symbol once").isEqualTo(expected);
                assertThat(exchange.sessions()).hasSize(3)
                        .allSatisfy(session -> assertThat(session.subscriptions()).hasSize(1_000));
                assertThat(exchange.stats().framesSent("s1500btc@kline_1m")).isPositive();
                assertThat(exchange.stats().droppedForMessageRate()).isZero();
            } finally {
                clients.forEach(WsTestClient::close);
            }
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
        return IntStream.range(0, n).mapToObj(i -> TRADES.trade(i).eventJson("\"" + symbol + "\"")).toList();
    }

    private static long tradeFrames(WsTestClient client) {
        return client.messages().stream().filter(m -> m.contains("@trade\"")).count();
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
