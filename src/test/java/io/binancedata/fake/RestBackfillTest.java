package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.support.ReferenceKline;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RestBackfillTest {

    private static FakeExchange unpaced(TradeTape tape, boolean loop) {
        return FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(loop).tape(tape));
    }

    @Test
    void shouldPageThroughAllRecordedTradesByFromId() throws Exception {
        TradeTape tape = TestData.btcusdt();
        try (FakeExchange exchange = unpaced(tape, false)) {
            List<JsonNode> all = new ArrayList<>();
            long fromId = TestData.BTC_FIRST_ID;
            while (true) {
                JsonNode page = RestTestClient.getJson(exchange.restUrl()
                        + "/api/v3/historicalTrades?symbol=BTCUSDT&limit=1000&fromId=" + fromId);
                if (page.isEmpty()) {
                    break;
                }
                assertThat(page.size()).isLessThanOrEqualTo(1000);
                page.forEach(all::add);
                fromId = page.get(page.size() - 1).get("id").asLong() + 1;
            }

            assertThat(all).hasSize(TestData.BTC_TRADES);
            for (int i = 0; i < all.size(); i++) {
                JsonNode trade = all.get(i);
                TapeTrade recorded = tape.trade(i);
                assertThat(trade.get("id").asLong()).isEqualTo(recorded.id());
                assertThat(trade.get("price").asText()).isEqualTo(recorded.price());
                assertThat(trade.get("qty").asText()).isEqualTo(recorded.qty());
                assertThat(trade.get("time").asLong()).isEqualTo(recorded.tradeTime());
                assertThat(trade.get("isBuyerMaker").asBoolean()).isEqualTo(recorded.buyerMaker());
                assertThat(new BigDecimal(trade.get("quoteQty").asText()))
                        .isEqualByComparingTo(recorded.priceValue().multiply(recorded.qtyValue()));
            }
            JsonNode first = all.get(0);
            assertThat(first.toString()).isEqualTo("{\"id\":3735683259,\"price\":\"61837.63000000\","
                    + "\"qty\":\"0.02000000\",\"quoteQty\":\"1236.7526\",\"time\":1723161255342,"
                    + "\"isBuyerMaker\":true,\"isBestMatch\":true}");
        }
    }

    @Test
    void shouldReturnTheLatestTradesWithoutFromIdAndCapTheLimit() throws Exception {
        try (FakeExchange exchange = unpaced(TestData.btcusdt(), false)) {
            JsonNode latest = RestTestClient.getJson(exchange.restUrl() + "/api/v3/historicalTrades?symbol=BTCUSDT");
            JsonNode capped = RestTestClient.getJson(exchange.restUrl()
                    + "/api/v3/historicalTrades?symbol=BTCUSDT&limit=5000&fromId=" + TestData.BTC_FIRST_ID);
            HttpResponse<String> missing = RestTestClient.get(exchange.restUrl() + "/api/v3/historicalTrades");
            HttpResponse<String> unknown = RestTestClient.get(exchange.restUrl()
                    + "/api/v3/historicalTrades?symbol=NOPEUSDT");

            assertThat(latest).hasSize(500);
            assertThat(latest.get(0).get("id").asLong()).isEqualTo(TestData.BTC_LAST_ID - 499);
            assertThat(latest.get(499).get("id").asLong()).isEqualTo(TestData.BTC_LAST_ID);
            assertThat(capped).hasSize(1000);
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(RestTestClient.json(missing.body()).get("code").asInt()).isEqualTo(-1102);
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).isEqualTo("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        }
    }

    @Test
    void shouldOnlyServeTradesThatHaveHappenedOnTheMarketClock() throws Exception {
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(1.0).loop(false)
                .tape(TestData.btcusdt()))) {
            JsonNode trades = RestTestClient.getJson(exchange.restUrl()
                    + "/api/v3/historicalTrades?symbol=BTCUSDT&limit=1000&fromId=" + TestData.BTC_FIRST_ID);

            // at real pace only the first seconds of the tape (a few dozen trades) have happened
            assertThat(trades.size()).isBetween(1, 999);
            assertThat(trades.get(0).get("id").asLong()).isEqualTo(TestData.BTC_FIRST_ID);
        }
    }

    @Test
    void shouldServeLoopedTradesWithConsecutiveIdsOnceAConnectionHasBeenSentThem() throws Exception {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            frames.add(TestData.trade("TESTUSDT", 500 + i, "2.00000000", "1.00000000", 1_000_000 + 100L * i, false));
        }
        try (FakeExchange exchange = unpaced(TradeTape.ofFrames("TESTUSDT", frames), true);
             WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws/testusdt@trade")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count() >= 35);

            JsonNode trades = RestTestClient.getJson(exchange.restUrl()
                    + "/api/v3/historicalTrades?symbol=TESTUSDT&limit=20&fromId=515");

            assertThat(trades).hasSize(20);
            for (int i = 0; i < 20; i++) {
                assertThat(trades.get(i).get("id").asLong()).isEqualTo(515 + i);
            }
            // pass 1 starts 900 ms (span) + 1 s (gap) after pass 0
            assertThat(trades.get(0).get("time").asLong()).isEqualTo(1_000_000 + 500 + 1_900);
            JsonNode eleventh = RestTestClient.json(client.messages().get(10));
            assertThat(eleventh.get("t").asLong()).isEqualTo(510);
            assertThat(eleventh.get("T").asLong()).isEqualTo(1_001_900);
        }
    }

    @Test
    void shouldServeKlinesDerivedFromTheTape() throws Exception {
        try (FakeExchange exchange = unpaced(TestData.btcusdt(), false)) {
            long start = Instant.parse("2024-08-08T23:55:00Z").toEpochMilli();
            JsonNode rows = RestTestClient.getJson(exchange.restUrl()
                    + "/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=3&startTime=" + start);
            JsonNode latest = RestTestClient.getJson(exchange.restUrl()
                    + "/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=2");
            HttpResponse<String> badInterval = RestTestClient.get(exchange.restUrl()
                    + "/api/v3/klines?symbol=BTCUSDT&interval=1H");

            assertThat(rows).hasSize(3);
            List<JsonNode> trades = new ArrayList<>();
            for (String data : TestData.recordedData("btcusdt@trade", TestData.btcusdtFiles())) {
                trades.add(RestTestClient.json(data));
            }
            for (int i = 0; i < 3; i++) {
                long open = start + i * 60_000L;
                JsonNode row = rows.get(i);
                List<JsonNode> inBucket = trades.stream().filter(t -> t.get("T").asLong() >= open
                        && t.get("T").asLong() < open + 60_000).toList();
                ReferenceKline expected = ReferenceKline.of(inBucket);
                assertThat(row.get(0).asLong()).isEqualTo(open);
                assertThat(row.get(6).asLong()).isEqualTo(open + 59_999);
                assertThat(new ReferenceKline(expected.first(), expected.last(), row.get(1).asText(),
                        row.get(2).asText(), row.get(3).asText(), row.get(4).asText(), row.get(5).asText(),
                        row.get(8).asLong(), row.get(7).asText(), row.get(9).asText(), row.get(10).asText()))
                        .isEqualTo(expected);
                assertThat(row.get(11).asText()).isEqualTo("0");
            }
            assertThat(latest).hasSize(2);
            assertThat(latest.get(1).get(0).asLong()).isEqualTo(Instant.parse("2024-08-09T00:05:00Z").toEpochMilli());
            assertThat(badInterval.statusCode()).isEqualTo(400);
            assertThat(RestTestClient.json(badInterval.body()).get("code").asInt()).isEqualTo(-1120);
        }
    }
}
