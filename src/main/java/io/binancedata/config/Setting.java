package io.binancedata.config;

/**
 * Every product configuration key with its default, in one place. The same keys and defaults are documented in
 * {@code application.properties}; any key can be overridden with {@code -Dkey=value} or an environment variable
 * (Camel Main maps {@code BINANCE_WS_URL} to {@code binance.ws-url}).
 */
public enum Setting {
    WS_URL("binance.ws-url", "wss://stream.binance.com:9443"),
    REST_URL("binance.rest-url", "https://api.binance.com"),
    TRADE_SYMBOLS("binance.trade.symbols", ""),
    KLINE_SYMBOLS("binance.kline.symbols", ""),
    KLINE_INTERVALS("binance.kline.intervals", "1m"),
    KLINE_EMIT("binance.kline.emit", "closed"),
    FILE_DIR("binance.file.dir", "data"),
    SINK_TRADE("binance.sink.trade", "sbe-file:{{binance.file.dir}}"),
    SINK_KLINE("binance.sink.kline", "sbe-file:{{binance.file.dir}}"),
    SINK_SPOOL("binance.sink.spool", "true"),
    BATCH_MAX_MESSAGES("binance.batch.max-messages", "1000"),
    DRAIN_THREADS("binance.drain.threads", "0"),
    SINK_SLOW_DELIVERY("binance.sink.slow-delivery", "10ms"),
    INBOX_SPILL_DIR("binance.inbox.spill-dir", "{{binance.file.dir}}/state/spill"),
    INBOX_SPILL_MAX_BYTES("binance.inbox.spill-max-bytes", "256MB"),
    SINK_DEAD_LETTER("binance.sink.dead-letter",
            "file:{{binance.file.dir}}/dead-letter?fileName=${date:now:yyyy-MM-dd}.jsonl&fileExist=Append"),
    SYMBOLS_CACHE_TTL("binance.symbols.cache-ttl", "120m"),
    SYMBOLS_QUOTE_ASSETS("binance.symbols.quote-assets", ""),
    REST_TIMEOUT("binance.rest.timeout", "10s"),
    CONNECT_TIMEOUT("binance.connect.timeout", "10s"),
    CONNECTION_MAX_STREAMS("binance.connection.max-streams", "200"),
    RECONNECT_MAX_ATTEMPTS("binance.reconnect.max-attempts", "5"),
    RECONNECT_DELAY("binance.reconnect.delay", "5s"),
    RECONNECT_MAX_DELAY("binance.reconnect.max-delay", "1m"),
    RECONNECT_COOL_DOWN("binance.reconnect.cool-down", "5m"),
    WATCHDOG_SILENCE("binance.watchdog.silence", "60s"),
    WATCHDOG_DATA_SILENCE("binance.watchdog.data-silence", "30s"),
    WATCHDOG_CLIENT_PING("binance.watchdog.client-ping", "10s"),
    WATCHDOG_PONG_DEADLINE("binance.watchdog.pong-deadline", "5s"),
    BACKFILL_ENABLED("binance.backfill.enabled", "true"),
    BACKFILL_MAX_TRADES("binance.backfill.max-trades", "100000"),
    BACKFILL_MAX_KLINES("binance.backfill.max-klines", "100000"),
    BACKFILL_RETRY_FOR("binance.backfill.retry-for", "10m"),
    ROTATION_INTERVAL("binance.rotation.interval", "12h"),
    LIMITS_CONNECTION_ATTEMPTS("binance.limits.connection-attempts", "200"),
    LIMITS_CONNECTION_WINDOW("binance.limits.connection-window", "5m"),
    LIMITS_REST_WEIGHT_PER_MINUTE("binance.limits.rest-weight-per-minute", "3000"),
    LIMITS_REST_MAX_WAIT("binance.limits.rest-max-wait", "2m"),
    CLUSTER_GROUPS("binance.cluster.groups", "0"),
    CLUSTER_NAME("binance.cluster.name", "default"),
    CLUSTER_NODE_ID("binance.cluster.node-id", ""),
    CLUSTER_ZOOKEEPER_NODES("binance.cluster.zookeeper.nodes", ""),
    CLUSTER_ZOOKEEPER_SESSION_TIMEOUT("binance.cluster.zookeeper.session-timeout", "6s"),
    CLUSTER_CHECK_INTERVAL("binance.cluster.check-interval", "1s"),
    CLUSTER_REBALANCE_DELAY("binance.cluster.rebalance-delay", "10s"),
    CLUSTER_KAFKA_TRANSACTIONS("binance.cluster.kafka-transactions", "true"),
    CLUSTER_HOT_STANDBY("binance.cluster.hot-standby", "false"),
    CLUSTER_HOT_STANDBY_RETENTION("binance.cluster.hot-standby.retention", "60s");

    /**
     * Where Camel Main reads application.properties: one in the working directory, if there is one, then the packaged
     * defaults; Camel's properties component lets the first location that defines a key win.
     */
    public static final String PROPERTIES_LOCATIONS =
            "file:application.properties;optional=true,classpath:application.properties;optional=true";

    private final String key;
    private final String defaultValue;

    Setting(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }
}
