package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.WebSocketSession;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.FakeMarketAndProduct;
import io.binancedata.support.SbeFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rotation, serverShutdown, the stall watchdog and the FAILED cool-down, against a fake exchange whose market runs on
 * one clock (trades happen whether or not anyone is connected), 20 times faster than recorded.
 */
class SupervisionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private FakeMarketAndProduct market;
    private FakeExchange exchange;
    private BinanceData binance;

    private void start(Map<String, String> extra) {
        market = FakeMarketAndProduct.start(dir, extra);
        exchange = market.exchange();
        binance = market.binance();
    }

    private void stopProduct() {
        market.stopProduct();
    }

    @AfterEach
    void stop() {
        if (market != null) {
            market.close();
        }
    }

    private List<WebSocketSession> openSessions() {
        return exchange.sessions().stream().filter(WebSocketSession::isOpen).toList();
    }

    /** Trade ids written for BTCUSDT are consecutive, each exactly once. */
    private List<JsonNode> assertConsecutiveTrades() {
        List<JsonNode> trades = SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"));
        assertThat(trades).isNotEmpty();
        long first = trades.get(0).get("tradeId").asLong();
        for (int i = 0; i < trades.size(); i++) {
            assertThat(trades.get(i).get("tradeId").asLong()).as("trade #" + i).isEqualTo(first + i);
        }
        return trades;
    }

    /**
     * Make-before-break rotation, of a stream's own connection (max-streams 1) and of a shared combined-stream one
     * (10): the new connection carries the stream while the old one still delivers, the stream takes over there,
     * then the old one closes.
     */
    @ParameterizedTest(name = "max-streams {0}")
    @ValueSource(ints = {1, 10})
    void shouldRotateMakeBeforeBreakWithoutGapOrDuplicate(int maxStreams) {
        start(Map.of("binance.rotation.interval", "2s", "binance.connection.max-streams", Integer.toString(maxStreams)));
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.rotations() >= 3);
        await().atMost(TIMEOUT).until(() -> openSessions().size() == 1);
        stopProduct();
        assertThat(exchange.sessions()).allMatch(session -> session.isCombined() == maxStreams > 1);
        assertThat(status.reconnects()).isZero();
        assertThat(status.gapsUnfilled()).isZero();
        assertThat(exchange.stats().connectionsAccepted()).isGreaterThanOrEqualTo(4);
        assertConsecutiveTrades();
    }

    @ParameterizedTest(name = "max-streams {0}")
    @ValueSource(ints = {1, 10})
    void shouldRotateAtOnceOnServerShutdown(int maxStreams) {
        start(Map.of("binance.connection.max-streams", Integer.toString(maxStreams)));
        exchange.faults().serverShutdownAfterFrames(50, 1);
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.rotations() == 1 && status.messages() > 100);
        assertThat(status.reconnects()).isZero();
        assertThat(status.gapsUnfilled()).isZero();
        stopProduct();
        assertConsecutiveTrades();
    }

    @Test
    void shouldReconnectAndBackfillWhenTheServerEndsAConnectionAtItsLifetime() {
        market = FakeMarketAndProduct.start(dir, Map.of("binance.reconnect.delay", "300ms"),
                FakeExchangeOptions.defaults().connectionLifetime(Duration.ofMillis(1500)));
        exchange = market.exchange();
        binance = market.binance();
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.reconnects() >= 3 && status.state() == StreamState.STREAMING);
        stopProduct();
        assertThat(status.lastError()).contains("code 1000");
        assertThat(status.backfilled()).isPositive();
        assertThat(status.gapsUnfilled()).isZero();
        assertConsecutiveTrades();
    }

    @Test
    void shouldReconnectAStreamThatGoesSilentWithoutPings() {
        start(Map.of("binance.watchdog.silence", "1s"));
        exchange.faults().stallAfterFrames(20, false, 1);
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.reconnects() == 1 && status.state() == StreamState.STREAMING
                && status.messages() > 40);
        assertThat(status.lastError()).startsWith("stalled: no frame or ping for");
    }

    @Test
    void shouldNotTakeAQuietTradeStreamThatStillGetsPingsForADeadConnection() {
        // only the ping-counting watchdog here: data-stall probes (DataStallTest) would find this subscription silent
        start(Map.of("binance.watchdog.silence", "2s", "binance.watchdog.data-silence", "1h"));
        exchange.faults().stallAfterFrames(20, true, 1);
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        long pings = status.pings();
        await().atMost(TIMEOUT).until(() -> status.pings() >= pings + 10);
        assertThat(status.state()).isEqualTo(StreamState.STREAMING);
        assertThat(status.reconnects()).isZero();
    }

    @Test
    void shouldReconnectWithinPingAndDeadlineAConnectionThatStopsAnsweringWithoutClosing() {
        StreamStatus status = streamUntilTheConnectionStopsAnswering(Map.of());
        assertThat(status.lastError()).matches("stalled: no pong to the client's ping for \\d{4} ms; attempt 1/5 in "
                + "\\d+ ms");
        assertThat(exchange.sessions().get(0).framesSent()).isEqualTo(50);
        assertThat(status.dataStalls()).isZero();
    }

    @Test
    void shouldReplaceWithinPingAndDeadlineASharedConnectionThatStopsAnsweringWithoutClosing() {
        // the same keys on a shared connection (it pinged every 20 s and waited 30 s, whatever they said, before)
        StreamStatus status = streamUntilTheConnectionStopsAnswering(Map.of("binance.connection.max-streams", "200"));
        assertThat(status.lastError()).contains("no pong within 1000 ms");
    }

    /**
     * Streams BTCUSDT with client pings every second and a pong deadline of a second (and no data-stall probe) until
     * the exchange stops answering the first connection without closing it after 50 frames; asserts the connection
     * was replaced within ping + deadline (+ the supervisor's 1 s tick), far below binance.watchdog.silence (60 s),
     * and every trade written once, in order, no gap left.
     */
    private StreamStatus streamUntilTheConnectionStopsAnswering(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(Map.of("binance.watchdog.client-ping", "1s", "binance.watchdog.pong-deadline", "1s",
                "binance.watchdog.data-silence", "1h"));
        start(all);
        exchange.faults().unresponsiveAfterFrames(50, 1);
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> !exchange.sessions().isEmpty() && exchange.sessions().get(0).isUnresponsive());
        long unresponsiveAt = System.nanoTime();

        await().atMost(TIMEOUT).until(() -> status.reconnects() == 1);
        long detectedAfter = Duration.ofNanos(System.nanoTime() - unresponsiveAt).toMillis();
        await().atMost(TIMEOUT).until(() -> status.state() == StreamState.STREAMING && status.messages() > 200);
        stopProduct();
        assertThat(detectedAfter).as("client ping (1s) + pong deadline (1s) + the supervisor's 1s tick")
                .isLessThan(10_000);
        assertThat(status.gapsUnfilled()).isZero();
        assertConsecutiveTrades();
        return status;
    }

    @Test
    void shouldRetryAFailedStreamAtTheCoolDownCadence() {
        start(Map.of("binance.reconnect.max-attempts", "1", "binance.reconnect.cool-down", "500ms"));
        exchange.faults().rejectUpgrades(4, 503);
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.state() == StreamState.FAILED);
        await().atMost(TIMEOUT).until(() -> status.state() == StreamState.STREAMING && status.messages() > 0);
        assertThat(exchange.stats().upgradesRejected()).isEqualTo(4);
    }
}
