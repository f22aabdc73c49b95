package io.binancedata.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.binancedata.BinanceRuntime;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.StreamManager;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.MainProcess;
import io.binancedata.support.Prometheus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /observe/health and /observe/metrics of the shipped Camel Main configuration, read with a real HTTP client. */
class ObserveHttpTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int FRAMES = 120;

    @TempDir
    Path dir;
    private FakeExchange exchange;
    private MainProcess main;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        List<String> btc = TradeTape.bundled().get(0).frames().subList(0, FRAMES);
        TradeTape eth = TradeTape.bundled().get(1);
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tape(TradeTape.ofFrames("BTCUSDT", btc)).tape(eth));
        port = MainProcess.freePort();
        Map<String, String> overrides = MainProcess.settings(exchange, dir, port);
        overrides.put("binance.reconnect.max-attempts", "0");
        main = MainProcess.start(overrides, TIMEOUT);
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.close();
        }
        exchange.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Prometheus metrics() throws Exception {
        HttpResponse<String> response = get("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return Prometheus.parse(response.body());
    }

    private StreamManager manager() {
        return main.camelContext().getRegistry().lookupByNameAndType(BinanceRuntime.STREAM_MANAGER, StreamManager.class);
    }

    @Test
    void shouldServeStreamMetricsReadFromTheStreamStatus() throws Exception {
        Map<String, String> btc = Map.of("stream", "trade-btcusdt", "symbol", "BTCUSDT", "kind", "trade");
        await().atMost(TIMEOUT).until(() -> metrics().find("binance_stream_messages_total", btc).stream()
                .anyMatch(s -> s.value() == FRAMES));
        StreamStatus status = manager().registry().status("trade-btcusdt");
        Prometheus m = metrics();
        assertThat(m.value("binance_stream_messages_total", btc)).isEqualTo(FRAMES);
        assertThat(m.value("binance_stream_bytes_total", btc)).isEqualTo(status.bytes()).isPositive();
        assertThat(m.value("binance_stream_dead_lettered_total", btc)).isZero();
        assertThat(m.value("binance_stream_reconnects_total", btc)).isZero();
        assertThat(m.value("binance_stream_rotations_total", btc)).isZero();
        assertThat(m.value("binance_stream_backfilled_total", btc)).isZero();
        assertThat(m.value("binance_stream_duplicates_total", btc)).isZero();
        assertThat(m.value("binance_stream_last_lag_seconds", btc)).isEqualTo(status.lagMicros() / 1e6);
        assertThat(m.find("binance_stream_state", btc)).hasSize(StreamState.values().length);
        assertThat(m.value("binance_stream_state", with(btc, "state", "STREAMING"))).isEqualTo(1);
        assertThat(m.value("binance_stream_state", with(btc, "state", "FAILED"))).isZero();
        assertThat(m.find("binance_stream_messages_total", btc).get(0).labels()).containsEntry("interval", "");

        manager().stopTrades(List.of("BTCUSDT"));
        assertThat(metrics().find("binance_stream_messages_total", Map.of("stream", "trade-btcusdt"))).isEmpty();
        assertThat(metrics().find("binance_stream_state", Map.of("stream", "trade-btcusdt"))).isEmpty();
    }

    @Test
    void shouldServeHealthDownWhileAStreamIsFailed() throws Exception {
        await().atMost(TIMEOUT).until(() -> manager().registry().find("trade-btcusdt")
                .map(st -> st.state() == StreamState.STREAMING).orElse(false));
        HttpResponse<String> up = get("/observe/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).startsWith("{\"status\":\"UP\"").contains("{\"name\":\"binance-streams\",\"status\":\"UP\"");

        exchange.faults().resetAfterFrames(5, 1);
        manager().startTrades(List.of("ETHUSDT"), null);
        await().atMost(TIMEOUT).until(() -> manager().registry().status("trade-ethusdt").state() == StreamState.FAILED);
        HttpResponse<String> down = get("/observe/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).startsWith("{\"status\":\"DOWN\"").contains("FAILED: trade-ethusdt");
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
        assertThat(metrics().value("binance_stream_state",
                Map.of("stream", "trade-ethusdt", "state", "FAILED"))).isEqualTo(1);
    }

    @Test
    void shouldListenOnLoopbackOnly() throws Exception {
        assertThat(get("/observe/health").statusCode()).isEqualTo(200);
        java.util.Optional<java.net.InetAddress> external = java.net.NetworkInterface.networkInterfaces()
                .flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(external.isPresent(), "no non-loopback address to try");
        try (java.net.Socket socket = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(
                    new java.net.InetSocketAddress(external.get(), port), 2000))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> copy = new HashMap<>(labels);
        copy.put(key, value);
        return copy;
    }
}
