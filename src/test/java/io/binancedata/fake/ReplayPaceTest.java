package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReplayPaceTest {
    private static final long START = 1_700_000_000_000L;

    /** {@code count} trades 100 ms apart in exchange time. */
    private static TradeTape tape(int count) {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(TestData.trade("TESTUSDT", 1 + i, "1.00000000", "1.00000000", START + 100L * i, true));
        }
        return TradeTape.ofFrames("TESTUSDT", frames);
    }

    @Test
    void shouldPaceTheTapeByItsTimestampsTimesTheSpeedFactor() throws Exception {
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(5).loop(false)
                .tape(tape(11)))) {
            long startNanos = System.nanoTime();
            try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws/testusdt@trade")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> client.count() == 11);
                long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;

                // 1 s of exchange time at 5x: 200 ms of wall time
                assertThat(elapsedMillis).isGreaterThanOrEqualTo(190);
                assertThat(client.messages()).isEqualTo(tape(11).frames());
            }
        }
    }

    @Test
    void shouldStopWritingWhenAnUnpacedClientDoesNotRead() throws Exception {
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(true))) {
            WebSocket.Listener neverReads = new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket webSocket) {
                    // no demand: the JDK client stops reading the socket
                }
            };
            WebSocket socket = WsTestClient.attempt(exchange.wsUrl() + "/ws/btcusdt@trade", neverReads)
                    .get(10, TimeUnit.SECONDS);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> exchange.stats().framesSent("btcusdt@trade") > 0);
                AtomicLong last = new AtomicLong(-1);
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30))
                        .until(() -> last.getAndSet(exchange.stats().framesSent("btcusdt@trade"))
                                == exchange.stats().framesSent("btcusdt@trade"));

                // the looping tape is endless: only socket buffers plus Vert.x's bounded write queue were filled
                assertThat(exchange.stats().framesSent("btcusdt@trade")).isLessThan(200_000);
                assertThat(exchange.sessions().get(0).isOpen()).isTrue();
            } finally {
                socket.abort();
            }
        }
    }

    @Test
    void shouldJoinARunningMarketOnTheGlobalClockAndLeaveTheGapToRestBackfill() throws Exception {
        FakeExchangeOptions options = FakeExchangeOptions.defaults().speed(10).loop(false).tape(tape(200))
                .replayMode(ReplayMode.GLOBAL_CLOCK);
        try (FakeExchange exchange = FakeExchange.start(options)) {
            String trades = exchange.restUrl() + "/api/v3/historicalTrades?symbol=TESTUSDT&limit=1000&fromId=1";
            await().atMost(Duration.ofSeconds(10)).until(() -> RestTestClient.getJson(trades).size() >= 50);

            try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws/testusdt@trade")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> client.count() >= 5);
                long firstStreamed = RestTestClient.json(client.messages().get(0)).get("t").asLong();
                JsonNode backfill = RestTestClient.getJson(trades);

                assertThat(firstStreamed).isGreaterThan(50);
                assertThat(backfill.size()).isGreaterThanOrEqualTo((int) firstStreamed - 1);
                for (int i = 0; i < firstStreamed - 1; i++) {
                    assertThat(backfill.get(i).get("id").asLong()).isEqualTo(i + 1);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> client.count() == 200 - firstStreamed + 1);
                List<String> messages = client.messages();
                for (int i = 0; i < messages.size(); i++) {
                    assertThat(RestTestClient.json(messages.get(i)).get("t").asLong()).isEqualTo(firstStreamed + i);
                }
            }
        }
    }
}
