package io.binancedata.fake;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PingPongTest {
    private FakeExchange exchange;

    @BeforeEach
    void start() {
        // pings every 100 ms draw 10 pongs a second: over Binance's limit of 5 incoming messages
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().pingInterval(Duration.ofMillis(100))
                .incomingMessageLimit(0));
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    @Test
    void shouldPingEveryIntervalAndRecordTheClientsAutomaticPongs() throws Exception {
        long before = System.currentTimeMillis();
        try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws/ethusdt@trade")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.pings() >= 3
                    && exchange.sessions().get(0).pongsReceived() >= 3);

            WebSocketSession session = exchange.sessions().get(0);
            assertThat(session.pingsSent()).isGreaterThanOrEqualTo(3);
            assertThat(session.lastPong()).isPresent();
            assertThat(session.lastPong().get().toEpochMilli()).isGreaterThanOrEqualTo(before);
            assertThat(session.lastPongPayload()).get().asString().matches("\\d{13}");
            assertThat(exchange.stats().pongsReceived()).isGreaterThanOrEqualTo(3);
        }
    }
}
