package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FaultPlanTest {
    private static final int TRADES = 25;
    private FakeExchange exchange;

    private static TradeTape tape() {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < TRADES; i++) {
            frames.add(TestData.trade("TESTUSDT", 1_000 + i, "10.00000000", "1.00000000", 1_700_000_000_000L + i,
                    i % 2 == 0));
        }
        return TradeTape.ofFrames("TESTUSDT", frames);
    }

    private void start(FaultPlan faults, Duration pingInterval) {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false).tape(tape())
                .faults(faults).pingInterval(pingInterval)
                // pings every 50 ms draw 20 pongs a second: over Binance's limit of 5 incoming messages
                .incomingMessageLimit(0));
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    private String url() {
        return exchange.wsUrl() + "/ws/testusdt@trade";
    }

    @Test
    void shouldResetTheNextConnectionAfterNFramesOnly() throws Exception {
        start(new FaultPlan().resetAfterFrames(10, 1), Duration.ofSeconds(20));

        try (WsTestClient first = WsTestClient.connect(url())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !first.isConnected());
            assertThat(first.messages()).isEqualTo(tape().frames().subList(0, 10));
            assertThat(exchange.sessions().get(0).framesSent()).isEqualTo(10);
            assertThat(first.closed).as("1006: the connection ended without a close frame").isCompletedWithValue(1006);
        }
        try (WsTestClient second = WsTestClient.connect(url())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> second.count() == TRADES);
            assertThat(second.isConnected()).isTrue();
        }
        assertThat(exchange.stats().connectionsReset()).isEqualTo(1);
        assertThat(exchange.stats().connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void shouldInjectAMalformedFrameAfterEveryNthFrame() throws Exception {
        start(new FaultPlan().injectMalformedEvery(10), Duration.ofSeconds(20));

        try (WsTestClient client = WsTestClient.connect(url())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count() == TRADES + 2);

            List<String> expected = new ArrayList<>(tape().frames());
            expected.add(20, FaultPlan.DEFAULT_MALFORMED_FRAME);
            expected.add(10, FaultPlan.DEFAULT_MALFORMED_FRAME);
            assertThat(client.messages()).isEqualTo(expected);
            assertThat(exchange.stats().malformedInjected()).isEqualTo(2);
            assertThat(exchange.stats().framesSent("testusdt@trade")).isEqualTo(TRADES);
        }
    }

    @Test
    void shouldRejectTheNextUpgradesWithTheStatusAndRetryAfter() throws Exception {
        start(new FaultPlan().rejectUpgrades(2, 503, Duration.ofSeconds(3)), Duration.ofSeconds(20));

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> WsTestClient.handshake(url()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> {
                        var response = ((WebSocketHandshakeException) e).getResponse();
                        assertThat(response.statusCode()).isEqualTo(503);
                        assertThat(response.headers().firstValue("Retry-After")).contains("3");
                    });
        }
        try (WsTestClient client = WsTestClient.connect(url())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count() == TRADES);
        }
        assertThat(exchange.stats().upgradesRejected()).isEqualTo(2);
        assertThat(exchange.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void shouldStallAndStopPingingWhenAsked() throws Exception {
        start(new FaultPlan().stallAfterFrames(5, false), Duration.ofMillis(50));

        try (WsTestClient client = WsTestClient.connect(url())) {
            await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5))
                    .until(() -> client.count() == 5 && client.isConnected());
            assertThat(client.pings()).isZero();
            assertThat(exchange.sessions().get(0).pingsSent()).isZero();
        }
    }

    @Test
    void shouldKeepPingingWhileStalledWhenAsked() throws Exception {
        start(new FaultPlan().stallAfterFrames(0, true), Duration.ofMillis(50));

        try (WsTestClient client = WsTestClient.connect(url())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.pings() >= 3);
            assertThat(client.count()).isZero();
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void shouldKeepPingingAndTradingOnASilentSubscription() throws Exception {
        start(new FaultPlan().silentSubscriptionAfterFrames(5, 1), Duration.ofMillis(50));

        try (WsTestClient client = WsTestClient.connect(url())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.pings() >= 3 && client.count() == 5);
            client.ping();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.pongs() == 1);
            assertThat(client.messages()).isEqualTo(tape().frames().subList(0, 5));
            assertThat(client.isConnected()).isTrue();
            JsonNode latest = RestTestClient.getJson(exchange.restUrl() + "/api/v3/trades?symbol=TESTUSDT&limit=1");
            assertThat(latest).hasSize(1);
            assertThat(latest.get(0).get("id").asLong()).as("the market traded on: REST has the later trades")
                    .isEqualTo(1_000 + TRADES - 1);
        }
        try (WsTestClient second = WsTestClient.connect(url())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> second.count() == TRADES);
        }
    }

    @Test
    void shouldStopReadingAndSendingButKeepTheConnectionOpenWhenUnresponsive() throws Exception {
        start(new FaultPlan().unresponsiveAfterFrames(5, 1), Duration.ofMillis(50));

        try (WsTestClient client = WsTestClient.connect(url())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.count() == 5
                    && exchange.sessions().get(0).isUnresponsive());
            int pingsBefore = client.pings();
            client.ping();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> client.pongs() == 0 && client.pings() == pingsBefore && client.isConnected());
            assertThat(client.messages()).isEqualTo(tape().frames().subList(0, 5));
            assertThat(exchange.sessions().get(0).isOpen()).isTrue();
        }
        try (WsTestClient second = WsTestClient.connect(url())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> second.count() == TRADES);
            second.ping();
            await().atMost(Duration.ofSeconds(5)).until(() -> second.pongs() == 1);
        }
    }

    @Test
    void shouldAnnounceServerShutdownThenGoQuiet() throws Exception {
        start(new FaultPlan().serverShutdownAfterFrames(3, 1), Duration.ofSeconds(20));

        try (WsTestClient client = WsTestClient.connect(url())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.count() == 4);
            assertThat(client.messages().subList(0, 3)).isEqualTo(tape().frames().subList(0, 3));
            assertThat(client.messages().get(3)).matches("\\{\"e\":\"serverShutdown\",\"E\":\\d{13}}");
        }
        try (WsTestClient combined = WsTestClient.connect(exchange.wsUrl() + "/stream?streams=testusdt@trade")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> combined.count() == TRADES);
        }
    }
}
