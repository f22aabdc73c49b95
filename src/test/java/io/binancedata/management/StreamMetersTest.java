package io.binancedata.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.Prometheus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stream meters and the lag histogram as a Prometheus scrape shows them, read from the streams' statuses. */
class StreamMetersTest {
    private static final long RECEIVE = 1_723_161_300_000_000L;
    private static final Map<String, String> BTC = Map.of("stream", "trade-btcusdt", "symbol", "BTCUSDT",
            "kind", "trade", "interval", "");
    private static final Map<String, String> ETH = Map.of("stream", "kline-ethusdt-1m", "symbol", "ETHUSDT",
            "kind", "kline", "interval", "1m");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final io.binancedata.stream.ConnectionCounts connections = new io.binancedata.stream.ConnectionCounts();
    private final java.util.concurrent.atomic.AtomicInteger gapsWaiting = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong deadLettersLost = new java.util.concurrent.atomic.AtomicLong();
    private final StreamMeters meters;

    StreamMetersTest() {
        camel.getRegistry().bind("metricsRegistry", registry);
        meters = new StreamMeters(camel, new io.binancedata.stream.SymbolSetCounts(), connections, gapsWaiting::get,
                () -> null, deadLettersLost::get);
    }

    @Test
    void shouldExportTheFramesLostToTheDeadLetter() {
        meters.registerGlobal();
        assertThat(scrape().value("binance_dead_letters_lost_total", Map.of())).isZero();
        deadLettersLost.set(3);
        assertThat(scrape().value("binance_dead_letters_lost_total", Map.of())).isEqualTo(3);
    }

    @Test
    void shouldExportTheGapsWaitingToBeFetched() {
        meters.started(new StreamStatus(StreamKey.trade("BTCUSDT")));
        assertThat(scrape().value("binance_gap_fills_waiting", Map.of())).isZero();
        gapsWaiting.set(1_200);
        assertThat(scrape().value("binance_gap_fills_waiting", Map.of())).isEqualTo(1_200);
    }

    @Test
    void shouldExportTheSharedConnectionsOpenNow() {
        meters.started(new StreamStatus(StreamKey.trade("BTCUSDT")));
        assertThat(scrape().value("binance_shared_connections", Map.of())).isZero();
        java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger(2);
        connections.countSharedWith(open::get);
        assertThat(scrape().value("binance_shared_connections", Map.of())).isEqualTo(2);
        open.decrementAndGet();
        assertThat(scrape().value("binance_shared_connections", Map.of())).isEqualTo(1);
        connections.countSharedWith(null);
        assertThat(scrape().value("binance_shared_connections", Map.of())).isZero();
    }

    @Test
    void shouldExportTheMetersOfNoStreamBeforeAnyStreamRunsAndOnlyOnce() {
        io.binancedata.stream.ClusterMembership standby = new io.binancedata.stream.ClusterMembership() {
            public String node() {
                return "b";
            }

            public int groups() {
                return 8;
            }

            public java.util.SortedMap<Integer, Long> owned() {
                return new java.util.TreeMap<>(Map.of(3, 1L));
            }

            public boolean connected() {
                return true;
            }

            public boolean leads(int group) {
                return group == 3;
            }

            public void continueWhereWritesEnded(java.util.List<io.binancedata.stream.StreamKey> keys) {
                throw new UnsupportedOperationException();
            }

            public java.util.Optional<String> leaderOf(int group) {
                return java.util.Optional.empty();
            }

            public long fencedBatches() {
                return 5;
            }

            public int standbyStreams() {
                return 3;
            }

            public long standbyFrames() {
                return 1234;
            }
        };
        StreamMeters clustered = new StreamMeters(camel, new io.binancedata.stream.SymbolSetCounts(), connections,
                gapsWaiting::get, () -> standby, deadLettersLost::get);
        clustered.registerGlobal();
        clustered.registerGlobal();
        String text = registry.scrape();
        assertThat(Prometheus.parse(text).value("binance_cluster_groups", Map.of())).isEqualTo(8);
        assertThat(Prometheus.parse(text).value("binance_cluster_groups_owned", Map.of())).isEqualTo(1);
        assertThat(Prometheus.parse(text).value("binance_gap_fills_waiting", Map.of())).isZero();
        assertThat(Prometheus.parse(text).value("binance_cluster_fenced_batches_total", Map.of())).isEqualTo(5);
        assertThat(Prometheus.parse(text).value("binance_cluster_standby_streams", Map.of())).isEqualTo(3);
        assertThat(Prometheus.parse(text).value("binance_cluster_standby_frames", Map.of())).isEqualTo(1234);
        assertThat(text.split("# TYPE binance_cluster_groups gauge", -1)).as("registered once").hasSize(2);
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    private Prometheus scrape() {
        return Prometheus.parse(registry.scrape());
    }

    @Test
    void shouldPublishTheLagHistogramCumulativelyWithCountSumAndNegativeLags() {
        StreamStatus btc = new StreamStatus(StreamKey.trade("BTCUSDT"));
        StreamStatus eth = new StreamStatus(StreamKey.kline("ETHUSDT", "1m"));
        meters.started(btc);
        meters.started(eth);
        long[] lags = {500, 1_500, 1_500, 30_000, -200, 120_000_000};
        for (long lag : lags) {
            btc.onMessage(80, RECEIVE - lag, RECEIVE);
        }

        Prometheus p = scrape();
        assertThat(p.family("binance_stream_lag_seconds").type()).isEqualTo("histogram");
        assertThat(p.family("binance_stream_last_lag_seconds").type()).isEqualTo("gauge");
        assertThat(buckets(p, BTC)).containsExactly(2.0, 4.0, 4.0, 4.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0,
                5.0, 5.0, 6.0);
        assertThat(p.find("binance_stream_lag_seconds_bucket", BTC)).extracting(s -> s.labels().get("le"))
                .containsExactly("0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0",
                        "2.5", "5.0", "10.0", "30.0", "60.0", "+Inf");
        assertThat(p.value("binance_stream_lag_seconds_count", BTC)).isEqualTo(6);
        assertThat(p.value("binance_stream_lag_seconds_sum", BTC)).isEqualTo((500 + 1_500 + 1_500 + 30_000
                + 120_000_000) / 1e6);
        assertThat(p.value("binance_stream_negative_lag_total", BTC)).isEqualTo(1);
        assertThat(p.value("binance_stream_last_lag_seconds", BTC)).isEqualTo(120.0);
        assertThat(p.value("binance_stream_messages_total", BTC)).isEqualTo(6);

        assertThat(buckets(p, ETH)).hasSize(16).containsOnly(0.0);
        assertThat(p.value("binance_stream_lag_seconds_count", ETH)).isZero();
        assertThat(p.value("binance_stream_lag_seconds_sum", ETH)).isZero();
        assertThat(p.value("binance_stream_last_lag_seconds", ETH)).as("no event yet").isNaN();
    }

    @Test
    void shouldShowANegativeLastLag() {
        StreamStatus btc = new StreamStatus(StreamKey.trade("BTCUSDT"));
        meters.started(btc);
        btc.onMessage(80, RECEIVE + 2_000, RECEIVE);

        Prometheus p = scrape();
        assertThat(p.value("binance_stream_last_lag_seconds", BTC)).isEqualTo(-0.002);
        assertThat(p.value("binance_stream_lag_seconds_bucket", with(BTC, "le", "0.001"))).isEqualTo(1);
        assertThat(p.value("binance_stream_negative_lag_total", BTC)).isEqualTo(1);
    }

    @Test
    void shouldCountStallProbesAndDataStalls() {
        StreamStatus btc = new StreamStatus(StreamKey.trade("BTCUSDT"));
        meters.started(btc);
        btc.onStallProbe();
        btc.onStallProbe();
        btc.onStallProbe();
        btc.onDataStall();

        Prometheus p = scrape();
        assertThat(p.family("binance_stream_stall_probes_total").type()).isEqualTo("counter");
        assertThat(p.value("binance_stream_stall_probes_total", BTC)).isEqualTo(3);
        assertThat(p.family("binance_stream_data_stalls_total").type()).isEqualTo("counter");
        assertThat(p.value("binance_stream_data_stalls_total", BTC)).isEqualTo(1);
        assertThat(btc.row()).containsEntry("stallProbes", 3L).containsEntry("dataStalls", 1L);
    }

    @Test
    void shouldRemoveEverySeriesOfARemovedStream() {
        StreamStatus btc = new StreamStatus(StreamKey.trade("BTCUSDT"));
        StreamStatus eth = new StreamStatus(StreamKey.kline("ETHUSDT", "1m"));
        meters.started(btc);
        meters.started(eth);
        btc.onMessage(80, RECEIVE - 1_000, RECEIVE);

        meters.removed("trade-btcusdt");
        Prometheus p = scrape();
        assertThat(p.samples()).filteredOn(s -> "trade-btcusdt".equals(s.labels().get("stream"))).isEmpty();
        assertThat(p.value("binance_stream_lag_seconds_count", ETH)).isZero();

        meters.removed("kline-ethusdt-1m");
        assertThat(scrape().samples()).as("per-stream series; the symbol sets' process-wide counters stay")
                .filteredOn(s -> s.name().startsWith("binance_stream_")).isEmpty();
        assertThat(scrape().family("binance_stream_lag_seconds")).isNull();

        StreamStatus again = new StreamStatus(StreamKey.trade("BTCUSDT"));
        meters.started(again);
        assertThat(scrape().value("binance_stream_lag_seconds_count", BTC)).as("a restarted stream starts afresh")
                .isZero();
    }

    private static List<Double> buckets(Prometheus p, Map<String, String> labels) {
        return p.find("binance_stream_lag_seconds_bucket", labels).stream().map(Prometheus.Sample::value).toList();
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> copy = new HashMap<>(labels);
        copy.put(key, value);
        return copy;
    }
}
