package io.binancedata.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.binancedata.codec.KlineIntervals;
import io.binancedata.ws.FrameSpill;
import io.binancedata.sink.EventsComponent;
import io.binancedata.sink.KafkaSinkComponent;
import io.binancedata.sink.SinkName;
import io.binancedata.spool.SpoolUris;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The product's validated configuration, read through Camel's properties component (Camel Main's; the embedded API's
 * own context's, fed by the {@link Properties} it was given). Every value is checked here so a bad value stops the
 * process at start-up with a message naming the key.
 */
public final class BinanceSettings {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(KB|MB|GB)?");
    private static final List<String> EMIT_MODES = List.of("closed", "all");
    /** The heaviest REST call the product makes: historicalTrades. A smaller budget could never admit it. */
    static final int MIN_REST_WEIGHT_PER_MINUTE = 25;

    private final Map<Setting, String> values;

    private BinanceSettings(Map<Setting, String> values) {
        this.values = values;
        validate();
    }

    /**
     * The settings as Camel's properties component resolves them: every source it reads, in its order (override
     * properties, {@code -D} system properties, environment variables such as {@code BINANCE_WS_URL}, the
     * application.properties locations), placeholders such as {@code {{binance.file.dir}}} resolved by Camel too. The
     * product's defaults ({@link Setting}) are the component's initial properties, the lowest precedence: this adds
     * those no source defines.
     *
     * @throws ConfigurationException naming the first key whose value is bad or names a key that is not defined
     */
    public static BinanceSettings from(PropertiesComponent properties) {
        for (Setting s : Setting.values()) {
            if (properties.resolveProperty(s.key()).isEmpty()) {
                properties.addInitialProperty(s.key(), s.defaultValue());
            }
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            try {
                values.put(s, properties.parseUri(PropertiesComponent.PREFIX_TOKEN + s.key()
                        + PropertiesComponent.SUFFIX_TOKEN).trim());
            } catch (IllegalArgumentException e) {
                throw ConfigurationException.unresolved(s.key(), e.getMessage());
            }
        }
        return new BinanceSettings(values);
    }

    /**
     * Defaults with {@code values} over them, resolved by a properties component of their own (no system property or
     * environment variable is read): the embedded API's and the tests' way to configure.
     */
    public static BinanceSettings of(Map<String, String> values) {
        Properties given = new Properties();
        given.putAll(values);
        DefaultCamelContext camel = new DefaultCamelContext(false); // built, never started: nothing to stop
        camel.build();
        return from(onlyFrom(camel, given));
    }

    /**
     * Makes {@code camel}'s properties component read {@code properties} only (with the defaults
     * {@link #from(PropertiesComponent)} adds): no system property, no environment variable, no file. Returns it.
     */
    public static PropertiesComponent onlyFrom(CamelContext camel, Properties properties) {
        org.apache.camel.component.properties.PropertiesComponent component =
                (org.apache.camel.component.properties.PropertiesComponent) camel.getPropertiesComponent();
        component.setSystemPropertiesMode(
                org.apache.camel.component.properties.PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
        component.setEnvironmentVariableMode(
                org.apache.camel.component.properties.PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
        component.setOverrideProperties(properties);
        return component;
    }

    private void validate() {
        uri(Setting.WS_URL, "ws", "wss");
        uri(Setting.REST_URL, "http", "https");
        if (!EMIT_MODES.contains(get(Setting.KLINE_EMIT))) {
            throw new ConfigurationException(Setting.KLINE_EMIT.key(), get(Setting.KLINE_EMIT), "closed or all");
        }
        for (Setting d : List.of(Setting.SYMBOLS_CACHE_TTL, Setting.REST_TIMEOUT, Setting.CONNECT_TIMEOUT,
                Setting.RECONNECT_DELAY, Setting.RECONNECT_MAX_DELAY, Setting.RECONNECT_COOL_DOWN,
                Setting.ROTATION_INTERVAL, Setting.WATCHDOG_SILENCE,
                Setting.WATCHDOG_DATA_SILENCE, Setting.WATCHDOG_CLIENT_PING, Setting.WATCHDOG_PONG_DEADLINE)) {
            if (duration(d).isZero()) {
                throw new ConfigurationException(d.key(), get(d), "a duration above zero");
            }
        }
        if (duration(Setting.RECONNECT_MAX_DELAY).compareTo(duration(Setting.RECONNECT_DELAY)) < 0) {
            throw new ConfigurationException(Setting.RECONNECT_MAX_DELAY.key(), get(Setting.RECONNECT_MAX_DELAY),
                    "a duration of at least " + Setting.RECONNECT_DELAY.key() + " (" + get(Setting.RECONNECT_DELAY) + ")");
        }
        klineIntervalCodes();
        symbolSets();
        duration(Setting.LIMITS_REST_MAX_WAIT);
        backfillEnabled();
        backfillMaxTrades();
        backfillMaxKlines();
        duration(Setting.BACKFILL_RETRY_FOR);
        batchMaxMessages();
        connectionMaxStreams();
        drainThreads();
        spillMaxBytes();
        slowDelivery();
        if (spillMaxBytes() > 0 && get(Setting.INBOX_SPILL_DIR).isEmpty()) {
            throw new ConfigurationException(Setting.INBOX_SPILL_DIR.key(), "", "a directory (or "
                    + Setting.INBOX_SPILL_MAX_BYTES.key() + " = 0 for no spill)");
        }
        spoolSinks();
        tradeSinks();
        klineSinks();
        oneBatchingPerSpool();
        reconnectMaxAttempts();
        connectionAttempts();
        connectionWindow();
        restWeightPerMinute();
        cluster();
        for (Setting s : List.of(Setting.SINK_TRADE, Setting.SINK_KLINE, Setting.SINK_DEAD_LETTER)) {
            if (list(s).isEmpty()) {
                throw new ConfigurationException(s.key(), get(s), "one or more Camel endpoint URIs");
            }
        }
        if (get(Setting.FILE_DIR).isEmpty()) {
            throw new ConfigurationException(Setting.FILE_DIR.key(), "", "a directory");
        }
    }

    private URI uri(Setting s, String... schemes) {
        try {
            URI uri = URI.create(get(s));
            if (uri.getHost() == null || !List.of(schemes).contains(uri.getScheme())) {
                throw new IllegalArgumentException("no host or wrong scheme");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(s.key(), get(s), "a URL with scheme " + String.join(" or ", schemes));
        }
    }

    public String get(Setting s) {
        return values.get(s);
    }

    public Duration duration(Setting s) {
        return Durations.parse(s.key(), get(s));
    }

    public URI wsUrl() {
        return uri(Setting.WS_URL, "ws", "wss");
    }

    public URI restUrl() {
        return uri(Setting.REST_URL, "http", "https");
    }

    /** The symbol list that means every TRADING symbol (with {@link #quoteAssets()} as filter). */
    public static final String ALL_SYMBOLS = "*";
    private static final Pattern ASSET = Pattern.compile("[A-Z0-9]{1,20}");

    public List<String> tradeSymbols() {
        return list(Setting.TRADE_SYMBOLS);
    }

    /**
     * Whether the symbol list of {@code key} ({@code binance.trade.symbols} or {@code binance.kline.symbols}) is
     * {@value #ALL_SYMBOLS}: every TRADING symbol, followed as the exchange lists and delists them.
     */
    public boolean allSymbols(Setting key) {
        return list(key).equals(List.of(ALL_SYMBOLS));
    }

    /** The quote assets a {@value #ALL_SYMBOLS} symbol list keeps (upper case); empty: every symbol. */
    public List<String> quoteAssets() {
        return list(Setting.SYMBOLS_QUOTE_ASSETS).stream().map(a -> a.toUpperCase(Locale.ROOT)).toList();
    }

    /** {@value #ALL_SYMBOLS} stands alone in a symbol list; quote assets have an asset's shape. */
    private void symbolSets() {
        for (Setting key : List.of(Setting.TRADE_SYMBOLS, Setting.KLINE_SYMBOLS)) {
            if (list(key).contains(ALL_SYMBOLS) && !allSymbols(key)) {
                throw new ConfigurationException(key.key(), get(key), "either symbols or " + ALL_SYMBOLS
                        + " alone (every TRADING symbol)");
            }
        }
        for (String asset : quoteAssets()) {
            if (!ASSET.matcher(asset).matches()) {
                throw new ConfigurationException(Setting.SYMBOLS_QUOTE_ASSETS.key(), get(Setting.SYMBOLS_QUOTE_ASSETS),
                        "asset codes of 1 to 20 letters or digits, comma-separated");
            }
        }
    }

    public List<String> klineSymbols() {
        return list(Setting.KLINE_SYMBOLS);
    }

    public List<String> klineIntervals() {
        return list(Setting.KLINE_INTERVALS);
    }

    /** Every start-up interval must be a Binance code; kline symbols need at least one interval. */
    private void klineIntervalCodes() {
        String value = get(Setting.KLINE_INTERVALS);
        String expected = "intervals among " + String.join(" ", KlineIntervals.codes()) + " (case-sensitive)";
        if (klineIntervals().isEmpty() && !klineSymbols().isEmpty()) {
            throw new ConfigurationException(Setting.KLINE_INTERVALS.key(), value, "one or more " + expected);
        }
        for (String interval : klineIntervals()) {
            if (!KlineIntervals.codes().contains(interval)) {
                throw new ConfigurationException(Setting.KLINE_INTERVALS.key(), value, expected + "; " + interval
                        + " is none of them");
            }
        }
    }

    public boolean emitAllKlineUpdates() {
        return "all".equals(get(Setting.KLINE_EMIT));
    }

    /**
     * The trade sinks as route endpoint URIs. Local files ({@code sbe-file:}, {@code file:}) take whole batches; every
     * other sink gets one message per event: wrapped in a spool when {@link #spoolSinks()}, else in
     * {@code binance-events:}; a {@code kafka:} sink goes through {@code binance-kafka:} in both cases.
     */
    public String tradeSinks() {
        return guarded(Setting.SINK_TRADE);
    }

    public String klineSinks() {
        return guarded(Setting.SINK_KLINE);
    }

    private String guarded(Setting sinks) {
        boolean spool = spoolSinks();
        String spoolDir = Path.of(get(Setting.FILE_DIR), "spool").toString();
        return list(sinks).stream().map(uri -> {
            if (localFileSink(uri)) {
                return uri;
            }
            String sink = SinkBatching.strip(uri);
            boolean batch;
            try {
                batch = SinkBatching.isBatch(uri);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(sinks.key(), uri, SinkBatching.OPTION + "=true or false");
            }
            if (sink.startsWith(KafkaSinkComponent.KAFKA_SCHEME)) {
                return kafkaSink(sinks, sink, batch, spool ? spoolDir : null);
            }
            if (spool) {
                return SpoolUris.wrap(sink, spoolDir) + "&slowDelivery=" + slowDelivery().toMillis()
                        + (batch ? "&batch=true" : "");
            }
            if (batch) {
                return sink;
            }
            try {
                return EventsComponent.wrap(sink);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(sinks.key(), sink, "a URI without both ')' and '}'");
            }
        }).collect(Collectors.joining(","));
    }

    /** A sink on this machine's disk (sbe-file, file): taken as it is, never spooled (the spool would share its disk). */
    private static boolean localFileSink(String uri) {
        return uri.startsWith("sbe-file:") || uri.startsWith("file:");
    }

    /**
     * A spool is named after its sink's URI without {@code binanceBatch}: one sink given per event in one list and
     * per batch in the other (or twice in one) would be two spools of one folder, whose second cannot start.
     */
    private void oneBatchingPerSpool() {
        if (!spoolSinks()) {
            return;
        }
        Map<String, Boolean> batching = new HashMap<>();
        for (Setting sinks : List.of(Setting.SINK_TRADE, Setting.SINK_KLINE)) {
            for (String uri : list(sinks)) {
                if (localFileSink(uri)) {
                    continue;
                }
                Boolean before = batching.putIfAbsent(SinkBatching.strip(uri), SinkBatching.isBatch(uri));
                if (before != null && before != SinkBatching.isBatch(uri)) {
                    throw new ConfigurationException(sinks.key(), uri, "the same " + SinkBatching.OPTION
                            + " wherever one sink is given (its spool is one folder, per event or per batch); "
                            + SinkName.of(SinkBatching.strip(uri)) + " is given both ways");
                }
            }
        }
    }

    /**
     * A {@code kafka:} sink: produced to through {@code binance-kafka:} (key, record headers, the product's producer
     * defaults), behind a spool named after the configured URI when {@code spoolDir} is given. The spool keeps whole
     * batches, so that a batch is produced as one Kafka batch (one round trip) whether it comes directly or from the
     * spool, as one record per event unless {@code batch}. The Kafka producer retries a send by itself until its
     * delivery timeout, so the spool does not retry it again, and its breaker opens at the first such failure (the
     * broker has been unreachable for that long): later batches are spooled at once.
     */
    private String kafkaSink(Setting sinks, String sink, boolean batch, String spoolDir) {
        String kafka;
        try {
            kafka = KafkaSinkComponent.wrap(sink, batch);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(sinks.key(), sink, "a kafka: URI without ')'");
        }
        if (spoolDir == null) {
            return kafka;
        }
        return SpoolUris.wrap(sink, kafka, spoolDir) + "&slowDelivery=" + slowDelivery().toMillis()
                + "&maxRedeliveries=0&minimumCalls=1&slidingWindowSize=1&batch=true";
    }

    /**
     * A configured sink URI as Camel creates its endpoint: a network sink without the product's own option
     * {@code binanceBatch}; {@code sbe-file:} and {@code file:} URIs as they are.
     */
    public static String endpointUri(String configured) {
        return configured.startsWith("sbe-file:") || configured.startsWith("file:") ? configured
                : SinkBatching.strip(configured);
    }

    /** The configured trade sinks as logs may show them ({@link SinkName}: no query, no user information). */
    public String tradeSinkNames() {
        return sinkNames(Setting.SINK_TRADE);
    }

    public String klineSinkNames() {
        return sinkNames(Setting.SINK_KLINE);
    }

    private String sinkNames(Setting sinks) {
        return list(sinks).stream().map(SinkName::of).collect(Collectors.joining(", "));
    }

    public String deadLetterSink() {
        return get(Setting.SINK_DEAD_LETTER);
    }

    public int reconnectMaxAttempts() {
        return integer(Setting.RECONNECT_MAX_ATTEMPTS, 0, "a non-negative integer");
    }

    /** WebSocket connection attempts allowed per {@link #connectionWindow()} (Binance: 300 per 5 min per IP). */
    public int connectionAttempts() {
        return integer(Setting.LIMITS_CONNECTION_ATTEMPTS, 1, "a positive integer (Binance allows 300 per 5m)");
    }

    /** The sliding window of {@link #connectionAttempts()}; positive. */
    public Duration connectionWindow() {
        Duration window = duration(Setting.LIMITS_CONNECTION_WINDOW);
        if (window.isZero()) {
            throw new ConfigurationException(Setting.LIMITS_CONNECTION_WINDOW.key(),
                    get(Setting.LIMITS_CONNECTION_WINDOW), "a positive duration such as 5m");
        }
        return window;
    }

    /** REST request weight the product may use per minute (Binance: 6000 per IP). */
    public int restWeightPerMinute() {
        return integer(Setting.LIMITS_REST_WEIGHT_PER_MINUTE, MIN_REST_WEIGHT_PER_MINUTE,
                "an integer of at least " + MIN_REST_WEIGHT_PER_MINUTE + " (the weight of one historicalTrades call)");
    }

    private int integer(Setting s, int min, String expected) {
        return integer(s, min, Integer.MAX_VALUE, expected);
    }

    /** The setting as an integer from {@code min} to {@code max}, or a {@link ConfigurationException} saying so. */
    private int integer(Setting s, int min, int max, String expected) {
        String v = get(s);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(s.key(), v, expected);
        }
    }

    public boolean backfillEnabled() {
        return flag(Setting.BACKFILL_ENABLED);
    }

    /** Largest trade gap filled from REST ({@code binance.backfill.max-trades}); a larger one is reported instead. */
    public long backfillMaxTrades() {
        return positiveLong(Setting.BACKFILL_MAX_TRADES);
    }

    /** Largest kline gap filled from REST, in candles ({@code binance.backfill.max-klines}); larger: reported. */
    public long backfillMaxKlines() {
        return positiveLong(Setting.BACKFILL_MAX_KLINES);
    }

    private long positiveLong(Setting key) {
        String v = get(key);
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key.key(), v, "a positive integer");
        }
    }

    /** Most frames one exchange of a stream route carries ({@code binance.batch.max-messages}), 1 to 100,000. */
    public int batchMaxMessages() {
        return integer(Setting.BATCH_MAX_MESSAGES, 1, 100_000, "an integer from 1 to 100000");
    }

    /**
     * Streams one WebSocket connection carries ({@code binance.connection.max-streams}, 1 to 1,024, Binance's limit;
     * 200 by default): above 1, streams share combined-stream connections, subscribed and unsubscribed live; 1 gives
     * each stream its own raw-stream connection.
     */
    /**
     * The first {@code kafka:} URI of a sink list ({@code binance.sink.trade} or {@code binance.sink.kline}), as
     * configured less the product's own {@code binanceBatch} option; empty when the list has none.
     */
    public Optional<String> firstKafkaSink(Setting sinks) {
        return list(sinks).stream().map(SinkBatching::strip)
                .filter(uri -> uri.startsWith(KafkaSinkComponent.KAFKA_SCHEME)).findFirst();
    }

    /** Groups the streams are split into among the instances of a cluster; 0 (the default): no cluster. */
    public int clusterGroups() {
        return integer(Setting.CLUSTER_GROUPS, 0, 1024, "an integer from 0 (no cluster) to 1024");
    }

    /**
     * Whether a cluster instance writes its Kafka sinks in transactions per group
     * ({@code binance.cluster.kafka-transactions}): a take-over then aborts what the group's previous leader still had on
     * its way; without, such a send can land after the take-over read where the topic ends (a trade id twice).
     */
    public boolean clusterKafkaTransactions() {
        return flag(Setting.CLUSTER_KAFKA_TRANSACTIONS);
    }

    /**
     * Whether this cluster instance subscribes the streams of the groups other instances lead too, and keeps their
     * frames for {@code binance.cluster.hot-standby.retention}, so that a take-over starts from them instead of
     * fetching the hand-over's trades over REST.
     */
    public boolean clusterHotStandby() {
        return flag(Setting.CLUSTER_HOT_STANDBY);
    }

    /** Whether this process is one instance of a cluster ({@code binance.cluster.groups} above 0). */
    public boolean clustered() {
        return clusterGroups() > 0;
    }

    /** This instance's name among the cluster's members: {@code binance.cluster.node-id}, or host name and pid. */
    public String clusterNodeId() {
        String configured = get(Setting.CLUSTER_NODE_ID);
        if (!configured.isEmpty()) {
            return configured;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + ProcessHandle.current().pid();
    }

    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ZOOKEEPER_NODES = Pattern.compile("[^,\\s]+:\\d{1,5}(,[^,\\s]+:\\d{1,5})*");

    /**
     * The cluster keys: a name and node id of 1 to 64 letters, digits, dots, dashes or underscores; ZooKeeper's
     * {@code host:port} list; durations above zero; {@code kafka-transactions} and {@code hot-standby} true or false (a
     * hot standby only with shared connections). A cluster reads where to continue a group it takes over from the
     * Kafka sink: a kind with start-up symbols (a list or {@code *}) needs a {@code kafka:} sink.
     */
    private void cluster() {
        if (!clustered()) {
            return;
        }
        for (Setting s : List.of(Setting.CLUSTER_NAME, Setting.CLUSTER_NODE_ID)) {
            if (!get(s).isEmpty() && !CLUSTER_NAME.matcher(get(s)).matches()) {
                throw new ConfigurationException(s.key(), get(s), "1 to 64 letters, digits, '.', '-' or '_'");
            }
        }
        String nodes = get(Setting.CLUSTER_ZOOKEEPER_NODES);
        if (!nodes.isEmpty() && !ZOOKEEPER_NODES.matcher(nodes).matches()) {
            throw new ConfigurationException(Setting.CLUSTER_ZOOKEEPER_NODES.key(), nodes,
                    "host:port of each ZooKeeper server, comma-separated");
        }
        duration(Setting.CLUSTER_REBALANCE_DELAY);
        clusterKafkaTransactions();
        if (clusterHotStandby() && connectionMaxStreams() == 1) {
            throw new ConfigurationException(Setting.CLUSTER_HOT_STANDBY.key(), "true", "false when "
                    + Setting.CONNECTION_MAX_STREAMS.key() + " = 1 (a hot standby keeps the streams it does not run on "
                    + "shared connections)");
        }
        for (Setting d : List.of(Setting.CLUSTER_ZOOKEEPER_SESSION_TIMEOUT, Setting.CLUSTER_CHECK_INTERVAL,
                Setting.CLUSTER_HOT_STANDBY_RETENTION)) {
            if (duration(d).isZero()) {
                throw new ConfigurationException(d.key(), get(d), "a duration above zero");
            }
        }
        for (Setting symbols : List.of(Setting.TRADE_SYMBOLS, Setting.KLINE_SYMBOLS)) {
            Setting sinks = symbols == Setting.TRADE_SYMBOLS ? Setting.SINK_TRADE : Setting.SINK_KLINE;
            if (!list(symbols).isEmpty() && firstKafkaSink(sinks).isEmpty()) {
                throw new ConfigurationException(sinks.key(), get(sinks), "a kafka: sink when "
                        + Setting.CLUSTER_GROUPS.key() + " is set (an instance that takes a group over continues"
                        + " from what the group's streams wrote to it)");
            }
        }
    }

    public int connectionMaxStreams() {
        return integer(Setting.CONNECTION_MAX_STREAMS, 1, 1024,
                "an integer from 1 (a connection per stream) to 1024 (Binance's limit per connection)");
    }

    /**
     * Threads that run the streams' routes ({@code binance.drain.threads}, 1 to 1024; 0, the default: one per
     * available processor, at least 2).
     */
    public int drainThreads() {
        int n = integer(Setting.DRAIN_THREADS, 0, 1024, "an integer from 0 (one per processor) to 1024");
        return n > 0 ? n : Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Bound on each stream's spill on disk ({@code binance.inbox.spill-max-bytes}: bytes, or with KB, MB or GB, powers
     * of 1024); 0: no spill, the socket is read no further while {@link #batchMaxMessages()} frames wait.
     */
    public long spillMaxBytes() {
        String v = get(Setting.INBOX_SPILL_MAX_BYTES);
        String expected = "0 (no spill) or a size of at least 256KB, e.g. 256MB (bytes, or KB, MB, GB: powers of 1024)";
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new ConfigurationException(Setting.INBOX_SPILL_MAX_BYTES.key(), v, expected);
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "KB" -> 10;
            case "MB" -> 20;
            default -> 30;
        };
        long number = Long.parseLong(m.group(1));
        long bytes = number << shift;
        if (number > Long.MAX_VALUE >> shift || bytes != 0 && bytes < FrameSpill.MIN_BYTES) {
            throw new ConfigurationException(Setting.INBOX_SPILL_MAX_BYTES.key(), v, expected);
        }
        return bytes;
    }

    /** The folder of the streams' spills ({@code binance.inbox.spill-dir}); null when there is no spill. */
    public Path spillDirectory() {
        return spillMaxBytes() == 0 ? null : Path.of(get(Setting.INBOX_SPILL_DIR));
    }

    /**
     * A direct delivery to a spooled sink slower than this switches the sink to spooling until its drainer has caught
     * up ({@code binance.sink.slow-delivery}), so a slow sink does not hold up the stream's other sinks.
     */
    public Duration slowDelivery() {
        Duration d = duration(Setting.SINK_SLOW_DELIVERY);
        if (d.isZero()) {
            throw new ConfigurationException(Setting.SINK_SLOW_DELIVERY.key(), get(Setting.SINK_SLOW_DELIVERY),
                    "a duration above zero, e.g. 10ms");
        }
        return d;
    }

    /** Whether network sinks are guarded by a circuit breaker with a local spool ({@code binance.sink.spool}). */
    public boolean spoolSinks() {
        return flag(Setting.SINK_SPOOL);
    }

    private boolean flag(Setting s) {
        String v = get(s);
        if (!"true".equals(v) && !"false".equals(v)) {
            throw new ConfigurationException(s.key(), v, "true or false");
        }
        return Boolean.parseBoolean(v);
    }

    /** Comma-separated list; blanks dropped. */
    public List<String> list(Setting s) {
        return Arrays.stream(get(s).split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinanceSettings other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return "BinanceSettings" + values;
    }
}
