package io.binancedata;

import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;

import io.binancedata.cluster.ClusterGroups;
import io.binancedata.cluster.KafkaGroupPositions;
import io.binancedata.cluster.ZooKeeperCluster;
import io.binancedata.config.BinanceSettings;
import io.binancedata.config.ConfigurationException;
import io.binancedata.config.Setting;
import io.binancedata.control.ControlHttpEngine;
import io.binancedata.control.HostGuard;
import io.binancedata.control.HttpControl;
import io.binancedata.control.JmxControlRegistration;
import io.binancedata.control.StreamControl;
import io.binancedata.control.StreamManager;
import io.binancedata.limits.HostGate;
import io.binancedata.management.StreamMeters;
import io.binancedata.management.StreamsHealthCheck;
import io.binancedata.limits.ConnectionLimiter;
import io.binancedata.rest.Backfill;
import io.binancedata.rest.BackfillRetry;
import io.binancedata.rest.MarketDataClient;
import io.binancedata.rest.RestGapFiller;
import io.binancedata.rest.RestHost;
import io.binancedata.rest.RestTransport;
import io.binancedata.route.DeadLetters;
import io.binancedata.route.EventBatchConverter;
import io.binancedata.sink.EventsComponent;
import io.binancedata.sink.KafkaSinkComponent;
import io.binancedata.sink.SbeFileComponent;
import io.binancedata.spool.SpoolComponent;
import io.binancedata.stream.ConnectionCounts;
import io.binancedata.stream.DurableWrites;
import io.binancedata.stream.EventBatch;
import io.binancedata.stream.LeaderTerms;
import io.binancedata.stream.StreamRegistry;
import io.binancedata.symbols.ExchangeInfoClient;
import io.binancedata.symbols.SymbolDirectory;
import io.binancedata.sequence.GapFetcher;
import io.binancedata.sequence.GapFiller;
import io.binancedata.sequence.SequenceCheckpoints;
import io.binancedata.sequence.SequenceGuards;
import io.binancedata.ws.AttemptGate;
import io.binancedata.ws.BinanceWebSocketComponent;
import io.binancedata.ws.ConnectionGate;
import io.binancedata.ws.ConnectionSettings;
import io.binancedata.ws.DataStallProbes;
import io.binancedata.ws.StreamSupervisor;
import io.binancedata.ws.WatchdogSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * The one wiring place: binds the product's components and beans into a CamelContext. Used by the Camel Main
 * application ({@link BinanceConfiguration}) and by the embedded Java API ({@link io.binancedata.BinanceData}).
 * Bean names referenced by the YAML routes are the constants below.
 */
public final class BeanWiring {
    public static final String STREAM_MANAGER = "streamManager";
    private static final String CHECKPOINTS_FOLDER = "state";
    /** The stores forced before the checkpoints are saved ({@link DurableWrites}). */
    public static final String DURABLE_WRITES = "binanceDurableWrites";
    public static final String STREAM_CONTROL = "streamControl";
    /** The HTTP control API's bean (routes/http-control.yaml). */
    public static final String HTTP_CONTROL = "httpControl";
    /** The dead letter of every stream ({@link DeadLetters}); the stream routes' error policy calls it. */
    public static final String DEAD_LETTERS = "deadLetters";
    public static final String STREAM_SUPERVISOR = "streamSupervisor";
    /** The process's {@link ConnectionLimiter} for WebSocket connection attempts. */
    public static final String CONNECTION_LIMITER = "connectionLimiter";
    /** The {@link MarketDataClient} for backfills, sharing the REST gate with the exchangeInfo client. */
    public static final String MARKET_DATA_CLIENT = "marketDataClient";
    /** This instance's part of a cluster ({@link ClusterGroups}), bound when {@code binance.cluster.groups} > 0. */
    public static final String CLUSTER_GROUPS = "clusterGroups";
    /**
     * Most frames a hot standby keeps of one stream it does not run (beside the retention): a bound on its memory for
     * a stream far busier than the rest (~0.5 KB a trade frame).
     */
    static final int STANDBY_MAX_FRAMES = 100_000;

    private BeanWiring() {
    }

    /** Binds everything the routes need; returns the stream manager. Call before the routes are loaded. */
    public static StreamManager install(CamelContext camel, BinanceSettings settings) {
        StreamRegistry registry = new StreamRegistry();
        HttpClient rest = HttpClient.newBuilder().connectTimeout(settings.duration(Setting.CONNECT_TIMEOUT))
                .version(HttpClient.Version.HTTP_1_1).build();
        HostGate gate = new HostGate(settings.restUrl().getAuthority(), settings.restWeightPerMinute(),
                Clock.systemUTC());
        RestHost restHost = new RestHost(new RestTransport(rest, settings.duration(Setting.REST_TIMEOUT)),
                settings.restUrl(), gate, settings.duration(Setting.LIMITS_REST_MAX_WAIT));
        SymbolDirectory symbols = new SymbolDirectory(new ExchangeInfoClient(restHost),
                settings.duration(Setting.SYMBOLS_CACHE_TTL));
        ConnectionSettings connection = new ConnectionSettings(settings.duration(Setting.CONNECT_TIMEOUT),
                settings.reconnectMaxAttempts(), settings.duration(Setting.RECONNECT_DELAY),
                settings.duration(Setting.RECONNECT_MAX_DELAY), settings.duration(Setting.RECONNECT_COOL_DOWN));
        ConnectionLimiter limiter = new ConnectionLimiter(settings.connectionAttempts(), settings.connectionWindow(),
                System::nanoTime);
        AttemptGate attempts = new ConnectionGate(limiter,
                new HostGate(settings.wsUrl().getAuthority(), settings.restWeightPerMinute(), Clock.systemUTC()));
        MarketDataClient marketData = new MarketDataClient(restHost);
        StreamSupervisor supervisor = new StreamSupervisor(new WatchdogSettings(
                settings.duration(Setting.ROTATION_INTERVAL), settings.duration(Setting.WATCHDOG_SILENCE),
                settings.duration(Setting.WATCHDOG_DATA_SILENCE),
                settings.duration(Setting.WATCHDOG_CLIENT_PING), settings.duration(Setting.WATCHDOG_PONG_DEADLINE)),
                new DataStallProbes(marketData, gate, settings.duration(Setting.WATCHDOG_DATA_SILENCE)));
        GapFiller filler = GapFiller.NONE;
        GapFetcher fetcher = null;
        if (settings.backfillEnabled()) {
            filler = new RestGapFiller(new Backfill(marketData), System::currentTimeMillis, settings.backfillMaxTrades(),
                    settings.backfillMaxKlines(),
                    new BackfillRetry(settings.duration(Setting.BACKFILL_RETRY_FOR), Clock.systemUTC()));
            fetcher = new GapFetcher(filler);
        }
        DurableWrites durableWrites = new DurableWrites();
        SequenceGuards guards = new SequenceGuards(filler, fetcher, checkpoints(settings, durableWrites),
                BinanceWebSocketComponent.CHECKPOINT_INTERVAL);
        BinanceWebSocketComponent webSockets = new BinanceWebSocketComponent(settings.wsUrl(), connection, registry,
                guards, attempts, supervisor, settings.batchMaxMessages(), settings.drainThreads());
        ConnectionCounts connectionCounts = new ConnectionCounts();
        webSockets.shareConnections(settings.connectionMaxStreams(), settings.duration(Setting.WATCHDOG_CLIENT_PING),
                settings.duration(Setting.WATCHDOG_PONG_DEADLINE), connectionCounts);
        if (settings.clustered() && settings.clusterHotStandby()) {
            webSockets.standByWith(settings.duration(Setting.CLUSTER_HOT_STANDBY_RETENTION), STANDBY_MAX_FRAMES);
        }
        if (settings.spillDirectory() != null) {
            webSockets.spillTo(settings.spillDirectory(), settings.spillMaxBytes());
        }
        camel.addComponent("binance-ws", webSockets);
        camel.getRegistry().bind(STREAM_SUPERVISOR, supervisor);
        camel.getRegistry().bind(DURABLE_WRITES, durableWrites);
        camel.addComponent("sbe-file", new SbeFileComponent(durableWrites));
        camel.addComponent("spool", new SpoolComponent(durableWrites));
        camel.addComponent("binance-events", new EventsComponent());
        LeaderTerms terms = new LeaderTerms(settings.clusterGroups());
        webSockets.fenceWith(terms);
        camel.addComponent("binance-kafka", new KafkaSinkComponent(terms, settings.get(Setting.CLUSTER_NAME),
                settings.clusterKafkaTransactions()));
        DeadLetters deadLetters = new DeadLetters(camel, registry, settings.deadLetterSink());
        webSockets.keepUnroutedIn(new BinanceWebSocketComponent.UnroutedSink() {
            @Override
            public void unrouted(String connection, String message, long receiveTimeMicros, String reason) {
                deadLetters.unrouted(connection, message, receiveTimeMicros, reason);
            }

            @Override
            public void drain() {
                deadLetters.drainUnrouted();
            }
        });
        StreamManager manager = new StreamManager(camel, registry, symbols, settings, guards, deadLetters);
        camel.getRegistry().bind(DEAD_LETTERS, deadLetters);
        EventBatchConverter converter = new EventBatchConverter();
        camel.getTypeConverterRegistry().addTypeConverter(byte[].class, EventBatch.class, converter);
        camel.getTypeConverterRegistry().addTypeConverter(java.io.InputStream.class, EventBatch.class, converter);
        StreamMeters meters = new StreamMeters(camel, manager.symbolSetCounts(), connectionCounts, guards::gapsQueued,
                manager::cluster, deadLetters::lost);
        manager.addListener(meters);
        camel.getRegistry().bind(STREAM_MANAGER, manager);
        camel.getRegistry().bind(STREAM_CONTROL, new StreamControl(manager));
        camel.getRegistry().bind(HTTP_CONTROL, new HttpControl(manager));
        camel.getRegistry().bind(ControlHttpEngine.HOST_GUARD, new HostGuard(HostGuard.parseAllowedHosts(
                camel.getPropertiesComponent().resolveProperty(HostGuard.ALLOWED_HOSTS_KEY).orElse(""))));
        try {
            camel.addStartupListener((context, alreadyStarted) -> meters.registerGlobal());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register the product's meters at start-up", e);
        }
        try {
            camel.addService(new JmxControlRegistration(manager, camel));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot add the JMX registration of " + JmxControlRegistration.OBJECT_NAME, e);
        }
        HealthCheckRegistry health = HealthCheckRegistry.get(camel);
        if (health != null) {
            health.register(new StreamsHealthCheck(registry));
        }
        camel.getRegistry().bind(CONNECTION_LIMITER, limiter);
        camel.getRegistry().bind(MARKET_DATA_CLIENT, marketData);
        camel.getPropertiesComponent().addInitialProperty(Setting.SINK_DEAD_LETTER.key(), settings.deadLetterSink());
        if (settings.clustered()) {
            installCluster(camel, settings, manager, guards, terms, marketData, webSockets);
        }
        return manager;
    }

    /**
     * The cluster: Camel's ZooKeeper cluster service when {@code binance.cluster.zookeeper.nodes} is set (else the
     * registry's {@code CamelClusterService} bean, found when the context starts), and this instance's
     * {@link ClusterGroups}, started after it.
     */
    private static void installCluster(CamelContext camel, BinanceSettings settings, StreamManager manager,
                                       SequenceGuards guards, LeaderTerms terms, MarketDataClient marketData,
                                       BinanceWebSocketComponent webSockets) {
        CamelClusterService service = null;
        String nodeId = settings.clusterNodeId();
        try {
            if (!settings.get(Setting.CLUSTER_ZOOKEEPER_NODES).isEmpty()) {
                service = ZooKeeperCluster.service(settings, nodeId);
                camel.addService(service);
            }
            ClusterGroups groups = new ClusterGroups(camel, service, manager, guards, terms,
                    KafkaGroupPositions.of(camel, settings, marketData), settings.clusterGroups(),
                    settings.get(Setting.CLUSTER_NAME), nodeId,
                    settings.duration(Setting.CLUSTER_CHECK_INTERVAL),
                    settings.duration(Setting.CLUSTER_REBALANCE_DELAY));
            if (settings.clusterHotStandby()) {
                groups.standByWith(webSockets);
            }
            camel.addService(groups);
            camel.getRegistry().bind(CLUSTER_GROUPS, groups);
            manager.cluster(groups);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot add the cluster services: " + e.getMessage(), e);
        }
    }

    /**
     * Starts the configured streams (once the context has started): all of them, or in a cluster, from now on those of
     * the groups this instance leads.
     */
    public static void startConfigured(CamelContext camel, StreamManager manager) {
        ClusterGroups cluster = camel.getRegistry().lookupByNameAndType(CLUSTER_GROUPS, ClusterGroups.class);
        if (cluster != null) {
            cluster.begin();
        } else {
            manager.startConfigured();
        }
    }

    /**
     * The checkpoints of an earlier run, in {@code <binance.file.dir>/state}; one that cannot be read (damaged: it lost
     * its end) stops the start with one line naming the key, as a bad configuration value does.
     */
    private static SequenceCheckpoints checkpoints(BinanceSettings settings, DurableWrites durableWrites) {
        try {
            return new SequenceCheckpoints(Path.of(settings.get(Setting.FILE_DIR), CHECKPOINTS_FOLDER), durableWrites);
        } catch (UncheckedIOException e) {
            throw new ConfigurationException(Setting.FILE_DIR.key(), settings.get(Setting.FILE_DIR),
                    "a folder whose " + CHECKPOINTS_FOLDER + "/checkpoints can be read (" + e.getMessage() + ": "
                            + e.getCause().getMessage() + ")");
        }
    }
}
