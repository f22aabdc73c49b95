package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class BurstModeTest {
    /** More than the bundled tape's 3,000 trades, so the burst loops it once. */
    private static final int TRADES = 3_500;
    private static final TradeTape SOURCE = TradeTape.bundledBtcusdt();

    private static FakeExchange burst(BurstPlan plan) {
        return FakeExchange.start(FakeExchangeOptions.defaults().burst(plan));
    }

    @Test
    void shouldHoldTheTradesUntilEveryStreamIsSubscribedThenSendEachStreamExactlyItsTrades() throws Exception {
        try (FakeExchange exchange = burst(BurstPlan.of(2, TRADES));
             WsTestClient first = WsTestClient.connect(exchange.wsUrl() + "/ws/s0001usdt@trade")) {
            BurstLog log = exchange.burst();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> first.isConnected() && first.count() == 0 && !log.isReleased());

            try (WsTestClient second = WsTestClient.connect(exchange.wsUrl() + "/ws/s0002usdt@trade")) {
                assertThat(log.awaitCompletion(Duration.ofSeconds(10))).isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> first.count() >= TRADES && second.count() >= TRADES);

                assertThat(first.messages()).isEqualTo(expectedFrames("S0001USDT"));
                assertThat(second.messages()).isEqualTo(expectedFrames("S0002USDT"));
                await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                        .until(() -> first.isConnected() && first.count() == TRADES && second.count() == TRADES);
            }
            for (int stream = 0; stream < 2; stream++) {
                assertThat(log.tradesSent(stream)).isEqualTo(TRADES);
                assertThat(log.firstSendEpochMicros(stream)).isGreaterThanOrEqualTo(log.releaseEpochMicros());
                assertThat(log.lastSendEpochMicros(stream)).isGreaterThanOrEqualTo(log.firstSendEpochMicros(stream))
                        .isEqualTo(log.sendEpochMicros(stream, TRADES - 1));
                assertThat(log.sendEpochMicros(stream, 0)).isEqualTo(log.firstSendEpochMicros(stream));
            }
            assertThat(exchange.stats().framesSent("s0001usdt@trade")).isEqualTo(TRADES);
        }
    }

    @Test
    void shouldSendTheRecordedFramesFirstThenTheTapeLoopedWithConsecutiveIdsAndExactDecimals() throws Exception {
        List<String> frames = expectedFrames("S0001USDT");

        for (int i = 0; i < SOURCE.size(); i++) {
            assertThat(frames.get(i)).isEqualTo(SOURCE.frame(i).replace("\"s\":\"BTCUSDT\"", "\"s\":\"S0001USDT\""));
        }
        long firstId = SOURCE.trade(0).id();
        for (int i = 0; i < TRADES; i++) {
            JsonNode trade = RestTestClient.json(frames.get(i));
            TapeTrade recorded = SOURCE.trade(i % SOURCE.size());
            assertThat(trade.get("t").asLong()).isEqualTo(firstId + i);
            assertThat(trade.get("p").asText()).isEqualTo(recorded.price());
            assertThat(trade.get("q").asText()).isEqualTo(recorded.qty());
            assertThat(trade.get("m").asBoolean()).isEqualTo(recorded.buyerMaker());
        }
        JsonNode lastOfTape = RestTestClient.json(frames.get(SOURCE.size() - 1));
        JsonNode firstOfPass = RestTestClient.json(frames.get(SOURCE.size()));
        assertThat(firstOfPass.get("T").asLong()).isGreaterThan(lastOfTape.get("T").asLong());
    }

    @Test
    void shouldServeExactlyTheSentTradesOverRestAndListTheStreamsAsTrading() throws Exception {
        try (FakeExchange exchange = burst(BurstPlan.of(2, TRADES))) {
            String trades = exchange.restUrl() + "/api/v3/historicalTrades?symbol=S0002USDT&limit=1000&fromId=";
            long firstId = SOURCE.trade(0).id();
            assertThat(RestTestClient.getJson(trades + firstId)).isEmpty();
            JsonNode info = RestTestClient.getJson(exchange.restUrl()
                    + "/api/v3/exchangeInfo?symbols=%5B%22S0001USDT%22,%22S0002USDT%22%5D");
            assertThat(info.get("symbols")).extracting(entry -> entry.get("status").asText())
                    .containsExactly("TRADING", "TRADING");

            try (WsTestClient first = WsTestClient.connect(exchange.wsUrl() + "/ws/s0001usdt@trade");
                 WsTestClient second = WsTestClient.connect(exchange.wsUrl() + "/ws/s0002usdt@trade")) {
                assertThat(exchange.burst().awaitCompletion(Duration.ofSeconds(10))).isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> first.count() + second.count() == 2 * TRADES);
            }
            List<JsonNode> served = new ArrayList<>();
            for (long fromId = firstId; ; ) {
                JsonNode page = RestTestClient.getJson(trades + fromId);
                if (page.isEmpty()) {
                    break;
                }
                page.forEach(served::add);
                fromId = page.get(page.size() - 1).get("id").asLong() + 1;
            }
            assertThat(served).hasSize(TRADES);
            List<String> frames = expectedFrames("S0002USDT");
            for (int i = 0; i < TRADES; i++) {
                JsonNode rest = served.get(i);
                JsonNode frame = RestTestClient.json(frames.get(i));
                assertThat(rest.get("id").asLong()).isEqualTo(frame.get("t").asLong());
                assertThat(rest.get("price").asText()).isEqualTo(frame.get("p").asText());
                assertThat(rest.get("qty").asText()).isEqualTo(frame.get("q").asText());
                assertThat(rest.get("time").asLong()).isEqualTo(frame.get("T").asLong());
                assertThat(rest.get("isBuyerMaker").asBoolean()).isEqualTo(frame.get("m").asBoolean());
            }
        }
    }

    @Test
    void shouldPaceASteadyBurstAtItsTotalRateAndRecordEverySendTime() throws Exception {
        int trades = 200;
        try (FakeExchange exchange = burst(BurstPlan.of(2, trades).steady(2_000));
             WsTestClient first = WsTestClient.connect(exchange.wsUrl() + "/ws/s0001usdt@trade");
             WsTestClient second = WsTestClient.connect(exchange.wsUrl() + "/ws/s0002usdt@trade")) {
            BurstLog log = exchange.burst();
            assertThat(log.awaitCompletion(Duration.ofSeconds(10))).isTrue();

            // 400 trades at 2,000/s: the last is due ⌊199.5⌋ = 199 ms after the release, sent at most 1 ms early
            assertThat(log.completionEpochMicros() - log.releaseEpochMicros()).isBetween(197_000L, 5_000_000L);
            for (int stream = 0; stream < 2; stream++) {
                long previous = log.releaseEpochMicros();
                for (int i = 0; i < trades; i++) {
                    assertThat(log.sendEpochMicros(stream, i)).isGreaterThanOrEqualTo(previous);
                    previous = log.sendEpochMicros(stream, i);
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> first.count() == trades && second.count() == trades);
        }
    }

    @Test
    void shouldHoldAWarmedUpBurstAfterItsWarmupUntilTheMeasuredReleaseThenContinueTheIds() throws Exception {
        int warmup = 2_000;
        int measured = TRADES - warmup;
        try (FakeExchange exchange = burst(BurstPlan.of(2, measured).withWarmup(warmup));
             WsTestClient first = WsTestClient.connect(exchange.wsUrl() + "/ws/s0001usdt@trade")) {
            BurstLog log = exchange.burst();
            assertThatThrownBy(log::releaseMeasured).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not every stream has a connection");
            try (WsTestClient second = WsTestClient.connect(exchange.wsUrl() + "/ws/s0002usdt@trade")) {
                assertThat(log.awaitSubscribed(Duration.ofSeconds(10))).isTrue();
                assertThat(log.awaitWarmup(Duration.ofSeconds(10))).isTrue();
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                        .until(() -> first.count() == warmup && second.count() == warmup);

                assertThat(log.isReleased()).isFalse();
                assertThat(log.releaseEpochMicros()).isEqualTo(-1);
                assertThat(log.tradesSent(0)).isEqualTo(warmup);
                assertThat(log.tradesSent(1)).isEqualTo(warmup);
                assertThat(log.firstSendEpochMicros(0)).isEqualTo(-1);
                assertThat(first.messages()).isEqualTo(expectedFrames("S0001USDT").subList(0, warmup));
                long beforeRelease = log.epochMicros();
                log.releaseMeasured();
                assertThatThrownBy(log::releaseMeasured).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("released already");

                assertThat(log.awaitCompletion(Duration.ofSeconds(10))).isTrue();
                await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                        .until(() -> first.count() == TRADES && second.count() == TRADES);
                assertThat(first.messages()).isEqualTo(expectedFrames("S0001USDT"));
                assertThat(second.messages()).isEqualTo(expectedFrames("S0002USDT"));
                assertThat(log.releaseEpochMicros()).isGreaterThanOrEqualTo(beforeRelease);
            }
            for (int stream = 0; stream < 2; stream++) {
                assertThat(log.tradesSent(stream)).isEqualTo(TRADES);
                for (int i = 0; i < warmup; i++) {
                    assertThat(log.sendEpochMicros(stream, i)).as("warm-up trade %d", i).isEqualTo(-1);
                }
                long previous = log.releaseEpochMicros();
                for (int i = warmup; i < TRADES; i++) {
                    assertThat(log.sendEpochMicros(stream, i)).as("measured trade %d", i)
                            .isGreaterThanOrEqualTo(previous);
                    previous = log.sendEpochMicros(stream, i);
                }
                assertThat(log.firstSendEpochMicros(stream)).isEqualTo(log.sendEpochMicros(stream, warmup));
                assertThat(log.lastSendEpochMicros(stream)).isEqualTo(log.sendEpochMicros(stream, TRADES - 1));
            }
            assertThat(log.completionEpochMicros()).isEqualTo(Math.max(log.lastSendEpochMicros(0),
                    log.lastSendEpochMicros(1)));
            assertThat(exchange.stats().framesSent("s0002usdt@trade")).isEqualTo(TRADES);
        }
    }

    @Test
    void shouldRefuseAMeasuredReleaseOfABurstWithoutWarmup() throws Exception {
        try (FakeExchange exchange = burst(BurstPlan.of(1, 10));
             WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws/s0001usdt@trade")) {
            BurstLog log = exchange.burst();
            assertThat(log.awaitCompletion(Duration.ofSeconds(10))).isTrue();
            assertThat(log.isWarmedUp()).isTrue();
            assertThatThrownBy(log::releaseMeasured).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no warm-up");
        }
    }

    @Test
    void shouldLetASteadyBurstTradeOnWhileAStreamIsDisconnectedAndServeTheSkippedTradesOnlyOverRest()
            throws Exception {
        int trades = 10_000;
        BurstPlan plan = BurstPlan.of(1, trades).steady(2_000);
        TradeSequence sequence = new TradeSequence(SOURCE, true, 1_000, trades);
        long firstId = SOURCE.trade(0).id();
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().burst(plan)
                .burstMarketTradesOn(true))) {
            BurstLog log = exchange.burst();
            String url = exchange.wsUrl() + "/ws/s0001usdt@trade";
            List<String> firstFrames;
            try (WsTestClient first = WsTestClient.connect(url)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> first.count() >= 100);
                first.close();
                firstFrames = first.messages();
            }
            long lastOfFirst = id(firstFrames.get(firstFrames.size() - 1));
            assertThat(ids(firstFrames)).isEqualTo(consecutive(firstId, firstFrames.size()));
            long skipTo = lastOfFirst - firstId + 1 + 400;
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> log.epochMicros() - log.releaseEpochMicros() >= plan.dueMillis(0, skipTo) * 1000);

            try (WsTestClient second = WsTestClient.connect(url)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> second.count() >= 10);
                List<Long> secondIds = ids(second.messages()).subList(0, 10);
                long firstOfSecond = secondIds.get(0);
                // trades due while no connection was open were skipped, not held back for the new connection
                assertThat(firstOfSecond - firstId).isGreaterThanOrEqualTo(skipTo);
                assertThat(secondIds).isEqualTo(consecutive(firstOfSecond, 10));

                List<JsonNode> served = historicalTrades(exchange, lastOfFirst + 1, firstOfSecond - lastOfFirst - 1);
                for (int i = 0; i < served.size(); i++) {
                    TapeTrade expected = sequence.trade((int) (lastOfFirst + 1 - firstId + i));
                    assertThat(served.get(i).get("id").asLong()).isEqualTo(lastOfFirst + 1 + i);
                    assertThat(served.get(i).get("price").asText()).isEqualTo(expected.price());
                    assertThat(served.get(i).get("qty").asText()).isEqualTo(expected.qty());
                    assertThat(served.get(i).get("time").asLong()).isEqualTo(expected.tradeTime());
                }
                assertThat(log.awaitCompletion(Duration.ofSeconds(30))).isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> id(last(second.messages())) == firstId + trades - 1);
                // the trade just before the second connection's first went to no connection
                assertThat(log.sendEpochMicros(0, (int) (firstOfSecond - firstId - 1))).isEqualTo(-1);
                assertThat(log.tradesSent(0)).isLessThan(trades);
            }
        }
    }

    @Test
    void shouldParseAndCheckPlans() {
        assertThat(BurstPlan.parse("4:100000")).isEqualTo(new BurstPlan(4, 100_000, 0));
        assertThat(BurstPlan.parse("4:1000").steady(20_000).isSteady()).isTrue();
        assertThat(BurstPlan.of(100, 1).symbols()).hasSize(100).startsWith("S0001USDT").endsWith("S0100USDT");
        assertThat(BurstPlan.of(4, 10).steady(20).dueMillis(1, 2)).isEqualTo(450);
        BurstPlan warmed = BurstPlan.of(4, 10).withWarmup(5);
        assertThat(warmed.tradesSentPerStream()).isEqualTo(15);
        assertThat(warmed.totalTrades()).isEqualTo(40);
        assertThat(warmed.totalTradesSent()).isEqualTo(60);
        assertThat(warmed.withWarmup(0)).isEqualTo(BurstPlan.of(4, 10));
        assertThatThrownBy(() -> warmed.steady(20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BurstPlan.of(4, 10).withWarmup(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BurstPlan.of(1, Integer.MAX_VALUE).withWarmup(1))
                .isInstanceOf(IllegalArgumentException.class);
        for (String bad : List.of("4", "4:", ":10", "0:10", "4:0", "a:b", "4:10:1", "10000:1")) {
            assertThatThrownBy(() -> BurstPlan.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static List<JsonNode> historicalTrades(FakeExchange exchange, long fromId, long count) throws Exception {
        List<JsonNode> served = new ArrayList<>();
        for (long from = fromId; served.size() < count; ) {
            JsonNode page = RestTestClient.getJson(exchange.restUrl()
                    + "/api/v3/historicalTrades?symbol=S0001USDT&limit=1000&fromId=" + from);
            assertThat(page).as("trades from id " + from).isNotEmpty();
            for (JsonNode trade : page) {
                if (served.size() < count) {
                    served.add(trade);
                }
            }
            from = page.get(page.size() - 1).get("id").asLong() + 1;
        }
        return served;
    }

    private static long id(String frame) throws Exception {
        return RestTestClient.json(frame).get("t").asLong();
    }

    private static List<Long> ids(List<String> frames) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (String frame : frames) {
            ids.add(id(frame));
        }
        return ids;
    }

    private static List<Long> consecutive(long from, int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(from + i);
        }
        return ids;
    }

    private static String last(List<String> frames) {
        return frames.get(frames.size() - 1);
    }

    /** The frames a burst stream must carry: the bundled BTCUSDT trades looped, under the stream's symbol. */
    private static List<String> expectedFrames(String symbol) {
        TradeSequence sequence = new TradeSequence(SOURCE, true, 1_000, TRADES);
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < TRADES; i++) {
            frames.add(sequence.trade(i).eventJson(FakeJson.quote(symbol)));
        }
        return frames;
    }
}
