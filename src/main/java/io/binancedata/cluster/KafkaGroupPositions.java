package io.binancedata.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.binancedata.config.BinanceSettings;
import io.binancedata.config.Setting;
import io.binancedata.rest.MarketDataClient;
import io.binancedata.sink.KafkaPositions;
import io.binancedata.sink.KafkaSinkComponent;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import io.binancedata.threads.DaemonThreads;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a group's streams' writes ended, read from the first {@code kafka:} sink of each kind
 * ({@code binance.sink.trade}, {@code binance.sink.kline}): the last record of each stream in its topic, found with a
 * consumer configured as the sink's camel-kafka endpoint is (brokers, security), so no key of its own is needed.
 */
public final class KafkaGroupPositions implements GroupPositions {
    /** How long one topic's positions may take to read before the take-over is tried again. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(KafkaGroupPositions.class);
    /**
     * Tasks of a take-over side by side, this many at once: the sinks' topics read (a take-over waits for the slower,
     * not their sum), then the quiet streams' questions to the exchange ({@link QuietStreamPositions}: one or two
     * {@code aggTrades} calls each; the REST weight budget still paces them).
     */
    static final int TASKS_AT_ONCE = 8;
    private static final ExecutorService WORKERS = workers();

    private static ExecutorService workers() {
        return DaemonThreads.idleEnding(TASKS_AT_ONCE, DaemonThreads.named("binance-kafka-positions"));
    }

    private final Map<StreamKind, Sink> sinks;
    private final MarketDataClient rest;
    private final UnaryOperator<Set<Integer>> fence;

    private KafkaGroupPositions(Map<StreamKind, Sink> sinks, MarketDataClient rest,
                                UnaryOperator<Set<Integer>> fence) {
        this.sinks = sinks;
        this.rest = rest;
        this.fence = fence;
    }

    /**
     * The positions from the Kafka sinks of {@code settings}; {@link GroupPositions#NONE} when it has none.
     *
     * @param rest asked where a quiet stream continues whose last record lies beyond what is read back
     *             ({@link QuietStreamPositions})
     */
    public static GroupPositions of(CamelContext camel, BinanceSettings settings, MarketDataClient rest) {
        return of(camel, settings, rest, KafkaPositions.DEFAULT_MAX_RECORDS);
    }

    /** As {@link #of(CamelContext, BinanceSettings, MarketDataClient)}, reading back this many records at most. */
    static GroupPositions of(CamelContext camel, BinanceSettings settings, MarketDataClient rest,
                             int maxRecordsPerPartition) {
        Map<StreamKind, Sink> sinks = new HashMap<>();
        settings.firstKafkaSink(Setting.SINK_TRADE)
                .ifPresent(uri -> sinks.put(StreamKind.TRADE, new Sink(camel, uri, maxRecordsPerPartition)));
        settings.firstKafkaSink(Setting.SINK_KLINE)
                .ifPresent(uri -> sinks.put(StreamKind.KLINE, new Sink(camel, uri, maxRecordsPerPartition)));
        // the product's component (BeanWiring); a context without it writes no Kafka sink of a cluster to fence
        UnaryOperator<Set<Integer>> fence = camel.hasComponent("binance-kafka") instanceof KafkaSinkComponent component
                ? component::fence : groups -> groups;
        return sinks.isEmpty() ? NONE : new KafkaGroupPositions(sinks, rest, fence);
    }

    /**
     * Fences the groups' writes of every Kafka sink ({@link KafkaSinkComponent#fence}: what their previous leaders
     * still had on its way is aborted), all groups side by side.
     */
    @Override
    public Set<Integer> fence(Set<Integer> groups) {
        long start = System.nanoTime();
        Set<Integer> fenced = fence.apply(groups);
        LOG.debug("Cluster groups {}: the Kafka sinks' writes fenced in {} ms", fenced,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return fenced;
    }

    /**
     * Where the streams' writes ended, committed records only (after {@link #fence}): the topics of the trade and the
     * kline sink read side by side, then the quiet streams' positions asked of the exchange, up to
     * {@value #TASKS_AT_ONCE} at once.
     */
    @Override
    public Map<String, String> of(List<StreamKey> keys) {
        Map<StreamKind, CompletableFuture<KafkaPositions.Ends>> reads = new EnumMap<>(StreamKind.class);
        for (Map.Entry<StreamKind, Sink> sink : sinks.entrySet()) {
            Map<String, Set<String>> streamsBySymbol = new LinkedHashMap<>();
            keys.stream().filter(key -> key.kind() == sink.getKey()).forEach(key -> streamsBySymbol
                    .computeIfAbsent(key.symbol(), s -> new LinkedHashSet<>()).add(key.id()));
            if (!streamsBySymbol.isEmpty()) {
                reads.put(sink.getKey(), CompletableFuture.supplyAsync(() -> sink.getValue().ends(streamsBySymbol),
                        WORKERS));
            }
        }
        Map<String, String> positions = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> quiet = new ArrayList<>();
        for (CompletableFuture<KafkaPositions.Ends> read : reads.values()) {
            KafkaPositions.Ends ends = joined(read);
            positions.putAll(ends.positions());
            ends.olderThanLimit().forEach((id, since) -> quiet.add(CompletableFuture.runAsync(
                    () -> quiet(id, since, positions), WORKERS)));
        }
        quiet.forEach(KafkaGroupPositions::joined);
        return positions;
    }

    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * A stream whose last record lies beyond what was read back: none of its events at or after {@code since} was
     * written, so it continues before the exchange's first event since then ({@link QuietStreamPositions}). Left
     * without a position (it starts from its first live event) when the exchange cannot tell.
     */
    private void quiet(String id, long since, Map<String, String> positions) {
        StreamKey key = StreamKey.fromId(id).orElseThrow();
        String events = key.kind() == StreamKind.TRADE ? "trades" : "candles";
        try {
            Optional<String> position = key.kind() == StreamKind.TRADE
                    ? QuietStreamPositions.tradeBefore(rest, key.symbol(), since)
                    : QuietStreamPositions.klineBefore(rest, key.symbol(), key.interval(), since);
            position.ifPresentOrElse(p -> {
                positions.put(id, p);
                LOG.info("Stream {}: no record within the last ones read back; none of its {} since {} was written: "
                        + "continuing from '{}' (the exchange's trades)", id, events, Instant.ofEpochMilli(since), p);
            }, () -> LOG.warn("Stream {}: no record within the last ones read back, and the exchange's trades since {} "
                    + "do not tell where its writes ended: it starts from its first live event", id,
                    Instant.ofEpochMilli(since)));
        } catch (RuntimeException e) {
            LOG.warn("Stream {}: no record within the last ones read back, and the exchange could not be asked where it"
                    + " continues ({}): it starts from its first live event", id, e.getMessage());
        }
    }

    @Override
    public void close() {
        sinks.values().forEach(Sink::close);
    }

    /** One Kafka sink: its topic and a reader of it, created at the first take-over. */
    private static final class Sink {
        private final CamelContext camel;
        private final String uri;
        private final int maxRecords;
        private String topic;
        private KafkaPositions reader;

        Sink(CamelContext camel, String uri, int maxRecords) {
            this.camel = camel;
            this.uri = uri;
            this.maxRecords = maxRecords;
        }

        synchronized KafkaPositions.Ends ends(Map<String, Set<String>> streamsBySymbol) {
            if (reader == null) {
                KafkaConfiguration kafka = camel.getEndpoint(uri, KafkaEndpoint.class).getConfiguration();
                topic = kafka.getTopic();
                Properties consumer = KafkaSinkComponent.withBrokers(kafka, kafka.createConsumerProperties());
                // the sink writes in transactions: an aborted one (a fenced leader's) is no position
                consumer.put("isolation.level", "read_committed");
                reader = new KafkaPositions(consumer, maxRecords);
            }
            return reader.lastPositions(topic, streamsBySymbol, READ_TIMEOUT);
        }

        synchronized void close() {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }
}
