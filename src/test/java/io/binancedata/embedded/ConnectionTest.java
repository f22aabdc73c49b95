package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.binancedata.BinanceData;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.fake.WebSocketSession;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.Product;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binance-ws connection layer against the fake exchange: pings, route stop and start, reconnects. */
class ConnectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private FakeExchange exchange;
    private BinanceData binance;

    @BeforeEach
    void start() {
        // pings every 300 ms: the product's pongs (3.3 a second) and its own pings stay within Binance's 5 incoming
        // messages a second, which the fake exchange enforces
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().pingInterval(Duration.ofMillis(300))
                .pongDeadline(Duration.ofMillis(500)).tapes(TradeTape.bundled()));
        binance = Product.startOwnConnections(exchange, dir);
    }

    @AfterEach
    void stop() {
        binance.close();
        exchange.close();
    }

    private List<WebSocketSession> openSessions() {
        return exchange.sessions().stream().filter(WebSocketSession::isOpen).toList();
    }

    @Test
    void shouldAnswerServerPingsAndCountThemAsLiveness() {
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.pings() >= 15 && exchange.stats().pongsReceived() >= 15);
        WebSocketSession session = openSessions().get(0);
        assertThat(session.lastPongPayload()).isPresent();
        assertThat(status.reconnects()).as("every ping answered within the exchange's 500 ms deadline").isZero();
        assertThat(exchange.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void shouldCloseTheSocketWhenTheRouteIsStoppedAndReopenItWhenStarted() throws Exception {
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.state() == StreamState.STREAMING && openSessions().size() == 1);

        binance.camelContext().getRouteController().stopRoute("trade-btcusdt");
        await().atMost(TIMEOUT).until(() -> openSessions().isEmpty());
        assertThat(status.state()).isEqualTo(StreamState.STOPPED);

        binance.camelContext().getRouteController().startRoute("trade-btcusdt");
        await().atMost(TIMEOUT).until(() -> status.state() == StreamState.STREAMING && openSessions().size() == 1);
        assertThat(binance.camelContext().getRouteController().getRouteStatus("trade-btcusdt"))
                .isEqualTo(ServiceStatus.Started);
    }

    @Test
    void shouldReconnectAfterAConnectionReset() {
        exchange.faults().resetAfterFrames(20, 1);
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.reconnects() == 1 && status.state() == StreamState.STREAMING
                && status.messages() > 20);
        assertThat(status.lastError()).contains("code 1006");
        assertThat(exchange.stats().connectionsAccepted()).isEqualTo(2);
        assertThat(openSessions()).hasSize(1);
    }

    @Test
    void shouldRetryARefusedUpgradeAndThenStream() {
        exchange.faults().rejectUpgrades(2, 503);
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.state() == StreamState.STREAMING && status.messages() > 0);
        assertThat(status.reconnects()).isEqualTo(2);
        assertThat(exchange.stats().upgradesRejected()).isEqualTo(2);
    }
}
