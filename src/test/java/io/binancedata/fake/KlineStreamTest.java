package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.support.ReferenceKline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KlineStreamTest {
    private static final long MINUTE = 60_000;
    private static List<JsonNode> trades;
    private FakeExchange exchange;

    @BeforeAll
    static void readTrades() throws Exception {
        trades = new ArrayList<>();
        for (String data : TestData.recordedData("btcusdt@trade", TestData.btcusdtFiles())) {
            trades.add(RestTestClient.json(data));
        }
    }

    @BeforeEach
    void start() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false).tape(TestData.btcusdt()));
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    private static List<JsonNode> tradesOfBucket(long open, long upTo) {
        return trades.stream().filter(t -> t.get("T").asLong() >= open && t.get("T").asLong() < open + MINUTE
                && t.get("T").asLong() <= upTo).collect(Collectors.toList());
    }

    private List<JsonNode> receiveAll(String stream) throws Exception {
        try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws/" + stream)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !exchange.sessions().isEmpty()
                    && client.count() > 0 && client.count() == exchange.sessions().get(0).framesSent());
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> client.count() == exchange.sessions().get(0).framesSent());
            List<JsonNode> events = new ArrayList<>();
            for (String message : client.messages()) {
                events.add(RestTestClient.json(message));
            }
            return events;
        }
    }

    @Test
    void shouldEmitOneFinalCandlePerBucketEqualToItsTrades() throws Exception {
        List<JsonNode> events = receiveAll("btcusdt@kline_1m");

        Map<Long, List<JsonNode>> finals = new TreeMap<>();
        events.stream().filter(e -> e.get("k").get("x").asBoolean())
                .forEach(e -> finals.computeIfAbsent(e.get("k").get("t").asLong(), t -> new ArrayList<>()).add(e));
        long firstOpen = Instant.parse("2024-08-08T23:54:00Z").toEpochMilli();
        long lastOpen = Instant.parse("2024-08-09T00:04:00Z").toEpochMilli();
        assertThat(finals.keySet()).hasSize(11).first().isEqualTo(firstOpen);
        assertThat(finals.keySet()).last().isEqualTo(lastOpen);
        for (Map.Entry<Long, List<JsonNode>> entry : finals.entrySet()) {
            long open = entry.getKey();
            assertThat(entry.getValue()).as("finals of %d", open).hasSize(1);
            JsonNode event = entry.getValue().get(0);
            JsonNode k = event.get("k");
            assertThat(ReferenceKline.fromEvent(k)).isEqualTo(ReferenceKline.of(tradesOfBucket(open, Long.MAX_VALUE)));
            assertThat(k.get("T").asLong()).isEqualTo(open + MINUTE - 1);
            assertThat(event.get("E").asLong()).isEqualTo(open + MINUTE + KlineFrameSource.FINAL_DELAY_MILLIS);
            assertThat(event.get("s").asText()).isEqualTo("BTCUSDT");
            assertThat(k.get("i").asText()).isEqualTo("1m");
            assertThat(k.get("B").asText()).isEqualTo("0");
        }
        JsonNode bucket2355 = finals.get(Instant.parse("2024-08-08T23:55:00Z").toEpochMilli()).get(0).get("k");
        JsonNode bucket2356 = finals.get(Instant.parse("2024-08-08T23:56:00Z").toEpochMilli()).get(0).get("k");
        assertThat(bucket2356.get("f").asLong()).isEqualTo(bucket2355.get("L").asLong() + 1);
    }

    @Test
    void shouldRepeatTheOpenCandleEveryTwoSecondsOfExchangeTime() throws Exception {
        List<JsonNode> events = receiveAll("btcusdt@kline_1m");

        List<JsonNode> updates = events.stream().filter(e -> !e.get("k").get("x").asBoolean()).toList();
        assertThat(updates).hasSizeGreaterThan(300);
        long previousE = 0;
        for (JsonNode event : events) {
            assertThat(event.get("E").asLong()).isGreaterThanOrEqualTo(previousE);
            previousE = event.get("E").asLong();
        }
        long phase = trades.get(0).get("T").asLong();
        for (JsonNode update : updates) {
            long e = update.get("E").asLong();
            JsonNode k = update.get("k");
            assertThat(e).isBetween(k.get("t").asLong(), k.get("T").asLong());
            assertThat(ReferenceKline.fromEvent(k)).as("update at %d", e)
                    .isEqualTo(ReferenceKline.of(tradesOfBucket(k.get("t").asLong(), e)));
            if (update != updates.get(updates.size() - 1)) {
                assertThat((e - phase) % 2_000).isZero();
            }
        }
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("k").get("x").asBoolean()).isFalse();
        assertThat(last.get("k").get("L").asLong()).isEqualTo(TestData.BTC_LAST_ID);
    }

    @Test
    void shouldSendOnlyFinalsAndMidSecondUpdatesOnOneSecondKlines() throws Exception {
        List<JsonNode> events = receiveAll("btcusdt@kline_1s");

        Map<Long, Long> finalsPerBucket = events.stream().filter(e -> e.get("k").get("x").asBoolean())
                .collect(Collectors.groupingBy(e -> e.get("k").get("t").asLong(), Collectors.counting()));
        assertThat(finalsPerBucket.values()).allMatch(count -> count == 1);
        long secondsWithTrades = trades.stream().map(t -> t.get("T").asLong() / 1000).distinct().count();
        assertThat(finalsPerBucket).hasSize((int) secondsWithTrades - 1);
        JsonNode someFinal = events.stream().filter(e -> e.get("k").get("x").asBoolean()).skip(100).findFirst()
                .orElseThrow();
        long open = someFinal.get("k").get("t").asLong();
        assertThat(ReferenceKline.fromEvent(someFinal.get("k"))).isEqualTo(ReferenceKline.of(
                trades.stream().filter(t -> t.get("T").asLong() / 1000 * 1000 == open).toList()));
    }

    @Test
    void shouldSkipMalformedFramesAndStaySilentWhenALoopingTapeHasNoTrades() throws Exception {
        TradeTape garbage = TradeTape.ofFrames("JUNKUSDT", List.of("not json", "{\"e\":\"trade\"}"));
        try (FakeExchange junk = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(true)
                .tape(garbage));
             WsTestClient klines = WsTestClient.connect(junk.wsUrl() + "/ws/junkusdt@kline_1m");
             WsTestClient raw = WsTestClient.connect(junk.wsUrl() + "/ws/junkusdt@trade")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> raw.count() >= 10);

            assertThat(raw.messages().subList(0, 4)).containsExactly("not json", "{\"e\":\"trade\"}", "not json",
                    "{\"e\":\"trade\"}");
            assertThat(klines.count()).isZero();
            assertThat(klines.isConnected()).isTrue();
        }
    }
}
