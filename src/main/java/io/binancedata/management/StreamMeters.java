package io.binancedata.management;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.binancedata.stream.ClusterMembership;
import io.binancedata.stream.ConnectionCounts;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamListener;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.stream.SymbolSetCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import org.apache.camel.CamelContext;

/**
 * Micrometer meters per stream, each reading its {@link StreamStatus} when scraped (no second copy of the counters).
 * Registered when a stream's route is added, removed with the route. The {@link MeterRegistry} is the one Camel
 * Main binds when {@code camel.metrics.enabled=true} (camel-micrometer-prometheus); without one, nothing is registered.
 * Prometheus names: {@code binance_stream_messages_total}, {@code _bytes_total}, {@code _dead_lettered_total},
 * {@code _reconnects_total}, {@code _rotations_total}, {@code _stall_probes_total}, {@code _data_stalls_total},
 * {@code _backfilled_total}, {@code _duplicates_total},
 * {@code _gaps_unfilled_total}, {@code _gap_retries_total}, {@code _negative_lag_total}, {@code binance_stream_state} (one series per state, 1 for
 * the current one) and {@code binance_stream_last_lag_seconds}; tags {@code stream, symbol, kind, interval}.
 *
 * <p>When the registry is Prometheus', the context's start ({@link #registerGlobal}) also registers the collectors
 * Micrometer cannot express: the histograms {@code binance_stream_lag_seconds} and
 * {@code binance_stream_delivery_seconds} ({@link LagHistograms}, kept in step with the streams here) and the per-sink
 * counters {@code binance_sink_*} ({@link SinkMetrics}).
 */
public final class StreamMeters implements StreamListener {
    private final CamelContext camel;
    private final Map<String, List<Meter>> byStream = new ConcurrentHashMap<>();
    private final LagHistograms lagHistograms = LagHistograms.lag();
    private final LagHistograms deliveryHistograms = LagHistograms.delivery();
    private volatile MeterRegistry meters;

    private final SymbolSetCounts symbolSets;
    private final ConnectionCounts connectionCounts;
    private final IntSupplier gapFillsWaiting;
    private final Supplier<ClusterMembership> cluster;
    private final LongSupplier deadLettersLost;

    /**
     * @param symbolSets       what the symbol sets ({@code *}) start and stop, exported by {@link #registerGlobal}
     * @param connectionCounts the shared connections open, exported with them
     * @param gapFillsWaiting  gaps queued for the gap fetcher now, exported with them
     * @param cluster          this instance's part of a cluster, null without one, exported with them
     * @param deadLettersLost  frames the dead letter could not take, exported with them
     */
    public StreamMeters(CamelContext camel, SymbolSetCounts symbolSets, ConnectionCounts connectionCounts,
                        IntSupplier gapFillsWaiting, Supplier<ClusterMembership> cluster,
                        LongSupplier deadLettersLost) {
        this.camel = camel;
        this.symbolSets = symbolSets;
        this.connectionCounts = connectionCounts;
        this.gapFillsWaiting = gapFillsWaiting;
        this.cluster = cluster;
        this.deadLettersLost = deadLettersLost;
    }

    /**
     * The product's meters that belong to no stream — the sink collectors, the symbol sets, the shared connections,
     * the gap fetcher's queue, the cluster gauges — registered once, when the context starts (a cluster's standby runs
     * no stream, yet has these); nothing without a registry.
     */
    public void registerGlobal() {
        meters();
    }

    /**
     * The cluster gauges: the groups the streams are split into and those this instance leads, 0 and 0 without a
     * cluster, and the streams a hot standby keeps; and the counter of batches dropped by the fence.
     */
    private static void registerCluster(MeterRegistry registry, Supplier<ClusterMembership> cluster) {
        Gauge.builder("binance.cluster.groups", cluster, c -> c.get() == null ? 0 : c.get().groups())
                .description("groups the configured streams are split into (binance.cluster.groups); 0: no cluster")
                .register(registry);
        Gauge.builder("binance.cluster.groups.owned", cluster, c -> c.get() == null ? 0 : c.get().owned().size())
                .description("groups this instance leads and runs the streams of").register(registry);
        Gauge.builder("binance.cluster.standby.streams", cluster, c -> c.get() == null ? 0 : c.get().standbyStreams())
                .description("streams this hot standby keeps for a take-over (binance.cluster.hot-standby)")
                .register(registry);
        Gauge.builder("binance.cluster.standby.frames", cluster, c -> c.get() == null ? 0 : c.get().standbyFrames())
                .description("frames this hot standby keeps for a take-over, all streams together (~0.5 KB each)")
                .register(registry);
        FunctionCounter.builder("binance.cluster.fenced.batches", cluster,
                        c -> c.get() == null ? 0 : c.get().fencedBatches())
                .description("batches the Kafka sinks dropped because another instance had taken their group")
                .register(registry);
    }

    private synchronized MeterRegistry meters() {
        MeterRegistry m = meters;
        if (m == null) {
            m = camel.getRegistry().findSingleByType(MeterRegistry.class);
            if (m instanceof PrometheusMeterRegistry prometheus) {
                prometheus.getPrometheusRegistry().register(lagHistograms);
                prometheus.getPrometheusRegistry().register(deliveryHistograms);
                prometheus.getPrometheusRegistry().register(new SinkMetrics(camel));
            }
            if (m != null) {
                registerSymbolSets(m);
                Gauge.builder("binance.shared.connections", connectionCounts, ConnectionCounts::shared)
                        .description("combined-stream connections open (binance.connection.max-streams above 1)")
                        .register(m);
                Gauge.builder("binance.gap.fills.waiting", gapFillsWaiting, IntSupplier::getAsInt)
                        .description("gaps waiting to be fetched over REST: for their turn, the weight budget or a retry")
                        .register(m);
                registerCluster(m, cluster);
                FunctionCounter.builder("binance.dead.letters.lost", deadLettersLost, LongSupplier::getAsLong)
                        .description("frames the dead letter could not take (its write failed): lost to it, not"
                                + " counted as dead-lettered")
                        .register(m);
            }
            meters = m;
        }
        return m;
    }

    private void registerSymbolSets(MeterRegistry registry) {
        for (StreamKind kind : StreamKind.values()) {
            FunctionCounter.builder("binance.symbol.set.started", symbolSets, c -> c.started(kind))
                    .description("streams a * symbol list started for symbols newly TRADING")
                    .tag("kind", kind.code()).register(registry);
            FunctionCounter.builder("binance.symbol.set.stopped", symbolSets, c -> c.stopped(kind))
                    .description("streams a * symbol list stopped for symbols no longer TRADING")
                    .tag("kind", kind.code()).register(registry);
        }
    }

    /** The tags of every meter of a stream: stream (id), symbol, kind, interval (empty for trades). */
    static String[] tags(StreamKey key) {
        return new String[] {"stream", key.id(), "symbol", key.symbol(),
            "kind", key.kind().name().toLowerCase(Locale.ROOT),
            "interval", key.interval() == null ? "" : key.interval()};
    }

    static Labels labels(StreamKey key) {
        return Labels.of(tags(key));
    }

    @Override
    public void started(StreamStatus status) {
        MeterRegistry registry = meters();
        if (registry == null) {
            return;
        }
        StreamKey key = status.key();
        removed(key.id());
        Tags tags = Tags.of(tags(key));
        List<Meter> list = new ArrayList<>();
        list.add(counter(registry, "messages", "Frames delivered to the sinks", null, tags, status, StreamStatus::messages));
        list.add(counter(registry, "batches", "Batches (exchanges) the sinks accepted", null, tags, status,
                StreamStatus::batches));
        list.add(counter(registry, "bytes", "SBE bytes delivered", null, tags, status, StreamStatus::bytes));
        list.add(counter(registry, "dead.lettered", "Frames sent to the dead-letter sink", null, tags, status,
                StreamStatus::deadLettered));
        list.add(counter(registry, "delivery.failed", "Frames a sink refused (dead-lettered, not delivered)", null,
                tags, status, StreamStatus::deliveryFailed));
        list.add(counter(registry, "reconnects", "Reconnects after lost connections", null, tags, status,
                StreamStatus::reconnects));
        list.add(counter(registry, "rotations", "Scheduled connection rotations", null, tags, status,
                StreamStatus::rotations));
        list.add(counter(registry, "stall.probes", "Latest-trade requests sent because the stream had no data frame "
                + "for binance.watchdog.data-silence", null, tags, status, StreamStatus::stallProbes));
        list.add(counter(registry, "data.stalls", "Connections replaced because the exchange had newer trades than "
                + "the silent stream delivered", null, tags, status, StreamStatus::dataStalls));
        list.add(counter(registry, "backfilled", "Events fetched over REST to fill gaps", null, tags, status,
                StreamStatus::backfilled));
        list.add(counter(registry, "spilled", "Frames that went to the stream's spill on disk because the route was "
                + "behind", null, tags, status, StreamStatus::spilled));
        list.add(counter(registry, "spill.full", "Times the spill reached its bound and the socket was not read", null,
                tags, status, StreamStatus::spillFull));
        list.add(counter(registry, "duplicates", "Frames dropped as already delivered", null, tags, status,
                StreamStatus::duplicates));
        list.add(counter(registry, "gaps.unfilled", "Gaps that could not be filled", null, tags, status,
                StreamStatus::gapsUnfilled));
        list.add(counter(registry, "gap.retries", "Gap fetches made again after a failed one", null, tags, status,
                StreamStatus::gapRetries));
        list.add(counter(registry, "negative.lag", "Events whose exchange time was after their receive time "
                + "(clock skew), counted as lag 0", null, tags, status, s -> s.lagHistogram().negative()));
        for (StreamState state : StreamState.values()) {
            list.add(Gauge.builder("binance.stream.state", status, s -> s.state() == state ? 1 : 0)
                    .description("1 for the stream's current state, 0 for the others")
                    .tags(tags).tag("state", state.name()).register(registry));
        }
        list.add(Gauge.builder("binance.stream.state.duration", status,
                        s -> Math.max(0, System.currentTimeMillis() - s.stateSinceMillis()) / 1e3)
                .description("Time since the stream entered its current state")
                .baseUnit("seconds").tags(tags).register(registry));
        list.add(Gauge.builder("binance.stream.last.lag", status,
                        s -> s.lastEventTimeMicros() < 0 ? Double.NaN : s.lagMicros() / 1e6)
                .description("Receive time minus exchange event time of the last delivered event")
                .baseUnit("seconds").tags(tags).register(registry));
        byStream.put(key.id(), list);
        lagHistograms.add(status);
        deliveryHistograms.add(status);
    }

    private static Meter counter(MeterRegistry registry, String name, String description, String unit, Tags tags,
            StreamStatus status, ToDoubleFunction<StreamStatus> read) {
        return FunctionCounter.builder("binance.stream." + name, status, read).description(description)
                .baseUnit(unit).tags(tags).register(registry);
    }

    @Override
    public void removed(String streamId) {
        lagHistograms.remove(streamId);
        deliveryHistograms.remove(streamId);
        List<Meter> list = byStream.remove(streamId);
        MeterRegistry registry = meters;
        if (list != null && registry != null) {
            list.forEach(registry::remove);
        }
    }
}
