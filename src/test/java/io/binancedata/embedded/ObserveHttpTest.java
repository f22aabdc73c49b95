package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.binancedata.BeanWiring;
import io.binancedata.control.StreamManager;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.LagHistogram;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.LogCapture;
import io.binancedata.support.MainProcess;
import io.binancedata.support.Prometheus;
import io.binancedata.support.SbeFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.ManagementStatisticsLevel;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /observe/health and /observe/metrics of the shipped Camel Main configuration, read with a real HTTP client; every
 * scrape is checked against the Prometheus text format ({@link Prometheus#parse}).
 */
class ObserveHttpTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Long enough for a spooled sink's circuit breaker to probe again (10 s open) and drain. */
    private static final Duration SPOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final int FRAMES = 120;
    private static final Map<String, String> BTC = Map.of("stream", "trade-btcusdt", "symbol", "BTCUSDT",
            "kind", "trade");

    @TempDir
    Path dir;
    private FakeExchange exchange;
    private MainProcess main;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startExchange() {
        List<String> btc = TradeTape.bundled().get(0).frames().subList(0, FRAMES);
        TradeTape eth = TradeTape.bundled().get(1);
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tape(TradeTape.ofFrames("BTCUSDT", btc)).tape(eth));
    }

    /** Starts the shipped Camel Main against the fake exchange, with these keys overridden too. */
    private void startMain(Map<String, String> extra) {
        port = MainProcess.freePort();
        Map<String, String> overrides = MainProcess.settings(exchange, dir, port);
        overrides.put("binance.reconnect.max-attempts", "0");
        overrides.putAll(extra);
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
        return main.camelContext().getRegistry().lookupByNameAndType(BeanWiring.STREAM_MANAGER, StreamManager.class);
    }

    @Test
    void shouldServeStreamMetricsReadFromTheStreamStatus() throws Exception {
        startMain(Map.of());
        await().atMost(TIMEOUT).until(() -> metrics().find("binance_stream_messages_total", BTC).stream()
                .anyMatch(s -> s.value() == FRAMES));
        StreamStatus status = manager().registry().status("trade-btcusdt");
        long before = System.currentTimeMillis();
        Prometheus m = metrics();
        long after = System.currentTimeMillis();
        assertThat(m.value("binance_stream_messages_total", BTC)).isEqualTo(FRAMES);
        assertThat(m.value("binance_stream_bytes_total", BTC)).isEqualTo(status.bytes()).isPositive();
        assertThat(m.value("binance_stream_batches_total", BTC)).isEqualTo(status.batches())
                .isBetween(1.0, (double) FRAMES);
        assertThat(m.value("binance_stream_dead_lettered_total", BTC)).isZero();
        assertThat(m.value("binance_stream_reconnects_total", BTC)).isZero();
        assertThat(m.value("binance_stream_rotations_total", BTC)).isZero();
        assertThat(m.value("binance_stream_backfilled_total", BTC)).isZero();
        assertThat(m.value("binance_stream_duplicates_total", BTC)).isZero();
        assertThat(m.value("binance_stream_negative_lag_total", BTC)).isZero();
        assertThat(m.value("binance_stream_last_lag_seconds", BTC)).isEqualTo(status.lagMicros() / 1e6);
        assertThat(m.find("binance_stream_state", BTC)).hasSize(StreamState.values().length);
        assertThat(m.value("binance_stream_state", with(BTC, "state", "STREAMING"))).isEqualTo(1);
        assertThat(m.value("binance_stream_state", with(BTC, "state", "FAILED"))).isZero();
        assertThat(m.value("binance_stream_state_duration_seconds", BTC))
                .isBetween((before - status.stateSinceMillis()) / 1e3, (after - status.stateSinceMillis()) / 1e3);
        assertThat(m.find("binance_stream_messages_total", BTC).get(0).labels()).containsEntry("interval", "");

        manager().stopTrades(List.of("BTCUSDT"));
        Prometheus stopped = metrics();
        assertThat(stopped.samples()).filteredOn(s -> "trade-btcusdt".equals(s.labels().get("stream"))).isEmpty();
    }

    @Test
    void shouldServeTheLagAndTheDeliveryTimeOfEveryDeliveredEventAsHistograms() throws Exception {
        startMain(Map.of());
        await().atMost(TIMEOUT).until(() -> metrics().find("binance_stream_lag_seconds_count", BTC).stream()
                .anyMatch(s -> s.value() == FRAMES));
        Prometheus m = metrics();
        assertThat(m.family("binance_stream_lag_seconds").type()).isEqualTo("histogram");

        // The expected histogram, from the receive and event times the file sink wrote for each event
        List<JsonNode> trades = SbeFiles.decode(sbeFiles(dir.resolve("trade/BTCUSDT")));
        assertThat(trades).hasSize(FRAMES);
        LagHistogram scale = new LagHistogram();
        long[] expected = new long[scale.buckets()];
        double sumMicros = 0;
        for (JsonNode trade : trades) {
            long lag = trade.get("receiveTime").asLong() - trade.get("eventTime").asLong();
            int bucket = 0;
            while (lag / 1e6 > scale.upperBoundSeconds(bucket)) {
                bucket++;
            }
            expected[bucket]++;
            sumMicros += lag;
        }
        List<Prometheus.Sample> buckets = m.find("binance_stream_lag_seconds_bucket", BTC);
        assertThat(buckets).hasSize(scale.buckets());
        long cumulative = 0;
        for (int i = 0; i < scale.buckets(); i++) {
            cumulative += expected[i];
            double bound = scale.upperBoundSeconds(i);
            assertThat(buckets.get(i).labels().get("le")).isEqualTo(i == scale.buckets() - 1 ? "+Inf"
                    : String.valueOf(bound));
            assertThat(buckets.get(i).value()).as("le=" + bound).isEqualTo(cumulative);
        }
        assertThat(m.value("binance_stream_lag_seconds_bucket", with(BTC, "le", "+Inf"))).isEqualTo(FRAMES);
        assertThat(m.value("binance_stream_lag_seconds_count", BTC)).isEqualTo(FRAMES);
        assertThat(m.value("binance_stream_lag_seconds_sum", BTC)).isEqualTo(sumMicros / 1e6);

        // how long after its receive time each event was written to the file: every one counted, none before it
        assertThat(m.family("binance_stream_delivery_seconds").type()).isEqualTo("histogram");
        assertThat(m.find("binance_stream_delivery_seconds_bucket", BTC)).hasSize(20);
        assertThat(m.value("binance_stream_delivery_seconds_count", BTC)).isEqualTo(FRAMES);
        assertThat(m.value("binance_stream_delivery_seconds_bucket", with(BTC, "le", "+Inf"))).isEqualTo(FRAMES);
        assertThat(m.value("binance_stream_delivery_seconds_sum", BTC)).isPositive();

        manager().stopTrades(List.of("BTCUSDT"));
        assertThat(metrics().find("binance_stream_lag_seconds_bucket", Map.of("stream", "trade-btcusdt"))).isEmpty();
        assertThat(metrics().find("binance_stream_lag_seconds_count", Map.of("stream", "trade-btcusdt"))).isEmpty();
        assertThat(metrics().find("binance_stream_delivery_seconds_count", Map.of("stream", "trade-btcusdt")))
                .isEmpty();
    }

    @Test
    void shouldServeJvmProcessAndCamelRouteMetrics() throws Exception {
        startMain(Map.of());
        Map<String, String> route = Map.of("routeId", "trade-btcusdt");
        await().atMost(TIMEOUT).until(() -> metrics().find("binance_stream_messages_total", BTC).stream()
                .anyMatch(s -> s.value() == FRAMES));
        Prometheus m = metrics();
        assertThat(m.find("camel_exchanges_total", route))
                .as("no meter-name formatting per exchange: Camel's route policy is off").isEmpty();
        assertThat(m.value("binance_stream_batches_total", BTC)).as("one exchange per batch of frames")
                .isBetween(1.0, (double) FRAMES);
        assertThat(m.find("camel_exchange_event_notifier_seconds_count", Map.of()))
                .as("no per-exchange registry search: the exchange event notifier is off").isEmpty();
        CamelContext camel = main.camelContext();
        assertThat(camel.getManagementStrategy().getManagementAgent().getStatisticsLevel())
                .as("JMX statistics per route, not per processor").isEqualTo(ManagementStatisticsLevel.RoutesOnly);
        ManagedRouteMBean jmxRoute = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("trade-btcusdt");
        assertThat(jmxRoute.getExchangesCompleted()).as("the route's own JMX statistics are kept")
                .isEqualTo(manager().registry().status("trade-btcusdt").batches());
        assertThat(m.find("jvm_memory_used_bytes", Map.of("area", "heap"))).isNotEmpty()
                .allSatisfy(s -> assertThat(s.value()).isNotNegative())
                .anySatisfy(s -> assertThat(s.value()).isPositive());
        assertThat(m.value("jvm_threads_live_threads", Map.of())).isPositive();
        assertThat(m.value("jvm_classes_loaded_classes", Map.of())).isPositive();
        assertThat(m.value("process_uptime_seconds", Map.of())).isPositive();
        assertThat(m.value("process_start_time_seconds", Map.of())).isPositive();
        assertThat(m.value("process_files_open_files", Map.of())).isPositive();
        assertThat(m.find("process_cpu_usage", Map.of())).hasSize(1);
        assertThat(m.family("jvm_gc_memory_allocated_bytes_total").type()).isEqualTo("counter");
        assertThat(m.family("jvm_threads_states_threads").type()).isEqualTo("gauge");
    }

    @Test
    void shouldCountWhatEachSinkDeliveredAndSpooledThroughAnOutageWithoutShowingSecrets() throws Exception {
        HttpSink sink = new HttpSink();
        try (LogCapture logs = new LogCapture("io.binancedata")) {
            sink.failing.set(true);
            String httpSink = sink.url() + "?token=s3cret&httpMethod=POST";
            startMain(Map.of("binance.sink.trade", "sbe-file:" + dir + "," + httpSink));
            Map<String, String> file = Map.of("sink", "sbe-file:" + dir);
            Map<String, String> network = Map.of("sink", sink.url());

            await().atMost(TIMEOUT).until(() -> metrics().find("binance_sink_spooled_total", network).stream()
                    .anyMatch(s -> s.value() == FRAMES));
            Prometheus down = metrics();
            assertThat(down.value("binance_sink_delivered_total", file)).isEqualTo(FRAMES);
            assertThat(down.value("binance_sink_failed_total", file)).isZero();
            assertThat(down.find("binance_sink_spooled_total", file)).as("the file sink has no spool").isEmpty();
            assertThat(down.value("binance_sink_delivered_total", network)).isZero();
            assertThat(down.value("binance_sink_failed_total", network)).as("4 attempts of the first message at least")
                    .isGreaterThanOrEqualTo(4);
            assertThat(down.value("binance_sink_spool_messages", network)).isEqualTo(FRAMES);
            assertThat(down.value("binance_sink_spool_bytes", network)).isPositive();
            assertThat(down.find("binance_sink_delivered_total", Map.of())).extracting(s -> s.labels().get("sink"))
                    .containsExactlyInAnyOrder(file.get("sink"), network.get("sink"));
            assertThat(down.samples()).filteredOn(s -> s.name().startsWith("binance_"))
                    .allSatisfy(s -> assertThat(s.labels().toString()).doesNotContain("s3cret"));

            sink.failing.set(false);
            await().atMost(SPOOL_TIMEOUT).until(() -> metrics().find("binance_sink_spool_messages", network).stream()
                    .anyMatch(s -> s.value() == 0));
            Prometheus up = metrics();
            assertThat(up.value("binance_sink_delivered_total", network)).isEqualTo(FRAMES);
            assertThat(up.value("binance_sink_spooled_total", network)).isEqualTo(FRAMES);
            assertThat(up.value("binance_sink_spool_bytes", network)).isZero();
            assertThat(up.value("binance_sink_failed_total", network))
                    .isGreaterThanOrEqualTo(down.value("binance_sink_failed_total", network));
            assertThat(up.value("binance_sink_delivered_total", file)).isEqualTo(FRAMES);
            assertThat(sink.accepted.get()).isEqualTo(FRAMES);
            assertThat(sink.queries).containsOnly("token=s3cret");
            assertThat(logs.events()).anyMatch(e -> e.startsWith("INFO Stream trade-btcusdt started (btcusdt@trade -> "
                    + "sbe-file:" + dir + ", " + sink.url() + ")"));
            assertThat(logs.events()).anyMatch(e -> e.startsWith("WARN sink http-127.0.0.1-") && e.contains(" failing"));
            assertThat(logs.events()).allSatisfy(e -> assertThat(e).doesNotContain("s3cret"));
        } finally {
            sink.close();
        }
    }

    @Test
    void shouldServeHealthDownWhileAStreamIsFailed() throws Exception {
        startMain(Map.of("binance.connection.max-streams", "1")); // the fault resets the next stream's own connection
        await().atMost(TIMEOUT).until(() -> manager().registry().find("trade-btcusdt")
                .map(st -> st.state() == StreamState.STREAMING).orElse(false));
        HttpResponse<String> up = get("/observe/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).startsWith("{\"status\":\"UP\"").contains("{\"name\":\"binance-streams\",\"status\":\"UP\"");

        // the fault goes to the next connection whose replay starts: BTCUSDT's has started once it sent a frame
        await().atMost(TIMEOUT).until(() -> exchange.stats().framesSent("btcusdt@trade") > 0);
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
        startMain(Map.of());
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

    private static Path[] sbeFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".sbe")).sorted().toArray(Path[]::new);
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> copy = new HashMap<>(labels);
        copy.put(key, value);
        return copy;
    }

    /** A real HTTP sink on 127.0.0.1: answers 503 while {@link #failing}, else accepts (204) and counts. */
    private static final class HttpSink implements AutoCloseable {
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicInteger accepted = new AtomicInteger();
        final List<String> queries = java.util.Collections.synchronizedList(new ArrayList<>());
        private final HttpServer server;

        HttpSink() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/ingest", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    in.readAllBytes();
                }
                if (failing.get()) {
                    exchange.sendResponseHeaders(503, -1);
                } else {
                    queries.add(exchange.getRequestURI().getRawQuery());
                    accepted.incrementAndGet();
                    exchange.sendResponseHeaders(204, -1);
                }
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/ingest";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
