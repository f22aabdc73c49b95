package io.binancedata.fake;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Binance's limits as the fake enforces them by default: messages per second, streams per connection, attempts. */
class ConnectionLimitsTest {
    private FakeExchange exchange;

    @AfterEach
    void stop() {
        if (exchange != null) {
            exchange.close();
        }
    }

    @Test
    void shouldDropTheConnectionAtTheSixthMessageInOneSecond() throws Exception {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false));

        try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws")) {
            for (int id = 1; id <= 6; id++) {
                client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + id + "}");
            }
            assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);

            assertThat(client.messages()).containsExactly("{\"result\":[],\"id\":1}", "{\"result\":[],\"id\":2}",
                    "{\"result\":[],\"id\":3}", "{\"result\":[],\"id\":4}", "{\"result\":[],\"id\":5}");
            assertThat(exchange.stats().droppedForMessageRate()).isEqualTo(1);
            assertThat(exchange.stats().controlMessages()).isEqualTo(5);
            await().atMost(Duration.ofSeconds(5)).until(() -> !exchange.sessions().get(0).isOpen());
            assertThat(exchange.sessions()).singleElement()
                    .satisfies(session -> assertThat(session.droppedForTooManyMessages()).isTrue());
        }
    }

    @Test
    void shouldCountPingsAndPongsAsMessages() throws Exception {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false));

        try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws")) {
            client.ping();
            client.pong();
            client.ping();
            client.pong();
            client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count() == 1 && client.pongs() == 2);
            assertThat(client.isConnected()).isTrue();

            client.ping();
            assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
            assertThat(client.messages()).containsExactly("{\"result\":[],\"id\":1}");
            assertThat(exchange.stats().droppedForMessageRate()).isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseTheStream1025ByUrlOrBySubscribe() throws Exception {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false));
        List<String> streams = streams(1025);

        assertThatThrownBy(() -> WsTestClient.handshake(exchange.wsUrl() + "/stream?streams="
                + String.join("/", streams)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> {
                    HttpResponse<?> response = ((WebSocketHandshakeException) e).getResponse();
                    assertThat(response.statusCode()).isEqualTo(400);
                    assertThat(response.body()).isEqualTo("{\"code\":2,\"msg\":\"Invalid request: too many streams\"}");
                });
        List<String> first = streams.subList(0, 1024);
        try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/stream?streams="
                + String.join("/", first.subList(0, 1000)))) {
            client.send(subscribe(first.subList(1000, 1024), 1));
            client.send(subscribe(List.of(streams.get(0), streams.get(1024)), 2));
            client.send(subscribe(List.of(streams.get(0), streams.get(1023)), 3));
            client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":4}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count() == 4);

            assertThat(client.messages().subList(0, 3)).containsExactly("{\"result\":null,\"id\":1}",
                    "{\"error\":{\"code\":2,\"msg\":\"Invalid request: too many streams\"},\"id\":2}",
                    "{\"result\":null,\"id\":3}");
            assertThat(client.messages().get(3)).isEqualTo(ControlRequest.list(first, 4));
            assertThat(client.isConnected()).isTrue();
            assertThat(exchange.sessions()).singleElement()
                    .satisfies(session -> assertThat(session.subscriptions()).isEqualTo(first));
        }
        assertThat(exchange.stats().upgradesRejected()).isEqualTo(1);
    }

    @Test
    void shouldRefuseConnectionAttemptsOverTheLimitWithHttp429() throws Exception {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .connectionAttemptLimit(3, Duration.ofMinutes(5)));

        for (int i = 0; i < 3; i++) {
            try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws/btcusdt@trade")) {
                assertThat(client.isConnected()).isTrue();
            }
        }
        assertThatThrownBy(() -> WsTestClient.handshake(exchange.wsUrl() + "/ws/btcusdt@trade")
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> {
                    HttpResponse<?> response = ((WebSocketHandshakeException) e).getResponse();
                    assertThat(response.statusCode()).isEqualTo(429);
                    assertThat(response.body())
                            .isEqualTo("{\"code\":-1003,\"msg\":\"Too many connection attempts.\"}");
                });
        assertThat(exchange.stats().connectionsAccepted()).isEqualTo(3);
        assertThat(exchange.stats().connectionAttemptsRefused()).isEqualTo(1);
    }

    /** {@code n} well-formed stream names of symbols the exchange does not list (accepted, silent). */
    private static List<String> streams(int n) {
        List<String> streams = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            streams.add(String.format(Locale.ROOT, "x%04dusdt@trade", i));
        }
        return streams;
    }

    private static String subscribe(List<String> streams, int id) {
        return "{\"method\":\"SUBSCRIBE\",\"params\":[\"" + String.join("\",\"", streams) + "\"],\"id\":" + id + "}";
    }
}
