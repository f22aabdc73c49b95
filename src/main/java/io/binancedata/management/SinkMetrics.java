package io.binancedata.management;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.binancedata.sink.SbeFileEndpoint;
import io.binancedata.sink.SinkName;
import io.binancedata.spool.SpoolCounters;
import io.binancedata.spool.SpoolEndpoint;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;

/**
 * Per-sink counters, read when scraped from the sink endpoints the CamelContext holds (started {@code sbe-file:}
 * endpoints and {@code spool:} endpoints guarding network sinks), so a sink whose endpoint is gone leaves no series.
 * One label, {@code sink}: the sink's URI as {@link SinkName} shows it (no query, no user information); endpoints
 * that share a name are added up. A spooled sink is named by the sink it guards, not by its {@code spool:} URI.
 *
 * <ul>
 *   <li>{@code binance_sink_delivered_total}: messages the sink accepted (for a spooled sink: directly or later
 *       from the spool);</li>
 *   <li>{@code binance_sink_failed_total}: failed deliveries (file sink: messages not written; spooled sink: failed
 *       attempts, each retry counted);</li>
 *   <li>{@code binance_sink_spooled_total}, {@code binance_sink_spool_messages}, {@code binance_sink_spool_bytes}:
 *       spooled sinks only: messages written to the spool, and messages and bytes waiting in it now.</li>
 * </ul>
 * Sinks of other kinds (a network sink with {@code binance.sink.spool=false}, {@code file:}) have no counters of their
 * own; Camel's {@code camel_exchange_event_notifier_seconds_count{eventType="ExchangeSentEvent"}} counts sends to them.
 */
final class SinkMetrics implements MultiCollector {
    static final String DELIVERED = "binance_sink_delivered";
    static final String FAILED = "binance_sink_failed";
    static final String SPOOLED = "binance_sink_spooled";
    static final String SPOOL_MESSAGES = "binance_sink_spool_messages";
    static final String SPOOL_BYTES = "binance_sink_spool_bytes";

    private final CamelContext camel;

    SinkMetrics(CamelContext camel) {
        this.camel = camel;
    }

    /** One sink's numbers; spool fields stay -1 for a sink without a spool. */
    private static final class Sink {
        long delivered;
        long failed;
        long spooled = -1;
        long spoolMessages = -1;
        long spoolBytes = -1;

        void addSpool(long messages, long spooledMessages, long bytes) {
            spooled = Math.max(spooled, 0) + spooledMessages;
            spoolMessages = Math.max(spoolMessages, 0) + messages;
            spoolBytes = Math.max(spoolBytes, 0) + bytes;
        }
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Sink> sinks = new TreeMap<>();
        for (Endpoint endpoint : camel.getEndpoints()) {
            if (endpoint instanceof SbeFileEndpoint file && file.isStarted()) {
                Sink sink = sinks.computeIfAbsent(SinkName.of("sbe-file:" + file.getDirectory()), n -> new Sink());
                sink.delivered += file.getDeliveredCount();
                sink.failed += file.getFailedCount();
            } else if (endpoint instanceof SpoolEndpoint spool && spool.isStarted()) {
                Sink sink = sinks.computeIfAbsent(SinkName.of(spool.getDelegate()), n -> new Sink());
                SpoolCounters counters = spool.counters();
                sink.delivered += counters.delivered() + counters.redelivered();
                sink.failed += counters.failedAttempts();
                sink.addSpool(spool.getSpoolDepth(), counters.spooled(), spool.getSpoolDepthBytes());
            }
        }
        if (sinks.isEmpty()) {
            return new MetricSnapshots();
        }
        CounterSnapshot.Builder delivered = counter(DELIVERED, "Messages the sink accepted");
        CounterSnapshot.Builder failed = counter(FAILED,
                "Failed deliveries (file sink: messages not written; spooled sink: attempts, retries included)");
        CounterSnapshot.Builder spooled = counter(SPOOLED, "Messages written to the sink's spool");
        GaugeSnapshot.Builder spoolMessages = GaugeSnapshot.builder().name(SPOOL_MESSAGES)
                .help("Messages waiting in the sink's spool");
        GaugeSnapshot.Builder spoolBytes = GaugeSnapshot.builder().name(SPOOL_BYTES).unit(Unit.BYTES)
                .help("Bytes of the messages waiting in the sink's spool");
        boolean anySpool = false;
        for (Map.Entry<String, Sink> entry : sinks.entrySet()) {
            Labels labels = Labels.of("sink", entry.getKey());
            Sink sink = entry.getValue();
            delivered.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(sink.delivered).build());
            failed.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(sink.failed).build());
            if (sink.spooled >= 0) {
                anySpool = true;
                spooled.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(sink.spooled).build());
                spoolMessages.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(sink.spoolMessages)
                        .build());
                spoolBytes.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(sink.spoolBytes).build());
            }
        }
        List<MetricSnapshot> snapshots = anySpool
                ? List.of(delivered.build(), failed.build(), spooled.build(), spoolMessages.build(), spoolBytes.build())
                : List.of(delivered.build(), failed.build());
        return new MetricSnapshots(snapshots);
    }

    private static CounterSnapshot.Builder counter(String name, String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(DELIVERED, FAILED, SPOOLED, SPOOL_MESSAGES, SPOOL_BYTES);
    }
}
