package io.binancedata.fake;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TradeStreamTest {
    private FakeExchange exchange;

    @BeforeEach
    void start() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tape(TestData.btcusdt()).tapes(TradeTape.bundled().subList(1, 3)));
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    @Test
    void shouldReplayAllRecordedBtcusdtTradesByteExactAndInOrderThenKeepTheSocketOpen() throws Exception {
        List<String> expected = TestData.recordedData("btcusdt@trade", TestData.btcusdtFiles());
        assertThat(expected).hasSize(TestData.BTC_TRADES);

        try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws/btcusdt@trade")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> client.count() >= expected.size());

            assertThat(client.messages()).isEqualTo(expected);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> client.isConnected() && client.count() == expected.size());
            assertThat(exchange.sessions()).singleElement().satisfies(session -> {
                assertThat(session.isOpen()).isTrue();
                assertThat(session.framesSent()).isEqualTo(TestData.BTC_TRADES);
            });
            assertThat(exchange.stats().framesSent("btcusdt@trade")).isEqualTo(TestData.BTC_TRADES);
            assertThat(exchange.stats().connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void shouldServeTheNonAsciiSymbolOnAPercentEncodedPath() throws Exception {
        String stream = URLEncoder.encode("币安人生usdt", StandardCharsets.UTF_8) + "@trade";
        TradeTape tape = TradeTape.bundled().get(2);

        try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws/" + stream)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> client.count() >= tape.size());

            assertThat(client.messages()).isEqualTo(tape.frames());
            assertThat(client.messages().get(0)).contains("\"s\":\"币安人生USDT\"");
            assertThat(exchange.sessions()).singleElement().extracting(WebSocketSession::streams)
                    .isEqualTo(List.of("币安人生usdt@trade"));
        }
    }

    @Test
    void shouldAcceptAWellFormedStreamForAnUnknownSymbolAndSendNothing() throws Exception {
        try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws/nosuchusdt@trade")) {
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> client.isConnected() && client.count() == 0);

            assertThat(exchange.stats().connectionsAccepted()).isEqualTo(1);
            assertThat(exchange.sessions()).singleElement().extracting(WebSocketSession::framesSent).isEqualTo(0L);
        }
    }

    @Test
    void shouldRejectMalformedStreamNamesWithHttp400() {
        for (String path : List.of("/ws/BTCUSDT@trade", "/ws/btcusdt@kline_1H", "/ws/btcusdt@trades", "/ws/",
                "/stream?streams=btcusdt@trade/ethusdt@bogus")) {
            assertThatThrownBy(() -> WsTestClient.handshake(exchange.wsUrl() + path)
                    .get(10, TimeUnit.SECONDS))
                    .as(path)
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                            .isEqualTo(400));
        }
        assertThat(exchange.stats().upgradesRejected()).isEqualTo(5);
        assertThat(exchange.stats().connectionsAccepted()).isZero();
    }

    @Test
    void shouldWrapEventsOnACombinedStream() throws Exception {
        TradeTape eth = TradeTape.bundled().get(1);
        String url = exchange.wsUrl() + "/stream?streams=btcusdt@trade/ethusdt@trade";

        try (WsTestClient client = WsTestClient.connect(url)) {
            int total = TestData.BTC_TRADES + eth.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> client.count() >= total);

            List<String> messages = client.messages();
            assertThat(messages).hasSize(total);
            assertThat(messages).filteredOn(m -> m.startsWith("{\"stream\":\"ethusdt@trade\",\"data\":"))
                    .map(m -> m.substring("{\"stream\":\"ethusdt@trade\",\"data\":".length(), m.length() - 1))
                    .isEqualTo(eth.frames());
            assertThat(messages).filteredOn(m -> m.startsWith("{\"stream\":\"btcusdt@trade\",\"data\":"))
                    .hasSize(TestData.BTC_TRADES);
            assertThat(exchange.stats().framesSent("ethusdt@trade")).isEqualTo(eth.size());
        }
    }
}
